//! The one parsed view of each object the read side meets: a certificate, a private key
//! and a CSR. Built once from DER with x509-parser (the only module that reads X.509
//! structures into data); every reader (inspect, verify, status, probe, emit-config,
//! renew, sign, rotate-ca, CA loading) asks these views instead of parsing again.
//! Never holds key material.

use crate::certdir::items;
use crate::pki::KeySpec;
use crate::pki::keyinfo::{KeyInfo, PublicId, spki_info};
use crate::pki::parse::KeyFormat;
use crate::pki::serial::Serial;
use crate::pki::signature::{self, Signature, Signed};
use serde::Serialize;
use std::fmt;
use std::net::IpAddr;
use time::OffsetDateTime;
use x509_parser::der_parser::asn1_rs::Tag;
use x509_parser::extensions::{
    ExtendedKeyUsage, GeneralName, GeneralSubtree, KeyUsage, ParsedExtension, X509Extension,
};
use x509_parser::prelude::{FromDer, X509Certificate, X509CertificationRequest};
use x509_parser::x509::X509Name;

/// The certificate object every command's JSON carries (files written, rotate-ca,
/// inspect, status, probe; `docs/json.md`): the identity part of a [`CertView`].
#[derive(Debug, Clone, Serialize)]
pub struct CertInfo {
    /// Subject, RFC 4514-like (`C=CN, O=milvus, CN=localhost`).
    pub subject: String,
    /// Issuer.
    pub issuer: String,
    /// Serial, upper-case hex.
    pub serial: String,
    /// notBefore.
    #[serde(with = "time::serde::rfc3339")]
    pub not_before: OffsetDateTime,
    /// notAfter.
    #[serde(with = "time::serde::rfc3339")]
    pub not_after: OffsetDateTime,
    /// subjectAltNames as `DNS:name` / `IP:addr` (`email:`, `URI:` for other kinds).
    pub sans: Vec<String>,
    /// SHA-256 of the DER, lower-case hex.
    pub sha256: String,
}

/// Extended key usage as x509-parser reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Eku {
    /// id-kp-serverAuth.
    pub server_auth: bool,
    /// id-kp-clientAuth.
    pub client_auth: bool,
    /// anyExtendedKeyUsage.
    pub any: bool,
}

/// One subjectAltName.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AltName {
    /// dNSName.
    Dns(String),
    /// iPAddress.
    Ip(IpAddr),
    /// An iPAddress that is neither 4 nor 16 bytes long.
    BadIp(usize),
    /// Any other kind, as shown (`email:a@b`, `URI:…`).
    Other(String),
}

impl fmt::Display for AltName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AltName::Dns(d) => write!(f, "DNS:{d}"),
            AltName::Ip(ip) => write!(f, "IP:{ip}"),
            AltName::BadIp(_) => f.write_str("IP:<malformed>"),
            AltName::Other(text) => f.write_str(text),
        }
    }
}

/// How a name attribute's value is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrTag {
    /// PrintableString.
    Printable,
    /// IA5String.
    Ia5,
    /// UTF8String or anything else.
    Other,
}

/// One attribute of a subject, with its encoding, so a re-issued certificate can keep
/// the subject byte for byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameAttr {
    /// The attribute type's arcs (`[2, 5, 4, 3]` for CN), when they fit in u64.
    pub oid: Option<Vec<u64>>,
    /// The value's string type.
    pub tag: AttrTag,
    /// The value as text, when x509-parser reads it as a string.
    pub text: Option<String>,
    /// The value's raw bytes.
    pub data: Vec<u8>,
}

impl NameAttr {
    /// Whether this is the CommonName.
    pub fn is_common_name(&self) -> bool {
        self.oid.as_deref() == Some(&[2, 5, 4, 3])
    }
}

/// One nameConstraints subtree, as the TLS stacks compare them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subtree {
    /// A DNS name subtree, lower-cased.
    Dns(String),
    /// An IP subtree: address and mask, of the same length.
    Ip(Vec<u8>, Vec<u8>),
    /// Any other kind (e-mail, URI, directory name…).
    Other,
}

