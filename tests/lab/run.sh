#!/usr/bin/env bash
# The compatibility lab: real client stacks against a Milvus-proxy-like server.
#
#   bash tests/lab/run.sh                 # measure the corpus, fail on any change from fixture.json
#   bash tests/lab/run.sh --record        # measure and rewrite fixture.json
#   bash tests/lab/run.sh --dirs DIR      # measure the case directories under DIR instead
#   bash tests/lab/run.sh --out FILE      # also write what was measured (fixture format) to FILE
#   bash tests/lab/run.sh --build         # install and build the peers only
#   bash tests/lab/run.sh peer go|java|node|python < cases.jsonl   # one peer by hand (README)
#   bash tests/lab/run.sh docs            # regenerate docs/compatibility.md from fixture.json
#   bash tests/lab/run.sh snippets        # emit-config's client snippets against the lab server
#   bash tests/lab/run.sh probe [-v]      # milvus-cert probe on every lab server vs fixture.json
#   bash tests/lab/run.sh dirs OUT        # only write the case directories (corpus + init) into OUT
#
# Needs the Debian packages .ci/run installs (golang-go, golang-google-grpc-dev,
# libgrpc-java, libnetty-java, libnetty-tcnative-java, libperfmark-java, a JDK, node, npm,
# curl, openssl) and, on the first run, PyPI and npm. Environment:
#   MILVUS_CERT_BIN        binary to test (default: cargo build --locked, target/debug)
#   MILVUS_CERT_LAB_CACHE  where the venv, node_modules and built peers live
#                          (default: ~/.cache/milvus-cert-lab; never the source tree)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cache="${MILVUS_CERT_LAB_CACHE:-${XDG_CACHE_HOME:-${HOME:-$(cd ~ && pwd)}/.cache}/milvus-cert-lab}"
export PYTHONDONTWRITEBYTECODE=1 # nothing written into the source tree
mkdir -p "$cache"

# stamp NAME FILE...: true when NAME was built from exactly these inputs.
stamp_of() { cat "$@" | sha256sum | cut -d' ' -f1; }
fresh() {
  local name=$1
  shift
  [ "$(cat "$cache/$name.stamp" 2>/dev/null)" = "$(stamp_of "$@")" ]
}
mark() {
  local name=$1
  shift
  stamp_of "$@" >"$cache/$name.stamp"
}

build_python() {
  fresh venv "$here/requirements.txt" && return
  echo "lab: installing $here/requirements.txt into $cache/venv" >&2
  rm -rf "$cache/venv"
  python3 -m venv "$cache/venv"
  "$cache/venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  mark venv "$here/requirements.txt"
}

build_node() {
  fresh node "$here/node/package.json" "$here/node/package-lock.json" && return
  echo "lab: npm ci into $cache/node" >&2
  rm -rf "$cache/node"
  mkdir -p "$cache/node"
  cp "$here/node/package.json" "$here/node/package-lock.json" "$cache/node/"
  (cd "$cache/node" && npm ci --silent --no-audit --no-fund >/dev/null)
  mark node "$here/node/package.json" "$here/node/package-lock.json"
}

