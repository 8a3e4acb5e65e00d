#!/usr/bin/env bash
# Wall-time benchmark: `milvus-cert init` against the Milvus docs' openssl recipe
# (tests/fixtures/gen-sh/gen.sh + openssl.cnf), for RSA 2048, RSA 4096 and ECDSA P-256;
# and `milvus-cert verify` of such a nine-file directory against one
# `openssl verify -CAfile ca.pem server.pem client.pem` (case "verify").
#
# Each case runs the two tools alternately (gen.sh, milvus-cert, gen.sh, milvus-cert, ...),
# each run into a fresh empty temporary directory, so both see the same machine conditions.
# After every run all nine files must exist and be non-empty, or the script fails.
#
# Usage: bash bench/init-vs-gensh.sh [--runs N] [--runs-4096 N] [--warmup N] [--case NAME]...
# See --help. Stdout gets the report; progress and build messages go to stderr.
# It is a benchmark, not a test: a missed target is reported, and the exit status is still 0.
# Non-zero means the benchmark itself failed (a tool failed, a file was missing, bad usage).
#
# Needs: bash >= 5 (EPOCHREALTIME; falls back to `date +%s%N`), openssl, awk, sort,
# and cargo unless MILVUS_CERT_BIN points at a built binary. No network.

set -euo pipefail
export LC_ALL=C

readonly FILES=(ca.key ca.pem ca.srl server.key server.csr server.pem client.key client.csr client.pem)
readonly ALL_CASES=(rsa2048 rsa4096 ecdsa-p256 verify)

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$script_dir/.." && pwd)
fixture="$root/tests/fixtures/gen-sh"

runs=10
runs_4096=""
warmup=1
cases=()

usage() {
    cat <<'EOF'
Usage: bash bench/init-vs-gensh.sh [OPTIONS]

Times `milvus-cert init` against the docs' gen.sh (openssl CLI) for RSA 2048, RSA 4096
and ECDSA P-256, interleaved, each run into a fresh temporary directory; and (case
verify) `milvus-cert verify DIR` of an RSA 2048 nine-file directory against one
`openssl verify -CAfile ca.pem server.pem client.pem` of the same directory.

Options:
  --runs N        timed runs of each tool per case (default 10)
  --runs-4096 N   timed runs for the RSA 4096 case (default: the --runs value)
  --warmup N      untimed runs of each tool per case before timing (default 1)
  --case NAME     only this case: rsa2048, rsa4096, ecdsa-p256 or verify (repeatable;
                  default all)
  -h, --help      this help

Environment:
  MILVUS_CERT_BIN  use this milvus-cert binary instead of building one with
                   `cargo build --release --locked -q`
  TMPDIR           where the temporary run directories go (default /tmp)
EOF
}

die() {
    printf 'init-vs-gensh: error: %s\n' "$*" >&2
    exit 1
}

note() {
    printf '%s\n' "$*" >&2
}

positive_int() {
    if [[ ! $2 =~ ^[0-9]+$ ]] || (($2 < $3)); then
        die "$1 needs an integer >= $3, got '$2'"
    fi
}