/// A nameConstraints extension.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameConstraints {
    /// permittedSubtrees.
    pub permitted: Vec<Subtree>,
    /// excludedSubtrees.
    pub excluded: Vec<Subtree>,
}

/// What a certificate says.
#[derive(Debug, Clone, Serialize)]
pub struct CertView {
    /// The certificate object shared by every command's JSON (`docs/json.md`).
    pub certificate: CertInfo,
    /// Subject, control characters escaped for text output.
    #[serde(skip)]
    pub subject: String,
    /// Issuer, escaped likewise.
    #[serde(skip)]
    pub issuer: String,
    /// Serial.
    #[serde(skip)]
    pub serial: Serial,
    /// X.509 version (1 or 3).
    pub version: u32,
    /// notBefore.
    #[serde(skip)]
    pub not_before: OffsetDateTime,
    /// notAfter.
    #[serde(skip)]
    pub not_after: OffsetDateTime,
    /// Whole days from now to notAfter (negative once expired).
    pub days_left: i64,
    /// subjectAltNames (`DNS:x`, `IP:x`, …), escaped for text output.
    #[serde(skip)]
    pub sans: Vec<String>,
    /// keyUsage bits, OpenSSL's names; empty when the extension is absent.
    pub key_usage: Vec<String>,
    /// extendedKeyUsage purposes; empty when the extension is absent.
    pub extended_key_usage: Vec<String>,
    /// basicConstraints CA flag (false when absent).
    pub is_ca: bool,
    /// basicConstraints pathLenConstraint.
    pub path_len: Option<u32>,
    /// Whether a basicConstraints extension is present at all.
    #[serde(skip)]
    pub has_basic_constraints: bool,
    /// Public key algorithm and size.
    pub key: KeySpec,
    /// Signature algorithm (`sha256WithRSAEncryption`).
    pub signature_algorithm: String,
    /// The DER itself, for chain checks.
    #[serde(skip)]
    pub der: Vec<u8>,
    /// Raw subject and issuer DER, for chain checks.
    #[serde(skip)]
    pub subject_der: Vec<u8>,
    /// Raw issuer DER.
    #[serde(skip)]
    pub issuer_der: Vec<u8>,
    /// The subject's attributes, in order.
    #[serde(skip)]
    pub subject_attrs: Vec<NameAttr>,
    /// CommonName values.
    #[serde(skip)]
    pub common_names: Vec<String>,
    /// Organization (O) values.
    #[serde(skip)]
    pub organizations: Vec<String>,
    /// subjectAltNames, typed, in order.
    #[serde(skip)]
    pub alt_names: Vec<AltName>,
    /// DNS SANs.
    #[serde(skip)]
    pub dns_sans: Vec<String>,
    /// IP SANs.
    #[serde(skip)]
    pub ip_sans: Vec<IpAddr>,
    /// Whether the certificate has a subjectAltName extension at all.
    #[serde(skip)]
    pub has_san_extension: bool,
    /// EKU, when the extension is present.
    #[serde(skip)]
    pub eku: Option<Eku>,
    /// keyCertSign, when keyUsage is present.
    #[serde(skip)]
    pub key_cert_sign: Option<bool>,
    /// subjectKeyIdentifier.
    #[serde(skip)]
    pub subject_key_id: Option<Vec<u8>>,
    /// authorityKeyIdentifier's keyIdentifier.
    #[serde(skip)]
    pub authority_key_id: Option<Vec<u8>>,
    /// The OIDs (dotted) of the extensions marked critical.
    #[serde(skip)]
    pub critical_extensions: Vec<String>,
    /// nameConstraints, when present.
    #[serde(skip)]
    pub name_constraints: Option<NameConstraints>,
    /// The normalised public key, for key/certificate matching.
    #[serde(skip)]
    pub public_key: Option<PublicId>,
    /// SubjectPublicKeyInfo DER, for re-issuing with the same key.
    #[serde(skip)]
    pub spki: Vec<u8>,
    /// Signature algorithm OID, dotted.
    #[serde(skip)]
    pub signature_oid: String,
}

