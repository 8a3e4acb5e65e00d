//! New leaves from what already exists: a CSR made elsewhere (`sign`) or an old
//! certificate (`renew`). Reads with x509-parser, signs with rcgen, in memory.

use super::cert::{Ca, Validity};
use super::keys::KeySpec;
use super::names::{MAX_SANS, San, check_field};
use super::parse::spec_of_public_key;
use crate::issue::serial::Serial;
use anyhow::{Result, anyhow, bail};
use rcgen::{
    CertificateParams, DistinguishedName, DnType, DnValue, ExtendedKeyUsagePurpose, IsCa,
    KeyUsagePurpose, SerialNumber,
};
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use std::net::IpAddr;
use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::der_parser::asn1_rs::Tag;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::x509::X509Name;

/// The extended key usages milvus-cert issues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ekus {
    /// serverAuth.
    pub server: bool,
    /// clientAuth.
    pub client: bool,
}

/// What a new leaf certificate needs besides its key, serial and validity.
#[derive(Debug, Clone)]
pub struct LeafTemplate {
    /// Subject, with the original attribute encodings.
    pub subject: DistinguishedName,
    /// Subject as text (`C=CN, CN=localhost`).
    pub subject_text: String,
    /// The subject's CommonName, if it has one.
    pub cn: Option<String>,
    /// subjectAltNames.
    pub sans: Vec<San>,
    /// Extended key usages.
    pub ekus: Ekus,
    /// The public key, SubjectPublicKeyInfo DER.
    pub spki: Vec<u8>,
    /// Its algorithm.
    pub spec: KeySpec,
}

impl LeafTemplate {
    /// Re-issues keep every name already present: the old CommonName stays a SAN when
    /// `new_cn` replaces it, a SAN-less certificate gets its CN as one (no CN-only
    /// certificate again), `add` SANs are appended, and `server`/`client` (the base name)
    /// get their role's EKU when their EKU extension lacks it.
    pub fn keep_names(
        &mut self,
        base_name: &str,
        new_cn: Option<&str>,
        add: &[String],
    ) -> Result<()> {
        use super::names::push_unique;
        let mut sans = self.sans.clone();
        let old_cn = self.cn.as_deref().and_then(|cn| San::parse(cn).ok());
        if let Some(cn) = old_cn.filter(|_| sans.is_empty() || new_cn.is_some()) {
            push_unique(&mut sans, cn);
        }
        if let Some(cn) = new_cn {
            push_unique(&mut sans, San::parse(cn).map_err(|e| anyhow!("--cn: {e}"))?);
            self.subject.remove(rcgen::DnType::CommonName);
            self.subject.push(rcgen::DnType::CommonName, cn);
            self.cn = Some(cn.to_string());
        }
        for san in add {
            push_unique(
                &mut sans,
                San::parse(san).map_err(|e| anyhow!("--san: {e}"))?,
            );
        }
        self.sans = sans;
        let has_eku = self.ekus.server || self.ekus.client;
        if base_name == crate::issue::role::Role::Server.default_name() && has_eku {
            self.ekus.server = true;
        }
        if base_name == crate::issue::role::Role::Client.default_name() && has_eku {
            self.ekus.client = true;
        }
        Ok(())
    }
}

/// A signed certificate.
#[derive(Debug, Clone)]
pub struct Signed {
    /// PEM.
    pub pem: String,
    /// DER.
    pub der: CertificateDer<'static>,
}

/// Reads a PEM (or DER) certificate signing request, checks its signature, and refuses one
/// that asks to be a CA. The result carries the request's subject, SANs and key.
pub fn read_csr(bytes: &[u8]) -> Result<LeafTemplate> {
    let der = match rustls_pki_types::CertificateSigningRequestDer::from_pem_slice(bytes) {
        Ok(der) => der.as_ref().to_vec(),
        Err(rustls_pki_types::pem::Error::NoItemsFound) if bytes.first() == Some(&0x30) => {
            bytes.to_vec()
        }
        Err(rustls_pki_types::pem::Error::NoItemsFound) => {
            bail!("no PEM certificate request found (expected BEGIN CERTIFICATE REQUEST)")
        }
        Err(e) => bail!("malformed PEM: {e}"),
    };
    let (_, csr) = X509CertificationRequest::from_der(&der)
        .map_err(|e| anyhow!("not a valid PKCS#10 certificate request ({e})"))?;
    // The key first: an algorithm or size milvus-cert does not sign gets its own
    // message, not a failed signature check.
    let spki = csr.certification_request_info.subject_pki.raw.to_vec();
    let spec = spec_of_public_key(&spki)?;
    if let KeySpec::Rsa(bits) = spec
        && bits < 2048
    {
        bail!("its RSA key has {bits} bits; milvus-cert signs RSA keys of 2048 bits or more");
    }
    csr.verify_signature().map_err(|_| {
        anyhow!(
            "the request's signature does not verify: it was altered or not signed by its own key"
        )
    })?;
    let info = &csr.certification_request_info;
    let mut sans = Vec::new();
    for ext in csr.requested_extensions().into_iter().flatten() {
        match ext {
            ParsedExtension::BasicConstraints(bc) if bc.ca => {
                bail!("the request asks for CA:TRUE; milvus-cert signs only leaf certificates")
            }
            ParsedExtension::SubjectAlternativeName(san) => {
                for name in &san.general_names {
                    sans.push(san_of(name)?);
                }
            }
            _ => {}
        }
    }
    if sans.len() > MAX_SANS {
        bail!(
            "it requests {} subjectAltNames; milvus-cert signs at most {MAX_SANS}",
            sans.len()
        );
    }
    check_subject(&info.subject)?;
    Ok(LeafTemplate {
        subject: dn_of(&info.subject)?,
        subject_text: info.subject.to_string(),
        cn: common_name(&info.subject),
        sans,
        ekus: Ekus::default(),
        spec,
        spki,
    })
}

