//! Chain facts: rustls-webpki path validation (what rustls-based clients do), an
//! independent signature check that also accepts legacy algorithms (so a SHA-1 or
//! RSA-1024 chain is still known to be "signed by ca.pem"), and the name-matching rules
//! of each TLS stack.

use crate::certdir::view::CertView;
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use time::OffsetDateTime;
use webpki::{EndEntityCert, KeyPurposeIdIter};
use x509_parser::prelude::{FromDer, X509Certificate};

/// Accepts any EKU: the EKU is judged by its own check, so the chain check is only
/// about signatures and CA constraints.
struct AnyEku;

impl webpki::ExtendedKeyUsageValidator for AnyEku {
    fn validate(&self, _iter: KeyPurposeIdIter<'_, '_>) -> Result<(), webpki::Error> {
        Ok(())
    }
}

/// Runs rustls-webpki path building from `chain[0]` (intermediates after it) to any of
/// `anchors`. Validity is checked at `now` when the leaf is valid then, else in the
/// middle of the leaf's window, so an expired leaf still gets its signature checked
/// (expiry is its own finding).
pub fn webpki_path(
    chain: &[CertView],
    anchors: &[CertView],
    now: OffsetDateTime,
) -> Result<usize, webpki::Error> {
    let leaf = chain.first().ok_or(webpki::Error::BadDer)?;
    let leaf_der = CertificateDer::from(leaf.der.as_slice());
    let ee = EndEntityCert::try_from(&leaf_der)?;
    let anchor_ders: Vec<CertificateDer<'_>> = anchors
        .iter()
        .map(|a| CertificateDer::from(a.der.as_slice()))
        .collect();
    // Which anchor each usable trust anchor came from.
    let (index, trust): (Vec<usize>, Vec<_>) = anchor_ders
        .iter()
        .enumerate()
        .filter_map(|(i, d)| Some((i, webpki::anchor_from_trusted_cert(d).ok()?)))
        .unzip();
    let intermediates: Vec<CertificateDer<'_>> = chain[1..]
        .iter()
        .map(|c| CertificateDer::from(c.der.as_slice()))
        .collect();
    let at = if leaf.not_before <= now && now <= leaf.not_after {
        now
    } else {
        leaf.not_before + (leaf.not_after - leaf.not_before) / 2
    };
    let secs = u64::try_from(at.unix_timestamp()).unwrap_or(0);
    let path = ee.verify_for_usage(
        webpki::ALL_VERIFICATION_ALGS,
        &trust,
        &intermediates,
        UnixTime::since_unix_epoch(Duration::from_secs(secs)),
        AnyEku,
        None,
        None,
    )?;
    // The anchor webpki ended at is one of `trust`, so its position there is exact even
    // when two anchors share a subject (a CA re-issued with a new key).
    let at = trust.iter().position(|t| std::ptr::eq(t, path.anchor()));
    let anchor = at.map_or(0, |p| index[p]);
    let mut child = leaf;
    for inter in path.intermediate_certificates() {
        let Some(parent) = chain[1..].iter().find(|c| c.der == inter.der().as_ref()) else {
            return Ok(anchor);
        };
        verified(child, parent);
        child = parent;
    }
    verified(child, &anchors[anchor]);
    Ok(anchor)
}

/// Whether `child`'s signature verifies with `issuer`'s key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signature {
    /// It verifies.
    Valid,
    /// It does not.
    Invalid,
    /// The algorithm is not one we can check (MD5, RSA-PSS, unknown).
    Unsupported,
}

/// Results of a pure function of certificates, kept for the life of the process and
/// shared by its threads. `verify` validates the same leaf once per client stack, mode
/// and set-up (15 paths for server.pem), so the same signature and extensions come up
/// again and again; one RSA-2048 signature check costs as much as parsing the whole
/// directory. Keyed by the DER itself, so a hit is always the same input.
pub(super) struct Memo<K, V>(Mutex<BTreeMap<K, V>>);

impl<K: Ord, V: Clone> Memo<K, V> {
    pub(super) const fn new() -> Self {
        Memo(Mutex::new(BTreeMap::new()))
    }

    /// Records the value for `key`.
    pub(super) fn insert(&self, key: K, value: V) {
        self.lock().insert(key, value);
    }