/// The extensions a [`CertView`] keeps, read in one pass.
#[derive(Default)]
struct CertExts {
    alt_names: Option<Vec<AltName>>,
    key_usage: Option<(Vec<String>, bool)>,
    eku: Option<(Vec<String>, Eku)>,
    basic: Option<(bool, Option<u32>)>,
    subject_key_id: Option<Vec<u8>>,
    authority_key_id: Option<Vec<u8>>,
    critical: Vec<String>,
    name_constraints: Option<NameConstraints>,
}

impl CertExts {
    fn read(cert: &X509Certificate<'_>) -> Result<CertExts, String> {
        // The typed getters refuse a duplicated extension, as TLS stacks do.
        let san = cert.subject_alternative_name().map_err(|e| e.to_string())?;
        let ku = cert.key_usage().map_err(|e| e.to_string())?;
        let eku = cert.extended_key_usage().map_err(|e| e.to_string())?;
        let bc = cert.basic_constraints().map_err(|e| e.to_string())?;
        let mut exts = CertExts {
            alt_names: san.map(|s| s.value.general_names.iter().map(alt_name).collect()),
            key_usage: ku.map(|k| (key_usage_names(k.value), k.value.key_cert_sign())),
            eku: eku.map(|e| (eku_names(e.value), eku_flags(e.value))),
            basic: bc.map(|b| (b.value.ca, b.value.path_len_constraint)),
            ..CertExts::default()
        };
        for ext in cert.extensions() {
            exts.add(ext);
        }
        Ok(exts)
    }
}

impl CertExts {
    /// The extensions the typed getters do not cover.
    fn add(&mut self, ext: &X509Extension<'_>) {
        if ext.critical {
            self.critical.push(ext.oid.to_id_string());
        }
        match ext.parsed_extension() {
            ParsedExtension::SubjectKeyIdentifier(id) => self.subject_key_id = Some(id.0.to_vec()),
            ParsedExtension::AuthorityKeyIdentifier(aki) => {
                self.authority_key_id = aki.key_identifier.as_ref().map(|id| id.0.to_vec());
            }
            ParsedExtension::NameConstraints(nc) => {
                self.name_constraints = Some(NameConstraints {
                    permitted: subtrees(&nc.permitted_subtrees),
                    excluded: subtrees(&nc.excluded_subtrees),
                });
            }
            _ => {}
        }
    }
}

fn subtrees(trees: &Option<Vec<GeneralSubtree<'_>>>) -> Vec<Subtree> {
    let subtree = |tree: &GeneralSubtree<'_>| match &tree.base {
        GeneralName::DNSName(d) => Subtree::Dns(d.to_ascii_lowercase()),
        GeneralName::IPAddress(b) if b.len() == 8 || b.len() == 32 => {
            let (addr, mask) = b.split_at(b.len() / 2);
            Subtree::Ip(addr.to_vec(), mask.to_vec())
        }
        _ => Subtree::Other,
    };
    trees.iter().flatten().map(subtree).collect()
}