/// The rules for names milvus-cert makes, applied to a requested subject: every
/// attribute is text, not empty, without control characters, the CommonName at most 64
/// characters and the others 128 (RFC 5280's upper bounds).
fn check_subject(name: &X509Name<'_>) -> Result<()> {
    for attr in name.iter_attributes() {
        let is_cn = attr.attr_type() == &x509_parser::oid_registry::OID_X509_COMMON_NAME;
        let what = if is_cn {
            "CommonName"
        } else {
            "subject attribute"
        };
        let value = attr
            .as_str()
            .map_err(|_| anyhow!("a requested {what} is not text"))?;
        check_field(
            &format!("requested {what}"),
            value,
            if is_cn { 64 } else { 128 },
        )
        .map_err(|e| anyhow!(crate::render::printable(&e.to_string())))?;
    }
    Ok(())
}

/// An existing leaf certificate to renew.
#[derive(Debug, Clone)]
pub struct OldLeaf {
    /// Subject, SANs, EKU and public key, to be kept.
    pub template: LeafTemplate,
    #[allow(
        dead_code,
        reason = "never read since the modules went private (folder move); issue 12: use or remove"
    )]
    /// Its serial.
    pub serial: Serial,
    /// Its lifetime in whole days.
    pub days: u32,
}

#[allow(
    dead_code,
    reason = "unused since the modules went private (folder move); issue 12: use or remove"
)]
/// Reads a leaf certificate for renewal; refuses a CA certificate, and one `ca` did not
/// sign (its signature must verify with the CA's key).
pub fn read_old_leaf(der: &[u8], ca: &Ca) -> Result<OldLeaf> {
    read_leaf_issued_by(der, &[ca.cert_der()])
}

/// [`read_old_leaf`] for a leaf that any of `issuers` (CA certificates, DER) signed: renew
/// also takes a leaf the CA `rotate-ca` archived signed, to move it to the new CA.
pub fn read_leaf_issued_by(der: &[u8], issuers: &[&[u8]]) -> Result<OldLeaf> {
    let (_, cert) = X509Certificate::from_der(der)
        .map_err(|e| anyhow!("not a valid X.509 certificate ({e})"))?;
    if cert
        .basic_constraints()
        .ok()
        .flatten()
        .is_some_and(|bc| bc.value.ca)
    {
        bail!("it is a CA certificate; renew leaves only (make a new CA with `milvus-cert ca`)");
    }
    let signed_by = |issuer: &&[u8]| {
        X509Certificate::from_der(issuer)
            .is_ok_and(|(_, ca)| cert.verify_signature(Some(ca.public_key())).is_ok())
    };
    if !issuers.iter().any(signed_by) {
        bail!("it was not issued by the CA in this directory (ca.pem)");
    }
    let mut sans = Vec::new();
    if let Ok(Some(ext)) = cert.subject_alternative_name() {
        for name in &ext.value.general_names {
            sans.push(san_of(name)?);
        }
    }
    let ekus = match cert.extended_key_usage() {
        Ok(Some(eku)) => Ekus {
            server: eku.value.server_auth,
            client: eku.value.client_auth,
        },
        _ => Ekus::default(),
    };
    let spki = cert.public_key().raw.to_vec();
    let lifetime = cert.validity().not_after.timestamp() - cert.validity().not_before.timestamp();
    // Round to whole days; milvus-cert backdates notBefore a few minutes.
    let days = ((lifetime + 43_200) / 86_400).clamp(1, i64::from(u32::MAX)) as u32;
    Ok(OldLeaf {
        template: LeafTemplate {
            subject: dn_of(cert.subject())?,
            subject_text: cert.subject().to_string(),
            cn: common_name(cert.subject()),
            sans,
            ekus,
            spec: spec_of_public_key(&spki)?,
            spki,
        },
        serial: Serial::from_be_bytes(cert.raw_serial()),
        days,
    })
}

