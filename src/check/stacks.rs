//! Certificate path validation as each client's TLS stack does it. Every rule names the
//! stack's source that enforces it; the ids (`go/chain`, `boringssl/untrusted-only`…) are
//! those of docs/client-rules.md and tests/lab/corpus/cases.toml, where the corpus
//! directories that cover each rule are listed. tests/lab_verdicts.rs compares the result
//! with the lab's measurements (tests/lab/fixture.json).

use super::chain::{Signature, signature};
use crate::certdir::view::{CertView, Subtree};
use crate::pki::KeySpec;
use std::net::IpAddr;
use time::OffsetDateTime;

/// A certificate-verifying stack, as a Milvus client (or the server) sets it up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stack {
    /// Go `crypto/x509` (the Go SDK, and the Milvus server verifying client.pem).
    Go,
    /// JDK PKIX through netty-tcnative's OpenSslEngine (Java SDK, caPemPath).
    Java,
    /// OpenSSL 3 without partial chains, security level 1 (grpc-js, the Node SDK).
    Node,
    /// OpenSSL 3 with partial chains, Debian's security level 2 (curl).
    Curl,
    /// BoringSSL as gRPC C-core sets it up: partial chains, trusted first (pymilvus).
    Boring,
}

/// Why a stack refuses a path, before it is worded for a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reject {
    /// No path to a trusted certificate.
    UnknownAuthority,
    /// A signature does not verify.
    BadSignature,
    /// A certificate is used as an issuer but may not sign certificates.
    NotCa(String),
    /// keyUsage of an issuer lacks keyCertSign.
    NoCertSign(String),
    /// A certificate is outside its validity window.
    Expired(String, OffsetDateTime),
    /// A certificate is not valid yet.
    NotYetValid(String, OffsetDateTime),
    /// The signature algorithm is refused.
    WeakSignature(String),
    /// A key algorithm or curve the stack cannot use.
    UnsupportedKey(String),
    /// An RSA key too small for the stack's security level.
    KeyTooSmall {
        /// Modulus size.
        bits: u32,
        /// Whether it is the leaf's key.
        leaf: bool,
    },
    /// A pathLenConstraint is exceeded.
    PathLen,
    /// A name constraint excludes the leaf's names.
    NameConstraints,
    /// A name constraint of a type the stack does not support.
    UnsupportedConstraint,
    /// An unknown critical extension.
    UnknownCritical(String),
    /// extendedKeyUsage (or keyUsage) does not permit the purpose.
    Purpose,
    /// keyUsage does not allow the TLS 1.3 handshake signature.
    KeyUsageNoSignature,
    /// Something verify cannot decide (an algorithm it does not know).
    Unknown(String),
}

/// What the leaf is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A TLS server certificate (checked by the clients).
    Server,
    /// A TLS client certificate (checked by the Milvus server in mode 2).
    Client,
}

/// Extensions every stack understands when critical: keyUsage, SAN, basicConstraints,
/// nameConstraints, the policy extensions and EKU (RFC 5280 §4.2.1).
const KNOWN_EVERYWHERE: &[&str] = &[
    "2.5.29.15",
    "2.5.29.17",
    "2.5.29.19",
    "2.5.29.30",
    "2.5.29.32",
    "2.5.29.33",
    "2.5.29.36",
    "2.5.29.37",
    "2.5.29.54",
];

/// go/critical: x509 parser.go processExtensions also handles SKID, AKID, CRL
/// distribution points and authorityInfoAccess.
const KNOWN_GO: &[&str] = &["2.5.29.14", "2.5.29.35", "2.5.29.31", "1.3.6.1.5.5.7.1.1"];

/// openssl/critical: v3_purp.c X509_supported_extension also lists nsCertType,
/// proxyCertInfo and the RFC 3779 blocks (not SKID or AKID); BoringSSL the same.
const KNOWN_OPENSSL: &[&str] = &[
    "2.16.840.1.113730.1.1",
    "1.3.6.1.5.5.7.1.14",
    "1.3.6.1.5.5.7.1.7",
    "1.3.6.1.5.5.7.1.8",
];

/// The first critical extension `stack` does not know (java/critical: the JDK's
/// PKIXCertPathChecker set resolves only the common ones).
fn unknown_critical(stack: Stack, cert: &CertView) -> Option<&String> {
    let extra = match stack {
        Stack::Go => KNOWN_GO,
        Stack::Java => &[],
        Stack::Node | Stack::Curl | Stack::Boring => KNOWN_OPENSSL,
    };
    cert.critical_extensions
        .iter()
        .find(|oid| !KNOWN_EVERYWHERE.contains(&oid.as_str()) && !extra.contains(&oid.as_str()))
}

