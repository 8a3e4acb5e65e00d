//! Chain facts: rustls-webpki path validation (what rustls-based clients do), paths by
//! the one signature checker (`pki::signature`, which also accepts legacy algorithms),
//! and the name-matching rules of each TLS stack.

use crate::certdir::view::CertView;
use crate::pki::signature::{Signature, verified};
use rustls_pki_types::{CertificateDer, UnixTime};
use std::net::IpAddr;
use std::time::Duration;
use time::OffsetDateTime;
use webpki::{EndEntityCert, KeyPurposeIdIter};

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
        verified(child.signed(), parent.signed());
        child = parent;
    }
    verified(child.signed(), anchors[anchor].signed());
    Ok(anchor)
}

/// How a leaf relates to the trust anchors, by our own signature checks.
#[derive(Debug, Clone)]
pub enum Issued {
    /// A path of valid signatures reaches an anchor.
    By,
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
    let mut outcome = Issued::UnknownIssuer;
    for _ in 0..8 {
        let mut next = None;
        for anchor in anchors {
            if anchor.subject_der != current.issuer_der {
                continue;
            }
            match current.signature_by(anchor) {
                Signature::Valid => return Issued::By,
                Signature::Invalid => outcome = Issued::BadSignature,
                Signature::Unsupported => outcome = Issued::Unverifiable,
            }
        }
        for inter in &chain[1..] {
            if inter.subject_der == current.issuer_der
                && inter.der != current.der
                && current.is_signed_by(inter)
            {
                next = Some(inter.clone());
                break;
            }
        }
        match next {
            Some(n) => current = n,
            None => return outcome,
        }
    }
    outcome
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
    use crate::pki::serial::Serial;
    use crate::pki::{CaBuilder, KeySpec, LeafBuilder, San, Subject, Validity};
    use rustls_pki_types::ServerName;

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
            Issued::By
        ));
        assert_eq!(cert.signature_by(&ca), Signature::Valid);
        assert_eq!(ca.signature_by(&cert), Signature::Invalid);
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
