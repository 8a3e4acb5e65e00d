"""End-to-end proof: milvus-cert's output against the real Milvus 2.3.5 server and pymilvus.

For each certificate directory (RSA-2048, ECDSA P-256, and a CA made by the docs' gen.sh
with leaves issued by milvus-cert) and each TLS mode (1 and 2), this script:

1. renders the embedded Milvus server's config template, then lets
   `milvus-cert emit-config --milvus-yaml` merge the TLS settings into it;
2. starts the real server (loopback only: run.sh puts us in a private network namespace),
   waits for health with a bounded timeout, and always stops it by PID and removes its data;
3. runs pymilvus cases that must work (create → insert → index → load → search) and cases
   that must be refused, plus REST calls on `proxy.http.port`;
4. checks that `milvus-cert verify --json` gives the same verdict as what really happened;
5. probes the running server with `milvus-cert probe` (mode, served leaf, verdicts against
   what pymilvus and REST really do), then renews the leaves under it and checks that probe
   reports the stale served certificate.

Prints a line per case and `N passed, M failed`; exits 1 on any failure. Run via run.sh.
"""

import argparse
import concurrent.futures
import contextlib
import ctypes
import dataclasses
import difflib
import hashlib
import json
import lzma
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from importlib.util import find_spec
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
GEN_SH_FIXTURE = REPO / "tests" / "fixtures" / "gen-sh"

SERVER_NAME = "localhost"
WRONG_NAME = "wrong-name.example"
# In our private network namespace every port is free, so the template's defaults are.
GRPC_PORT = 19530
METRICS_PORT = 9091
REST_PORT = 8080  # emit-config's default proxy.http.port
HEALTH_TIMEOUT = 90.0
CLIENT_TIMEOUT = 3.0  # pymilvus connect timeout: refusals take this long
CASE_TIMEOUT = 180.0
WORKERS = 4

SESSION_DIR = Path("/tmp/milvus")  # fixed in the server binary
DIR_KINDS = ["rsa-2048", "ecdsa-p256", "gen-sh-ca"]
LEAF_FILES = ("server.key", "server.csr", "server.pem", "client.key", "client.csr", "client.pem")


# ---------------------------------------------------------------- milvus-cert


class Tool:
    """Runs the milvus-cert binary under test."""

    def __init__(self, binary):
        self.binary = str(binary)

    def run(self, *args, check=True):
        proc = subprocess.run(
            [self.binary, *map(str, args)], capture_output=True, text=True, timeout=120
        )
        if check and proc.returncode != 0:
            raise RuntimeError(
                f"milvus-cert {' '.join(map(str, args))} exited {proc.returncode}: "
                f"{proc.stderr.strip()}"
            )
        return proc

    def init(self, directory, *extra):
        self.run("init", "--dir", directory, "--quiet", *extra)

    def emit_config(self, directory, mode, milvus_yaml):
        self.run("emit-config", "--dir", directory, "--mode", mode, "--milvus-yaml", milvus_yaml)

    def verify(self, directory, server_name, mode):
        """`verify --json` → the parsed document (exit 0 or 1 are both verdicts)."""
        proc = self.run(
            "verify", directory, "--server-name", server_name, "--mode", mode, "--json",
            check=False,
        )
        if proc.returncode not in (0, 1):
            raise RuntimeError(f"verify exited {proc.returncode}: {proc.stderr.strip()}")
        return json.loads(proc.stdout)


# ---------------------------------------------------------- certificate dirs


def make_cert_dirs(tool, root):
    """The directories under test, plus an unrelated one for the negative cases."""
    dirs = {kind: root / kind for kind in DIR_KINDS}
    tool.init(dirs["rsa-2048"])
    tool.init(dirs["ecdsa-p256"], "--key-type", "ecdsa-p256")
    make_gen_sh_dir(tool, dirs["gen-sh-ca"])
    other = root / "unrelated"
    tool.init(other)
    return dirs, other