while (($# > 0)); do
    case $1 in
        --runs)
            (($# >= 2)) || die "--runs needs a value"
            positive_int --runs "$2" 1
            runs=$2
            shift 2
            ;;
        --runs-4096)
            (($# >= 2)) || die "--runs-4096 needs a value"
            positive_int --runs-4096 "$2" 1
            runs_4096=$2
            shift 2
            ;;
        --warmup)
            (($# >= 2)) || die "--warmup needs a value"
            positive_int --warmup "$2" 0
            warmup=$2
            shift 2
            ;;
        --case)
            (($# >= 2)) || die "--case needs a value"
            case $2 in
                rsa2048 | rsa4096 | ecdsa-p256 | verify) cases+=("$2") ;;
                *) die "unknown case '$2' (rsa2048, rsa4096, ecdsa-p256 or verify)" ;;
            esac
            shift 2
            ;;
        -h | --help)
            usage
            exit 0
            ;;
        *)
            usage >&2
            die "unknown argument '$1'"
            ;;
    esac
done
runs_4096=${runs_4096:-$runs}
((${#cases[@]} > 0)) || cases=("${ALL_CASES[@]}")

command -v openssl >/dev/null || die "openssl is not on PATH"
[[ -f $fixture/gen.sh && -f $fixture/openssl.cnf ]] || die "missing $fixture/gen.sh or openssl.cnf"

work=$(mktemp -d "${TMPDIR:-/tmp}/init-vs-gensh.XXXXXX")
cleanup() {
    rm -rf -- "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- the binary
if [[ -n ${MILVUS_CERT_BIN:-} ]]; then
    bin=$MILVUS_CERT_BIN
    note "using MILVUS_CERT_BIN=$bin"
else
    command -v cargo >/dev/null || die "cargo is not on PATH (or set MILVUS_CERT_BIN)"
    note "building: cargo build --release --locked -q"
    (cd "$root" && cargo build --release --locked -q) || die "cargo build failed"
    bin="${CARGO_TARGET_DIR:-$root/target}/release/milvus-cert"
fi
[[ -x $bin ]] || die "not an executable: $bin"
# Time a private copy, so a rebuild of target/ during the run cannot swap the binary.
bin_source=$bin
bin="$work/milvus-cert"
cp "$bin_source" "$bin"

# ---------------------------------------------------------------- the baselines
# One directory per case holding gen.sh and openssl.cnf; only the key-generation lines
# differ from the docs' script, every other command is kept as it is.
make_baseline() {
    local name=$1 dir="$work/baseline-$1"
    if [[ $name == verify ]]; then
        # One directory both tools only read: made by milvus-cert init (RSA 2048, as gen.sh).
        "$bin" init --dir "$dir" --quiet || die "milvus-cert init failed in $dir"
        (cd "$dir" && openssl verify -CAfile ca.pem server.pem client.pem >/dev/null 2>&1) ||
            die "openssl does not verify the leaves in $dir"
        "$bin" verify "$dir" --quiet || die "milvus-cert verify fails on $dir"
        printf '%s\n' "$dir"
        return
    fi
    mkdir "$dir"
    cp "$fixture/openssl.cnf" "$dir/openssl.cnf"
    case $name in
        rsa2048)
            cp "$fixture/gen.sh" "$dir/gen.sh"
            ;;
        rsa4096)
            sed -e 's/^openssl genrsa -out ca\.key 2048$/openssl genrsa -out ca.key 4096/' \
                -e 's/^openssl genpkey -algorithm RSA -out /openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096 -out /' \
                "$fixture/gen.sh" >"$dir/gen.sh"
            ;;
        ecdsa-p256)
            sed -e 's/^openssl genrsa -out ca\.key 2048$/openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key/' \
                -e 's/^openssl genpkey -algorithm RSA -out /openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out /' \
                "$fixture/gen.sh" >"$dir/gen.sh"
            ;;
        *) die "unknown case '$name'" ;;
    esac
    # The sed patterns must have hit all three key lines; fail if gen.sh changed under us.
    local want
    case $name in
        rsa2048) want='^openssl (genrsa -out ca\.key 2048|genpkey -algorithm RSA -out (server|client)\.key)$' ;;
        rsa4096) want='^openssl (genrsa -out ca\.key 4096|genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096 -out (server|client)\.key)$' ;;
        ecdsa-p256) want='^openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out (ca|server|client)\.key$' ;;
        *) die "unknown case '$name'" ;;
    esac
    [[ $(grep -cE "$want" "$dir/gen.sh") == 3 ]] ||
        die "could not adapt gen.sh for $name (did tests/fixtures/gen-sh/gen.sh change?)"
    [[ $(grep -cE '^openssl (genrsa|genpkey|ecparam)' "$dir/gen.sh") == 3 ]] ||
        die "unexpected key-generation lines in the $name baseline"
    printf '%s\n' "$dir"
}

cert_args() {
    case $1 in
        rsa2048) printf '%s\n' --key-type rsa --key-bits 2048 ;;
        rsa4096) printf '%s\n' --key-type rsa --key-bits 4096 ;;
        ecdsa-p256) printf '%s\n' --key-type ecdsa-p256 ;;
        verify) printf '%s\n' --quiet ;;
        *) die "unknown case '$1'" ;;
    esac
}