/// Whether keyUsage allows `bit`, or `None` without a keyUsage extension.
fn ku(cert: &CertView, bit: &str) -> Option<bool> {
    cert.key_cert_sign?;
    Some(cert.key_usage.iter().any(|k| k == bit))
}

/// A certificate in a path, and whether it came from the trust file. Borrowed: one
/// leaf is validated on 15 paths (stacks × modes × set-ups), and a copy costs more
/// than the checks.
#[derive(Debug, Clone)]
struct Node<'a> {
    cert: &'a CertView,
    trusted: bool,
}

/// Whether `parent` is a candidate issuer of `child` for `stack` (name match, and the key
/// identifier and keyUsage pre-checks of the stacks that make them).
fn candidate(stack: Stack, child: &Node, parent: &Node) -> bool {
    if parent.cert.subject_der != child.cert.issuer_der {
        return false;
    }
    // Go only ranks candidates by AKID (cert_pool.go findPotentialParents); Java
    // (PKIXCertPathValidator / AdaptableX509CertSelector), OpenSSL (x509_vfy.c
    // check_issued → X509_check_akid) and BoringSSL (v3_purp.cc X509_check_issued)
    // reject a candidate whose SKID differs from the child's AKID.
    if stack != Stack::Go
        && let (Some(a), Some(s)) = (&child.cert.authority_key_id, &parent.cert.subject_key_id)
        && a != s
    {
        return false;
    }
    // openssl/akid: OpenSSL 3's ossl_x509_likely_issued also wants the issuer's key type
    // to match the child's signature algorithm (check_sig_alg_match).
    if matches!(stack, Stack::Node | Stack::Curl)
        && key_family(&parent.cert.key.family()) != sig_family(&child.cert.signature_oid)
    {
        return false;
    }
    // boringssl/issuer: v3_purp.cc X509_check_issued wants keyCertSign when keyUsage is
    // present.
    if stack == Stack::Boring && parent.cert.key_cert_sign == Some(false) {
        return false;
    }
    true
}

/// The key family a signature algorithm needs (RSA, EC, or the EdDSA OID itself).
fn sig_family(oid: &str) -> &str {
    if oid.starts_with("1.2.840.113549.1.1.") {
        "rsa"
    } else if oid.starts_with("1.2.840.10045.4.") {
        "ecdsa"
    } else if oid == "1.3.101.112" {
        "ed25519"
    } else {
        oid
    }
}

fn key_family(algorithm: &str) -> &str {
    match algorithm {
        "1.2.840.113549.1.1.10" => "rsa",
        a => a,
    }
}

/// Every path from `leaf` through `untrusted` up to the first trusted certificate, trust
/// file first (OpenSSL/BoringSSL X509_V_FLAG_TRUSTED_FIRST; Go and Java stop at a root too).
fn paths<'a>(
    stack: Stack,
    leaf: &'a CertView,
    untrusted: &[&'a CertView],
    trust: &[&'a CertView],
    now: OffsetDateTime,
) -> Vec<Vec<Node<'a>>> {
    let node = |c: &'a CertView, trusted| Node { cert: c, trusted };
    let trusted: Vec<Node> = trust.iter().map(|c| node(c, true)).collect();
    let sent: Vec<Node> = untrusted.iter().map(|c| node(c, false)).collect();
    let first = match trust.iter().any(|t| t.der == leaf.der) {
        true => node(leaf, true),
        false => node(leaf, false),
    };
    let mut done = Vec::new();
    let mut todo = vec![vec![first]];
    let openssl = matches!(stack, Stack::Node | Stack::Curl | Stack::Boring);
    while let Some(path) = todo.pop() {
        let top = path.last().expect("paths are never empty");
        // OpenSSL's and BoringSSL's build_chain go on through the trust file above a
        // trusted certificate until a self-signed one (partial chains stop where it ends).
        let go_on = openssl && top.trusted && !top.cert.self_issued();
        if (top.trusted && !go_on) || path.len() > 8 {
            if top.trusted {
                done.push(path);
            }
            continue;
        }
        let seen = |n: &Node| path.iter().any(|p| p.cert.der == n.cert.der);
        let mut next: Vec<&Node> = trusted
            .iter()
            .filter(|p| !seen(p) && candidate(stack, top, p))
            .collect();
        if !top.trusted {
            next.extend(sent.iter().filter(|p| !seen(p) && candidate(stack, top, p)));
        }
        if openssl {
            next = first_issuer(next, now);
        }
        if go_on && next.is_empty() {
            done.push(path);
            continue;
        }
        for p in next.into_iter().rev() {
            let mut longer = path.clone();
            longer.push(p.clone());
            todo.push(longer);
        }
    }
    done
}

