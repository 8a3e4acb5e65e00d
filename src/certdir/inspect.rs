//! Plain-data views of certificates, keys and CSRs: what `inspect` shows and what
//! `verify` judges. Built once from DER with x509-parser; never holds key material.

use crate::certdir::items::{self, Item, KeyAlg, KeyInfo, KeyItem, PublicId};
use crate::issue::serial::Serial;
use crate::issue::summary::{CertInfo, sha256_hex};
use crate::pki::parse::KeyFormat;
use crate::store::read;
use serde::Serialize;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;
use x509_parser::prelude::{
    FromDer, GeneralName, ParsedExtension, X509Certificate, X509CertificationRequest,
};

/// Version of the `inspect --json` document.
pub const INSPECT_SCHEMA: u32 = 1;

/// A key's algorithm, as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyDesc {
    /// `rsa`, `ecdsa`, `ed25519`, or the algorithm's OID.
    pub algorithm: String,
    /// Size in bits (RSA modulus, EC field).
    pub bits: Option<u32>,
    /// EC curve (`P-256`).
    pub curve: Option<String>,
    /// CLI-style name: `rsa-2048`, `ecdsa-p256`, `ed25519`.
    pub name: String,
}

impl KeyDesc {
    /// The description of a key milvus-cert makes: the same object `inspect` shows, so a
    /// key has one shape in every `--json` document.
    pub fn of_spec(spec: crate::pki::KeySpec) -> KeyDesc {
        use crate::pki::KeySpec;
        let alg = match spec {
            KeySpec::Rsa(bits) => KeyAlg::Rsa { bits },
            KeySpec::EcdsaP256 => KeyAlg::Ec {
                curve: "P-256".to_string(),
            },
            KeySpec::EcdsaP384 => KeyAlg::Ec {
                curve: "P-384".to_string(),
            },
            KeySpec::Ed25519 => KeyAlg::Ed25519,
        };
        KeyDesc::of(&alg)
    }

    /// The description of `alg`.
    pub fn of(alg: &KeyAlg) -> KeyDesc {
        let (algorithm, bits, curve) = match alg {
            KeyAlg::Rsa { bits } => ("rsa".to_string(), Some(*bits), None),
            KeyAlg::Ec { curve } => {
                let bits = match curve.as_str() {
                    "P-256" => Some(256),
                    "P-384" => Some(384),
                    "P-521" => Some(521),
                    _ => None,
                };
                ("ecdsa".to_string(), bits, Some(curve.clone()))
            }
            KeyAlg::Ed25519 => ("ed25519".to_string(), Some(256), None),
            KeyAlg::Other { oid } => (oid.clone(), None, None),
        };
        KeyDesc {
            algorithm,
            bits,
            curve,
            name: alg.name(),
        }
    }
}