build_go() {
  local go="$cache/venv/bin/go"
  fresh go "$here/go/main.go" "$here/requirements.txt" && [ -x "$cache/bin/milvuslab" ] && return
  echo "lab: building the Go server and client (GOPATH mode, Debian's grpc-go sources)" >&2
  mkdir -p "$cache/bin"
  (cd "$here/go" && GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$cache/gocache" \
    GOTOOLCHAIN=local GOFLAGS= GOPROXY=off "$go" build -o "$cache/bin/milvuslab" main.go)
  mark go "$here/go/main.go" "$here/requirements.txt"
}

java_classpath() {
  local jars=(grpc-api grpc-core grpc-netty grpc-context grpc-stub guava perfmark-api
    netty-buffer netty-codec netty-codec-http netty-codec-http2 netty-codec-socks netty-common
    netty-handler netty-handler-proxy netty-resolver netty-transport netty-tcnative
    opencensus-api error_prone_annotations jsr305)
  local cp="" j
  for j in "${jars[@]}"; do cp="$cp/usr/share/java/$j.jar:"; done
  echo "$cp$cache/java"
}

build_java() {
  fresh java "$here/java/LabPeer.java" && [ -f "$cache/java/LabPeer.class" ] && return
  echo "lab: compiling the Java peer against Debian's grpc-java and Netty" >&2
  rm -rf "$cache/java" "$cache/jni"
  mkdir -p "$cache/java" "$cache/jni"
  javac -nowarn -d "$cache/java" -cp "$(java_classpath)" "$here/java/LabPeer.java"
  # Debian's Netty has no JDK ALPN (its JdkAlpn* classes are left out), so grpc-java needs
  # the OpenSSL provider, as the Java SDK's grpc-netty-shaded has. netty-tcnative looks for
  # libnetty_tcnative.so and checks the file's own name: a copy, not a link.
  cp /usr/lib/x86_64-linux-gnu/jni/libnetty-tcnative.so "$cache/jni/libnetty_tcnative.so"
  mark java "$here/java/LabPeer.java"
}

pkg_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo unknown; }