/// How many certificates at the bottom of `path` came from the peer
/// (`ctx->num_untrusted`): none when the chain is only a leaf found in the trust file
/// (boringssl/trusted-leaf, x509_vfy.cc check_trust); else up to the first trusted issuer.
fn untrusted_len(path: &[Node]) -> usize {
    if path.len() == 1 && path[0].trusted {
        return 0;
    }
    path.iter()
        .skip(1)
        .position(|n| n.trusted)
        .map_or(path.len(), |p| p + 1)
}

/// openssl/anchor, boringssl/issuer: OpenSSL and BoringSSL do not backtrack over issuers:
/// `X509_STORE_CTX_get1_issuer` (trust file, tried first) and `find_issuer` (the peer's
/// certificates) take the first candidate that `check_issued` accepts, preferring one
/// within its validity.
fn first_issuer<'n, 'a>(candidates: Vec<&'n Node<'a>>, now: OffsetDateTime) -> Vec<&'n Node<'a>> {
    let valid = |n: &&Node| n.cert.not_before <= now && now <= n.cert.not_after;
    let trusted: Vec<&Node> = candidates.iter().copied().filter(|n| n.trusted).collect();
    let pool = if trusted.is_empty() {
        candidates
    } else {
        trusted
    };
    let pick = pool.iter().copied().find(valid).or(pool.first().copied());
    pick.into_iter().collect()
}

/// Verifies `leaf` (with the certificates sent after it) against `trust` as `stack` does.
/// Tries every path; the first path's reason is reported when none passes.
pub fn validate(
    stack: Stack,
    chain: &[CertView],
    trust: &[CertView],
    purpose: Purpose,
    now: OffsetDateTime,
) -> Result<(), Reject> {
    let Some(leaf) = chain.first() else {
        return Err(Reject::UnknownAuthority);
    };
    let trust = usable_trust(stack, trust)?;
    let mut untrusted: Vec<&CertView> = chain[1..].iter().collect();
    // openssl/anchor: without partial chains the top must be a self-signed trusted
    // certificate; the trust file's other certificates still serve as intermediates.
    let trust: Vec<&CertView> = match stack {
        Stack::Node => {
            let (roots, others): (Vec<_>, Vec<_>) =
                trust.into_iter().partition(|c| c.self_issued());
            untrusted.extend(others);
            roots
        }
        _ => trust,
    };
    let candidates = paths(stack, leaf, &untrusted, &trust, now);
    let mut first = None;
    for path in &candidates {
        match check_path(stack, path, purpose, now) {
            Ok(()) => return Ok(()),
            Err(e) => {
                first.get_or_insert(e);
            }
        }
    }
    Err(first.unwrap_or(Reject::UnknownAuthority))
}

/// The trust file as the stack loads it. go/unsupported-keys: Go's
/// `CertPool.AppendCertsFromPEM` skips certificates whose key `x509.ParseCertificate`
/// cannot parse (secp256k1, Ed448); with none left the SDK reports no certificate.
fn usable_trust(stack: Stack, trust: &[CertView]) -> Result<Vec<&CertView>, Reject> {
    if stack != Stack::Go {
        return Ok(trust.iter().collect());
    }
    let ok: Vec<&CertView> = trust.iter().filter(|c| go_parses_key(c)).collect();
    match (ok.is_empty(), trust.first()) {
        (true, Some(c)) => Err(Reject::UnsupportedKey(key_name(c))),
        _ => Ok(ok),
    }
}

/// go/unsupported-keys: crypto/x509 parser.go `parsePublicKey` knows RSA, ECDSA on
/// P-224/256/384/521, Ed25519 and X25519 only.
pub fn go_parses_key(c: &CertView) -> bool {
    matches!(
        c.key,
        KeySpec::Rsa(_)
            | KeySpec::Ed25519
            | KeySpec::EcdsaP256
            | KeySpec::EcdsaP384
            | KeySpec::EcdsaP521
    )
}

