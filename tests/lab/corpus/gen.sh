#!/usr/bin/env bash
# The defect corpus: gen.sh OUT_DIR [CASE...] writes one certificate directory per case
# (OUT_DIR/<case id>/, all cases when none are named), each in milvus-cert's layout
# (ca.pem ca.key server.pem server.key client.pem client.key, plus intermediate-N.pem
# where a case has intermediates) and each with ONE deliberate property; cases.toml says
# which, and what each client stack is expected to do with it.
#
# Needs only bash, coreutils and the openssl 3 CLI; no network. Idempotent: a case's
# directory is rebuilt aside and swapped in; other entries of OUT_DIR are left alone.
# Keys are random, everything else (names, extensions, dates relative to now) is fixed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"

# --- the standard set-up, with one knob per property -------------------------------------
#
# build writes the case into $D from these variables (all optional):
#   CA_ALG CA_EXT CA_NB CA_NA CA_MD CA_SIGOPT      the root (self-signed); CA_EXT="" → v1
#   INTS (0) INT_ALG INT_EXT INT_NB INT_NA INT_MD  intermediates; INT_* apply to the first
#   SRV_ALG SRV_SUBJ SRV_EXT SRV_NB SRV_NA SRV_MD SRV_SIGOPT   the server leaf
#   SEND_INTS (1)  server.pem = leaf + intermediates (nearest first), or the leaf alone
#   CLI_ALG CLI_SUBJ CLI_EXT CLI_NB CLI_NA CLI_MD  the client leaf
#   CLI_ISSUER root|last|other   who signs the client (last: the last intermediate)
ORG="/O=milvus-cert corpus"
build() {
  local ca_key issuer ikey n k
  ca_key=$(key "${CA_ALG:-p256}" ca)
  NB=${CA_NB:-} NA=${CA_NA:-} MD=${CA_MD:-} SIGOPT=${CA_SIGOPT:-} \
    sign "$D/ca.pem" "$ca_key" "$ORG/OU=$ID/CN=Corpus Root CA" "${CA_EXT-$(ext ca)}" - -
  cp "$ca_key" "$D/ca.key"
  issuer=$D/ca.pem ikey=$ca_key
  for ((n = 1; n <= ${INTS:-0}; n++)); do
    k=$(key "${INT_ALG:-p256}" "int$n")
    if [ "$n" = 1 ]; then
      NB=${INT_NB:-} NA=${INT_NA:-} MD=${INT_MD:-} SIGOPT= sign "$D/intermediate-$n.pem" "$k" \
        "$ORG/OU=$ID/CN=Corpus Intermediate CA $n" "${INT_EXT-$(ext int)}" "$issuer" "$ikey"
    else
      NB= NA= MD= SIGOPT= sign "$D/intermediate-$n.pem" "$k" \
        "$ORG/OU=$ID/CN=Corpus Intermediate CA $n" "$(ext int)" "$issuer" "$ikey"
    fi
    issuer=$D/intermediate-$n.pem ikey=$k
  done
  k=$(key "${SRV_ALG:-p256}" server)
  NB=${SRV_NB:-} NA=${SRV_NA:-} MD=${SRV_MD:-} SIGOPT=${SRV_SIGOPT:-} sign "$D/server.pem" "$k" \
    "${SRV_SUBJ-$ORG/CN=localhost}" "${SRV_EXT-$(ext server)}" "$issuer" "$ikey"
  cp "$k" "$D/server.key"
  [ "${SEND_INTS:-1}" = 1 ] && append_ints "$D/server.pem"
  build_client "$ca_key" "$issuer" "$ikey"
  chmod 600 "$D"/*.key
}

# append_ints PEM: the intermediates, nearest to the leaf first, after the leaf.
append_ints() {
  local n
  for ((n = ${INTS:-0}; n >= 1; n--)); do cat "$D/intermediate-$n.pem" >>"$1"; done
}

build_client() {
  local ci=$D/ca.pem cik=$1 k
  case ${CLI_ISSUER:-root} in
    root) ;;
    last) ci=$2 cik=$3 ;;
    other)
      cik=$(key p256 other)
      NB= NA= MD= SIGOPT= sign "$WORK/other-ca.pem" "$cik" "$ORG/OU=$ID/CN=Another Root CA" \
        "$(ext ca)" - -
      ci=$WORK/other-ca.pem
      ;;
  esac
  k=$(key "${CLI_ALG:-p256}" client)
  NB=${CLI_NB:-} NA=${CLI_NA:-} MD=${CLI_MD:-} SIGOPT= sign "$D/client.pem" "$k" \
    "${CLI_SUBJ-$ORG/CN=corpus-client}" "${CLI_EXT-$(ext client)}" "$ci" "$cik"
  cp "$k" "$D/client.key"
  if [ "${CLI_ISSUER:-root}" = last ] && [ "${CLI_SEND_INTS:-1}" = 1 ]; then
    append_ints "$D/client.pem"
  fi
}

ca_key() { key "${CA_ALG:-p256}" ca; }

# An unknown private extension (an OID under the example arc), DER NULL as its value.
UNKNOWN_EXT="1.3.6.1.4.1.32473.1.1"

# --- the cases, by class (see cases.toml) ------------------------------------------------
# Each case_* function builds $D. Names use _ where the case id has -.

# ok: correct set-ups, the usual and the unusual
case_ok_baseline() { build; }
case_ok_docs_like() {
  # RSA 2048 throughout and the leaves' key usage of the Milvus docs' openssl.cnf.
  CA_ALG=rsa2048 SRV_ALG=rsa2048 CLI_ALG=rsa2048 \
    SRV_EXT=$(ext server keyUsage=nonRepudiation,digitalSignature,keyEncipherment) \
    CLI_EXT=$(ext client keyUsage=nonRepudiation,digitalSignature,keyEncipherment) build
}
case_ok_ca_same_subject() { SRV_SUBJ="$ORG/OU=ok-ca-same-subject/CN=Corpus Root CA" build; }

# chain: what server.pem and ca.pem carry
case_chain_int_sent() { INTS=1 build; }
case_chain_int_missing() { INTS=1 SEND_INTS=0 build; }
case_chain_int_in_ca_pem() { INTS=1 SEND_INTS=0 build; cat "$D/intermediate-1.pem" >>"$D/ca.pem"; }
case_chain_root_sent() { build; cat "$D/ca.pem" >>"$D/server.pem"; }
case_chain_int_and_root_sent() { INTS=1 build; cat "$D/ca.pem" >>"$D/server.pem"; }
case_chain_extra_unrelated() {
  INTS=1 build
  NB= NA= MD= SIGOPT= sign "$WORK/stray.pem" "$(key p256 other)" "$ORG/OU=$ID/CN=Stray CA" \
    "$(ext ca)" - -
  cat "$WORK/stray.pem" >>"$D/server.pem"
}
case_chain_two_ints() { INTS=2 build; }
case_chain_out_of_order() {
  INTS=2 SEND_INTS=0 build
  cat "$D/intermediate-1.pem" "$D/intermediate-2.pem" >>"$D/server.pem"
}
case_chain_anchor_is_int() {
  # ca.pem holds the intermediate only (not self-signed); both leaves hang below it.
  INTS=1 SEND_INTS=0 CLI_ISSUER=last CLI_SEND_INTS=0 build
  cp "$D/intermediate-1.pem" "$D/ca.pem"
}
case_chain_ca_pem_two_roots() {
  build
  NB= NA= MD= SIGOPT= sign "$WORK/stray.pem" "$(key p256 other)" "$ORG/OU=$ID/CN=Stray CA" \
    "$(ext ca)" - -
  cat "$WORK/stray.pem" "$D/ca.pem" >"$WORK/both.pem"
  cp "$WORK/both.pem" "$D/ca.pem"
}
case_chain_ca_pem_with_text() {
  build
  openssl x509 -in "$D/ca.pem" -text >"$WORK/text.pem"
  cp "$WORK/text.pem" "$D/ca.pem"
}
case_chain_akid_mismatch() {
  # The leaf's authority key identifier names another key; name and signature are right.
  SRV_EXT=$(ext server authorityKeyIdentifier=- \
    "2.5.29.35=DER:30:16:80:14:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33") build
}
case_chain_bad_signature() {
  build
  # Flip the last byte of the leaf's signature (inside the ECDSA s integer).
  local h
  openssl x509 -in "$D/server.pem" -outform DER -out "$WORK/s.der"
  h=$(hex_of "$WORK/s.der")
  h=${h:0:${#h}-2}$(printf '%02x' $((0x${h: -2} ^ 0x01)))
  bin_of "$h" >"$WORK/s.der"
  openssl x509 -inform DER -in "$WORK/s.der" -out "$D/server.pem"
}

# ca: constraints on the CA certificates
case_ca_no_bc() { CA_EXT=$(ext ca basicConstraints=-) build; }
case_ca_bc_false() { CA_EXT=$(ext ca basicConstraints=critical,CA:FALSE) build; }
case_ca_bc_noncritical() { CA_EXT=$(ext ca basicConstraints=CA:TRUE) build; }
case_ca_no_ku() { CA_EXT=$(ext ca keyUsage=-) build; }
case_ca_ku_no_certsign() { CA_EXT=$(ext ca keyUsage=critical,digitalSignature,cRLSign) build; }
case_ca_v1() {
  # A v1 certificate has no key identifier for the leaves to point to.
  CA_EXT="" SRV_EXT=$(ext server authorityKeyIdentifier=-) \
    CLI_EXT=$(ext client authorityKeyIdentifier=-) build
}
case_ca_pathlen0_direct() { CA_EXT=$(ext ca basicConstraints=critical,CA:TRUE,pathlen:0) build; }
case_ca_pathlen0_int() {
  CA_EXT=$(ext ca basicConstraints=critical,CA:TRUE,pathlen:0) INTS=1 build
}
case_int_pathlen0_two_ints() {
  INT_EXT=$(ext int basicConstraints=critical,CA:TRUE,pathlen:0) INTS=2 build
}
case_int_no_bc() { INT_EXT=$(ext int basicConstraints=-) INTS=1 build; }
case_int_bc_false() { INT_EXT=$(ext int basicConstraints=critical,CA:FALSE) INTS=1 build; }
case_int_v1() { INT_EXT="" SRV_EXT=$(ext server authorityKeyIdentifier=-) INTS=1 build; }
case_int_ku_no_certsign() {
  INT_EXT=$(ext int keyUsage=critical,digitalSignature,cRLSign) INTS=1 build
}
case_ca_nc_permits() {
  CA_EXT=$(ext ca "nameConstraints=critical,permitted;DNS:localhost,permitted;IP:127.0.0.1/255.255.255.255,permitted;IP:::1/ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff") build
}
case_ca_nc_excludes() { CA_EXT=$(ext ca "nameConstraints=critical,permitted;DNS:example.com") build; }
case_int_nc_excludes() {
  INT_EXT=$(ext int "nameConstraints=critical,excluded;DNS:localhost") INTS=1 build
}

# validity: each certificate of the path
case_leaf_expired() { SRV_NB=$(days -400) SRV_NA=$(days -30) build; }
case_leaf_not_yet_valid() { SRV_NB=$(days 30) SRV_NA=$(days 400) build; }
case_int_expired() { INT_NB=$(days -400) INT_NA=$(days -30) INTS=1 build; }
case_ca_expired() { CA_NB=$(days -4000) CA_NA=$(days -30) build; }
case_ca_not_yet_valid() { CA_NB=$(days 30) CA_NA=$(days 4000) build; }
case_leaf_outlives_ca() { CA_NA=$(days 100) SRV_NA=$(days 800) build; }
case_leaf_notafter_9999() { SRV_NA=99991231235959Z build; }
case_leaf_generalized_time() {
  # notBefore as GeneralizedTime although before 2050 (RFC 5280 wants UTCTime there).
  build
  local tbs utc gen
  tbs=$(tbs_of "$D/server.pem")
  utc=$(grep -o '301e170d[0-9a-f]\{26\}' <<<"$tbs" | head -1)
  gen=$(printf '20%s' "$(bin_of "${utc:8:26}")" | od -An -tx1 | tr -d ' \n')
  tbs=${tbs/$utc/3020180f$gen${utc:34}}
  resign_tbs "$D/server.pem" "$(tbs_set_len "$tbs")" "$(ca_key)" sha256
}

# algorithm: signature and public-key algorithms, curves, sizes
case_alg_rsa1024_leaf() { SRV_ALG=rsa1024 build; }
case_alg_rsa1024_ca() { CA_ALG=rsa1024 build; }
case_alg_rsa2048() { CA_ALG=rsa2048 SRV_ALG=rsa2048 CLI_ALG=rsa2048 build; }
case_alg_rsa3072() { SRV_ALG=rsa3072 build; }
case_alg_rsa4096() { SRV_ALG=rsa4096 build; }
case_alg_rsa_pss_sig() {
  CA_ALG=rsa2048 SRV_SIGOPT="rsa_padding_mode:pss rsa_pss_saltlen:digest" build
}
case_alg_rsa_pss_key() { SRV_ALG=rsapss build; }
case_alg_p384() { CA_ALG=p384 SRV_ALG=p384 CLI_ALG=p384 build; }
case_alg_p521() { CA_ALG=p521 SRV_ALG=p521 CLI_ALG=p521 build; }
case_alg_ed25519() { CA_ALG=ed25519 SRV_ALG=ed25519 CLI_ALG=ed25519 build; }
case_alg_ed25519_leaf() { SRV_ALG=ed25519 build; }
case_alg_ed25519_ca() { CA_ALG=ed25519 build; }
case_alg_ed448_ca() { CA_ALG=ed448 build; }
case_alg_secp256k1_ca() { CA_ALG=secp256k1 build; }
case_alg_secp256k1_leaf() { SRV_ALG=secp256k1 build; }
case_alg_sha1_leaf() { SRV_MD=sha1 build; }
case_alg_sha1_ca() { CA_MD=sha1 build; }
case_alg_md5_leaf() { CA_ALG=rsa2048 SRV_MD=md5 build; }
case_alg_sha512_p256() { SRV_MD=sha512 build; }

# key: encodings of the key files
to_pkcs1_or_sec1() {
  # The traditional ("RSA PRIVATE KEY" / "EC PRIVATE KEY") form of a PKCS#8 key.
  openssl pkey -in "$1" -traditional -out "$WORK/trad.pem"
  cp "$WORK/trad.pem" "$1"
}
encrypt_key() {
  openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:corpus -in "$1" -out "$WORK/enc.pem"
  cp "$WORK/enc.pem" "$1"
}
case_key_client_pkcs1() { CLI_ALG=rsa2048 build; to_pkcs1_or_sec1 "$D/client.key"; }
case_key_client_sec1() { build; to_pkcs1_or_sec1 "$D/client.key"; }
case_key_client_encrypted() { build; encrypt_key "$D/client.key"; }
case_key_server_pkcs1() { SRV_ALG=rsa2048 build; to_pkcs1_or_sec1 "$D/server.key"; }
case_key_server_sec1() { build; to_pkcs1_or_sec1 "$D/server.key"; }
case_key_server_encrypted() { build; encrypt_key "$D/server.key"; }
case_key_client_rsa_pkcs8() { CLI_ALG=rsa2048 build; }

# ext: critical and non-critical extensions
case_ext_unknown_critical_leaf() { SRV_EXT=$(ext server "$UNKNOWN_EXT=critical,DER:05:00") build; }
case_ext_unknown_noncritical_leaf() { SRV_EXT=$(ext server "$UNKNOWN_EXT=DER:05:00") build; }
case_ext_unknown_critical_ca() { CA_EXT=$(ext ca "$UNKNOWN_EXT=critical,DER:05:00") build; }
case_ext_unknown_critical_int() {
  INT_EXT=$(ext int "$UNKNOWN_EXT=critical,DER:05:00") INTS=1 build
}
case_ext_server_no_eku() { SRV_EXT=$(ext server extendedKeyUsage=-) build; }
case_ext_server_eku_clientauth() { SRV_EXT=$(ext server extendedKeyUsage=clientAuth) build; }
case_ext_server_eku_any() { SRV_EXT=$(ext server extendedKeyUsage=anyExtendedKeyUsage) build; }
case_ext_server_eku_both() { SRV_EXT=$(ext server extendedKeyUsage=serverAuth,clientAuth) build; }
case_ext_server_eku_critical() { SRV_EXT=$(ext server extendedKeyUsage=critical,serverAuth) build; }
case_ext_server_ku_keyencipherment() {
  SRV_ALG=rsa2048 SRV_EXT=$(ext server keyUsage=critical,keyEncipherment) build
}
case_ext_server_no_ku() { SRV_EXT=$(ext server keyUsage=-) build; }
case_ext_server_ca_true() { SRV_EXT=$(ext server basicConstraints=critical,CA:TRUE) build; }
case_ext_no_key_ids() {
  SRV_EXT=$(ext server subjectKeyIdentifier=- authorityKeyIdentifier=none) build
}

# name: matching the server name, by DNS name and by IP
san() { ext server "subjectAltName=$1"; }
case_name_cn_only() { SRV_EXT=$(ext server subjectAltName=-) build; }
case_name_cn_ip_only() { SRV_SUBJ="$ORG/CN=127.0.0.1" SRV_EXT=$(ext server subjectAltName=-) build; }
case_name_san_dns_only() { SRV_EXT=$(san DNS:localhost) build; }
case_name_san_ip_only() { SRV_EXT=$(san IP:127.0.0.1,IP:::1) build; }
case_name_san_ipv6_only() { SRV_EXT=$(san IP:::1) build; }
case_name_ip_in_dns_san() { SRV_EXT=$(san DNS:127.0.0.1) build; }
case_name_wildcard_bare() { SRV_SUBJ="$ORG/CN=corpus-server" SRV_EXT=$(san 'DNS:*') build; }
case_name_wildcard_sub() { SRV_EXT=$(san 'DNS:*.localhost,IP:127.0.0.1') build; }
case_name_uppercase() { SRV_EXT=$(san DNS:LocalHost,IP:127.0.0.1) build; }
case_name_trailing_dot() { SRV_EXT=$(san DNS:localhost.,IP:127.0.0.1) build; }
case_name_empty_san() { SRV_EXT=$(ext server "subjectAltName=-" "2.5.29.17=DER:30:00") build; }
case_name_san_other_cn_match() { SRV_EXT=$(san DNS:milvus.example.com) build; }
case_name_san_uri_only() { SRV_EXT=$(san URI:spiffe://corpus/server) build; }
case_name_no_subject() {
  # Empty subject; the names are in a critical SAN, as RFC 5280 requires then.
  SRV_SUBJ=/ SRV_EXT=$(ext server \
    "subjectAltName=critical,DNS:localhost,IP:127.0.0.1,IP:::1") build
}

# pair: key and certificate belong together
case_pair_server_key_mismatch() { build; cp "$(key p256 other)" "$D/server.key"; }
case_pair_client_key_mismatch() { build; cp "$(key p256 other)" "$D/client.key"; }
case_pair_server_pem_int_first() {
  INTS=1 SEND_INTS=0 build
  cat "$D/intermediate-1.pem" "$D/server.pem" >"$WORK/swap.pem"
  cp "$WORK/swap.pem" "$D/server.pem"
}

# client: the client certificate in mode 2
case_client_eku_serverauth() { CLI_EXT=$(ext client extendedKeyUsage=serverAuth) build; }
case_client_eku_any() { CLI_EXT=$(ext client extendedKeyUsage=anyExtendedKeyUsage) build; }
case_client_no_eku() { CLI_EXT=$(ext client extendedKeyUsage=-) build; }
case_client_other_ca() { CLI_ISSUER=other build; }
case_client_expired() { CLI_NB=$(days -400) CLI_NA=$(days -30) build; }
case_client_not_yet_valid() { CLI_NB=$(days 30) CLI_NA=$(days 400) build; }
case_client_ca_true() { CLI_EXT=$(ext client basicConstraints=critical,CA:TRUE) build; }
case_client_int_sent() { INTS=1 CLI_ISSUER=last build; }
case_client_int_missing() { INTS=1 CLI_ISSUER=last CLI_SEND_INTS=0 build; }
case_client_sha1() { CLI_MD=sha1 build; }
case_client_ed25519() { CLI_ALG=ed25519 build; }
case_client_rsa1024() { CLI_ALG=rsa1024 build; }

# --- driver ------------------------------------------------------------------------------
all_cases() { declare -F | awk '{print $3}' | sed -n 's/^case_//p' | tr _ -; }

main() {
  if [ $# -lt 1 ] || [ "$1" = -h ] || [ "$1" = --help ]; then
    echo "usage: gen.sh OUT_DIR [CASE...]   (cases: gen.sh --list)" >&2
    return 2
  fi
  if [ "$1" = --list ]; then all_cases; return; fi
  local out=$1
  shift
  local -a ids=("$@")
  [ ${#ids[@]} -gt 0 ] || mapfile -t ids < <(all_cases)
  mkdir -p "$out"
  WORK=$(mktemp -d)
  current=""
  trap 'rc=$?; rm -rf "$WORK"; [ $rc = 0 ] || echo "gen.sh: case ${current:-?} failed" >&2' EXIT
  local id fn
  for id in "${ids[@]}"; do
    fn=case_${id//-/_}
    declare -F "$fn" >/dev/null || { echo "gen.sh: no case '$id'" >&2; return 2; }
    rm -rf "$out/.$id.tmp"
    mkdir "$out/.$id.tmp"
    # Not inside `||`: that would switch off `set -e` for the whole case.
    current=$id
    (ID=$id D=$out/.$id.tmp "$fn")
    rm -rf "$out/$id"
    mv "$out/.$id.tmp" "$out/$id"
  done
}
main "$@"