def make_gen_sh_dir(tool, directory):
    """Run the docs' gen.sh recipe, keep its CA, and issue new leaves with milvus-cert."""
    directory.mkdir(parents=True)
    for name in ("gen.sh", "openssl.cnf"):
        shutil.copy(GEN_SH_FIXTURE / name, directory / name)
    subprocess.run(["sh", "gen.sh"], cwd=directory, check=True, capture_output=True, timeout=120)
    for name in LEAF_FILES:
        (directory / name).unlink()
    # With ca.key + ca.pem present, init reuses the CA and continues ca.srl.
    tool.init(directory, "--force")


# ------------------------------------------------------------- milvus server


def milvus_package():
    spec = find_spec("milvus")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the 'milvus' package (embedded Milvus server) is not installed")
    return Path(spec.submodule_search_locations[0])


def unpack_server(cache):
    """Unpack the embedded server binary and libraries once into the cache."""
    source = milvus_package() / "data" / "bin"
    target = cache / "milvus-2.3.5" / "bin"
    if (target / ".complete").exists():
        return target
    staging = target.with_name("bin.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for packed in sorted(source.glob("*.lzma")):
        out = staging / packed.name[: -len(".lzma")]
        with lzma.open(packed) as src, open(out, "wb") as dst:
            shutil.copyfileobj(src, dst)
        out.chmod(0o755)
    (staging / ".complete").touch()
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return target


def render_config(base):
    """Fill the package's config template like milvus/__init__.py does: our paths,
    the template's defaults for everything else (ports, tls_mode 0, etc.)."""
    template = (milvus_package() / "data" / "config.yaml.template").read_text()
    paths = {
        "etcd_log_path": base / "logs" / "etcd.log",
        "system_log_path": base / "logs",
        "etcd_data_dir": base / "data" / "etcd.data",
        "local_storage_dir": base / "data",
        "rocksmq_data_dir": base / "data" / "rocksmq",
    }

    def fill(match):
        key, _, default = match.group(1).partition(":")
        key = key.split("(")[0].strip()
        return str(paths.get(key, default.strip()))

    text = re.sub(r"\{\{(.*?)\}\}", fill, template)
    if "{{" in text:
        raise RuntimeError("config template has a placeholder we did not fill")
    return text


LIBC = ctypes.CDLL(None, use_errno=True)  # loaded up front: preexec_fn runs after fork


def set_parent_death_signal():
    """If this script is killed, the kernel kills the server (PR_SET_PDEATHSIG = 1).
    Servers are started from the main thread while no client threads run."""
    LIBC.prctl(1, signal.SIGKILL, 0, 0, 0)


@dataclasses.dataclass
class Server:
    """A running Milvus standalone server and the directory holding all its state."""

    proc: subprocess.Popen
    base: Path
    pid_file: Path
    config_problem: str  # None when emit-config changed exactly the TLS keys


def start_server(tool, bin_dir, work, label, cert_dir, mode):
    base = work / f"server-{label}"
    configs = base / "configs"
    for sub in ("configs", "logs", "data"):
        (base / sub).mkdir(parents=True)
    config = configs / "milvus.yaml"
    rendered = render_config(base)
    config.write_text(rendered)
    shutil.copy(milvus_package() / "data" / "glog.conf", configs / "glog.conf")
    tool.emit_config(cert_dir, mode, config)
    config_problem = check_emitted_config(rendered, config.read_text(), cert_dir, mode)

    env = dict(os.environ)
    env.update(
        DEPLOY_MODE="STANDALONE",
        METRICS_PORT=str(METRICS_PORT),
        MILVUSCONF=str(configs),
        LD_LIBRARY_PATH=f"{bin_dir}:{env.get('LD_LIBRARY_PATH', '')}",
    )
    with open(base / "logs" / "stdout.log", "wb") as out, open(
        base / "logs" / "stderr.log", "wb"
    ) as err:
        proc = subprocess.Popen(
            [str(bin_dir / "milvus"), "run", "standalone"],
            cwd=base, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
            preexec_fn=set_parent_death_signal,
        )
    pid_file = work / f"server-{label}.pid"  # run.sh's trap kills what is listed here
    pid_file.write_text(f"{proc.pid}\n")
    server = Server(proc, base, pid_file, config_problem)
    try:
        wait_healthy(server)
    except Exception:
        stop_server(server)
        raise
    return server


def check_emitted_config(before, after, cert_dir, mode):
    """emit-config must change the TLS keys and proxy.http.port, and no other line."""
    def normal(line):
        return re.sub(r":\s+", ": ", line.strip())

    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    removed = sorted(normal(line[2:]) for line in diff if line.startswith("- "))
    added = sorted(normal(line[2:]) for line in diff if line.startswith("+ "))
    # The template's TLS lines before: paths relative to nothing, TLS off.
    want_removed = sorted(
        ["serverPemPath: server.pem", "serverKeyPath: server.key", "caPemPath: ca.pem",
         "tlsMode: 0"]
    )
    want_added = sorted(
        [
            f"serverPemPath: {cert_dir.resolve() / 'server.pem'}",
            f"serverKeyPath: {cert_dir.resolve() / 'server.key'}",
            f"caPemPath: {cert_dir.resolve() / 'ca.pem'}",
            f"tlsMode: {mode}",
            f"port: {REST_PORT}",
        ]
    )
    if (removed, added) == (want_removed, want_added):
        return None
    return f"unexpected change: removed {removed}, added {added}"


def wait_healthy(server, timeout=HEALTH_TIMEOUT):
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{METRICS_PORT}/healthz"
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"server exited with {server.proc.returncode}: {log_tail(server)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if b"OK" in resp.read():
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"server not healthy after {timeout:.0f}s: {log_tail(server)}")