# ---------------------------------------------------------------- timing
# now_us sets the global `now` to the wall clock in microseconds without forking
# (EPOCHREALTIME always has six decimals; LC_ALL=C makes the separator a dot).
if [[ -n ${EPOCHREALTIME:-} ]]; then
    now_us() { now=${EPOCHREALTIME//[.,]/}; }
else
    now_us() { now=$(($(date +%s%N) / 1000)); }
fi
now=0

# Machine conditions: how much CPU other processes took while a case ran. cpu_sample sets
# s_busy and s_steal (machine-wide ticks from /proc/stat), s_own (CPU ticks of this script's
# reaped children, i.e. gen.sh, openssl and milvus-cert) and s_wall (µs). Where /proc is
# missing the figures come out as "?".
hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
ncpu=$(nproc)
cpu_sample() {
    local line rest
    local -a a f
    now_us
    s_wall=$now
    if read -r line </proc/stat 2>/dev/null && read -r rest <"/proc/$$/stat" 2>/dev/null; then
        read -r -a a <<<"$line"
        s_busy=$((a[1] + a[2] + a[3] + a[6] + a[7]))
        s_steal=${a[8]:-0}
        rest=${rest##*) }
        read -r -a f <<<"$rest"
        s_own=$((f[13] + f[14]))
    else
        s_busy="" s_steal="" s_own=""
    fi
}
# other_load START_SAMPLE END_SAMPLE -> "OTHER% STEAL%" of the whole machine (all CPUs)
other_load() {
    local -a x y
    read -r -a x <<<"$1"
    read -r -a y <<<"$2"
    if [[ -z ${x[1]:-} || -z ${y[1]:-} ]]; then
        printf '? ?\n'
        return
    fi
    awk -v busy=$((y[1] - x[1])) -v own=$((y[3] - x[3])) -v steal=$((y[2] - x[2])) \
        -v us=$((y[0] - x[0])) -v hz="$hz" -v n="$ncpu" 'BEGIN {
            cap = us / 1e6 * hz * n
            o = (busy - own) / cap * 100
            printf "%.0f %.0f\n", (o < 0 ? 0 : o), steal / cap * 100
        }'
}

check_files() {
    local tool=$1 dir=$2 f present
    for f in "${FILES[@]}"; do
        if [[ ! -s $dir/$f ]]; then
            present=("$dir"/*)
            die "$tool did not write a non-empty $f into $dir (present: ${present[*]##*/})"
        fi
    done
}

# run_gensh BASELINE_DIR -> sets `elapsed` (µs)
run_gensh() {
    local base=$1 dir log="$work/gensh.log" t0
    dir=$(mktemp -d "$work/run.XXXXXX")
    cp "$base/gen.sh" "$base/openssl.cnf" "$dir/"
    now_us
    t0=$now
    if ! (cd "$dir" && exec sh gen.sh) >"$log" 2>&1; then
        cat "$log" >&2
        die "gen.sh failed in $dir"
    fi
    now_us
    elapsed=$((now - t0))
    check_files gen.sh "$dir"
    last_gensh=$dir
}

# run_cert ARGS... -> sets `elapsed` (µs)
run_cert() {
    local dir log="$work/cert.log" t0
    dir=$(mktemp -d "$work/run.XXXXXX")
    now_us
    t0=$now
    if ! "$bin" init --dir "$dir" --quiet "$@" >"$log" 2>&1; then
        cat "$log" >&2
        die "milvus-cert init failed in $dir"
    fi
    now_us
    elapsed=$((now - t0))
    check_files milvus-cert "$dir"
    last_cert=$dir
}

# run_openssl_verify DIR -> sets `elapsed` (µs): one openssl process verifies both leaves.
run_openssl_verify() {
    local dir=$1 log="$work/verify.log" t0
    now_us
    t0=$now
    if ! openssl verify -CAfile "$dir/ca.pem" "$dir/server.pem" "$dir/client.pem" >"$log" 2>&1; then
        cat "$log" >&2
        die "openssl verify failed on $dir"
    fi
    now_us
    elapsed=$((now - t0))
    last_gensh="$work/none"
}

# run_cert_verify DIR -> sets `elapsed` (µs)
run_cert_verify() {
    local dir=$1 log="$work/verify.log" t0
    now_us
    t0=$now
    if ! "$bin" verify "$dir" --quiet >"$log" 2>&1; then
        cat "$log" >&2
        die "milvus-cert verify failed on $dir"
    fi
    now_us
    elapsed=$((now - t0))
    last_cert="$work/none"
}

# run_a / run_b CASE BASELINE ARGS...: the openssl side and the milvus-cert side of a case.
run_a() {
    if [[ $1 == verify ]]; then run_openssl_verify "$2"; else run_gensh "$2"; fi
}
run_b() {
    local c=$1 base=$2
    shift 2
    if [[ $c == verify ]]; then run_cert_verify "$base"; else run_cert "$@"; fi
}

# Key description from openssl, e.g. "RSA 4096" or "EC P-256", to check both tools made
# the same kind of key.
key_kind() {
    local text
    text=$(openssl pkey -in "$1" -noout -text 2>/dev/null) || die "openssl cannot read $1"
    if [[ $text =~ Private-Key:\ \(([0-9]+)\ bit ]]; then
        local bits=${BASH_REMATCH[1]}
        if [[ $text == *"NIST CURVE: "* || $text == *"ASN1 OID: prime256v1"* ]]; then
            printf 'EC %s\n' "$bits"
        else
            printf 'RSA %s\n' "$bits"
        fi
    else
        printf 'unknown\n'
    fi
}

expected_kind() {
    case $1 in
        rsa2048) printf 'RSA 2048\n' ;;
        rsa4096) printf 'RSA 4096\n' ;;
        ecdsa-p256) printf 'EC 256\n' ;;
        verify) printf 'none\n' ;;
        *) die "unknown case '$1'" ;;
    esac
}