    /// The value for `key`, computed by `compute` the first time.
    pub(super) fn get_or(&self, key: K, compute: impl FnOnce() -> V) -> V {
        if let Some(v) = self.lock().get(&key) {
            return v.clone();
        }
        // Computed outside the lock, so other threads are not held up; two threads may
        // both compute a value, which is the same value.
        let v = compute();
        self.lock().insert(key, v.clone());
        v
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<K, V>> {
        // The map is only ever inserted into whole values: still usable after a panic.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Every signature checked so far, by (child, issuer) DER.
static SIGNATURES: Memo<(Vec<u8>, Vec<u8>), Signature> = Memo::new();

/// Checks one signature, accepting SHA-1 and RSA keys from 1024 bits (legacy stacks do).
pub fn signature(child: &CertView, issuer: &CertView) -> Signature {
    let key = (child.der.clone(), issuer.der.clone());
    SIGNATURES.get_or(key, || check_signature(child, issuer))
}

/// Records that rustls-webpki verified `child`'s signature with `issuer`'s key, so
/// [`signature`] need not do it again. Only for algorithms [`signature`] checks itself:
/// webpki's are a subset of them (same maths, stricter key sizes), so its "valid" is
/// the answer [`signature`] would give; for the others (ML-DSA) it says `Unsupported`.
fn verified(child: &CertView, issuer: &CertView) {
    if algorithm(&child.signature_oid, issuer.key.curve().as_deref()).is_some() {
        SIGNATURES.insert((child.der.clone(), issuer.der.clone()), Signature::Valid);
    }
}

/// How a signature algorithm is checked.
enum Algorithm {
    /// With this aws-lc-rs algorithm.
    Fixed(&'static dyn aws_lc_rs::signature::VerificationAlgorithm),
    /// RSASSA-PSS, whose hash is in the parameters.
    Pss,
}

/// The algorithm for a signature OID and the issuer's curve, if [`signature`] checks it.
fn algorithm(oid: &str, curve: Option<&str>) -> Option<Algorithm> {
    use aws_lc_rs::signature as sig;
    let alg: &'static dyn sig::VerificationAlgorithm = match (oid, curve) {
        ("1.2.840.113549.1.1.5", _) => &sig::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
        ("1.2.840.113549.1.1.11", _) => &sig::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
        ("1.2.840.113549.1.1.12", _) => &sig::RSA_PKCS1_2048_8192_SHA384,
        ("1.2.840.113549.1.1.13", _) => &sig::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
        ("1.2.840.10045.4.1", Some("P-256")) => &sig::ECDSA_P256_SHA1_ASN1,
        ("1.2.840.10045.4.3.2", Some("P-256")) => &sig::ECDSA_P256_SHA256_ASN1,
        ("1.2.840.10045.4.3.3", Some("P-256")) => &sig::ECDSA_P256_SHA384_ASN1,
        ("1.2.840.10045.4.3.2", Some("P-384")) => &sig::ECDSA_P384_SHA256_ASN1,
        ("1.2.840.10045.4.3.3", Some("P-384")) => &sig::ECDSA_P384_SHA384_ASN1,
        ("1.2.840.10045.4.3.4", Some("P-384")) => &sig::ECDSA_P384_SHA512_ASN1,
        ("1.2.840.10045.4.3.4", Some("P-256")) => &sig::ECDSA_P256_SHA512_ASN1,
        ("1.2.840.10045.4.3.2", Some("P-521")) => &sig::ECDSA_P521_SHA256_ASN1,
        ("1.2.840.10045.4.3.3", Some("P-521")) => &sig::ECDSA_P521_SHA384_ASN1,
        ("1.2.840.10045.4.3.4", Some("P-521")) => &sig::ECDSA_P521_SHA512_ASN1,
        ("1.3.101.112", _) => &sig::ED25519,
        ("1.2.840.113549.1.1.10", _) => return Some(Algorithm::Pss),
        _ => return None,
    };
    Some(Algorithm::Fixed(alg))
}

fn check_signature(child: &CertView, issuer: &CertView) -> Signature {
    use aws_lc_rs::signature as sig;
    let Some(alg) = algorithm(&child.signature_oid, issuer.key.curve().as_deref()) else {
        return Signature::Unsupported;
    };
    let Ok((_, cert)) = X509Certificate::from_der(&child.der) else {
        return Signature::Invalid;
    };
    let Ok((_, parent)) = X509Certificate::from_der(&issuer.der) else {
        return Signature::Invalid;
    };
    let key = parent.public_key().subject_public_key.data.as_ref();
    let alg = match alg {
        Algorithm::Fixed(alg) => alg,
        Algorithm::Pss => return pss(&cert, key),
    };
    let tbs = cert.tbs_certificate.as_ref();
    let signature = cert.signature_value.data.as_ref();
    match sig::UnparsedPublicKey::new(alg, key).verify(tbs, signature) {
        Ok(()) => Signature::Valid,
        Err(_) => Signature::Invalid,
    }
}

/// RSASSA-PSS: the hash is in the parameters; trying the three SHA-2 hashes (with the
/// salt as long as the hash, as every issuing tool writes it) finds the one used.
fn pss(cert: &X509Certificate<'_>, key: &[u8]) -> Signature {
    use aws_lc_rs::signature as sig;
    let tbs = cert.tbs_certificate.as_ref();
    let signature = cert.signature_value.data.as_ref();
    let algs: [&dyn sig::VerificationAlgorithm; 3] = [
        &sig::RSA_PSS_2048_8192_SHA256,
        &sig::RSA_PSS_2048_8192_SHA384,
        &sig::RSA_PSS_2048_8192_SHA512,
    ];
    if algs.iter().any(|a| {
        sig::UnparsedPublicKey::new(*a, key)
            .verify(tbs, signature)
            .is_ok()
    }) {
        Signature::Valid
    } else {
        Signature::Invalid
    }
}

/// How a leaf relates to the trust anchors, by our own signature checks.
#[derive(Debug, Clone)]
pub enum Issued {
    /// A path of valid signatures reaches this anchor; `path` lists the chain from the
    /// leaf up to and including the anchor.
    By {
        #[allow(
            dead_code,
            reason = "never read since the modules went private (folder move); issue 12: use or remove"
        )]
        /// Index of the anchor.
        anchor: usize,
        #[allow(
            dead_code,
            reason = "never read since the modules went private (folder move); issue 12: use or remove"
        )]
        /// Leaf, intermediates, anchor.
        path: Vec<CertView>,
    },
    /// An anchor has the issuer's name but the signature fails.
    BadSignature,
    /// No anchor (or intermediate) has the issuer's name.
    UnknownIssuer,
    /// The signature algorithm cannot be checked (MD5…).
    Unverifiable,
}