impl std::fmt::Display for KeyDesc {
    /// The CLI spelling (`rsa-2048`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
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

/// What a certificate says.
#[derive(Debug, Clone, Serialize)]
pub struct CertView {
    /// The certificate object shared by every command's JSON (`docs/json.md`).
    pub certificate: CertInfo,
    /// Subject.
    #[serde(skip)]
    pub subject: String,
    /// Issuer.
    #[serde(skip)]
    pub issuer: String,
    /// Serial, upper-case hex.
    #[serde(skip)]
    pub serial: String,
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
    /// subjectAltNames (`DNS:x`, `IP:x`, …).
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
    /// Public key.
    pub key: KeyDesc,
    /// Signature algorithm (`sha256WithRSAEncryption`).
    pub signature_algorithm: String,
    /// SHA-256 of the DER, lower-case hex.
    #[serde(skip)]
    pub sha256: String,
    /// The DER itself, for chain checks.
    #[serde(skip)]
    pub der: Vec<u8>,
    /// Raw subject and issuer DER, for chain checks.
    #[serde(skip)]
    pub subject_der: Vec<u8>,
    /// Raw issuer DER.
    #[serde(skip)]
    pub issuer_der: Vec<u8>,
    /// CommonName values.
    #[serde(skip)]
    pub common_names: Vec<String>,
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
    /// The key's algorithm and public half.
    #[serde(skip)]
    pub key_info: Option<KeyInfo>,
    /// Signature algorithm OID, dotted.
    #[serde(skip)]
    pub signature_oid: String,
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
        let not_before = cert.validity().not_before.to_datetime();
        let not_after = cert.validity().not_after.to_datetime();
        let mut sans = Vec::new();
        let mut dns_sans = Vec::new();
        let mut ip_sans = Vec::new();
        let san = cert.subject_alternative_name().map_err(|e| e.to_string())?;
        if let Some(san) = &san {
            for name in &san.value.general_names {
                sans.push(general_name(name, &mut dns_sans, &mut ip_sans));
            }
        }
        let key_usage = cert.key_usage().map_err(|e| e.to_string())?;
        let eku = cert.extended_key_usage().map_err(|e| e.to_string())?;
        let bc = cert.basic_constraints().map_err(|e| e.to_string())?;
        let spki = cert.public_key().raw;
        let key_info = items::spki_info(spki);
        let key = key_info
            .as_ref()
            .map(|i| KeyDesc::of(&i.alg))
            .unwrap_or_else(|| {
                KeyDesc::of(&KeyAlg::Other {
                    oid: cert.public_key().algorithm.algorithm.to_id_string(),
                })
            });
        let signature_oid = cert.signature_algorithm.algorithm.to_id_string();
        Ok(CertView {
            certificate: CertInfo::of(&cert, der),
            // Names come from whoever made the certificate: escape control characters
            // (terminal escapes, newlines) once, here, for every text that shows them.
            subject: crate::render::printable(&cert.subject().to_string()),
            issuer: crate::render::printable(&cert.issuer().to_string()),
            serial: Serial::from_be_bytes(cert.raw_serial()).hex(),
            version: cert.version().0 + 1,
            not_before,
            not_after,
            days_left: days_until(not_after, now),
            sans,
            key_usage: key_usage
                .as_ref()
                .map(|ku| key_usage_names(ku.value))
                .unwrap_or_default(),
            extended_key_usage: eku.as_ref().map(|e| eku_names(e.value)).unwrap_or_default(),
            is_ca: bc.as_ref().is_some_and(|bc| bc.value.ca),
            path_len: bc.as_ref().and_then(|bc| bc.value.path_len_constraint),
            has_basic_constraints: bc.is_some(),
            key,
            signature_algorithm: signature_name(&signature_oid),
            sha256: sha256_hex(der),
            der: der.to_vec(),
            subject_der: cert.subject().as_raw().to_vec(),
            issuer_der: cert.issuer().as_raw().to_vec(),
            common_names: cert
                .subject()
                .iter_common_name()
                .filter_map(|cn| cn.as_str().ok().map(str::to_string))
                .collect(),
            dns_sans,
            ip_sans,
            has_san_extension: san.is_some(),
            eku: eku.map(|e| Eku {
                server_auth: e.value.server_auth,
                client_auth: e.value.client_auth,
                any: e.value.any,
            }),
            key_cert_sign: key_usage.map(|ku| ku.value.key_cert_sign()),
            key_info,
            signature_oid,
        })
    }

    /// The normalised public key, for key/certificate matching.
    pub fn public_id(&self) -> Option<&PublicId> {
        self.key_info.as_ref().and_then(|i| i.public.as_ref())
    }

    /// Whether subject and issuer are the same name (a root or a self-issued leaf).
    pub fn self_issued(&self) -> bool {
        self.subject_der == self.issuer_der
    }
}

fn general_name(name: &GeneralName<'_>, dns: &mut Vec<String>, ips: &mut Vec<IpAddr>) -> String {
    crate::render::printable(&general_name_raw(name, dns, ips))
}

fn general_name_raw(
    name: &GeneralName<'_>,
    dns: &mut Vec<String>,
    ips: &mut Vec<IpAddr>,
) -> String {
    match name {
        GeneralName::DNSName(d) => {
            dns.push(d.to_string());
            format!("DNS:{d}")
        }
        GeneralName::IPAddress(bytes) => {
            let ip = match bytes.len() {
                4 => <[u8; 4]>::try_from(*bytes).ok().map(IpAddr::from),
                16 => <[u8; 16]>::try_from(*bytes).ok().map(IpAddr::from),
                _ => None,
            };
            match ip {
                Some(ip) => {
                    ips.push(ip);
                    format!("IP:{ip}")
                }
                None => "IP:<malformed>".to_string(),
            }
        }
        GeneralName::RFC822Name(m) => format!("email:{m}"),
        GeneralName::URI(u) => format!("URI:{u}"),
        other => other.to_string(),
    }
}

