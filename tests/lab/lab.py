"""The compatibility lab's runner: real client stacks against a Milvus-proxy-like server.

    lab.py measure --dirs ROOT [--record FIXTURE | --check FIXTURE] [--out RESULTS]
    lab.py docs --fixture FIXTURE --out docs/compatibility.md [--cases CASES_TOML]
    lab.py snippets --bin MILVUS_CERT

run.sh builds the peers and calls this with the right environment (LAB_* variables name
the peers); see README.md. Every connection stays on loopback.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
MODES = (1, 2)
# The names each directory is reached by, unless the corpus' cases.toml lists others.
DEFAULT_NAMES = ["localhost", "127.0.0.1"]

# The clients each mode is measured with: (key, peer, kind, trust). Every documented way
# of setting a client up is its own key; verify's client is "ok" only if all of them are.
CLIENTS = {
    1: [
        ("go", "go", "go", "ca"),
        ("java:ca", "java", "java", "ca"),
        ("java:pin", "java", "java", "pin"),
        ("node:grpc-js", "node", "grpcjs", "ca"),
        ("node:sdk", "node", "sdk", "ca"),
        ("pymilvus:grpcio-ca", "python", "grpcio", "ca"),
        ("pymilvus:grpcio-pin", "python", "grpcio", "pin"),
        ("pymilvus:sdk", "python", "pymilvus", "pin"),
        ("curl", "python", "curl", "ca"),
    ],
}
# Mode 2 has no pinned set-ups, except that pymilvus' SDK is then given the CA instead.
CLIENTS[2] = [
    (key, peer, kind, "ca")
    for key, peer, kind, trust in CLIENTS[1]
    if trust == "ca" or key == "pymilvus:sdk"
]


def verify_client(key):
    """The client name `milvus-cert verify` uses for a lab key."""
    return key.split(":")[0]


def env_cmd(name):
    value = os.environ.get(name)
    if not value:
        sys.exit(f"lab: {name} is not set (run tests/lab/run.sh)")
    return json.loads(value)


# --- case directories ---------------------------------------------------------------------


def case_dirs(root):
    """Every directory under ROOT (one level) that holds a server.pem, sorted."""
    out = []
    for name in sorted(os.listdir(root)):
        d = os.path.join(root, name)
        if os.path.isfile(os.path.join(d, "server.pem")):
            out.append((name, d))
    return out


def case_names(path):
    """{directory name: [server names]} from the corpus' cases.toml (empty without one)."""
    if not path or not os.path.isfile(path):
        return {}
    import tomllib

    with open(path, "rb") as f:
        data = tomllib.load(f)
    return {c["id"]: c["names"] for c in data.get("case", []) if c.get("names")}


# --- the server ------------------------------------------------------------------------------