def log_tail(server, lines=3):
    """The server's panic message if it has one (Go prints the stack after it), else
    the last lines of its stderr."""
    text = (server.base / "logs" / "stderr.log").read_text(errors="replace")
    panics = [line for line in text.splitlines() if line.startswith(("panic:", "fatal error:"))]
    return panics[0] if panics else " | ".join(text.strip().splitlines()[-lines:])


def stop_server(server):
    """Stop by PID (SIGTERM, then SIGKILL) and remove all the server's data."""
    if server.proc.poll() is None:
        server.proc.terminate()  # Milvus 2.3.5 then panics and aborts: harmless
        try:
            server.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.proc.kill()
            server.proc.wait(timeout=15)
    server.pid_file.unlink(missing_ok=True)
    # Milvus 2.3.5 writes this file whatever TMPDIR says and, aborting on SIGTERM,
    # never removes it.
    (SESSION_DIR / f"server_id_{server.proc.pid}").unlink(missing_ok=True)
    shutil.rmtree(server.base, ignore_errors=True)


# ---------------------------------------------------------------------- cases


@dataclasses.dataclass
class Case:
    """One client attempt and what must happen."""

    title: str
    expect_ok: bool
    api: str = "orm"  # orm = connections.connect, client = MilvusClient(uri=…), rest
    server_name: str = SERVER_NAME
    trust: Path = None  # file the client trusts as root
    trust_via: str = "server_pem_path"  # or ca_pem_path (pymilvus mode-2 style)
    cert: Path = None  # client certificate presented, with its key beside it
    key: Path = None
    plain: bool = False


def mode1_cases(cert_dir, other):
    server_pem, ca_pem = cert_dir / "server.pem", cert_dir / "ca.pem"
    return [
        Case("trust server.pem (connect)", True, "orm", trust=server_pem),
        Case("trust server.pem (MilvusClient)", True, "client", trust=server_pem),
        Case("trust ca.pem (connect)", True, "orm", trust=ca_pem),
        Case("trust ca.pem (MilvusClient)", True, "client", trust=ca_pem),
        Case("REST on proxy.http.port, trust ca.pem", True, "rest", trust=ca_pem),
        Case("refused: client trusts an unrelated CA", False, trust=other / "ca.pem"),
        Case("refused: wrong server_name", False, server_name=WRONG_NAME, trust=ca_pem),
        Case("refused: plain (non-TLS) client", False, plain=True),
    ]


