"""The Python side of the compatibility lab, and curl. One process takes a whole batch.

stdin: one JSON case a line {id, kind, trust, dir, mode, server_name, host, port}
stdout: one JSON line a case {id, ok, error}.
  grpcio:   grpc.ssl_channel_credentials as pymilvus builds them (root = ca.pem, or
            server.pem when trust is "pin"; + client key and chain in mode 2) and
            grpc.ssl_target_name_override; one raw Health/Check call.
  pymilvus: the real pymilvus connections.connect with the documented parameters
            (mode 1: server_pem_path + server_name; mode 2: client_pem_path,
            client_key_path, ca_pem_path, server_name).
  curl:     curl against the REST port as `emit-config --format client`'s milvus_tls.sh.
"""

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import grpc

TIMEOUT = 5.0
# pymilvus waits for the channel to become ready until its timeout: a refused
# handshake costs the whole timeout, so keep it short and run many at once.
PYMILVUS_TIMEOUT = 3.0


def bracket(host):
    """An IPv6 literal in brackets, as URLs and gRPC targets write it."""
    return f"[{host}]" if ":" in host else host


def read(c, name):
    with open(os.path.join(c["dir"], name), "rb") as f:
        return f.read()


def connected(code):
    """Any status the server itself sent means the TLS connection was made."""
    return code not in (
        grpc.StatusCode.UNAVAILABLE,
        grpc.StatusCode.DEADLINE_EXCEEDED,
        grpc.StatusCode.UNKNOWN,
        grpc.StatusCode.INTERNAL,
        grpc.StatusCode.CANCELLED,
    )


def via_grpcio(c):
    if c["mode"] == 2:
        creds = grpc.ssl_channel_credentials(
            root_certificates=read(c, "ca.pem"),
            private_key=read(c, "client.key"),
            certificate_chain=read(c, "client.pem"),
        )
    else:
        trust = "server.pem" if c.get("trust") == "pin" else "ca.pem"
        creds = grpc.ssl_channel_credentials(root_certificates=read(c, trust))
    target = f"{bracket(c['host'])}:{c['port']}"
    opts = [("grpc.ssl_target_name_override", c["server_name"])]
    with grpc.secure_channel(target, creds, options=opts) as channel:
        call = channel.unary_unary("/grpc.health.v1.Health/Check")
        try:
            call(b"", timeout=TIMEOUT)
            return {"ok": True}
        except grpc.RpcError as e:
            detail = f"{e.code().name}: {e.details() or ''}"
            return {"ok": connected(e.code()), "error": detail}


def via_pymilvus(c):
    from pymilvus import connections

    d = c["dir"]
    kw = {"secure": True, "server_name": c["server_name"]}
    if c["mode"] == 2:
        kw.update(
            client_pem_path=os.path.join(d, "client.pem"),
            client_key_path=os.path.join(d, "client.key"),
            ca_pem_path=os.path.join(d, "ca.pem"),
        )
    else:
        kw["server_pem_path"] = os.path.join(d, "server.pem")
    alias = "lab-" + c["id"]
    try:
        connections.connect(alias=alias, uri=f"https://{bracket(c['host'])}:{c['port']}",
                            timeout=PYMILVUS_TIMEOUT, **kw)
        return {"ok": True}
    except Exception as e:  # pymilvus raises its own types; the message is what users see
        return {"ok": False, "error": f"{type(e).__name__}: {e}"}
    finally:
        try:
            connections.disconnect(alias)
        except Exception:
            pass


def via_curl(c):
    d, port, name, host = c["dir"], c["port"], c["server_name"], c["host"]
    cmd = ["curl", "--fail", "--silent", "--show-error", "--max-time", str(int(TIMEOUT)),
           "--cacert", os.path.join(d, "ca.pem")]
    if c["mode"] == 2:
        cmd += ["--tlsv1.3", "--cert", os.path.join(d, "client.pem"),
                "--key", os.path.join(d, "client.key")]
    # The URL carries the name checked against the certificate; the connection goes to
    # the loopback address the server listens on.
    cmd += ["--connect-to", f"::{bracket(host)}:"]
    cmd += ["-X", "POST", "-H", "Content-Type: application/json", "-d", "{}",
            f"https://{bracket(name)}:{port}/v2/vectordb/collections/list"]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT + 5)
    if p.returncode == 0:
        return {"ok": True}
    # curl's own exit code 22 is an HTTP error status: the TLS connection was made.
    return {"ok": p.returncode == 22, "error": p.stderr.strip()}


KINDS = {"grpcio": via_grpcio, "pymilvus": via_pymilvus, "curl": via_curl}


def run(c):
    try:
        res = KINDS[c["kind"]](c)
    except Exception as e:
        res = {"ok": False, "error": f"{type(e).__name__}: {e}"}
    return {"id": c["id"], **res}


def main():
    cases = [json.loads(line) for line in sys.stdin if line.strip()]
    with ThreadPoolExecutor(max_workers=16) as pool:
        for res in pool.map(run, cases):
            print(json.dumps(res), flush=True)


if __name__ == "__main__":
    main()