class Server:
    """One milvuslab server process serving every (dir, mode) on its own ports."""

    def __init__(self, dirs):
        self.ports, self.errors = {}, {}
        lines = [json.dumps({"id": f"{n}/{m}", "dir": d, "mode": m}) for n, d in dirs for m in MODES]
        self.proc = subprocess.Popen(env_cmd("LAB_GO") + ["serve", "-for", "40m"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        self.proc.stdin.write("\n".join(lines) + "\n")
        self.proc.stdin.close()
        for line in self.proc.stdout:
            msg = json.loads(line)
            if msg.get("ready"):
                return
            if "error" in msg:
                self.errors[msg["id"]] = msg["error"]
            else:
                self.ports[msg["id"]] = msg
        raise SystemExit("lab: the server exited before it was ready")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


# --- peers -----------------------------------------------------------------------------------


def run_peer(peer, cases):
    """Run one peer process on a batch; returns {id: {ok, error}}."""
    if not cases:
        return {}
    if peer == "java":
        lines = ["\t".join(str(c[k]) for k in ("id", "trust", "dir", "mode", "server_name", "host", "port"))
                 for c in cases]
    else:
        lines = [json.dumps(c) for c in cases]
    cmd = env_cmd({"go": "LAB_GO", "java": "LAB_JAVA", "node": "LAB_NODE", "python": "LAB_PYTHON"}[peer])
    if peer == "go":
        cmd = cmd + ["client"]
    p = subprocess.run(cmd, input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=1800)
    out = {}
    for line in p.stdout.splitlines():
        if line.startswith("{"):
            msg = json.loads(line)
            out[msg.pop("id")] = msg
    missing = [c["id"] for c in cases if c["id"] not in out]
    if missing:
        tail = p.stderr.strip().splitlines()[-5:]
        raise SystemExit(f"lab: peer {peer} gave no verdict for {len(missing)} cases "
                         f"(exit {p.returncode}): {' | '.join(tail)}")
    return out


def build_cases(dirs, server, names):
    """All (dir, mode, server name, client) cases, grouped by peer."""
    by_peer, index = {}, {}
    for name, d in dirs:
        for mode in MODES:
            sid = f"{name}/{mode}"
            if sid in server.errors:
                continue
            for sname in names.get(name, DEFAULT_NAMES):
                for key, peer, kind, trust in CLIENTS[mode]:
                    cid = f"{name}|{mode}|{sname}|{key}"
                    # The name is what the client checks; the connection always goes to
                    # 127.0.0.1, where the server listens, whatever the name.
                    ports = server.ports[sid]
                    port = ports["rest_port" if kind == "curl" else "grpc_port"]
                    by_peer.setdefault(peer, []).append({
                        "id": cid, "kind": kind, "trust": trust, "dir": d, "mode": mode,
                        "server_name": sname, "host": "127.0.0.1", "port": port})
                    index[cid] = (name, mode, sname, key)
    return by_peer, index


def normalize(text, dirs):
    """Error text without what changes from run to run (ports, paths, timestamps)."""
    if not text:
        return text
    for name, d in dirs:
        text = text.replace(d, f"<{name}>")
    text = re.sub(r'"?created_time"?:\s*"[^"]*",?\s*', "", text)
    text = re.sub(r"(127\.0\.0\.1|localhost|\[::1\]|ipv4:127\.0\.0\.1|ipv6:%5B::1%5D):\d+", r"\1:PORT", text)
    text = re.sub(r"after [0-9.]+s", "after Ns", text)
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", "TIME", text)
    text = re.sub(r"\b[0-9A-F]{16}:error:", "error:", text)  # OpenSSL's thread id
    text = re.sub(r"[0-9]+(\.[0-9]+)?ms", "Nms", text)
    return text.strip()


def measure(dirs, names):
    """{dir: {mode: {server name: {key: {ok, error}}}}}, plus the server's refusals."""
    server = Server(dirs)
    try:
        by_peer, index = build_cases(dirs, server, names)
        raw = {}
        for peer in ("go", "java", "node", "python"):
            started = time.monotonic()
            raw.update(run_peer(peer, by_peer.get(peer, [])))
            print(f"lab: {peer}: {len(by_peer.get(peer, []))} cases in {time.monotonic() - started:.1f}s",
                  file=sys.stderr)
    finally:
        server.stop()
    results = {}
    for cid, (name, mode, form, key) in index.items():
        v = raw[cid]
        entry = {"ok": bool(v["ok"])}
        if v.get("error"):
            entry["error"] = normalize(v["error"], dirs)
        results.setdefault(name, {}).setdefault(str(mode), {}).setdefault(form, {})[key] = entry
    for sid, err in server.errors.items():
        name, mode = sid.rsplit("/", 1)
        results.setdefault(name, {})[mode] = {"server_error": normalize(err, dirs)}
    return results


# --- fixture -------------------------------------------------------------------------------------


def verdicts(results):
    """Only the booleans, flattened: {(dir, mode, form, key): ok}."""
    flat = {}
    for name, modes in results.items():
        for mode, forms in modes.items():
            if "server_error" in forms:
                flat[(name, mode, "server", "start")] = False
                continue
            for form, keys in forms.items():
                for key, v in keys.items():
                    flat[(name, mode, form, key)] = v["ok"]
    return flat


def differences(fixture_cases, results, subset=False):
    """Verdicts that differ; with subset, only those of the directories measured."""
    want, got = verdicts(fixture_cases), verdicts(results)
    if subset:
        want = {k: v for k, v in want.items() if k[0] in results}
    diffs = []
    for k in sorted(set(want) | set(got)):
        if want.get(k) != got.get(k):
            diffs.append((k, want.get(k), got.get(k)))
    return diffs


def stack_versions():
    with open(os.environ["LAB_STACKS"]) as f:
        return json.load(f)


def cmd_measure(args):
    dirs = case_dirs(args.dirs)
    if not dirs:
        sys.exit(f"lab: no case directory (with server.pem) under {args.dirs}")
    started = time.monotonic()
    names = case_names(args.cases)
    results = measure(dirs, names)
    if args.check:
        with open(args.check) as f:
            fixture = json.load(f)
        for side, version in sorted(stack_versions().items()):
            if fixture["stacks"].get(side) != version:
                print(f"lab: note: {side} is now {version!r}; the fixture was measured with "
                      f"{fixture['stacks'].get(side)!r}", file=sys.stderr)
        diffs = differences(fixture["cases"], results, args.subset)
        if diffs:
            # A handshake can lose a race on a loaded machine: measure the differing
            # directories once more before calling it a change.
            again = measure([(n, d) for n, d in dirs if n in {k[0] for k, _, _ in diffs}], names)
            results.update(again)
            diffs = differences(fixture["cases"], results, args.subset)
    data = {"schema": 1, "stacks": stack_versions(), "cases": results}
    if args.out:
        write_json(args.out, data)
    n = len(verdicts(results))
    print(f"lab: {len(dirs)} directories, {n} verdicts in {time.monotonic() - started:.0f}s", file=sys.stderr)
    if args.record:
        write_json(args.record, data)
        print(f"lab: recorded {args.record}", file=sys.stderr)
    if args.check:
        for (name, mode, form, key), want, got in diffs:
            print(f"lab: CHANGED {name} mode {mode} {form} {key}: fixture {want}, measured {got}")
        print(f"lab: {n - len(diffs)} passed, {len(diffs)} failed")
        return 1 if diffs else 0
    return 0


def write_json(path, data):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(prog="lab.py")
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("measure")
    m.add_argument("--dirs", required=True)
    m.add_argument("--record")
    m.add_argument("--check")
    m.add_argument("--out")
    m.add_argument("--subset", action="store_true", help="compare only the directories measured")
    m.add_argument("--cases", help="the corpus' cases.toml (server names per directory)")
    d = sub.add_parser("docs")
    d.add_argument("--fixture", required=True)
    d.add_argument("--cases")
    d.add_argument("--out", required=True)
    s = sub.add_parser("snippets")
    s.add_argument("--bin", required=True)
    args = ap.parse_args()
    if args.cmd == "measure":
        return cmd_measure(args)
    if args.cmd == "docs":
        import docs

        return docs.main(args)
    import snippets

    return snippets.main(args)


if __name__ == "__main__":
    sys.exit(main())