def mode2_cases(cert_dir, other):
    ca_pem = cert_dir / "ca.pem"
    own = {"trust": ca_pem, "trust_via": "ca_pem_path",
           "cert": cert_dir / "client.pem", "key": cert_dir / "client.key"}
    foreign = dict(own, cert=other / "client.pem", key=other / "client.key")
    return [
        Case("client cert + ca.pem (connect)", True, "orm", **own),
        Case("client cert + ca.pem (MilvusClient)", True, "client", **own),
        Case("REST on proxy.http.port, client cert", True, "rest", **own),
        Case("refused: no client certificate", False, trust=ca_pem),
        Case("refused: client cert from another CA", False, **foreign),
        Case("refused: client trusts an unrelated CA", False, **dict(own, trust=other / "ca.pem")),
        Case("refused: wrong server_name", False, server_name=WRONG_NAME, **own),
        Case("refused: REST without client cert", False, "rest", trust=ca_pem),
        Case("refused: plain (non-TLS) client", False, plain=True),
    ]


class ClientProcesses:
    """The client processes running now, so an interrupted run can stop them by PID."""

    def __init__(self):
        self._lock = threading.Lock()
        self._procs = set()

    def run(self, args, timeout):
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        with self._lock:
            self._procs.add(proc)
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            stdout, stderr = proc.communicate()
        finally:
            with self._lock:
                self._procs.discard(proc)
        return proc.returncode, stdout, stderr

    def kill_all(self):
        with self._lock:
            for proc in self._procs:
                proc.kill()


CLIENTS = ClientProcesses()


def run_pymilvus(case, python):
    args = [python, str(HERE / "client.py"), "--port", str(GRPC_PORT), "--api", case.api,
            "--timeout", str(CLIENT_TIMEOUT)]
    if case.plain:
        args.append("--plain")
    else:
        args += ["--server-name", case.server_name]
        trust_flag = "--server-pem" if case.trust_via == "server_pem_path" else "--ca-pem"
        args += [trust_flag, str(case.trust)]
        if case.cert:
            args += ["--client-pem", str(case.cert), "--client-key", str(case.key)]
    code, stdout, stderr = CLIENTS.run(args, CASE_TIMEOUT)
    lines = stdout.strip().splitlines()
    if code not in (0, 1) or not lines:
        return {"ok": False, "error": f"client.py exited {code}: {stderr[-300:]}"}
    return json.loads(lines[-1])


