//! Passphrase protection of a private key: encrypted PKCS#8 (RFC 5958 `ENCRYPTED PRIVATE
//! KEY`, PBES2), the form `openssl genpkey -aes-256-cbc` and `openssl pkcs8 -topk8 -v2`
//! write. Everything decrypted lives in zeroizing buffers.

use crate::passphrase::Passphrase;
use anyhow::{Result, anyhow, bail};
use pkcs8::der::asn1::OctetStringRef;
use pkcs8::der::{Decode, Encode};
use pkcs8::pkcs5::{self, pbes2, scrypt};
use pkcs8::{EncryptedPrivateKeyInfo, EncryptedPrivateKeyInfoRef, LineEnding, SecretDocument};
use std::fmt;
use zeroize::Zeroizing;

/// The PEM label of an encrypted PKCS#8 key.
pub const ENCRYPTED_LABEL: &str = "ENCRYPTED PRIVATE KEY";

/// scrypt cost: N = 2^14, r = 8, p = 1 (16 MiB, a fraction of a second). These are
/// `openssl pkcs8 -scrypt`'s defaults; OpenSSL refuses larger N by default, so a key we
/// write stays readable by `openssl pkey`.
const SCRYPT_LOG_N: u8 = 14;
const SCRYPT_R: u32 = 8;
const SCRYPT_P: u32 = 1;

/// How a PEM private key is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protection {
    /// Not encrypted.
    None,
    /// `BEGIN ENCRYPTED PRIVATE KEY` (PKCS#8 with PBES2 or PBES1).
    Pkcs8,
    /// OpenSSL's legacy PEM encryption (`Proc-Type: 4,ENCRYPTED`, `DEK-Info`).
    LegacyPem,
}

/// Tells how the key in `pem` is protected, without decrypting it.
pub fn protection(pem: &[u8]) -> Protection {
    if contains(pem, b"-----BEGIN ENCRYPTED PRIVATE KEY-----") {
        Protection::Pkcs8
    } else if contains(pem, b"Proc-Type: 4,ENCRYPTED") {
        Protection::LegacyPem
    } else {
        Protection::None
    }
}

/// Why an encrypted key could not be decrypted.
#[derive(Debug)]
pub enum DecryptError {
    /// The passphrase does not open the key (the padding or the decrypted DER is wrong).
    WrongPassphrase,
    /// The file is not an encrypted PKCS#8 key we can read; the text says why.
    Unreadable(String),
}