/// Follows issuer names from `chain[0]` through `chain[1..]` to `anchors`, checking each
/// signature. At most 8 steps.
pub fn issued_by(chain: &[CertView], anchors: &[CertView]) -> Issued {
    let Some(mut current) = chain.first().cloned() else {
        return Issued::UnknownIssuer;
    };
    let mut path = vec![current.clone()];
    let mut outcome = Issued::UnknownIssuer;
    for _ in 0..8 {
        let mut next = None;
        for (i, anchor) in anchors.iter().enumerate() {
            if anchor.subject_der != current.issuer_der {
                continue;
            }
            match signature(&current, anchor) {
                Signature::Valid => {
                    path.push(anchor.clone());
                    return Issued::By { anchor: i, path };
                }
                Signature::Invalid => outcome = Issued::BadSignature,
                Signature::Unsupported => outcome = Issued::Unverifiable,
            }
        }
        for inter in &chain[1..] {
            if inter.subject_der == current.issuer_der
                && inter.der != current.der
                && signature(&current, inter) == Signature::Valid
            {
                next = Some(inter.clone());
                break;
            }
        }
        match next {
            Some(n) => {
                path.push(n.clone());
                current = n;
            }
            None => return outcome,
        }
    }
    outcome
}

#[allow(
    dead_code,
    reason = "unused since the modules went private (folder move); issue 12: use or remove"
)]
/// Whether OpenSSL treats a trust-file certificate as a CA (X509_check_ca): CA:TRUE, or
/// without basicConstraints a v1 self-signed certificate or keyUsage keyCertSign.
pub fn openssl_is_ca(cert: &CertView) -> bool {
    if cert.has_basic_constraints {
        cert.is_ca && cert.key_cert_sign != Some(false)
    } else {
        (cert.version == 1 && cert.self_issued()) || cert.key_cert_sign == Some(true)
    }
}

/// A server name, as clients parse it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Name {
    /// A host name.
    Dns(String),
    /// An IP address.
    Ip(IpAddr),
}

impl Name {
    /// Parses `--server-name`.
    pub fn parse(name: &str) -> Name {
        match name.trim_matches(['[', ']']).parse::<IpAddr>() {
            Ok(ip) => Name::Ip(ip),
            Err(_) => Name::Dns(name.trim_end_matches('.').to_ascii_lowercase()),
        }
    }
}

/// Matching of one presented DNS name: the one rule, [`crate::pki::names::dns_name_matches`].
pub fn dns_matches(pattern: &str, host: &str) -> bool {
    crate::pki::names::dns_name_matches(pattern, host)
}

/// SAN-only matching, as Go's crypto/tls and rustls do.
pub fn san_matches(cert: &CertView, name: &Name) -> bool {
    match name {
        Name::Dns(host) => cert.dns_sans.iter().any(|p| dns_matches(p, host)),
        Name::Ip(ip) => cert.ip_sans.contains(ip),
    }
}

