"""Runs `milvus-cert emit-config --format client`'s snippets against the lab server.

For a directory from `milvus-cert init`, in modes 1 and 2: the pymilvus, Node SDK and curl
snippets run as printed, with the real pymilvus, @zilliz/milvus2-sdk-node and curl. The Go
and Java SDKs cannot be installed here: their snippets compile unchanged against stand-ins
of milvusclient / MilvusClientV2 (snippets/go, snippets/java) that keep the snippets' own
TLS set-up and connect with it (Go: the snippet's tls.Config through grpc-go; Java: the
SslContext the SDK builds from ConnectConfig, through grpc-java on Netty).
"""

import os
import shutil
import subprocess
import sys
import tempfile

from lab import Server

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = {"python": "milvus_tls.py", "node": "milvus_tls.js", "curl": "milvus_tls.sh",
         "go": "main.go", "java": "MilvusTls.java"}


def emit(bin_, d, mode, client, ports):
    cmd = [bin_, "emit-config", "--dir", d, "--format", "client", "--mode", str(mode),
           "--client", client, "--host", "localhost", "--port", str(ports["grpc_port"]),
           "--http-port", str(ports["rest_port"]), "--server-name", "localhost"]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def go_env(work):
    gopath = os.path.join(work, "gopath")
    shim = os.path.join(gopath, "src/github.com/milvus-io/milvus/client/v2/milvusclient")
    if not os.path.isdir(shim):
        shutil.copytree(os.path.join(HERE, "snippets/go/milvusclient"), shim)
    return dict(os.environ, GO111MODULE="off", GOPATH=f"{gopath}:/usr/share/gocode",
                GOTOOLCHAIN="local", GOFLAGS="", GOPROXY="off",
                GOCACHE=os.environ.get("LAB_GOCACHE", os.path.join(work, "gocache")))


def command(client, path, work):
    """How to run one snippet file: (argv, env)."""
    env = dict(os.environ)
    if client == "python":
        return [os.environ["LAB_VENV_PYTHON"], path], env
    if client == "node":
        return ["node", path], env
    if client == "curl":
        return ["sh", path], env
    if client == "go":
        env = go_env(work)
        exe = path[:-3]
        subprocess.run([os.environ["LAB_GOTOOL"], "build", "-o", exe, path], check=True, env=env,
                       cwd=os.path.dirname(path))
        return [exe], env
    cp = os.environ["LAB_JAVA_CP"]
    classes = os.path.join(os.path.dirname(path), "classes")
    stubs = [os.path.join(HERE, "snippets/java/io/milvus/v2/client", f)
             for f in ("ConnectConfig.java", "MilvusClientV2.java")]
    subprocess.run(["javac", "-nowarn", "-d", classes, "-cp", cp, path] + stubs, check=True)
    return ["java", f"-Djava.library.path={os.environ['LAB_JNI']}", "-cp", f"{cp}:{classes}",
            "MilvusTls"], env


def run_one(bin_, d, mode, client, ports, work):
    folder = os.path.join(work, f"{client}-{mode}-{ports['grpc_port']}")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, FILES[client])
    with open(path, "w") as f:
        f.write(emit(bin_, d, mode, client, ports))
    try:
        argv, env = command(client, path, work)
        p = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
    except subprocess.CalledProcessError as e:
        return False, f"could not build: {e}"
    out = (p.stdout + p.stderr).strip().splitlines()
    return p.returncode == 0, (out[-1] if out else f"exit {p.returncode}")


def main(args):
    work = tempfile.mkdtemp(prefix="milvus-cert-lab-snippets.")
    try:
        d, other = os.path.join(work, "cert"), os.path.join(work, "other")
        for path in (d, other):
            subprocess.run([args.bin, "init", "--dir", path, "--quiet"], check=True)
        server = Server([("init", d), ("other", other)])
        try:
            passed, failed = run_all(args.bin, d, server, work)
        finally:
            server.stop()
        print(f"snippets: {passed} passed, {failed} failed")
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run_all(bin_, d, server, work):
    """Each snippet must connect to its own directory's server, in both modes, and must
    fail against a server of another CA (so a snippet that checks nothing cannot pass)."""
    for sid in server.errors:
        sys.exit(f"lab: the server refused {sid}: {server.errors[sid]}")
    passed = failed = 0
    for mode, target, want in ((1, "init", True), (2, "init", True), (1, "other", False)):
        for client in FILES:
            ok, last = run_one(bin_, d, mode, client, server.ports[f"{target}/{mode}"], work)
            good = ok == want
            verdict = "connected" if ok else "refused"
            print(f"lab: snippet {client} mode {mode} against {target}: {verdict}"
                  f" ({'as expected' if good else 'WRONG'}): {last}")
            passed, failed = passed + good, failed + (not good)
    return passed, failed
