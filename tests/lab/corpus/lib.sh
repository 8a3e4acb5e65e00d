# Building blocks for gen.sh: keys, extension sections, signing with `openssl ca` (which
# takes explicit validity dates and sign options), and a few DER edits for properties the
# openssl CLI refuses to produce. Sourced by gen.sh; needs $WORK (scratch dir).

# Validity dates relative to now, as `openssl ca -startdate/-enddate` takes them.
# `openssl ca` encodes them as RFC 5280 requires (UTCTime before 2050).
days() { date -u -d "$1 days" +%Y%m%d%H%M%SZ; }
DEFAULT_NB=$(days -1)
DEFAULT_NA=$(days 825)

# key ALG SLOT: path of a PKCS#8 PEM key, made once per run and reused across cases (keys
# may be random; reuse keeps the run fast). ALG: p256 p384 p521 secp256k1 ed25519 ed448
# rsa1024 rsa2048 rsa3072 rsa4096 rsapss.
key() {
  local f="$WORK/keys/$1-$2.pem"
  if [ ! -f "$f" ]; then
    mkdir -p "$WORK/keys"
    case $1 in
      p256) genpkey_ -algorithm EC -pkeyopt ec_paramgen_curve:P-256 ;;
      p384) genpkey_ -algorithm EC -pkeyopt ec_paramgen_curve:P-384 ;;
      p521) genpkey_ -algorithm EC -pkeyopt ec_paramgen_curve:P-521 ;;
      secp256k1) genpkey_ -algorithm EC -pkeyopt ec_paramgen_curve:secp256k1 ;;
      ed25519) genpkey_ -algorithm ED25519 ;;
      ed448) genpkey_ -algorithm ED448 ;;
      rsa*[0-9]) genpkey_ -algorithm RSA -pkeyopt "rsa_keygen_bits:${1#rsa}" ;;
      rsapss) genpkey_ -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 ;;
      *) echo "gen.sh: unknown key algorithm $1" >&2; return 2 ;;
    esac >"$f.tmp"
    mv "$f.tmp" "$f"
  fi
  echo "$f"
}
genpkey_() { openssl genpkey "$@" 2>/dev/null; }

# ext KIND [NAME=VALUE|NAME=-]...: an extension section for `openssl ca -extfile`.
# KIND ca|int|server|client gives the sound default; NAME=VALUE replaces or adds one
# extension, NAME=- drops it. The result is printed one `name = value` per line.
ext() {
  local kind=$1
  shift
  local -a names=() values=()
  case $kind in
    ca) set -- "basicConstraints=critical,CA:TRUE" "keyUsage=critical,keyCertSign,cRLSign" \
      "subjectKeyIdentifier=hash" "$@" ;;
    int) set -- "basicConstraints=critical,CA:TRUE" "keyUsage=critical,keyCertSign,cRLSign" \
      "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid" "$@" ;;
    server) set -- "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
      "extendedKeyUsage=serverAuth" "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
      "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid" "$@" ;;
    client) set -- "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
      "extendedKeyUsage=clientAuth" "subjectKeyIdentifier=hash" \
      "authorityKeyIdentifier=keyid" "$@" ;;
    *) echo "gen.sh: unknown extension kind $kind" >&2; return 2 ;;
  esac
  local kv n i
  for kv in "$@"; do
    n=${kv%%=*}
    for i in "${!names[@]}"; do
      [ "${names[$i]}" = "$n" ] && unset "names[$i]" "values[$i]"
    done
    names+=("$n")
    values+=("${kv#*=}")
  done
  for i in "${!names[@]}"; do
    if [ "${values[$i]}" != "-" ]; then
      echo "${names[$i]} = ${values[$i]}"
    elif [ "${names[$i]}" = subjectKeyIdentifier ]; then
      # `openssl ca` adds a subject key identifier unless told not to.
      echo "subjectKeyIdentifier = none"
    fi
  done
}

