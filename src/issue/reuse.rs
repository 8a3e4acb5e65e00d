//! New leaves from what already exists: a CSR made elsewhere (`sign`) or an old
//! certificate (`renew`). Reads through the one view of each ([`crate::certdir::view`]), signs
//! with rcgen, in memory.

use crate::certdir::items::{Item, ReadError, read_items};
use crate::certdir::view::{AltName, AttrTag, CertView, CsrView, NameAttr};
use crate::pki::cert::{Ca, Validity};
use crate::pki::keys::KeySpec;
use crate::pki::names::{MAX_SANS, San, check_field};
use crate::pki::serial::Serial;
use anyhow::{Result, anyhow, bail};
use rcgen::{
    CertificateParams, DistinguishedName, DnType, DnValue, ExtendedKeyUsagePurpose, IsCa,
    KeyUsagePurpose, SerialNumber,
};
use rustls_pki_types::CertificateDer;

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
        use crate::pki::names::push_unique;
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
        if base_name == crate::store::role::Role::Server.default_name() && has_eku {
            self.ekus.server = true;
        }
        if base_name == crate::store::role::Role::Client.default_name() && has_eku {
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
    let none = || anyhow!("no PEM certificate request found (expected BEGIN CERTIFICATE REQUEST)");
    let der = match read_items(bytes) {
        Ok(blob) => blob
            .items
            .into_iter()
            .find_map(|item| match item {
                Item::Csr(der) => Some(der),
                _ => None,
            })
            .ok_or_else(none)?,
        Err(e @ ReadError::Malformed(_)) => bail!("{e}"),
        // Broken DER: the CSR parser says what is wrong with it.
        Err(_) if bytes.first() == Some(&0x30) => bytes.to_vec(),
        Err(_) => return Err(none()),
    };
    let csr = CsrView::from_der(&der)
        .map_err(|e| anyhow!("not a valid PKCS#10 certificate request ({e})"))?;
    // The key first: an algorithm or size milvus-cert does not sign gets its own
    // message, not a failed signature check.
    let spec = csr
        .key
        .ok_or_else(|| anyhow!("unreadable public key"))?
        .supported()?;
    if let KeySpec::Rsa(bits) = spec
        && bits < 2048
    {
        bail!("its RSA key has {bits} bits; milvus-cert signs RSA keys of 2048 bits or more");
    }
    if !csr.signature_valid {
        bail!(
            "the request's signature does not verify: it was altered or not signed by its own key"
        );
    }
    if csr.asks_ca {
        bail!("the request asks for CA:TRUE; milvus-cert signs only leaf certificates");
    }
    let sans = sans_of(&csr.alt_names)?;
    if sans.len() > MAX_SANS {
        bail!(
            "it requests {} subjectAltNames; milvus-cert signs at most {MAX_SANS}",
            sans.len()
        );
    }
    check_subject(&csr.subject_attrs)?;
    Ok(LeafTemplate {
        subject: dn_of(&csr.subject_attrs)?,
        subject_text: csr.subject_text,
        cn: common_name(&csr.subject_attrs),
        sans,
        ekus: Ekus::default(),
        spec,
        spki: csr.spki,
    })
}

/// The rules for names milvus-cert makes, applied to a requested subject: every
/// attribute is text, not empty, without control characters, the CommonName at most 64
/// characters and the others 128 (RFC 5280's upper bounds).
fn check_subject(attrs: &[NameAttr]) -> Result<()> {
    for attr in attrs {
        let is_cn = attr.is_common_name();
        let what = if is_cn {
            "CommonName"
        } else {
            "subject attribute"
        };
        let value = attr
            .text
            .as_deref()
            .ok_or_else(|| anyhow!("a requested {what} is not text"))?;
        check_field(
            &format!("requested {what}"),
            value,
            if is_cn { 64 } else { 128 },
        )
        .map_err(|e| anyhow!(crate::terminal::printable(&e.to_string())))?;
    }
    Ok(())
}

/// An existing leaf certificate to renew.
#[derive(Debug, Clone)]
pub struct OldLeaf {
    /// Subject, SANs, EKU and public key, to be kept.
    pub template: LeafTemplate,
    /// Its lifetime in whole days.
    pub days: u32,
}