/// The key's name, as shown in reasons.
pub fn key_name(c: &CertView) -> String {
    let (family, curve) = (c.key.family(), c.key.curve());
    match (family.as_str(), curve.as_deref()) {
        ("ecdsa", Some(curve)) => format!("EC {}", curve_name(curve)),
        ("1.3.101.113", _) => "Ed448".into(),
        (alg, _) => alg.to_string(),
    }
}

fn curve_name(curve: &str) -> &str {
    match curve {
        "1.3.132.0.10" => "secp256k1",
        c => c,
    }
}

fn check_path(
    stack: Stack,
    path: &[Node],
    purpose: Purpose,
    now: OffsetDateTime,
) -> Result<(), Reject> {
    let top = path.len() - 1;
    // java/pinned-leaf: PKIXValidator.engineValidate accepts a leaf that is itself in the
    // trust file without any path validation.
    if stack == Stack::Java && top == 0 {
        return Ok(());
    }
    for (i, node) in path.iter().enumerate() {
        check_cert(stack, path, i, purpose, now)?;
        if i < top {
            check_signature(stack, node.cert, &path[i + 1])?;
        }
    }
    check_keys(stack, path)
}

/// The checks of certificate `i` of `path` (0 = leaf).
fn check_cert(
    stack: Stack,
    path: &[Node],
    i: usize,
    purpose: Purpose,
    now: OffsetDateTime,
) -> Result<(), Reject> {
    let node = &path[i];
    let top = i + 1 == path.len();
    // java/anchor-unchecked: the JDK's trust anchor is not part of the validated path.
    let java_anchor = stack == Stack::Java && top && i > 0;
    // boringssl/untrusted-only: x509_vfy.cc check_chain_extensions stops at the trusted
    // part of the chain (which, with partial chains, may be the leaf itself).
    let boring_trusted = stack == Stack::Boring && i >= untrusted_len(path);
    if !java_anchor {
        // go/validity (verify.go isValid), java/validity (BasicChecker), openssl/validity
        // and boringssl/internal-verify (x509_vfy internal_verify → check_cert_time).
        if now > node.cert.not_after {
            return Err(Reject::Expired(
                node.cert.subject.clone(),
                node.cert.not_after,
            ));
        }
        if now < node.cert.not_before {
            return Err(Reject::NotYetValid(
                node.cert.subject.clone(),
                node.cert.not_before,
            ));
        }
    }
    if !java_anchor && !boring_trusted {
        // go/critical, java/critical, openssl/critical (check_extensions), boringssl.
        if let Some(oid) = unknown_critical(stack, node.cert) {
            return Err(Reject::UnknownCritical(oid.clone()));
        }
    }
    if i > 0 {
        check_issuer(stack, path, i, top, java_anchor, boring_trusted)?;
    }
    if !java_anchor {
        check_name_constraints(stack, path[0].cert, node)?;
    }
    if !boring_trusted {
        check_purpose(stack, path, i, purpose)?;
    }
    Ok(())
}

/// CA-ness and path length of issuer `i`.
fn check_issuer(
    stack: Stack,
    path: &[Node],
    i: usize,
    top: bool,
    java_anchor: bool,
    boring_trusted: bool,
) -> Result<(), Reject> {
    let c = path[i].cert;
    let ku_sign = c.key_cert_sign;
    let bc_ca = c.has_basic_constraints && c.is_ca;
    let v1_root = c.version == 1 && c.self_issued();
    let subject = c.subject.clone();
    match stack {
        // go/ca: x509.go CheckSignatureFrom — a v3 parent needs basicConstraints CA:TRUE,
        // and keyCertSign if it has keyUsage; roots included.
        Stack::Go => {
            // verify.go isValid: an intermediate needs basicConstraints CA:TRUE, v1 or not
            // (NotAuthorizedToSign).
            if (c.version == 3 || !top) && !bc_ca {
                return Err(Reject::NotCa(subject));
            }
            if ku_sign == Some(false) {
                return Err(Reject::NoCertSign(subject));
            }
        }
        // java/anchor-ca: PKIXValidator.verifyTrustAnchor; java/ca-constraints:
        // ConstraintsChecker (CA:TRUE, no v1 intermediates) and KeyChecker (keyCertSign).
        Stack::Java => {
            if java_anchor && c.version == 1 {
                return Ok(());
            }
            if !bc_ca {
                return Err(Reject::NotCa(subject));
            }
            if ku_sign == Some(false) {
                return Err(Reject::NoCertSign(subject));
            }
        }
        // openssl/ca: x509_vfy.c check_extensions with v3_purp.c X509_check_ca; the last
        // certificate may also be a v1 self-signed root or carry keyCertSign without
        // basicConstraints. KU without keyCertSign fails (ossl_x509_signing_allowed).
        Stack::Node | Stack::Curl => {
            let lenient = top && (v1_root || (!c.has_basic_constraints && ku_sign == Some(true)));
            if !(bc_ca || lenient) {
                return Err(Reject::NotCa(subject));
            }
            if ku_sign == Some(false) {
                return Err(Reject::NoCertSign(subject));
            }
        }
        // boringssl/ca: v3_purp.cc check_ca, untrusted intermediates only.
        Stack::Boring => {
            if !(boring_trusted || bc_ca || v1_root) {
                return Err(Reject::NotCa(subject));
            }
        }
    }
    // go/pathlen, openssl/pathlen, java/ca-constraints; BoringSSL and the JDK skip
    // certificates of the trust file.
    let skip = java_anchor || boring_trusted;
    if !skip && c.path_len.is_some_and(|n| (n as usize) < i - 1) {
        return Err(Reject::PathLen);
    }
    Ok(())
}

