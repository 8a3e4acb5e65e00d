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
           "--client", client, "--host", "localhost", "--port", str(ports[0]),
           "--http-port", str(ports[1]), "--server-name", "localhost"]
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
    folder = os.path.join(work, f"{client}-{mode}")
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
        d = os.path.join(work, "cert")
        subprocess.run([args.bin, "init", "--dir", d, "--quiet"], check=True)
        server = Server([("init", d)])
        passed = failed = 0
        try:
            for mode in (1, 2):
                if f"init/{mode}" in server.errors:
                    sys.exit(f"lab: the server refused init's directory: {server.errors[f'init/{mode}']}")
                ports = server.ports[f"init/{mode}"]
                for client in FILES:
                    ok, last = run_one(args.bin, d, mode, client, ports, work)
                    print(f"lab: snippet {client} mode {mode}: {'ok' if ok else 'FAILED'}: {last}")
                    passed, failed = passed + ok, failed + (not ok)
        finally:
            server.stop()
        print(f"snippets: {passed} passed, {failed} failed")
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)