def run_rest(case):
    """GET the collection list on proxy.http.port over TLS, as curl --cacert/--cert would."""
    context = ssl.create_default_context(cafile=str(case.trust))
    if case.cert:
        context.load_cert_chain(str(case.cert), str(case.key))
    connection_url = f"https://127.0.0.1:{REST_PORT}/v1/vector/collections"
    request = urllib.request.Request(connection_url)
    # Connect to 127.0.0.1 but check the certificate for case.server_name.
    handler = urllib.request.HTTPSHandler(context=ServerNameContext(context, case.server_name))
    try:
        with urllib.request.build_opener(handler).open(request, timeout=10) as resp:
            body = json.loads(resp.read())
    except (urllib.error.URLError, ssl.SSLError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return {"ok": False, "step": "connect", "error": str(reason)[:200]}
    if body.get("code") != 200:
        return {"ok": False, "step": "request", "error": f"REST answered {body}"}
    return {"ok": True, "step": "request"}


class ServerNameContext:
    """An SSLContext wrapper that checks the certificate against a fixed name."""

    def __init__(self, context, server_name):
        self._context = context
        self._server_name = server_name

    def wrap_socket(self, sock, server_hostname=None, **kwargs):
        return self._context.wrap_socket(sock, server_hostname=self._server_name, **kwargs)

    def __getattr__(self, name):
        return getattr(self._context, name)


# ---------------------------------------------------- verify's verdict vs real


def client_view(case, mode, cert_dir, view_root, index):
    """A directory as this client sees the world: ca.pem = what it trusts, client.* =
    what it presents, server.* = what the server presents. A mode-2 client without a
    certificate gets no client.* files; in mode 1 the client files play no part."""
    view = view_root / f"view-{index}"
    view.mkdir(parents=True)
    shutil.copy(case.trust, view / "ca.pem")
    for name in ("server.pem", "server.key"):
        shutil.copy(cert_dir / name, view / name)
    if case.cert or mode == 1:
        shutil.copy(case.cert or cert_dir / "client.pem", view / "client.pem")
        shutil.copy(case.key or cert_dir / "client.key", view / "client.key")
    return view


def verify_model(case, mode):
    """Which of verify's client models describes this case, and why.

    verify models pymilvus mode 1 as trusting server.pem itself; a pymilvus client that
    trusts ca.pem (or another file) through server_pem_path is gRPC trusting that file
    with a host-name check, which is what verify's node (grpc-js, `ca` + `servername`)
    model describes. REST clients are curl's model."""
    if case.api == "rest":
        return "curl"
    if mode == 1 and case.trust.name != "server.pem":
        return "node"
    return "pymilvus"


def verify_verdict(tool, case, mode, cert_dir, view_root, index):
    view = client_view(case, mode, cert_dir, view_root, index)
    model = verify_model(case, mode)
    report = tool.verify(view, case.server_name, mode)
    for entry in report["clients"]:
        if entry["client"] == model and entry["mode"] == mode:
            return model, entry["verdict"], entry.get("reason")
    raise RuntimeError(f"verify --json has no {model} mode {mode} verdict")


# ------------------------------------------------------------------- probe


def probe(tool, cert_dir, server_name=SERVER_NAME):
    """`probe --json` of the gRPC port and the REST port → (exit code, document)."""
    proc = tool.run(
        "probe", f"127.0.0.1:{GRPC_PORT}", "--dir", cert_dir, "--server-name", server_name,
        "--rest-port", REST_PORT, "--timeout", "10", "--json", check=False,
    )
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"probe exited {proc.returncode}: {proc.stderr.strip()}")
    return proc.returncode, json.loads(proc.stdout)


TRANSCRIPTS = None  # --transcripts DIR: where probe's text reports are kept


def save_transcript(tool, cert_dir, name):
    """Keeps `milvus-cert probe`'s text report as run here, for the README."""
    if TRANSCRIPTS is None:
        return
    args = ["probe", f"127.0.0.1:{GRPC_PORT}", "--dir", cert_dir, "--server-name", SERVER_NAME]
    proc = tool.run(*args, check=False)
    shown = " ".join(str(a) for a in args).replace(str(cert_dir), "cert")
    text = proc.stdout.replace(str(cert_dir.resolve()), "cert").replace(str(cert_dir), "cert")
    TRANSCRIPTS.mkdir(parents=True, exist_ok=True)
    (TRANSCRIPTS / f"{name}.txt").write_text(
        f"$ milvus-cert {shown}\n{text}"
        f"$ echo $?\n{proc.returncode}\n"
    )


def leaf_sha256(pem_path):
    """SHA-256 of the first certificate of a PEM file, by Python's ssl module."""
    text = pem_path.read_text()
    end = "-----END CERTIFICATE-----"
    first = text[text.index("-----BEGIN CERTIFICATE-----"): text.index(end) + len(end)]
    return hashlib.sha256(ssl.PEM_cert_to_DER_cert(first)).hexdigest()


def verdict_of(endpoint, client):
    for entry in endpoint.get("clients", []):
        if entry["client"] == client:
            return entry["verdict"], entry.get("reason")
    raise RuntimeError(f"probe has no {client} verdict: {endpoint.get('error')}")


def pymilvus_case(mode, cert_dir, server_name=SERVER_NAME):
    """The pymilvus set-up probe's pymilvus verdict models: server.pem pinned in mode 1,
    client.pem + ca.pem in mode 2."""
    if mode == 1:
        return Case("pymilvus", True, "orm", server_name=server_name,
                    trust=cert_dir / "server.pem")
    return Case("pymilvus", True, "orm", server_name=server_name, trust=cert_dir / "ca.pem",
                trust_via="ca_pem_path", cert=cert_dir / "client.pem",
                key=cert_dir / "client.key")