fn check_name_constraints(stack: Stack, leaf: &CertView, node: &Node) -> Result<(), Reject> {
    let Some(nc) = &node.cert.name_constraints else {
        return Ok(());
    };
    let all = nc.permitted.iter().chain(&nc.excluded);
    // BoringSSL's v3_ncons.cc nc_match_single supports DNS, e-mail, URI and directory-name
    // constraints only: an IP SAN meeting an IP subtree fails "unsupported name constraint
    // type" (measured: ca-nc-permits).
    if stack == Stack::Boring
        && !leaf.ip_sans.is_empty()
        && all.clone().any(|s| matches!(s, Subtree::Ip(..)))
    {
        return Err(Reject::UnsupportedConstraint);
    }
    if all.clone().any(|s| matches!(s, Subtree::Other)) {
        return Err(Reject::Unknown(
            "a name constraint of a type verify does not evaluate".into(),
        ));
    }
    // go/name-constraints, openssl/name-constraints: every SAN of the leaf, by type.
    let dns_in = |s: &Subtree, name: &str| match s {
        Subtree::Dns(d) => {
            let name = name.to_ascii_lowercase();
            let d = d.trim_start_matches('.');
            name == d || name.ends_with(&format!(".{d}"))
        }
        _ => false,
    };
    let ip_in = |s: &Subtree, ip: &IpAddr| match (s, ip) {
        (Subtree::Ip(a, m), ip) => {
            let b = match ip {
                IpAddr::V4(v) => v.octets().to_vec(),
                IpAddr::V6(v) => v.octets().to_vec(),
            };
            b.len() == a.len() && b.iter().zip(a).zip(m).all(|((x, y), m)| x & m == y & m)
        }
        _ => false,
    };
    let dns_permitted = nc.permitted.iter().filter(|s| matches!(s, Subtree::Dns(_)));
    let ip_permitted = nc.permitted.iter().filter(|s| matches!(s, Subtree::Ip(..)));
    for name in &leaf.dns_sans {
        if nc.excluded.iter().any(|s| dns_in(s, name))
            || (dns_permitted.clone().count() > 0
                && !dns_permitted.clone().any(|s| dns_in(s, name)))
        {
            return Err(Reject::NameConstraints);
        }
    }
    for ip in &leaf.ip_sans {
        if nc.excluded.iter().any(|s| ip_in(s, ip))
            || (ip_permitted.clone().count() > 0 && !ip_permitted.clone().any(|s| ip_in(s, ip)))
        {
            return Err(Reject::NameConstraints);
        }
    }
    Ok(())
}