/// Whether the CommonName matches (the legacy fallback of some stacks).
pub fn cn_matches(cert: &CertView, name: &Name) -> bool {
    match name {
        Name::Dns(host) => cert.common_names.iter().any(|cn| dns_matches(cn, host)),
        Name::Ip(ip) => cert
            .common_names
            .iter()
            .any(|cn| cn.parse::<IpAddr>().ok() == Some(*ip)),
    }
}

#[allow(
    dead_code,
    reason = "only the tests use it since the modules went private (folder move)"
)]
/// rustls-webpki's own verdict on the name (used to cross-check `san_matches`).
pub fn webpki_name_ok(cert: &CertView, name: &str) -> bool {
    let der = CertificateDer::from(cert.der.as_slice());
    let Ok(ee) = EndEntityCert::try_from(&der) else {
        return false;
    };
    let Ok(server_name) = ServerName::try_from(name) else {
        return false;
    };
    ee.verify_is_valid_for_subject_name(&server_name).is_ok()
}

/// A webpki error in words.
pub fn describe_webpki(error: &webpki::Error) -> String {
    use webpki::Error as E;
    match error {
        E::UnsupportedSignatureAlgorithmContext(_)
        | E::UnsupportedSignatureAlgorithmForPublicKeyContext(_) => {
            "the signature algorithm or key size is not accepted (rustls needs SHA-256+ and RSA 2048+)"
                .to_string()
        }
        E::CaUsedAsEndEntity => "the leaf certificate is itself a CA (CA:TRUE)".to_string(),
        E::EndEntityUsedAsCa => "an intermediate certificate is not a CA".to_string(),
        E::PathLenConstraintViolated => "a CA's pathlen constraint is exceeded".to_string(),
        E::UnsupportedCertVersion => "the certificate is not X.509 v3".to_string(),
        E::CertExpired { .. } => "a certificate in the chain has expired".to_string(),
        E::CertNotValidYet { .. } => "a certificate in the chain is not valid yet".to_string(),
        E::BadDer | E::BadDerTime => "the certificate is not valid DER".to_string(),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issue::serial::Serial;
    use crate::pki::{CaBuilder, KeySpec, LeafBuilder, San, Subject, Validity};

    fn subject(cn: &str) -> Subject {
        Subject {
            common_name: cn.to_string(),
            country: None,
            state: None,
            locality: None,
            organization: None,
            organizational_unit: None,
        }
    }

    fn leaf(sans: &[&str]) -> (CertView, CertView) {
        let now = OffsetDateTime::now_utc();
        let validity = Validity::days_from(now, 30);
        let ca = CaBuilder::new(subject("test CA"), validity, Serial::random().unwrap())
            .build(KeySpec::EcdsaP256.generate().unwrap())
            .unwrap();
        let sans = sans.iter().map(|s| San::parse(s).unwrap()).collect();
        let key = KeySpec::EcdsaP256.generate().unwrap();
        let issued = LeafBuilder::server(subject("localhost"), sans)
            .issue(&key, &ca, validity, &Serial::random().unwrap())
            .unwrap();
        (
            CertView::from_der(&issued.cert_der, now).unwrap(),
            CertView::from_der(ca.cert_der(), now).unwrap(),
        )
    }

    #[test]
    fn san_matching_agrees_with_webpki() {
        let (cert, ca) = leaf(&["*.example.com", "localhost", "10.0.0.5", "::1"]);
        for name in [
            "a.example.com",
            "example.com",
            "a.b.example.com",
            "localhost",
            "LOCALHOST",
            "10.0.0.5",
            "10.0.0.6",
            "::1",
            "other",
        ] {
            assert_eq!(
                san_matches(&cert, &Name::parse(name)),
                webpki_name_ok(&cert, name),
                "{name}"
            );
        }
        assert!(matches!(
            issued_by(std::slice::from_ref(&cert), std::slice::from_ref(&ca)),
            Issued::By { anchor: 0, .. }
        ));
        assert_eq!(signature(&cert, &ca), Signature::Valid);
        assert_eq!(signature(&ca, &cert), Signature::Invalid);
        assert_eq!(
            webpki_path(&[cert], &[ca], OffsetDateTime::now_utc()).unwrap(),
            0
        );
    }

    #[test]
    fn wildcards_cover_one_label_only() {
        assert!(dns_matches("*.example.com", "a.example.com"));
        assert!(!dns_matches("*.example.com", "example.com"));
        assert!(!dns_matches("*.com", "example.com"));
        assert!(dns_matches("Example.COM.", "example.com"));
    }
}