def agreement(label, title, endpoint, client, real):
    verdict, why = verdict_of(endpoint, client)
    happened = "worked" if real["ok"] else f"refused ({real.get('tls_error') or real.get('error')})"
    detail = f"{happened}; probe {client}: {verdict}" + (f" ({why[:100]})" if why else "")
    agrees = (verdict == "ok") == real["ok"]
    return Outcome(label, title, detail + ("" if agrees else " -- probe DISAGREES"), agrees)


def probe_outcomes(tool, label, mode, cert_dir, python):
    """probe of the running server: its mode, the served leaf, verdicts vs reality."""
    code, doc = probe(tool, cert_dir)
    save_transcript(tool, cert_dir, label.replace("/", "-"))
    grpc, rest = doc["endpoints"]
    modes = (grpc.get("tls_mode"), rest.get("tls_mode"))
    outcomes = [Outcome(label, "probe: detects the TLS mode",
                        f"gRPC and REST say tls_mode {modes}", modes == (mode, mode))]
    served = [e["chain"][0]["sha256"] for e in (grpc, rest) if e.get("chain")]
    want = leaf_sha256(cert_dir / "server.pem")
    errors = [f["code"] for e in (grpc, rest) for f in e.get("findings", [])
              if f["severity"] == "error"]
    outcomes.append(Outcome(
        label, "probe: served leaf is server.pem, exit 0",
        f"served {served[0][:16] if served else None}…, server.pem {want[:16]}…, "
        f"exit {code}, errors {errors}",
        served == [want, want] and code == 0 and not errors,
    ))
    for title, name in (("probe: pymilvus verdict is real", SERVER_NAME),
                        ("probe: pymilvus verdict, wrong name", WRONG_NAME)):
        real = run_pymilvus(pymilvus_case(mode, cert_dir, name), python)
        endpoint = grpc if name == SERVER_NAME else probe(tool, cert_dir, name)[1]["endpoints"][0]
        outcomes.append(agreement(label, title, endpoint, "pymilvus", real))
    outcomes += acceptance_outcomes(tool, label, mode, cert_dir, grpc)
    rest_case = Case("REST", True, "rest", trust=cert_dir / "ca.pem")
    if mode == 2:
        rest_case.cert, rest_case.key = cert_dir / "client.pem", cert_dir / "client.key"
    outcomes.append(agreement(label, "probe: curl verdict on REST is real", rest, "curl",
                              run_rest(rest_case)))
    return outcomes


def acceptance_outcomes(tool, label, mode, cert_dir, grpc):
    """The server's answer to the HTTP/2 preface: SETTINGS; in mode 2 with client.pem,
    and an alert after the TLS 1.3 handshake with a client certificate of another CA."""
    answer = grpc.get("answer") or {}
    codes = {f["code"] for f in grpc.get("findings", [])}
    outcomes = [Outcome(
        label, "probe: the server answers HTTP/2", f"answer {answer}, findings {sorted(codes)}",
        answer == {"kind": "http2_frame", "detail": "SETTINGS"} and "alpn-h2" in codes
        and (mode == 1 or "client-cert-accepted" in codes),
    )]
    if mode == 2:
        # The server's CA and certificate, but a client certificate from another CA.
        view = cert_dir.parent / f"foreign-client-{cert_dir.name}"
        shutil.rmtree(view, ignore_errors=True)
        shutil.copytree(cert_dir, view)
        other = cert_dir.parent / "unrelated"
        for name in ("client.pem", "client.key"):
            shutil.copy(other / name, view / name)
        code, doc = probe(tool, view)
        foreign = doc["endpoints"][0]
        rejected = [f for f in foreign.get("findings", []) if f["code"] == "client-cert-rejected"]
        tls13 = foreign.get("tls_versions", [{}])[0]
        outcomes.append(Outcome(
            label, "probe: a foreign client.pem is rejected",
            f"exit {code}; TLS 1.3 handshake accepted {tls13.get('accepted')}; "
            f"{rejected[0]['message'] if rejected else 'no client-cert-rejected finding'}",
            code == 1 and bool(rejected) and tls13.get("accepted") is True,
        ))
    return outcomes