impl CertView {
    /// Reads a certificate; `now` sets `days_left`.
    pub fn from_der(der: &[u8], now: OffsetDateTime) -> Result<CertView, String> {
        let (rest, cert) = X509Certificate::from_der(der).map_err(|e| e.to_string())?;
        if !rest.is_empty() {
            // Go's x509.ParseCertificate (so Milvus) refuses these bytes: "trailing data".
            return Err(format!(
                "{} bytes of trailing data after the certificate",
                rest.len()
            ));
        }
        let exts = CertExts::read(&cert)?;
        let alt_names = exts.alt_names.clone().unwrap_or_default();
        let (not_before, not_after) = (
            cert.validity().not_before.to_datetime(),
            cert.validity().not_after.to_datetime(),
        );
        let serial = Serial::from_be_bytes(cert.raw_serial());
        let key_info = spki_info(cert.public_key().raw);
        let signature_oid = cert.signature_algorithm.algorithm.to_id_string();
        let subject = cert.subject();
        Ok(CertView {
            certificate: CertInfo {
                subject: subject.to_string(),
                issuer: cert.issuer().to_string(),
                serial: serial.hex(),
                not_before,
                not_after,
                sans: alt_names.iter().map(AltName::to_string).collect(),
                sha256: sha256_hex(der),
            },
            // Names come from whoever made the certificate: escape control characters
            // (terminal escapes, newlines) once, here, for every text that shows them.
            subject: crate::terminal::printable(&subject.to_string()),
            issuer: crate::terminal::printable(&cert.issuer().to_string()),
            serial,
            version: cert.version().0 + 1,
            not_before,
            not_after,
            days_left: days_until(not_after, now),
            sans: printable_sans(&alt_names),
            key_usage: exts
                .key_usage
                .as_ref()
                .map(|k| k.0.clone())
                .unwrap_or_default(),
            extended_key_usage: exts.eku.as_ref().map(|e| e.0.clone()).unwrap_or_default(),
            is_ca: exts.basic.is_some_and(|(ca, _)| ca),
            path_len: exts.basic.and_then(|(_, len)| len),
            has_basic_constraints: exts.basic.is_some(),
            key: key_info.as_ref().map_or_else(
                || KeySpec::Other(oid_of(&cert.public_key().algorithm.algorithm)),
                |i| i.alg,
            ),
            signature_algorithm: signature_name(&signature_oid),
            der: der.to_vec(),
            subject_der: subject.as_raw().to_vec(),
            issuer_der: cert.issuer().as_raw().to_vec(),
            subject_attrs: name_attrs(subject),
            common_names: texts(subject.iter_common_name()),
            organizations: texts(subject.iter_organization()),
            dns_sans: dns_of(&alt_names),
            ip_sans: ips_of(&alt_names),
            alt_names,
            has_san_extension: exts.alt_names.is_some(),
            eku: exts.eku.map(|e| e.1),
            key_cert_sign: exts.key_usage.map(|k| k.1),
            subject_key_id: exts.subject_key_id,
            authority_key_id: exts.authority_key_id,
            critical_extensions: exts.critical,
            name_constraints: exts.name_constraints,
            public_key: key_info.and_then(|i| i.public),
            spki: cert.public_key().raw.to_vec(),
            signature_oid,
        })
    }

    /// The first certificate in PEM `bytes` ([`items::first_pem_certificate`]).
    pub fn from_pem(bytes: &[u8], now: OffsetDateTime) -> Result<CertView, String> {
        let der = items::first_pem_certificate(bytes)?;
        CertView::from_der(&der, now).map_err(|e| format!("not a valid X.509 certificate ({e})"))
    }

    /// The normalised public key, for key/certificate matching.
    pub fn public_id(&self) -> Option<&PublicId> {
        self.public_key.as_ref()
    }

    /// Whether keyUsage allows `bit` (OpenSSL's name, `digitalSignature`): true when
    /// the certificate has no keyUsage extension.
    pub fn key_usage_allows(&self, bit: &str) -> bool {
        self.key_cert_sign.is_none() || self.key_usage.iter().any(|k| k == bit)
    }

    /// Whether subject and issuer are the same name (a root or a self-issued leaf).
    pub fn self_issued(&self) -> bool {
        self.subject_der == self.issuer_der
    }