remove_dirs() {
    rm -rf -- "$@"
}

# stats FILE -> "mean median min max" in ms, from one µs value per line
stats() {
    sort -n "$1" | awk '
        { v[NR] = $1; s += $1 }
        END {
            if (NR == 0) exit 1
            med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%.1f %.1f %.1f %.1f\n", s / NR / 1000, med / 1000, v[1] / 1000, v[NR] / 1000
        }'
}

label() {
    case $1 in
        rsa2048) printf 'RSA 2048\n' ;;
        rsa4096) printf 'RSA 4096\n' ;;
        ecdsa-p256) printf 'ECDSA P-256\n' ;;
        verify) printf 'verify\n' ;;
        *) die "unknown case '$1'" ;;
    esac
}

# Targets from the issues: RSA 4096 from issue 1; RSA 2048, P-256 and verify from issue 15.
target() {
    case $1 in
        rsa2048) printf '0.25\n' ;;
        rsa4096) printf '0.35\n' ;;
        ecdsa-p256) printf '0.10\n' ;;
        verify) printf '0.50\n' ;;
        *) printf 'none\n' ;;
    esac
}

# ---------------------------------------------------------------- header
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
printf '# milvus-cert init vs gen.sh, verify vs openssl verify: wall time per run, interleaved\n'
printf '# date:        %s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
printf '# host:        %s, %s\n' "$(uname -sm)" "${cpu:-unknown CPU}"
printf '# nproc:       %s\n' "$(nproc)"
printf '# openssl:     %s\n' "$(openssl version)"
printf '# milvus-cert: %s (%s)\n' "$("$bin" --version 2>/dev/null || echo '?')" "$bin_source"
rev=$(git -C "$root" describe --always --dirty 2>/dev/null || echo '?')
printf '# source:      git %s%s\n' "$rev" "${MILVUS_CERT_BIN:+ (binary from MILVUS_CERT_BIN, may differ)}"
printf '# runs:        %s per tool per case (RSA 4096: %s), %s warm-up\n' "$runs" "$runs_4096" "$warmup"
printf '# load avg:    %s (at start)\n' "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"