impl fmt::Display for DecryptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecryptError::WrongPassphrase => f.write_str("wrong passphrase"),
            DecryptError::Unreadable(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for DecryptError {}

/// Encrypts a PKCS#8 PEM key (`BEGIN PRIVATE KEY`) with `passphrase`: PBES2 with scrypt
/// and AES-256-CBC, a fresh random salt and IV. Returns `BEGIN ENCRYPTED PRIVATE KEY` PEM.
pub fn encrypt_pem(key_pem: &str, passphrase: &Passphrase) -> Result<Zeroizing<String>> {
    let (label, der) = SecretDocument::from_pem(key_pem)
        .map_err(|e| anyhow!("cannot encrypt the key: unreadable PEM ({e})"))?;
    if label != "PRIVATE KEY" {
        bail!("cannot encrypt the key: expected a PKCS#8 'PRIVATE KEY', found '{label}'");
    }
    let mut salt = [0u8; 16];
    let mut iv = [0u8; 16];
    aws_lc_rs::rand::fill(&mut salt)
        .and_then(|()| aws_lc_rs::rand::fill(&mut iv))
        .map_err(|_| anyhow!("cannot encrypt the key: the system random generator failed"))?;
    let cost = scrypt::Params::new(SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P)
        .map_err(|_| anyhow!("cannot encrypt the key: invalid scrypt parameters"))?;
    let params = pbes2::Parameters::generate_scrypt_aes256cbc(cost, &salt, iv)
        .map_err(|e| anyhow!("cannot encrypt the key: {e}"))?;
    let ciphertext = params
        .encrypt(passphrase.as_bytes(), der.as_bytes())
        .map_err(|e| anyhow!("cannot encrypt the key: {e}"))?;
    let info = EncryptedPrivateKeyInfoRef {
        encryption_algorithm: pkcs5::EncryptionScheme::from(params),
        encrypted_data: OctetStringRef::new(&ciphertext)
            .map_err(|e| anyhow!("cannot encrypt the key: {e}"))?,
    };
    let der = info
        .to_der()
        .map_err(|e| anyhow!("cannot encrypt the key: {e}"))?;
    pkcs8::der::pem::encode_string(ENCRYPTED_LABEL, LineEnding::LF, &der)
        .map(Zeroizing::new)
        .map_err(|e| anyhow!("cannot encrypt the key: {e}"))
}

/// Decrypts an encrypted PKCS#8 PEM key (ours or OpenSSL's: PBES2 with PBKDF2-HMAC-SHA*
/// or scrypt, AES-CBC or AES-GCM) into a plain `BEGIN PRIVATE KEY` PEM.
pub fn decrypt_pem(pem: &[u8], passphrase: &Passphrase) -> Result<Zeroizing<String>, DecryptError> {
    let text = std::str::from_utf8(pem)
        .map_err(|_| DecryptError::Unreadable("the PEM text is not UTF-8".to_string()))?;
    let (label, der) = pkcs8::Document::from_pem(text.trim())
        .map_err(|e| DecryptError::Unreadable(format!("malformed PEM ({e})")))?;
    if label != ENCRYPTED_LABEL {
        return Err(DecryptError::Unreadable(format!(
            "expected an '{ENCRYPTED_LABEL}' block, found '{label}'"
        )));
    }
    let info = EncryptedPrivateKeyInfo::<&OctetStringRef>::from_der(der.as_bytes())
        .map_err(|e| DecryptError::Unreadable(format!("not a valid encrypted PKCS#8 key ({e})")))?;
    let plain = match info.decrypt(passphrase.as_bytes()) {
        Ok(plain) => plain,
        Err(pkcs8::Error::EncryptedPrivateKey(pkcs5::Error::DecryptFailed))
        | Err(pkcs8::Error::Asn1(_)) => return Err(DecryptError::WrongPassphrase),
        Err(pkcs8::Error::EncryptedPrivateKey(pkcs5::Error::NoPbes1CryptSupport)) => {
            return Err(DecryptError::Unreadable(
                "it uses the obsolete PBES1 scheme; re-encrypt it with \
                 `openssl pkcs8 -topk8 -v2 aes-256-cbc`"
                    .to_string(),
            ));
        }
        Err(pkcs8::Error::EncryptedPrivateKey(pkcs5::Error::UnsupportedAlgorithm { oid })) => {
            return Err(DecryptError::Unreadable(format!(
                "it is encrypted with an unsupported algorithm ({oid}); re-encrypt it with \
                 `openssl pkcs8 -topk8 -v2 aes-256-cbc`"
            )));
        }
        Err(e) => return Err(DecryptError::Unreadable(format!("cannot decrypt it ({e})"))),
    };
    // Check the plaintext is a PKCS#8 structure: a wrong passphrase that happens to give
    // valid CBC padding (1 in 256) decrypts to garbage.
    if pkcs8::PrivateKeyInfoRef::from_der(plain.as_bytes()).is_err() {
        return Err(DecryptError::WrongPassphrase);
    }
    pkcs8::der::pem::encode_string("PRIVATE KEY", LineEnding::LF, plain.as_bytes())
        .map(Zeroizing::new)
        .map_err(|e| DecryptError::Unreadable(format!("cannot re-encode it ({e})")))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::KeySpec;
    use crate::pki::parse::parse_private_key;

    fn pass(s: &str) -> Passphrase {
        Passphrase::from_bytes(s.as_bytes().to_vec())
    }

    #[test]
    fn a_key_survives_encryption_and_a_wrong_passphrase_is_named() {
        let key = KeySpec::EcdsaP256.generate().unwrap();
        let pem = key.pkcs8_pem();
        let enc = encrypt_pem(&pem, &pass("correct horse")).unwrap();
        assert!(
            enc.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"),
            "{}",
            *enc
        );
        assert_eq!(protection(enc.as_bytes()), Protection::Pkcs8);
        assert_eq!(protection(pem.as_bytes()), Protection::None);
        let plain = decrypt_pem(enc.as_bytes(), &pass("correct horse")).unwrap();
        let back = parse_private_key(plain.as_bytes()).unwrap();
        assert_eq!(
            back.key.pair().public_key_raw(),
            key.pair().public_key_raw()
        );
        let err = decrypt_pem(enc.as_bytes(), &pass("wrong horse")).unwrap_err();
        assert!(matches!(err, DecryptError::WrongPassphrase), "{err}");
    }

    #[test]
    fn garbage_is_unreadable_not_a_wrong_passphrase() {
        let pem =
            b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
        let err = decrypt_pem(pem, &pass("abcd")).unwrap_err();
        assert!(matches!(err, DecryptError::Unreadable(_)), "{err}");
    }
}