/// EKU and keyUsage of certificate `i` for `purpose`.
fn check_purpose(stack: Stack, path: &[Node], i: usize, purpose: Purpose) -> Result<(), Reject> {
    let c = path[i].cert;
    let wants = |e: &crate::certdir::view::Eku| match purpose {
        Purpose::Server => e.server_auth,
        Purpose::Client => e.client_auth,
    };
    match stack {
        // go/eku: verify.go checkChainForKeyUsage — every certificate with an EKU must
        // allow the usage or anyExtendedKeyUsage (roots included).
        Stack::Go => {
            if c.eku.is_some_and(|e| !e.any && !wants(&e)) {
                return Err(Reject::Purpose);
            }
        }
        // java/eku: EndEntityChecker.checkTLSServer — the leaf only; its keyUsage must
        // allow digitalSignature (measured: ext-server-ku-keyencipherment).
        Stack::Java if i == 0 => {
            if c.eku.is_some_and(|e| !e.any && !wants(&e)) {
                return Err(Reject::Purpose);
            }
            if ku(path[0].cert, "digitalSignature") == Some(false) {
                return Err(Reject::KeyUsageNoSignature);
            }
        }
        Stack::Java => {}
        // openssl/purpose: v3_purp.c check_purpose_ssl_server / xku_reject — the EKU of
        // the leaf and of every CA must list the purpose (anyExtendedKeyUsage alone is
        // refused); a leaf keyUsage needs digitalSignature, keyEncipherment or keyAgreement.
        Stack::Node | Stack::Curl | Stack::Boring => {
            if c.eku.is_some_and(|e| !wants(&e)) {
                return Err(Reject::Purpose);
            }
            if i == 0
                && ["digitalSignature", "keyEncipherment", "keyAgreement"]
                    .iter()
                    .all(|bit| ku(path[0].cert, bit) == Some(false))
            {
                return Err(Reject::Purpose);
            }
        }
    }
    Ok(())
}

/// The signature of `child` by `parent`: the stack's algorithm policy, then the maths.
fn check_signature(stack: Stack, child: &CertView, parent: &Node) -> Result<(), Reject> {
    let oid = child.signature_oid.as_str();
    let name = child.signature_algorithm.clone();
    let md5 = oid == "1.2.840.113549.1.1.4";
    let sha1 = matches!(oid, "1.2.840.113549.1.1.5" | "1.2.840.10045.4.1");
    let pss = oid == "1.2.840.113549.1.1.10";
    let eddsa = matches!(oid, "1.3.101.112" | "1.3.101.113");
    match stack {
        // go/sig-weak: x509.go checkSignature refuses MD5 and SHA-1 (and parses no Ed448).
        Stack::Go if md5 || sha1 || oid == "1.3.101.113" => {
            return Err(Reject::WeakSignature(name));
        }
        // java/disabled-algs: MD5 is disabled; netty-tcnative's OpenSslEngine offers no
        // EdDSA or RSASSA-PSS certificate signatures to the JDK's algorithm constraints.
        Stack::Java if md5 || pss || eddsa => return Err(Reject::WeakSignature(name)),
        // openssl/seclevel: security level 1 and up refuse SHA-1 and MD5 signatures.
        Stack::Node | Stack::Curl if md5 || sha1 => return Err(Reject::WeakSignature(name)),
        // boringssl/algs: crypto/x509/algorithm.cc has no MD5.
        Stack::Boring if md5 => return Err(Reject::WeakSignature(name)),
        _ => {}
    }
    let (key, curve) = (parent.cert.key.family(), parent.cert.key.curve());
    let (key, curve) = (key.as_str(), curve.as_deref().map(curve_name));
    let exotic = key == "1.3.101.113" || curve == Some("secp256k1");
    if exotic {
        return match stack {
            // go/unsupported-keys, java/curves (SunEC has no secp256k1 since JDK 16),
            // boringssl/algs (PUBLIC_KEY_DECODE_ERROR): the issuer's key is unusable.
            Stack::Go | Stack::Java | Stack::Boring => {
                Err(Reject::UnsupportedKey(key_name(parent.cert)))
            }
            // openssl/algs: OpenSSL 3 verifies these. verify cannot check the signature
            // itself, so it trusts the names and key identifiers here.
            Stack::Node | Stack::Curl => Ok(()),
        };
    }
    match signature(child, parent.cert) {
        Signature::Valid => Ok(()),
        Signature::Invalid => Err(Reject::BadSignature),
        Signature::Unsupported => Err(Reject::Unknown(format!(
            "verify cannot check a {name} signature"
        ))),
    }
}

/// Key sizes per security policy: openssl/seclevel (Debian's curl at level 2 wants RSA ≥
/// 2048 on every certificate, anchor included), and RSA < 1024 refused by everyone
/// (Go crypto/rsa, the JDK's disabledAlgorithms, OpenSSL level 1).
fn check_keys(stack: Stack, path: &[Node]) -> Result<(), Reject> {
    for (i, n) in path.iter().enumerate() {
        let KeySpec::Rsa(bits) = n.cert.key else {
            continue;
        };
        let java_anchor = stack == Stack::Java && i + 1 == path.len() && i > 0;
        let min = if stack == Stack::Curl { 2048 } else { 1024 };
        if bits < min && !java_anchor {
            return Err(Reject::KeyTooSmall { bits, leaf: i == 0 });
        }
    }
    Ok(())
}