    /// What the signature checker needs of this certificate.
    pub fn signed(&self) -> Signed<'_> {
        Signed {
            der: &self.der,
            signature_oid: &self.signature_oid,
            key: &self.key,
        }
    }

    /// Whether `issuer`'s key verifies this certificate's signature, by the one checker
    /// (legacy algorithms included, results kept for the process).
    pub fn signature_by(&self, issuer: &CertView) -> Signature {
        signature::signature(self.signed(), issuer.signed())
    }

    /// Whether `issuer`'s key verifies this certificate's signature.
    pub fn is_signed_by(&self, issuer: &CertView) -> bool {
        self.signature_by(issuer) == Signature::Valid
    }

    /// Whether a TLS client checking for `name` accepts this certificate by its SANs:
    /// an IP only matches IP SANs, a host name only DNS SANs, by the one matcher
    /// [`crate::pki::names::dns_name_matches`] that `verify` uses too.
    pub fn san_matches(&self, name: &str) -> bool {
        let bare = name.trim_matches(['[', ']']);
        if let Ok(ip) = bare.parse::<IpAddr>() {
            return self.ip_sans.contains(&ip);
        }
        self.dns_sans
            .iter()
            .any(|dns| crate::pki::names::dns_name_matches(dns, name))
    }

    /// The server name clients use when none is given: the one rule,
    /// [`crate::pki::names::default_server_name`], that `verify` uses too.
    pub fn default_server_name(&self) -> Option<String> {
        let cn = self.common_names.first().map(String::as_str);
        crate::pki::names::default_server_name(&self.dns_sans, cn, &self.ip_sans)
    }

    /// The DNS and IP SANs as `DNS:name IP:addr`, for messages.
    pub fn sans_text(&self) -> String {
        let mut all: Vec<String> = self.dns_sans.iter().map(|d| format!("DNS:{d}")).collect();
        all.extend(self.ip_sans.iter().map(|ip| format!("IP:{ip}")));
        if all.is_empty() {
            "none".to_string()
        } else {
            all.join(" ")
        }
    }
}

fn oid_of(oid: &x509_parser::der_parser::oid::Oid<'_>) -> pkcs8::ObjectIdentifier {
    pkcs8::ObjectIdentifier::from_bytes(oid.as_bytes())
        .unwrap_or(pkcs8::ObjectIdentifier::new_unwrap("0.0"))
}

fn texts<'a>(
    attrs: impl Iterator<Item = &'a x509_parser::x509::AttributeTypeAndValue<'a>>,
) -> Vec<String> {
    attrs
        .filter_map(|a| a.as_str().ok().map(str::to_string))
        .collect()
}

fn name_attrs(name: &X509Name<'_>) -> Vec<NameAttr> {
    name.iter_attributes()
        .map(|attr| NameAttr {
            oid: attr.attr_type().iter().map(Iterator::collect),
            tag: match attr.attr_value().header.tag() {
                Tag::PrintableString => AttrTag::Printable,
                Tag::Ia5String => AttrTag::Ia5,
                _ => AttrTag::Other,
            },
            text: attr.as_str().ok().map(str::to_string),
            data: attr.attr_value().data.to_vec(),
        })
        .collect()
}

fn alt_name(name: &GeneralName<'_>) -> AltName {
    match name {
        GeneralName::DNSName(d) => AltName::Dns(d.to_string()),
        GeneralName::IPAddress(bytes) => match bytes.len() {
            4 => <[u8; 4]>::try_from(*bytes).map(|b| AltName::Ip(IpAddr::from(b))),
            16 => <[u8; 16]>::try_from(*bytes).map(|b| AltName::Ip(IpAddr::from(b))),
            _ => Ok(AltName::BadIp(bytes.len())),
        }
        .unwrap_or(AltName::BadIp(bytes.len())),
        GeneralName::RFC822Name(m) => AltName::Other(format!("email:{m}")),
        GeneralName::URI(u) => AltName::Other(format!("URI:{u}")),
        other => AltName::Other(other.to_string()),
    }
}

fn printable_sans(names: &[AltName]) -> Vec<String> {
    names
        .iter()
        .map(|n| crate::terminal::printable(&n.to_string()))
        .collect()
}

fn dns_of(names: &[AltName]) -> Vec<String> {
    names
        .iter()
        .filter_map(|n| match n {
            AltName::Dns(d) => Some(d.clone()),
            _ => None,
        })
        .collect()
}

fn ips_of(names: &[AltName]) -> Vec<IpAddr> {
    names
        .iter()
        .filter_map(|n| match n {
            AltName::Ip(ip) => Some(*ip),
            _ => None,
        })
        .collect()
}

