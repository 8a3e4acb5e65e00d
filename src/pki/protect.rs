//! Passphrase protection of a private key: encrypted PKCS#8 (RFC 5958 `ENCRYPTED PRIVATE
//! KEY`, PBES2), the form `openssl genpkey -aes-256-cbc` and `openssl pkcs8 -topk8 -v2`
//! write. Everything decrypted lives in zeroizing buffers.

use crate::store::passphrase::Passphrase;
use anyhow::{Result, anyhow, bail};
use pkcs8::der::asn1::OctetStringRef;
use pkcs8::der::{Decode, Encode};
use pkcs8::pkcs5::{self, pbes2, scrypt};
use pkcs8::{EncryptedPrivateKeyInfo, EncryptedPrivateKeyInfoRef, LineEnding, SecretDocument};
use std::fmt;
use zeroize::Zeroizing;

/// The PEM label of an encrypted PKCS#8 key.
pub const ENCRYPTED_LABEL: &str = "ENCRYPTED PRIVATE KEY";

/// scrypt cost: N = 2^14, r = 8, p = 8: the work of N = 2^17, r = 8, p = 1 (current
/// guidance for a secret decrypted rarely, such as a CA key; about half a second) in
/// 16 MiB of memory, because OpenSSL 3 refuses scrypt keys that need more than 32 MiB
/// (`openssl pkey`: "memory limit exceeded"), and a CA key must stay usable with openssl.
const SCRYPT_LOG_N: u8 = 14;
const SCRYPT_R: u32 = 8;
const SCRYPT_P: u32 = 8;

/// The most memory a key's scrypt settings may ask for: the settings come from the file,
/// and N = 2^40 would abort the process, N = 2^23 take 8 GiB.
pub const MAX_SCRYPT_BYTES: u64 = 1 << 30;
/// The most PBKDF2 iterations a key's settings may ask for (2^31 runs for minutes;
/// OpenSSL writes 2048, current guidance is 600,000).
pub const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;

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
    check_cost(&info.encryption_algorithm)?;
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

/// Refuses key-derivation settings that would take more than [`MAX_SCRYPT_BYTES`] of
/// memory or [`MAX_PBKDF2_ITERATIONS`]: they come from the key file, so whoever wrote it
/// must not be able to exhaust memory or time.
fn check_cost(scheme: &pkcs5::EncryptionScheme) -> Result<(), DecryptError> {
    let pkcs5::EncryptionScheme::Pbes2(params) = scheme else {
        return Ok(());
    };
    match &params.kdf {
        pbes2::Kdf::Scrypt(p) => {
            // scrypt needs 128 * r * N bytes for V, plus 128 * r * p for B.
            let r = u64::from(p.block_size);
            let per_lane = 128u64.saturating_mul(r).saturating_mul(p.cost_parameter);
            let memory = per_lane.saturating_add(
                128u64
                    .saturating_mul(r)
                    .saturating_mul(u64::from(p.parallelization)),
            );
            // p lanes run one after the other: time grows with p * N * r as well.
            let work = per_lane.saturating_mul(u64::from(p.parallelization));
            if memory > MAX_SCRYPT_BYTES || work > 4 * MAX_SCRYPT_BYTES {
                return Err(DecryptError::Unreadable(format!(
                    "its scrypt settings (N={}, r={}, p={}) need {} MiB of memory (or as much \
                     work), over the {} MiB milvus-cert allows; re-encrypt it with `openssl \
                     pkcs8 -topk8 -v2 aes-256-cbc`",
                    p.cost_parameter,
                    p.block_size,
                    p.parallelization,
                    memory >> 20,
                    MAX_SCRYPT_BYTES >> 20
                )));
            }
        }
        pbes2::Kdf::Pbkdf2(p) if p.iteration_count > MAX_PBKDF2_ITERATIONS => {
            return Err(DecryptError::Unreadable(format!(
                "its PBKDF2 setting of {} iterations is over the {} milvus-cert allows; \
                 re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc`",
                p.iteration_count, MAX_PBKDF2_ITERATIONS
            )));
        }
        _ => {}
    }
    Ok(())
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

    /// An encrypted key whose (junk) ciphertext comes with `params`.
    fn with_params(params: pbes2::Parameters) -> String {
        let info = EncryptedPrivateKeyInfoRef {
            encryption_algorithm: pkcs5::EncryptionScheme::from(params),
            encrypted_data: OctetStringRef::new(&[0u8; 48]).unwrap(),
        };
        let der = info.to_der().unwrap();
        pkcs8::der::pem::encode_string(ENCRYPTED_LABEL, LineEnding::LF, &der).unwrap()
    }

    #[test]
    fn costly_key_derivation_settings_are_refused_before_deriving() {
        let salt = [7u8; 16];
        let iv = [1u8; 16];
        let cases = [
            (scrypt::Params::new(23, 8, 1).unwrap(), "1024 MiB"),
            (scrypt::Params::new(40, 8, 1).unwrap(), "N=1099511627776"),
            (scrypt::Params::new(14, 8, 4096).unwrap(), "p=4096"),
        ];
        for (cost, expected) in cases {
            let pem =
                with_params(pbes2::Parameters::generate_scrypt_aes256cbc(cost, &salt, iv).unwrap());
            let started = std::time::Instant::now();
            let err = decrypt_pem(pem.as_bytes(), &pass("whatever1")).unwrap_err();
            assert!(started.elapsed().as_secs() < 2, "it derived the key");
            let text = err.to_string();
            assert!(
                text.contains("scrypt settings") && text.contains(expected),
                "{text}"
            );
        }
        let pem = with_params(
            pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(100_000_000, &salt, iv).unwrap(),
        );
        let started = std::time::Instant::now();
        let err = decrypt_pem(pem.as_bytes(), &pass("whatever1"))
            .unwrap_err()
            .to_string();
        assert!(started.elapsed().as_secs() < 2, "it derived the key");
        assert!(err.contains("100000000 iterations"), "{err}");
        // Our own setting passes the check.
        let ours = scrypt::Params::new(SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P).unwrap();
        let params = pbes2::Parameters::generate_scrypt_aes256cbc(ours, &salt, iv).unwrap();
        check_cost(&pkcs5::EncryptionScheme::from(params)).unwrap();
    }

    #[test]
    fn garbage_is_unreadable_not_a_wrong_passphrase() {
        let pem =
            b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
        let err = decrypt_pem(pem, &pass("abcd")).unwrap_err();
        assert!(matches!(err, DecryptError::Unreadable(_)), "{err}");
    }
}
