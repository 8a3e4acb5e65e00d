#!/usr/bin/env bash
# Wall-time benchmark: `milvus-cert verify DIR` on a directory with 1,000 leaf
# certificates, against one `openssl verify -CAfile ca.pem <the same 1,000 files>` process.
# Also times `milvus-cert inspect DIR` on the same directory.
#
# Setup (not timed): `milvus-cert init --key-type ecdsa-p256`, then 1,000 (or --leaves N)
# `milvus-cert client --name appI --key-type ecdsa-p256` into one temporary directory.
# Timing: the tools run alternately (openssl, verify, inspect, openssl, verify, ...),
# --runs times after one warm-up of each; medians are reported with the ratio
# verify/openssl (target: at most 0.5).
#
# Usage: bash bench/verify-1000.sh [--runs N] [--leaves N]
# Needs: bash >= 5, openssl, awk, sort, and cargo unless MILVUS_CERT_BIN points at a built
# binary. It is a benchmark, not a test: the exit status is 0 whether or not the target is
# met, and non-zero only when a tool fails (openssl or verify reports a failure included).

set -euo pipefail
export LC_ALL=C

runs=15
leaves=1000
while (($# > 0)); do
    case $1 in
        --runs) runs=$2; shift 2 ;;
        --leaves) leaves=$2; shift 2 ;;
        -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
        *) printf 'verify-1000: error: unknown argument %s\n' "$1" >&2; exit 2 ;;
    esac
done
[[ $runs =~ ^[1-9][0-9]*$ && $leaves =~ ^[1-9][0-9]*$ ]] || {
    printf 'verify-1000: error: --runs and --leaves need positive integers\n' >&2
    exit 2
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ -n ${MILVUS_CERT_BIN:-} ]]; then
    bin=$MILVUS_CERT_BIN
else
    printf 'building release binary...\n' >&2
    (cd "$root" && cargo build --release --locked -q)
    bin=$root/target/release/milvus-cert
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dir=$work/cert

printf 'setting up %s leaves (not timed)...\n' "$leaves" >&2
"$bin" init --dir "$dir" --key-type ecdsa-p256 --quiet
for ((i = 1; i <= leaves; i++)); do
    "$bin" client --dir "$dir" --name "app$i" --key-type ecdsa-p256 --quiet
done
# The same leaf files for both tools: every appI.pem.
files=()
for ((i = 1; i <= leaves; i++)); do files+=("$dir/app$i.pem"); done

now_ns() {
    if [[ -n ${EPOCHREALTIME:-} ]]; then
        local t=${EPOCHREALTIME/[.,]/}
        printf '%s000' "$t"
    else
        date +%s%N
    fi
}

# time_ms NAME CMD...: runs CMD (stdout discarded), appends its wall time in ms to $work/NAME.
time_ms() {
    local name=$1 start end
    shift
    start=$(now_ns)
    "$@" >/dev/null
    end=$(now_ns)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", (e - s) / 1e6 }' >>"$work/$name"
}

run_openssl() { openssl verify -CAfile "$dir/ca.pem" "${files[@]}"; }
run_verify() { "$bin" verify "$dir" --quiet; }
run_inspect() { "$bin" inspect "$dir"; }

# Sanity: both checkers accept every leaf, and verify really looks at all of them.
run_openssl | grep -c ': OK$' | grep -qx "$leaves" || { echo 'openssl did not accept every leaf' >&2; exit 1; }
checked=$("$bin" verify "$dir" --json | grep -c '"code": "chain-ok"')
((checked == leaves + 2)) || { echo "verify checked $checked chains, expected $((leaves + 2))" >&2; exit 1; }

for name in openssl verify inspect; do "run_$name" >/dev/null; : >"$work/$name"; done  # warm-up
for ((r = 1; r <= runs; r++)); do
    time_ms openssl run_openssl
    time_ms verify run_verify
    time_ms inspect run_inspect
done

median() { sort -n "$work/$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
m_openssl=$(median openssl)
m_verify=$(median verify)
m_inspect=$(median inspect)
ratio=$(awk -v a="$m_verify" -v b="$m_openssl" 'BEGIN { printf "%.2f", a / b }')

printf 'machine: %s, %s cores; %s\n' "$(uname -srm)" "$(nproc)" "$(openssl version)"
printf 'leaves: %s (ECDSA P-256, one CA), runs: %s (interleaved, medians)\n' "$leaves" "$runs"
printf '%-44s %10s ms\n' "openssl verify -CAfile ca.pem <$leaves files>" "$m_openssl"
printf '%-44s %10s ms\n' "milvus-cert verify DIR" "$m_verify"
printf '%-44s %10s ms\n' "milvus-cert inspect DIR" "$m_inspect"
printf 'ratio verify/openssl: %s (target <= 0.50: %s)\n' "$ratio" \
    "$(awk -v r="$ratio" 'BEGIN { print (r <= 0.5) ? "met" : "NOT met" }')"