write_stacks() {
  local py="$cache/venv/bin/python"
  "$py" - "$cache/stacks.json" <<EOF
import json, subprocess, sys
from importlib.metadata import version
def out(*cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    return (p.stdout + p.stderr).strip().splitlines()[0]
node = "$cache/node/node_modules"
def npm(name):
    return json.load(open(f"{node}/{name}/package.json"))["version"]
stacks = {
    "server": "Go " + out("$cache/venv/bin/go", "env", "GOVERSION").removeprefix("go")
              + ", grpc-go $(pkg_version golang-google-grpc-dev) (Debian)",
    "go": "Go " + out("$cache/venv/bin/go", "env", "GOVERSION").removeprefix("go")
          + " crypto/tls, grpc-go $(pkg_version golang-google-grpc-dev) (Debian)",
    "java": out("java", "-version") + ", grpc-java $(pkg_version libgrpc-java), Netty "
            "$(pkg_version libnetty-java), netty-tcnative $(pkg_version libnetty-tcnative-java) (Debian)",
    "node": "Node " + out("node", "--version") + ", @grpc/grpc-js " + npm("@grpc/grpc-js")
            + ", @zilliz/milvus2-sdk-node " + npm("@zilliz/milvus2-sdk-node"),
    "python": "grpcio " + version("grpcio") + ", pymilvus " + version("pymilvus"),
    "curl": out("curl", "--version"),
    "openssl": out("openssl", "version"),
}
json.dump(stacks, open(sys.argv[1], "w"), indent=1)
EOF
}

build_all() {
  build_python
  build_node
  build_go
  build_java
  write_stacks
  export LAB_STACKS="$cache/stacks.json"
  export LAB_GO="[\"$cache/bin/milvuslab\"]"
  export LAB_JAVA="[\"java\", \"-Djava.library.path=$cache/jni\", \"-cp\", \"$(java_classpath)\", \"LabPeer\"]"
  export LAB_NODE="[\"node\", \"$here/node/peer.js\"]"
  export NODE_PATH="$cache/node/node_modules"
  export LAB_PYTHON="[\"$cache/venv/bin/python\", \"$here/python/peer.py\"]"
  # For the snippets (snippets.py): the toolchains themselves.
  export LAB_VENV_PYTHON="$cache/venv/bin/python" LAB_GOTOOL="$cache/venv/bin/go"
  export LAB_GOCACHE="$cache/gocache" LAB_JNI="$cache/jni" LAB_JAVA_CP
  LAB_JAVA_CP="$(java_classpath)"
}

milvus_cert_bin() {
  if [ -z "${MILVUS_CERT_BIN:-}" ]; then
    (cd "$repo" && cargo build --locked --quiet)
    MILVUS_CERT_BIN="$repo/target/debug/milvus-cert"
  fi
  echo "$MILVUS_CERT_BIN"
}

# make_dirs OUT: the corpus (tests/lab/corpus/gen.sh) plus directories from milvus-cert init.
make_dirs() {
  local out=$1 bin
  bin="$(milvus_cert_bin)"
  if [ -f "$here/corpus/gen.sh" ]; then
    bash "$here/corpus/gen.sh" "$out" >/dev/null
  fi
  "$bin" init --dir "$out/milvus-cert-init" --quiet
  "$bin" init --dir "$out/milvus-cert-init-rsa" --key-type rsa --quiet
  "$bin" init --dir "$out/milvus-cert-init-p384" --key-type ecdsa-p384 --quiet
  # (init warns on stderr that Ed25519 is refused by some clients: that is the point here)
  "$bin" init --dir "$out/milvus-cert-init-ed25519" --key-type ed25519 --quiet 2>/dev/null
}

main() {
  local action=check dirs="" subset="" out=()
  case "${1:-}" in
  peer)
    build_all
    local cmd
    mapfile -t cmd < <(python3 -c 'import json,os,sys; print("\n".join(json.loads(os.environ[sys.argv[1]])))' "LAB_${2^^}")
    [ "$2" = go ] && cmd+=(client)
    exec "${cmd[@]}"
    ;;
  --build) build_all && return ;;
  dirs) make_dirs "$2" && return ;;
  docs)
    build_python
    exec "$cache/venv/bin/python" "$here/lab.py" docs --fixture "$here/fixture.json" \
      --out "$repo/docs/compatibility.md" --cases "$here/corpus/cases.toml"
    ;;
  snippets)
    build_all
    exec "$cache/venv/bin/python" "$here/lab.py" snippets --bin "$(milvus_cert_bin)"
    ;;
  probe)
    shift
    build_all
    MILVUS_CERT_BIN="$(milvus_cert_bin)"
    work="$(mktemp -d "${TMPDIR:-/tmp}/milvus-cert-lab.XXXXXX")"
    trap 'rm -rf "$work"' EXIT
    make_dirs "$work/dirs"
    "$cache/venv/bin/python" "$here/probe.py" --bin "$MILVUS_CERT_BIN" --dirs "$work/dirs" \
      --fixture "$here/fixture.json" "$@"
    return
    ;;
  esac
  while [ $# -gt 0 ]; do
    case $1 in
    --record) action=record ;;
    --dirs) dirs=$2 subset=--subset && shift ;;
    --out) out=(--out "$2") && shift ;;
    *) echo "lab: unknown argument $1 (see the top of $0)" >&2 && return 2 ;;
    esac
    shift
  done
  build_all
  work="$(mktemp -d "${TMPDIR:-/tmp}/milvus-cert-lab.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  if [ -z "$dirs" ]; then
    dirs="$work/dirs"
    make_dirs "$dirs"
  fi
  "$cache/venv/bin/python" "$here/lab.py" measure --dirs "$dirs" "--$action" "$here/fixture.json" \
    --cases "$here/corpus/cases.toml" $subset "${out[@]}"
  # docs/compatibility.md is generated from the fixture: it must say what the fixture says.
  "$cache/venv/bin/python" "$here/lab.py" docs --fixture "$here/fixture.json" \
    --cases "$here/corpus/cases.toml" --out "$work/compatibility.md" >/dev/null
  if ! cmp -s "$work/compatibility.md" "$repo/docs/compatibility.md"; then
    [ "$action" = record ] && cp "$work/compatibility.md" "$repo/docs/compatibility.md" && return
    echo "lab: docs/compatibility.md is not what fixture.json gives: run bash tests/lab/run.sh docs" >&2
    return 1
  fi
}

work=""
main "$@"
