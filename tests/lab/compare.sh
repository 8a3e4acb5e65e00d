#!/usr/bin/env bash
# verify --json against the lab's fixture: false ok / false alarm counts (informational).
#
#   bash tests/lab/compare.sh [-v]          # -v lists every disagreement
#
# Needs only openssl (for the corpus) and python3; no client stack. MILVUS_CERT_BIN as in run.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export PYTHONDONTWRITEBYTECODE=1
if [ -z "${MILVUS_CERT_BIN:-}" ]; then
  (cd "$repo" && cargo build --locked --quiet)
  MILVUS_CERT_BIN="$repo/target/debug/milvus-cert"
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/milvus-cert-compare.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# The same directories the lab measured (corpus and milvus-cert init; keys are new).
MILVUS_CERT_BIN="$MILVUS_CERT_BIN" bash "$here/run.sh" dirs "$work/dirs"
python3 "$here/compare.py" --bin "$MILVUS_CERT_BIN" --dirs "$work/dirs" --fixture "$here/fixture.json" "$@"