def stale_outcomes(tool, label, mode, cert_dir, python):
    """`renew` while the server runs: probe sees the old leaf still served, exits 1, and
    its pymilvus verdict matches what pymilvus now does (pinning the new server.pem in
    mode 1 fails; mode 2 trusts the unchanged CA)."""
    old = leaf_sha256(cert_dir / "server.pem")
    time.sleep(1.1)  # notBefore has one-second resolution: the renewed one is later
    tool.run("renew", "--dir", cert_dir, "--quiet")
    code, doc = probe(tool, cert_dir)
    save_transcript(tool, cert_dir, f"{label.replace('/', '-')}-after-renew")
    grpc = doc["endpoints"][0]
    stale = next((f for f in grpc.get("findings", []) if f["code"] == "served-not-file"), {})
    served = grpc.get("chain", [{}])[0].get("sha256")
    passed = (code == 1 and served == old and stale.get("severity") == "error"
              and "an older certificate" in stale.get("message", ""))
    outcomes = [Outcome(label, "probe after renew: stale leaf, exit 1",
                        f"exit {code}; {stale.get('message', 'no served-not-file finding')[:150]}",
                        passed)]
    real = run_pymilvus(pymilvus_case(mode, cert_dir), python)
    outcomes.append(agreement(label, "probe after renew: pymilvus verdict", grpc, "pymilvus",
                              real))
    return outcomes


# ---------------------------------------------------------------- reporting


@dataclasses.dataclass
class Outcome:
    label: str
    title: str
    detail: str
    passed: bool


def judge(tool, label, case, mode, cert_dir, view_root, index, python):
    try:
        return judge_case(tool, label, case, mode, cert_dir, view_root, index, python)
    except Exception as exc:  # a broken case is a failed case, the others still run
        return Outcome(label, case.title, f"error: {type(exc).__name__}: {exc}", False)


def judge_case(tool, label, case, mode, cert_dir, view_root, index, python):
    real = run_rest(case) if case.api == "rest" else run_pymilvus(case, python)
    reason = real.get("tls_error") or real.get("error") or "?"
    refused = not real["ok"] and real.get("step") == "connect"
    if real["ok"]:
        happened = "worked"
    elif refused:
        happened = f"refused ({reason})"
    else:
        happened = f"failed at step {real.get('step')} ({reason})"
    problems = []
    if case.expect_ok and not real["ok"]:
        problems.append("expected success")
    if not case.expect_ok and not refused:
        problems.append("expected a refusal when connecting")
    if case.plain:
        agreement = "verify: n/a for a non-TLS client"
    else:
        model, verdict, why = verify_verdict(tool, case, mode, cert_dir, view_root, index)
        agrees = (verdict == "ok") == real["ok"]
        agreement = f"verify {model}: {verdict}" + (f" ({why[:100]})" if why else "")
        if not agrees:
            problems.append("verify DISAGREES with what happened")
    detail = f"{happened}; {agreement}" + (f" -- {', '.join(problems)}" if problems else "")
    return Outcome(label, case.title, detail, not problems)


def print_outcome(outcome):
    status = "PASS" if outcome.passed else "FAIL"
    print(f"{status}  {outcome.label:<16} {outcome.title:<42} {outcome.detail}", flush=True)