# sign OUT KEY SUBJECT EXT ISSUER_CERT ISSUER_KEY: a certificate for KEY's public key.
# ISSUER_CERT "-" means self-signed with KEY. EXT "" makes a version 1 certificate.
# Options from the environment: NB, NA (validity), MD (digest), SIGOPT (space-separated
# -sigopt values).
sign() {
  local out=$1 k=$2 subj=$3 extension=$4 icert=$5 ikey=$6
  local d="$WORK/ca"
  rm -rf "$d"
  mkdir -p "$d/new"
  : >"$d/index.txt"
  cat >"$d/ca.cnf" <<EOF
[ca]
default_ca = c
[c]
database = $d/index.txt
serial = $d/serial
new_certs_dir = $d/new
default_md = default
policy = pol
unique_subject = no
copy_extensions = none
email_in_dn = no
[pol]
commonName = optional
EOF
  printf '[x]\n%s\n' "$extension" >"$d/ext.cnf"
  local -a args=(ca -batch -config "$d/ca.cnf" -out "$out" -notext -preserveDN
    -create_serial -startdate "${NB:-$DEFAULT_NB}" -enddate "${NA:-$DEFAULT_NA}")
  if [ "$subj" = / ]; then
    # `openssl ca -subj` cannot make an empty subject; the request can.
    openssl req -new -key "$k" -subj / -out "$d/req.csr" 2>"$d/err" || fail_ "$d/err"
    args+=(-in "$d/req.csr")
  else
    args+=(-in "$(csr_of "$k")" -subj "$subj")
  fi
  if [ "$icert" = - ]; then args+=(-selfsign -keyfile "$k"); else args+=(-cert "$icert" -keyfile "$ikey"); fi
  [ -n "$extension" ] && args+=(-extfile "$d/ext.cnf" -extensions x)
  [ -n "${MD:-}" ] && args+=(-md "$MD")
  local o
  for o in ${SIGOPT:-}; do args+=(-sigopt "$o"); done
  openssl "${args[@]}" >/dev/null 2>"$d/err" || fail_ "$d/err"
}
# csr_of KEY: a request for KEY, made once per key (`openssl ca -subj` sets the subject).
csr_of() {
  if [ ! -f "$1.csr" ]; then
    openssl req -new -key "$1" -subj /CN=corpus -out "$1.csr.tmp" 2>"$WORK/req.err" ||
      fail_ "$WORK/req.err"
    mv "$1.csr.tmp" "$1.csr"
  fi
  echo "$1.csr"
}
fail_() { cat "$1" >&2; echo "gen.sh: openssl failed (above)" >&2; return 1; }

# --- DER editing, for the few properties the openssl CLI will not produce ----------------

hex_of() { od -An -v -tx1 "$1" | tr -d ' \n'; }
bin_of() { printf '%b' "$(sed 's/../\\x&/g' <<<"$1")"; }

# der_len N: the DER length octets of N, in hex.
der_len() {
  if [ "$1" -lt 128 ]; then printf '%02x' "$1"
  elif [ "$1" -lt 256 ]; then printf '81%02x' "$1"
  else printf '82%04x' "$1"; fi
}

# der_tlv TAG HEX: a TLV in hex.
der_tlv() { printf '%s%s%s' "$1" "$(der_len $((${#2} / 2)))" "$2"; }

# resign_tbs PEM TBS_HEX ISSUER_KEY DIGEST: replace PEM's to-be-signed part with TBS_HEX
# and sign it again (ECDSA or RSA PKCS#1 v1.5 issuer keys, as the original algorithm).
resign_tbs() {
  local pem=$1 tbs=$2 ikey=$3 dg=$4 d="$WORK/der"
  mkdir -p "$d"
  openssl x509 -in "$pem" -outform DER -out "$d/in.der"
  local h alg_at alg_len alg
  h=$(hex_of "$d/in.der")
  # Certificate ::= SEQUENCE { tbs, signatureAlgorithm, signature }; all lengths here use
  # the two-byte long form (certificates of 256..65535 bytes).
  alg_at=$((8 + 8 + 2 * 0x${h:12:4}))
  alg_len=$((0x${h:alg_at+2:2}))
  alg=${h:alg_at:4 + 2 * alg_len}
  bin_of "$tbs" >"$d/tbs.der"
  openssl dgst "-$dg" -sign "$ikey" -out "$d/sig.bin" "$d/tbs.der"
  local body
  body="$tbs$alg$(der_tlv 03 "00$(hex_of "$d/sig.bin")")"
  bin_of "$(der_tlv 30 "$body")" >"$d/out.der"
  openssl x509 -inform DER -in "$d/out.der" -out "$pem"
}

# tbs_of PEM: the to-be-signed part of a certificate, in hex.
tbs_of() {
  local d="$WORK/der"
  mkdir -p "$d"
  openssl x509 -in "$1" -outform DER -out "$d/tbs-in.der"
  local h
  h=$(hex_of "$d/tbs-in.der")
  echo "${h:8:8 + 2 * 0x${h:12:4}}"
}

# tbs_set_len TBS_HEX: fix the outer length of an edited TBS (two-byte long form).
tbs_set_len() { printf '3082%04x%s' $(((${#1} - 8) / 2)) "${1:8}"; }
