//! Parsing PEM keys and certificates made by milvus-cert or by OpenSSL, in memory.

use super::keys::{KeySpec, PrivateKey};
use anyhow::{Result, anyhow, bail};
use rcgen::{KeyPair, PublicKeyData};
use rustls_pki_types::PrivateKeyDer;
use rustls_pki_types::pem::PemObject;

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

/// The key algorithm of a SubjectPublicKeyInfo (DER), refused when milvus-cert cannot
/// issue with it.
pub fn spec_of_public_key(spki_der: &[u8]) -> Result<KeySpec> {
    crate::pki::keyinfo::spki_info(spki_der)
        .ok_or_else(|| anyhow!("unreadable public key"))?
        .alg
        .supported()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
