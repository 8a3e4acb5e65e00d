#!/usr/bin/env bash
# End-to-end tests: milvus-cert's output against the real Milvus 2.3.5 server and pymilvus.
#
#   bash tests/e2e/run.sh                      # everything
#   bash tests/e2e/run.sh --only rsa-2048 --mode 2
#
# Needs python3 with venv, unshare and ip (util-linux, iproute2), openssl and network
# access to PyPI on the first run. Environment:
#   MILVUS_CERT_BIN        binary to test (default: cargo build --locked, target/debug)
#   MILVUS_CERT_E2E_CACHE  where the virtualenv and unpacked server live
#                          (default: ~/.cache/milvus-cert-e2e; never the source tree)
#   MILVUS_CERT_E2E_PYTHON the Python to build the virtualenv with (default: python3;
#                          CPython 3.9 to 3.12)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cache="${MILVUS_CERT_E2E_CACHE:-${XDG_CACHE_HOME:-${HOME:-$(cd ~ && pwd)}/.cache}/milvus-cert-e2e}"
export PYTHONDONTWRITEBYTECODE=1  # nothing written into the source tree

# The locked grpcio 1.60 and numpy 1.26 have wheels for CPython 3.9 to 3.12 only: say so
# before any install rather than fail halfway through one (or build numpy from source).
python="${MILVUS_CERT_E2E_PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(not (3, 9) <= sys.version_info[:2] <= (3, 12))' 2>/dev/null; then
  found="$("$python" -V 2>/dev/null)" || found="'$python' (not found)"
  echo "e2e: $found is not supported: the suite needs CPython 3.9 to 3.12 (grpcio 1.60 and numpy 1.26 have no wheels for newer ones); install one (e.g. apt-get install python3.12-venv, or uv python install 3.12) and run with MILVUS_CERT_E2E_PYTHON=python3.12" >&2
  exit 2
fi

if [ -z "${MILVUS_CERT_BIN:-}" ]; then
  (cd "$repo" && cargo build --locked --quiet)
  MILVUS_CERT_BIN="$repo/target/debug/milvus-cert"
fi

# The virtualenv holds exactly requirements.txt (every package pinned, with hashes). Its
# directory is named after the lock and the interpreter: a changed lock gets a new one, and
# checkouts with different locks sharing the cache never rebuild (or delete) each other's.
# Built under a lock (flock, util-linux); `.complete` marks a finished install.
key="$({ cat "$here/requirements.txt"; "$python" -V 2>&1; command -v "$python"; } | sha256sum | cut -c1-16)"
venv="$cache/venv-$key"
mkdir -p "$cache"
exec 9>"$cache/.install.lock"
flock 9
if [ ! -e "$venv/.complete" ]; then
  echo "e2e: installing the Milvus server and pymilvus into $venv"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes \
    --only-binary :all: --no-deps -r "$here/requirements.txt"
  touch "$venv/.complete"
fi
flock -u 9
exec 9>&-

work="$(mktemp -d "${TMPDIR:-/tmp}/milvus-cert-e2e.XXXXXX")"
cleanup() {
  # e2e.py stops each server itself; this catches what a killed run left behind.
  for pid_file in "$work"/*.pid; do
    [ -e "$pid_file" ] || continue
    pid="$(cat "$pid_file")"
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "/tmp/milvus/server_id_$pid"  # the server's own session file
  done
  rm -rf "$work"
}
trap cleanup EXIT

# A private network namespace: the server listens on loopback only (it binds to all
# interfaces whatever its config says) and its fixed ports cannot clash with anything.
netns=(-n)
[ "$(id -u)" -eq 0 ] || netns=(-r -n)
unshare "${netns[@]}" -- sh -c 'ip link set lo up && exec "$@"' e2e \
  "$venv/bin/python" "$here/e2e.py" \
  --bin "$MILVUS_CERT_BIN" --work "$work" --cache "$cache" "$@" &
child=$!
# On Ctrl-C or TERM, ask e2e.py to stop its servers, then wait until it has.
trap 'kill -TERM "$child" 2>/dev/null || true' INT TERM
status=0
wait "$child" || status=$?
while kill -0 "$child" 2>/dev/null; do
  wait "$child" || status=$?
done
exit "$status"