/// The extensions every leaf milvus-cert makes from a template carries, in the
/// certificate and in its CSR alike: the subject, CA:FALSE, digitalSignature (+
/// keyEncipherment for RSA), the template's EKUs and SANs.
fn leaf_params(template: &LeafTemplate) -> Result<CertificateParams> {
    let mut params = CertificateParams::default();
    params.distinguished_name = template.subject.clone();
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    if template.spec.can_encipher() {
        params.key_usages.push(KeyUsagePurpose::KeyEncipherment);
    }
    if template.ekus.server {
        params
            .extended_key_usages
            .push(ExtendedKeyUsagePurpose::ServerAuth);
    }
    if template.ekus.client {
        params
            .extended_key_usages
            .push(ExtendedKeyUsagePurpose::ClientAuth);
    }
    params.subject_alt_names = template
        .sans
        .iter()
        .map(San::to_rcgen)
        .collect::<Result<_>>()?;
    Ok(params)
}

/// Signs `template` with `ca`: [`leaf_params`], the validity, the serial and the
/// authority key identifier.
pub fn sign_template(
    template: &LeafTemplate,
    ca: &Ca,
    validity: Validity,
    serial: &Serial,
) -> Result<Signed> {
    let mut params = leaf_params(template)?;
    params.not_before = validity.not_before;
    params.not_after = validity.not_after;
    params.serial_number = Some(SerialNumber::from_slice(serial.as_be_bytes()));
    params.use_authority_key_identifier_extension = true;
    let key = rcgen::SubjectPublicKeyInfo::from_der(&template.spki)
        .map_err(|e| anyhow!("unusable public key: {e}"))?;
    let (pem, der) = ca.sign(&params, &key)?;
    Ok(Signed { pem, der })
}

/// A CSR for `template`, signed by `key` (for renew and rotate-ca): it asks for the same
/// extensions the certificate gets, keyUsage and basicConstraints included.
pub fn csr_for(template: &LeafTemplate, key: &super::PrivateKey) -> Result<String> {
    leaf_params(template)?
        .serialize_request(key.pair())
        .and_then(|csr| csr.pem())
        .map_err(|e| anyhow!("failed to make the certificate request: {e}"))
}

fn common_name(name: &X509Name<'_>) -> Option<String> {
    name.iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok())
        .map(str::to_string)
}

fn san_of(name: &GeneralName<'_>) -> Result<San> {
    match name {
        GeneralName::DNSName(dns) => San::parse(dns),
        GeneralName::IPAddress(bytes) => {
            let ip = match bytes.len() {
                4 => IpAddr::from(<[u8; 4]>::try_from(*bytes)?),
                16 => IpAddr::from(<[u8; 16]>::try_from(*bytes)?),
                _ => bail!("a subjectAltName IP address has {} bytes", bytes.len()),
            };
            // Through the same rules as --san (no 0.0.0.0, broadcast, multicast).
            San::parse(&ip.to_string())
        }
        other => bail!("subjectAltName {other} is not supported (only DNS names and IP addresses)"),
    }
}

/// The subject with each attribute's original string type, so a renewed certificate's
/// subject is byte-for-byte the old one.
fn dn_of(name: &X509Name<'_>) -> Result<DistinguishedName> {
    let mut dn = DistinguishedName::new();
    for rdn in name.iter() {
        for attr in rdn.iter() {
            let oid: Vec<u64> = attr
                .attr_type()
                .iter()
                .ok_or_else(|| anyhow!("unreadable subject attribute type"))?
                .collect();
            let data = attr.attr_value().data;
            let text = || {
                std::str::from_utf8(data)
                    .map(str::to_string)
                    .map_err(|_| anyhow!("a subject attribute is not valid text"))
            };
            let value = match attr.attr_value().header.tag() {
                Tag::PrintableString => DnValue::PrintableString(
                    text()?
                        .try_into()
                        .map_err(|_| anyhow!("bad PrintableString"))?,
                ),
                Tag::Ia5String => {
                    DnValue::Ia5String(text()?.try_into().map_err(|_| anyhow!("bad IA5String"))?)
                }
                _ => DnValue::Utf8String(attr.as_str().map(str::to_string).or_else(|_| text())?),
            };
            dn.push(DnType::from_oid(&oid), value);
        }
    }
    Ok(dn)
}