fn key_usage_names(ku: &x509_parser::extensions::KeyUsage) -> Vec<String> {
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

fn eku_names(eku: &x509_parser::extensions::ExtendedKeyUsage<'_>) -> Vec<String> {
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

/// What a private key file says (never the key itself).
#[derive(Debug, Clone, Serialize)]
pub struct KeyView {
    /// `pkcs8`, `pkcs1` or `sec1`.
    pub format: KeyFormat,
    /// Passphrase-protected.
    pub encrypted: bool,
    /// Algorithm, when readable (not for encrypted keys).
    pub key: Option<KeyDesc>,
    /// Why the key could not be read, if it could not.
    pub problem: Option<String>,
}

impl KeyView {
    /// The view of a classified key.
    pub fn of(item: &KeyItem) -> KeyView {
        KeyView {
            format: item.format,
            encrypted: item.encrypted,
            key: item.info.as_ref().ok().map(|i| KeyDesc::of(&i.alg)),
            problem: item.info.as_ref().err().cloned(),
        }
    }
}

/// What a CSR says.
#[derive(Debug, Clone, Serialize)]
pub struct CsrView {
    /// Subject.
    pub subject: String,
    /// Requested subjectAltNames.
    pub sans: Vec<String>,
    /// Requested keyUsage.
    pub key_usage: Vec<String>,
    /// Requested extendedKeyUsage.
    pub extended_key_usage: Vec<String>,
    /// Public key.
    pub key: Option<KeyDesc>,
    /// Signature algorithm.
    pub signature_algorithm: String,
    /// SHA-256 of the DER.
    pub sha256: String,
}

impl CsrView {
    /// Reads a CSR.
    pub fn from_der(der: &[u8]) -> Result<CsrView, String> {
        let (_, csr) = X509CertificationRequest::from_der(der).map_err(|e| e.to_string())?;
        let info = &csr.certification_request_info;
        let (mut sans, mut key_usage, mut extended_key_usage) =
            (Vec::new(), Vec::new(), Vec::new());
        let (mut dns, mut ips) = (Vec::new(), Vec::new());
        for ext in csr.requested_extensions().into_iter().flatten() {
            match ext {
                ParsedExtension::SubjectAlternativeName(san) => {
                    for name in &san.general_names {
                        sans.push(general_name(name, &mut dns, &mut ips));
                    }
                }
                ParsedExtension::KeyUsage(ku) => key_usage = key_usage_names(ku),
                ParsedExtension::ExtendedKeyUsage(eku) => extended_key_usage = eku_names(eku),
                _ => {}
            }
        }
        Ok(CsrView {
            subject: crate::render::printable(&info.subject.to_string()),
            sans,
            key_usage,
            extended_key_usage,
            key: items::spki_info(info.subject_pki.raw).map(|i| KeyDesc::of(&i.alg)),
            signature_algorithm: signature_name(&csr.signature_algorithm.algorithm.to_id_string()),
            sha256: sha256_hex(der),
        })
    }
}

/// One shown item.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Shown {
    /// A certificate.
    Certificate(Box<CertView>),
    /// A private key.
    PrivateKey(KeyView),
    /// A CSR.
    Csr(CsrView),
    /// Something unreadable or of another kind inside the file.
    Other {
        /// What it is or why it could not be read.
        note: String,
    },
}

/// One inspected file.
#[derive(Debug, Clone, Serialize)]
pub struct InspectedFile {
    /// The path as given (or inside the given directory).
    pub path: PathBuf,
    /// PEM or DER, when readable.
    pub encoding: Option<items::Encoding>,
    /// The items, in file order.
    pub items: Vec<Shown>,
    /// Why the file could not be read, if it could not.
    pub error: Option<String>,
}

/// The `inspect --json` document.
#[derive(Debug, Clone, Serialize)]
pub struct InspectReport {
    #[allow(
        dead_code,
        reason = "never read since the modules went private (folder move); issue 12: use or remove"
    )]
    /// Schema version ([`INSPECT_SCHEMA`]; the JSON envelope carries it).
    #[serde(skip)]
    pub schema: u32,
    /// The files, in argument order (a directory's files sorted by name).
    pub files: Vec<InspectedFile>,
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

/// Reads and describes one file. Errors are kept in the result, never raised.
pub fn inspect_file(path: &Path, now: OffsetDateTime) -> InspectedFile {
    let mut file = InspectedFile {
        path: path.to_path_buf(),
        encoding: None,
        items: Vec::new(),
        error: None,
    };
    // Wiped on drop: the file may hold a private key.
    let bytes = match read::read_arg(path) {
        Ok(b) => zeroize::Zeroizing::new(b),
        Err(e) => {
            // The file is named separately: keep just the cause here.
            file.error = Some(read::reason(&e));
            return file;
        }
    };
    match items::read_items(&bytes) {
        Err(e) => file.error = Some(e.to_string()),
        Ok(blob) => {
            file.encoding = Some(blob.encoding);
            file.items = blob.items.iter().map(|i| show(i, now)).collect();
        }
    }
    file
}