/// Reads a leaf certificate for renewal; refuses a CA certificate, and one none of
/// `issuers` (CA certificates, DER) signed (its signature must verify with one's key):
/// renew also takes a leaf the CA `rotate-ca` archived signed, to move it to the new CA.
pub fn read_leaf_issued_by(der: &[u8], issuers: &[&[u8]]) -> Result<OldLeaf> {
    let now = time::OffsetDateTime::now_utc();
    let cert =
        CertView::from_der(der, now).map_err(|e| anyhow!("not a valid X.509 certificate ({e})"))?;
    if cert.is_ca {
        bail!("it is a CA certificate; renew leaves only (make a new CA with `milvus-cert ca`)");
    }
    let signed_by =
        |issuer: &&[u8]| CertView::from_der(issuer, now).is_ok_and(|ca| cert.is_signed_by(&ca));
    if !issuers.iter().any(signed_by) {
        bail!("it was not issued by the CA in this directory (ca.pem)");
    }
    let sans = sans_of(&cert.alt_names)?;
    let ekus = cert.eku.map_or(Ekus::default(), |eku| Ekus {
        server: eku.server_auth,
        client: eku.client_auth,
    });
    let lifetime = (cert.not_after - cert.not_before).whole_seconds();
    // Round to whole days; milvus-cert backdates notBefore a few minutes.
    let days = ((lifetime + 43_200) / 86_400).clamp(1, i64::from(u32::MAX)) as u32;
    Ok(OldLeaf {
        template: LeafTemplate {
            subject: dn_of(&cert.subject_attrs)?,
            subject_text: cert.certificate.subject.clone(),
            cn: common_name(&cert.subject_attrs),
            sans,
            ekus,
            spec: cert.key.supported()?,
            spki: cert.spki,
        },
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
pub fn csr_for(template: &LeafTemplate, key: &crate::pki::PrivateKey) -> Result<String> {
    leaf_params(template)?
        .serialize_request(key.pair())
        .and_then(|csr| csr.pem())
        .map_err(|e| anyhow!("failed to make the certificate request: {e}"))
}

fn common_name(attrs: &[NameAttr]) -> Option<String> {
    attrs
        .iter()
        .find(|a| a.is_common_name())
        .and_then(|a| a.text.clone())
}

fn sans_of(names: &[AltName]) -> Result<Vec<San>> {
    names.iter().map(san_of).collect()
}

fn san_of(name: &AltName) -> Result<San> {
    match name {
        AltName::Dns(dns) => San::parse(dns),
        // Through the same rules as --san (no 0.0.0.0, broadcast, multicast).
        AltName::Ip(ip) => San::parse(&ip.to_string()),
        AltName::BadIp(len) => bail!("a subjectAltName IP address has {len} bytes"),
        AltName::Other(other) => {
            bail!("subjectAltName {other} is not supported (only DNS names and IP addresses)")
        }
    }
}

/// The subject with each attribute's original string type, so a renewed certificate's
/// subject is byte-for-byte the old one.
fn dn_of(attrs: &[NameAttr]) -> Result<DistinguishedName> {
    let mut dn = DistinguishedName::new();
    for attr in attrs {
        let oid = attr
            .oid
            .as_ref()
            .ok_or_else(|| anyhow!("unreadable subject attribute type"))?;
        let text = || {
            std::str::from_utf8(&attr.data)
                .map(str::to_string)
                .map_err(|_| anyhow!("a subject attribute is not valid text"))
        };
        let value = match attr.tag {
            AttrTag::Printable => DnValue::PrintableString(
                text()?
                    .try_into()
                    .map_err(|_| anyhow!("bad PrintableString"))?,
            ),
            AttrTag::Ia5 => {
                DnValue::Ia5String(text()?.try_into().map_err(|_| anyhow!("bad IA5String"))?)
            }
            AttrTag::Other => DnValue::Utf8String(attr.text.clone().map_or_else(text, Ok)?),
        };
        dn.push(DnType::from_oid(oid), value);
    }
    Ok(dn)
}