fn key_usage_names(ku: &KeyUsage) -> Vec<String> {
    let all = [
        (ku.digital_signature(), "digitalSignature"),
        (ku.non_repudiation(), "nonRepudiation"),
        (ku.key_encipherment(), "keyEncipherment"),
        (ku.data_encipherment(), "dataEncipherment"),
        (ku.key_agreement(), "keyAgreement"),
        (ku.key_cert_sign(), "keyCertSign"),
        (ku.crl_sign(), "cRLSign"),
        (ku.encipher_only(), "encipherOnly"),
        (ku.decipher_only(), "decipherOnly"),
    ];
    all.iter()
        .filter(|(on, _)| *on)
        .map(|(_, n)| n.to_string())
        .collect()
}

fn eku_flags(eku: &ExtendedKeyUsage<'_>) -> Eku {
    Eku {
        server_auth: eku.server_auth,
        client_auth: eku.client_auth,
        any: eku.any,
    }
}

fn eku_names(eku: &ExtendedKeyUsage<'_>) -> Vec<String> {
    let mut names: Vec<String> = [
        (eku.any, "anyExtendedKeyUsage"),
        (eku.server_auth, "serverAuth"),
        (eku.client_auth, "clientAuth"),
        (eku.code_signing, "codeSigning"),
        (eku.email_protection, "emailProtection"),
        (eku.time_stamping, "timeStamping"),
        (eku.ocsp_signing, "OCSPSigning"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, n)| n.to_string())
    .collect();
    names.extend(eku.other.iter().map(|o| o.to_id_string()));
    names
}

/// OpenSSL's name for a signature algorithm OID, or the OID itself.
pub fn signature_name(oid: &str) -> String {
    match oid {
        "1.2.840.113549.1.1.4" => "md5WithRSAEncryption",
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.10" => "rsassaPss",
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption",
        "1.2.840.10045.4.1" => "ecdsa-with-SHA1",
        "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
        "1.2.840.10045.4.3.4" => "ecdsa-with-SHA512",
        "1.3.101.112" => "ED25519",
        other => return other.to_string(),
    }
    .to_string()
}

/// SHA-256 of `bytes` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, bytes)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whole days from `now` to `not_after`, a started day counted: a certificate made a
/// moment ago with `--days 3650` has 3650 days left, not 3649.
pub fn days_until(not_after: OffsetDateTime, now: OffsetDateTime) -> i64 {
    let left = not_after - now;
    let whole = left.whole_days();
    if left > time::Duration::days(whole) {
        whole + 1
    } else {
        whole
    }
}

/// What a private key file says: its encoding and, unless encrypted, its algorithm and
/// public half. Never the key itself; `Debug` and JSON show no key bytes.
#[derive(Clone)]
pub struct KeyView {
    /// PKCS#8, PKCS#1 or SEC1.
    pub format: KeyFormat,
    /// Encrypted with a passphrase (PKCS#8 `ENCRYPTED PRIVATE KEY` or a legacy
    /// `Proc-Type: 4,ENCRYPTED` PEM header).
    pub encrypted: bool,
    /// The algorithm and public half, or why they could not be read (always an error
    /// for encrypted keys).
    pub info: Result<KeyInfo, String>,
}

impl KeyView {
    /// The algorithm, when readable (not for encrypted keys).
    pub fn key(&self) -> Option<KeySpec> {
        self.info.as_ref().ok().map(|i| i.alg)
    }

    /// Why the key could not be read, if it could not.
    pub fn problem(&self) -> Option<&str> {
        self.info.as_ref().err().map(String::as_str)
    }
}

impl fmt::Debug for KeyView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyView")
            .field("format", &self.format)
            .field("encrypted", &self.encrypted)
            .field("key", &self.key())
            .field("problem", &self.problem())
            .finish()
    }
}

impl Serialize for KeyView {
    /// `inspect`'s key object: format, encrypted, key (algorithm) and problem.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("KeyView", 4)?;
        st.serialize_field("format", &self.format)?;
        st.serialize_field("encrypted", &self.encrypted)?;
        st.serialize_field("key", &self.key())?;
        st.serialize_field("problem", &self.problem())?;
        st.end()
    }
}