# ---------------------------------------------------------------- the runs
results=()
cpu_sample
run_start="$s_wall $s_busy $s_steal $s_own"
for c in "${cases[@]}"; do
    base=$(make_baseline "$c")
    mapfile -t args < <(cert_args "$c")
    n=$runs
    [[ $c == rsa4096 ]] && n=$runs_4096
    a_times="$work/$c.gensh.us"
    b_times="$work/$c.cert.us"
    : >"$a_times"
    : >"$b_times"

    # Warm-up (untimed), also a check that both tools make the key kind this case is about.
    want=$(expected_kind "$c")
    for ((i = 0; i < warmup; i++)); do
        run_a "$c" "$base"
        run_b "$c" "$base" "${args[@]}"
        [[ $want == none ]] || for f in ca.key server.key client.key; do
            got=$(key_kind "$last_gensh/$f")
            [[ $got == "$want" ]] || die "$c: gen.sh made $f as '$got', expected '$want'"
            got=$(key_kind "$last_cert/$f")
            [[ $got == "$want" ]] || die "$c: milvus-cert made $f as '$got', expected '$want'"
        done
        remove_dirs "$last_gensh" "$last_cert"
    done

    cpu_sample
    case_start="$s_wall $s_busy $s_steal $s_own"
    for ((i = 1; i <= n; i++)); do
        run_a "$c" "$base"
        printf '%s\n' "$elapsed" >>"$a_times"
        a_us=$elapsed
        run_b "$c" "$base" "${args[@]}"
        printf '%s\n' "$elapsed" >>"$b_times"
        note "$(printf '%-11s run %2d/%d  openssl %8.1f ms  milvus-cert %8.1f ms' \
            "$c" "$i" "$n" "$(awk -v x="$a_us" 'BEGIN { print x / 1000 }')" \
            "$(awk -v x="$elapsed" 'BEGIN { print x / 1000 }')")"
        remove_dirs "$last_gensh" "$last_cert"
    done

    cpu_sample
    read -r other steal < <(other_load "$case_start" "$s_wall $s_busy $s_steal $s_own")
    read -r a_mean a_med a_min a_max < <(stats "$a_times")
    read -r b_mean b_med b_min b_max < <(stats "$b_times")
    read -r r_med r_mean < <(awk -v am="$a_med" -v bm="$b_med" -v aa="$a_mean" -v ba="$b_mean" \
        'BEGIN { printf "%.3f %.3f\n", bm / am, ba / aa }')
    t=$(target "$c")
    if [[ $t == none ]]; then
        verdict="n/a"
    elif awk -v r="$r_med" -v t="$t" 'BEGIN { exit !(r <= t) }'; then
        verdict=PASS
    else
        verdict=MISS
    fi
    results+=("$c|$n|$a_mean|$a_med|$a_min|$a_max|$b_mean|$b_med|$b_min|$b_max|$r_med|$r_mean|$t|$verdict|$other|$steal")
done

# ---------------------------------------------------------------- report
cpu_sample
read -r other steal < <(other_load "$run_start" "$s_wall $s_busy $s_steal $s_own")
printf '# load avg:    %s (at end)\n' "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
printf '# other load:  %s%% of the machine'"'"'s CPU (all %s) used by other processes during the runs, steal %s%%\n' \
    "$other" "$ncpu" "$steal"
if [[ $other != "?" ]] && ((other >= 10)); then
    printf '# WARNING:     the machine was busy with other work; the figures were taken under load\n'
fi
printf '\n'
printf '%-12s %4s | %12s %12s | %12s %12s | %11s %10s | %6s %-6s | %s\n' \
    case runs "openssl mean" "openssl med" "m-c mean" "m-c med" "ratio (med)" "ratio mean" target result other
printf '%s\n' "------------------+---------------------------+---------------------------+------------------------+---------------+------"
for r in "${results[@]}"; do
    IFS='|' read -r c n a_mean a_med _ _ b_mean b_med _ _ r_med r_mean t verdict other _ <<<"$r"
    tt=$t
    [[ $t == none ]] || tt="<=$t"
    printf '%-12s %4s | %9s ms %9s ms | %9s ms %9s ms | %10sx %9sx | %6s %-6s | %4s%%\n' \
        "$(label "$c")" "$n" "$a_mean" "$a_med" "$b_mean" "$b_med" "$r_med" "$r_mean" "$tt" "$verdict" "$other"
done
printf '\n(openssl = gen.sh for the init cases, one `openssl verify` of the two leaves for verify;\n'
printf ' m-c = milvus-cert init, or verify DIR; ratio = milvus-cert / openssl, lower is better;\n'
printf ' result compares the median ratio with the target from the issue, informational only;\n'
printf ' other = share of the machine'"'"'s CPU taken by other processes during the case)\n\n'
for r in "${results[@]}"; do
    IFS='|' read -r c n a_mean a_med a_min a_max b_mean b_med b_min b_max r_med r_mean t verdict other steal <<<"$r"
    printf 'BENCH case=%s runs=%s gensh_mean_ms=%s gensh_median_ms=%s gensh_min_ms=%s gensh_max_ms=%s' \
        "$c" "$n" "$a_mean" "$a_med" "$a_min" "$a_max"
    printf ' cert_mean_ms=%s cert_median_ms=%s cert_min_ms=%s cert_max_ms=%s' \
        "$b_mean" "$b_med" "$b_min" "$b_max"
    printf ' ratio_median=%s ratio_mean=%s target=%s result=%s other_cpu_pct=%s steal_pct=%s\n' \
        "$r_med" "$r_mean" "$t" "$verdict" "$other" "$steal"
done