def run_server_cases(tool, bin_dir, work, kind, cert_dir, other, mode, python):
    label = f"{kind}/mode{mode}"
    cases = mode1_cases(cert_dir, other) if mode == 1 else mode2_cases(cert_dir, other)
    started = time.monotonic()
    try:
        server = start_server(tool, bin_dir, work, f"{kind}-mode{mode}", cert_dir, mode)
    except Exception as exc:  # counted as a failure; the other servers still run
        outcome = Outcome(label, "server starts with the emitted config", str(exc)[:300], False)
        print_outcome(outcome)
        return [outcome]
    print(f"----  {label}: server healthy in {time.monotonic() - started:.1f}s", flush=True)
    config_check = server.config_problem or (
        f"tls.*, tlsMode {mode}, proxy.http.port {REST_PORT}; every other line intact"
    )
    outcomes = [
        Outcome(label, "emit-config changed only the TLS keys", config_check,
                server.config_problem is None)
    ]
    print_outcome(outcomes[0])
    view_root = work / f"views-{kind}-mode{mode}"
    pool = concurrent.futures.ThreadPoolExecutor(WORKERS)
    try:
        futures = [
            pool.submit(judge, tool, label, case, mode, cert_dir, view_root, i, python)
            for i, case in enumerate(cases)
        ]
        for future in futures:
            outcome = future.result()
            print_outcome(outcome)
            outcomes.append(outcome)
        # probe last: its final step renews the leaves under the running server.
        for step in (probe_outcomes, stale_outcomes):
            try:
                results = step(tool, label, mode, cert_dir, python)
            except Exception as exc:  # a broken step is a failed step
                results = [Outcome(label, step.__name__, f"error: {type(exc).__name__}: {exc}",
                                   False)]
            for outcome in results:
                print_outcome(outcome)
                outcomes.append(outcome)
        if server.proc.poll() is not None:
            raise RuntimeError(f"server {label} died during the cases: {log_tail(server)}")
    except BaseException:
        CLIENTS.kill_all()  # interrupted: do not wait for the cases still running
        raise
    finally:
        pool.shutdown(cancel_futures=True)
        stop_server(server)
    return outcomes


def check_loopback_only():
    """Refuse to run outside a private network namespace: the server binds to *."""
    rows = Path("/proc/net/dev").read_text().splitlines()[2:]
    interfaces = [row.split(":")[0].strip() for row in rows]
    if interfaces != ["lo"]:
        raise SystemExit(
            f"e2e: run me through run.sh (private network namespace); interfaces: {interfaces}"
        )


def interrupted(signum, frame):
    print("e2e: interrupted, stopping the server", file=sys.stderr, flush=True)
    sys.exit(128 + signum)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="milvus-cert binary under test")
    parser.add_argument("--work", required=True, type=Path, help="scratch dir (removed by run.sh)")
    parser.add_argument("--cache", required=True, type=Path, help="cache dir for the server binary")
    parser.add_argument("--only", action="append", choices=DIR_KINDS,
                        help="run only this certificate directory (repeatable)")
    parser.add_argument("--mode", action="append", type=int, choices=[1, 2],
                        help="run only this TLS mode (repeatable)")
    parser.add_argument("--transcripts", type=Path,
                        help="keep probe's text reports of the running servers in this dir")
    return parser.parse_args()


def main():
    args = parse_args()
    global TRANSCRIPTS
    TRANSCRIPTS = args.transcripts
    # run.sh forwards Ctrl-C as SIGTERM: unwind so every server is stopped and removed.
    signal.signal(signal.SIGTERM, interrupted)
    check_loopback_only()
    started = time.monotonic()
    session_dir_existed = SESSION_DIR.exists()
    tool = Tool(args.bin)
    try:
        bin_dir = unpack_server(args.cache)
        dirs, other = make_cert_dirs(tool, args.work / "certs")
    except Exception as exc:
        outcome = Outcome("setup", "server unpacked, certificate dirs made", str(exc)[:300], False)
        print_outcome(outcome)
        dirs, outcomes = {}, [outcome]
    else:
        outcomes = []
    for kind, cert_dir in dirs.items():
        if args.only and kind not in args.only:
            continue
        for mode in args.mode or (1, 2):
            outcomes += run_server_cases(
                tool, bin_dir, args.work, kind, cert_dir, other, mode, sys.executable
            )
    if not session_dir_existed:
        with contextlib.suppress(OSError):  # only if empty: never another server's files
            SESSION_DIR.rmdir()
    passed = sum(o.passed for o in outcomes)
    failed = len(outcomes) - passed
    print(f"e2e took {time.monotonic() - started:.0f}s")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and outcomes else 1


if __name__ == "__main__":
    sys.exit(main())