/// What a CSR says.
#[derive(Debug, Clone, Serialize)]
pub struct CsrView {
    /// Subject, escaped for text output.
    pub subject: String,
    /// Requested subjectAltNames, escaped for text output.
    pub sans: Vec<String>,
    /// Requested keyUsage.
    pub key_usage: Vec<String>,
    /// Requested extendedKeyUsage.
    pub extended_key_usage: Vec<String>,
    /// Public key.
    pub key: Option<KeySpec>,
    /// Signature algorithm.
    pub signature_algorithm: String,
    /// SHA-256 of the DER.
    pub sha256: String,
    /// The subject as text, unescaped.
    #[serde(skip)]
    pub subject_text: String,
    /// The subject's attributes, in order.
    #[serde(skip)]
    pub subject_attrs: Vec<NameAttr>,
    /// Requested subjectAltNames, typed, in order.
    #[serde(skip)]
    pub alt_names: Vec<AltName>,
    /// Whether it requests basicConstraints CA:TRUE.
    #[serde(skip)]
    pub asks_ca: bool,
    /// SubjectPublicKeyInfo DER.
    #[serde(skip)]
    pub spki: Vec<u8>,
    /// Whether the request's signature verifies with its own key.
    #[serde(skip)]
    pub signature_valid: bool,
}

impl CsrView {
    /// Reads a CSR.
    pub fn from_der(der: &[u8]) -> Result<CsrView, String> {
        let (_, csr) = X509CertificationRequest::from_der(der).map_err(|e| e.to_string())?;
        let info = &csr.certification_request_info;
        let mut view = CsrView {
            subject: crate::terminal::printable(&info.subject.to_string()),
            sans: Vec::new(),
            key_usage: Vec::new(),
            extended_key_usage: Vec::new(),
            key: spki_info(info.subject_pki.raw).map(|i| i.alg),
            signature_algorithm: signature_name(&csr.signature_algorithm.algorithm.to_id_string()),
            sha256: sha256_hex(der),
            subject_text: info.subject.to_string(),
            subject_attrs: name_attrs(&info.subject),
            alt_names: Vec::new(),
            asks_ca: false,
            spki: info.subject_pki.raw.to_vec(),
            signature_valid: csr.verify_signature().is_ok(),
        };
        for ext in csr.requested_extensions().into_iter().flatten() {
            match ext {
                ParsedExtension::SubjectAlternativeName(san) => view
                    .alt_names
                    .extend(san.general_names.iter().map(alt_name)),
                ParsedExtension::KeyUsage(ku) => view.key_usage = key_usage_names(ku),
                ParsedExtension::ExtendedKeyUsage(eku) => view.extended_key_usage = eku_names(eku),
                ParsedExtension::BasicConstraints(bc) => view.asks_ca |= bc.ca,
                _ => {}
            }
        }
        view.sans = printable_sans(&view.alt_names);
        Ok(view)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view_of(sans: &[&str], cn: &str) -> CertView {
        let mut params =
            rcgen::CertificateParams::new(sans.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                .unwrap();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, cn);
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        CertView::from_der(cert.der(), OffsetDateTime::now_utc()).unwrap()
    }

    #[test]
    fn matching_follows_the_sans_not_the_cn() {
        let names = view_of(&["Localhost", "*.example.com", "127.0.0.1"], "milvus");
        assert!(names.san_matches("localhost"));
        assert!(names.san_matches("a.example.com"));
        assert!(!names.san_matches("a.b.example.com"));
        assert!(!names.san_matches("example.com"));
        assert!(names.san_matches("127.0.0.1"));
        assert!(!names.san_matches("::1"));
        assert!(!names.san_matches("milvus"));
        assert_eq!(
            names.sans_text(),
            "DNS:Localhost DNS:*.example.com IP:127.0.0.1"
        );
        assert_eq!(names.default_server_name().as_deref(), Some("Localhost"));
    }
}
