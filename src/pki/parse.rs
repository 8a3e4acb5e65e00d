//! Parsing PEM keys and certificates made by milvus-cert or by OpenSSL, in memory.

use super::cert::Ca;
use super::keys::{KeySpec, PrivateKey};
use crate::certdir::view::CertView;
use anyhow::{Context, Result, anyhow, bail};
use rcgen::{KeyPair, PublicKeyData};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

/// How a private key file is encoded. Java's Netty reads only PKCS#8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyFormat {
    /// `BEGIN PRIVATE KEY` (RFC 5958), for every algorithm; the Java SDK needs it.
    #[default]
    Pkcs8,
    /// `BEGIN RSA PRIVATE KEY` (`openssl genrsa` before 3.0), RSA only.
    Pkcs1,
    /// `BEGIN EC PRIVATE KEY` (`openssl ecparam -genkey`), ECDSA only.
    Sec1,
}

impl KeyFormat {
    /// The CLI and JSON spelling (`pkcs8`, `pkcs1`, `sec1`).
    pub fn name(self) -> &'static str {
        match self {
            KeyFormat::Pkcs8 => "pkcs8",
            KeyFormat::Pkcs1 => "pkcs1",
            KeyFormat::Sec1 => "sec1",
        }
    }
}

/// A private key read from PEM text, with its on-disk format.
#[derive(Debug)]
pub struct ParsedKey {
    /// The key, ready to sign.
    pub key: PrivateKey,
    /// Its encoding in the file.
    pub format: KeyFormat,
}

/// Parses a PEM private key in PKCS#8, PKCS#1 or SEC1. Encrypted keys are refused by name.
pub fn parse_private_key(pem: &[u8]) -> Result<ParsedKey> {
    if contains(pem, b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
        || contains(pem, b"Proc-Type: 4,ENCRYPTED")
    {
        bail!(
            "the private key is encrypted; decrypt it first (openssl pkey -in KEY -out KEY.plain)"
        );
    }
    let der = PrivateKeyDer::from_pem_slice(pem).map_err(|e| match e {
        rustls_pki_types::pem::Error::NoItemsFound => anyhow!(
            "no PEM private key found (expected BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)"
        ),
        other => anyhow!("malformed PEM: {other}"),
    })?;
    let format = match &der {
        PrivateKeyDer::Pkcs8(_) => KeyFormat::Pkcs8,
        PrivateKeyDer::Pkcs1(_) => KeyFormat::Pkcs1,
        PrivateKeyDer::Sec1(_) => KeyFormat::Sec1,
        _ => bail!("unsupported private key encoding"),
    };
    let pair = KeyPair::try_from(&der).map_err(|_| {
        anyhow!("the private key is not a usable RSA, ECDSA P-256/P-384 or Ed25519 key")
    })?;
    let spec = spec_of_public_key(&pair.subject_public_key_info())?;
    Ok(ParsedKey {
        key: PrivateKey::from_pair(pair, spec),
        format,
    })
}

/// Parses the first PEM certificate in `pem` (the one PEM reader's rule,
/// [`crate::certdir::items::first_pem_certificate`]).
pub fn parse_certificate_pem(pem: &[u8]) -> Result<CertificateDer<'static>> {
    crate::certdir::items::first_pem_certificate(pem)
        .map(CertificateDer::from)
        .map_err(|e| anyhow!(e))
}

/// The key algorithm of a SubjectPublicKeyInfo (DER), refused when milvus-cert cannot
/// issue with it.
pub fn spec_of_public_key(spki_der: &[u8]) -> Result<KeySpec> {
    crate::certdir::items::spki_info(spki_der)
        .ok_or_else(|| anyhow!("unreadable public key"))?
        .alg
        .supported()
}

/// Loads an existing CA (e.g. one made by the docs' gen.sh) from its PEM certificate and
/// key, refusing a certificate that is not a CA or a key that is not the certificate's.
pub fn load_ca(cert_pem: &[u8], key_pem: &[u8]) -> Result<(Ca, KeyFormat)> {
    let cert = CertView::from_pem(cert_pem, time::OffsetDateTime::now_utc())
        .map_err(|e| anyhow!("ca.pem: {e}"))?;
    if !cert.is_ca {
        bail!("ca.pem: the certificate is not a CA (basicConstraints CA:TRUE is missing)");
    }
    let parsed = parse_private_key(key_pem).context("ca.key")?;
    let key_public = crate::certdir::items::spki_info(&parsed.key.pair().subject_public_key_info())
        .and_then(|info| info.public);
    if key_public.is_none() || key_public.as_ref() != cert.public_id() {
        bail!("ca.key does not belong to ca.pem (their public keys differ)");
    }
    let key = parsed.key.with_spec(cert.key.supported()?);
    let text = String::from_utf8_lossy(cert_pem).into_owned();
    let ca = Ca::from_existing(text, CertificateDer::from(cert.der), key).context("ca.pem")?;
    Ok((ca, parsed.format))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