fn show(item: &Item, now: OffsetDateTime) -> Shown {
    match item {
        Item::Certificate(der) => match CertView::from_der(der, now) {
            Ok(view) => Shown::Certificate(Box::new(view)),
            Err(e) => Shown::Other {
                note: format!("a certificate that cannot be parsed: {e}"),
            },
        },
        Item::PrivateKey(key) => Shown::PrivateKey(KeyView::of(key)),
        Item::Csr(der) => match CsrView::from_der(der) {
            Ok(view) => Shown::Csr(view),
            Err(e) => Shown::Other {
                note: format!("a certificate request that cannot be parsed: {e}"),
            },
        },
        Item::Other { label } => Shown::Other {
            note: format!("a PEM '{label}' block (not shown)"),
        },
    }
}

/// Human-readable text of a report.
pub fn render_text(report: &InspectReport) -> String {
    let mut out = String::new();
    for file in &report.files {
        // A file name can hold control characters too.
        let name = crate::render::printable(&file.path.display().to_string());
        out.push_str(&format!("{name}:\n"));
        if let Some(error) = &file.error {
            out.push_str(&format!("  error: {error}\n"));
        }
        let many = file.items.len() > 1;
        for (i, item) in file.items.iter().enumerate() {
            let prefix = if many {
                format!("  [{}] ", i + 1)
            } else {
                "  ".to_string()
            };
            out.push_str(&prefix);
            out.push_str(&item_text(item));
        }
    }
    out
}

fn date(t: OffsetDateTime) -> String {
    use time::format_description::well_known::Rfc3339;
    t.format(&Rfc3339).unwrap_or_else(|_| t.to_string())
}

fn item_text(item: &Shown) -> String {
    let list = |v: &[String]| {
        if v.is_empty() {
            "(none)".to_string()
        } else {
            v.join(", ")
        }
    };
    match item {
        Shown::Certificate(c) => {
            let days = if c.days_left < 0 {
                format!("expired {} days ago", -c.days_left)
            } else {
                format!("{} days left", c.days_left)
            };
            let bc = if c.is_ca {
                match c.path_len {
                    Some(n) => format!("CA:TRUE, pathlen:{n}"),
                    None => "CA:TRUE".to_string(),
                }
            } else {
                "CA:FALSE".to_string()
            };
            format!(
                "certificate (v{})\n    subject:       {}\n    issuer:        {}\n    serial:        {}\n    \
                 valid:         {} to {} ({days})\n    SANs:          {}\n    key usage:     {}\n    \
                 ext key usage: {}\n    constraints:   {bc}\n    key:           {}\n    signature:     {}\n    \
                 sha256:        {}\n",
                c.version,
                c.subject,
                c.issuer,
                c.serial,
                date(c.not_before),
                date(c.not_after),
                list(&c.sans),
                list(&c.key_usage),
                list(&c.extended_key_usage),
                c.key.name,
                c.signature_algorithm,
                c.sha256
            )
        }
        Shown::PrivateKey(k) => {
            let format = match k.format {
                KeyFormat::Pkcs8 => "PKCS#8",
                KeyFormat::Pkcs1 => "PKCS#1",
                KeyFormat::Sec1 => "SEC1",
            };
            let enc = if k.encrypted { ", encrypted" } else { "" };
            let alg = k
                .key
                .as_ref()
                .map(|d| d.name.clone())
                .or_else(|| k.problem.clone())
                .unwrap_or_default();
            format!("private key ({format}{enc})\n    key:           {alg}\n")
        }
        Shown::Csr(c) => format!(
            "certificate request\n    subject:       {}\n    SANs:          {}\n    key usage:     {}\n    \
             ext key usage: {}\n    key:           {}\n    signature:     {}\n    sha256:        {}\n",
            c.subject,
            list(&c.sans),
            list(&c.key_usage),
            list(&c.extended_key_usage),
            c.key.as_ref().map(|k| k.name.as_str()).unwrap_or("unknown"),
            c.signature_algorithm,
            c.sha256
        ),
        Shown::Other { note } => format!("{note}\n"),
    }
}
