//! The one signature checker: whether a certificate's signature verifies with its
//! issuer's key, accepting the legacy algorithms old stacks still take (so a SHA-1 or
//! RSA-1024 chain is still known to be "signed by ca.pem"), memoized for the process.
//! `certdir`'s views ask it (`CertView::is_signed_by`), `check` judges chains with it.

use super::KeySpec;
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use x509_parser::prelude::{FromDer, X509Certificate};

/// What the check needs of a certificate: its DER, its signature algorithm (dotted OID)
/// and its public key.
#[derive(Debug, Clone, Copy)]
pub struct Signed<'a> {
    /// The whole certificate.
    pub der: &'a [u8],
    /// Its signature algorithm OID, dotted.
    pub signature_oid: &'a str,
    /// Its subject public key.
    pub key: &'a KeySpec,
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
/// and set-up (15 paths for server.pem), so the same signature comes up again and again;
/// one RSA-2048 signature check costs as much as parsing the whole directory. Keyed by
/// the DER itself, so a hit is always the same input.
struct Memo<K, V>(Mutex<BTreeMap<K, V>>);

impl<K: Ord, V: Clone> Memo<K, V> {
    const fn new() -> Self {
        Memo(Mutex::new(BTreeMap::new()))
    }

    /// Records the value for `key`.
    fn insert(&self, key: K, value: V) {
        self.lock().insert(key, value);
    }

    /// The value for `key`, computed by `compute` the first time.
    fn get_or(&self, key: K, compute: impl FnOnce() -> V) -> V {
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
pub fn signature(child: Signed<'_>, issuer: Signed<'_>) -> Signature {
    let key = (child.der.to_vec(), issuer.der.to_vec());
    SIGNATURES.get_or(key, || check_signature(child, issuer))
}

/// Records that rustls-webpki verified `child`'s signature with `issuer`'s key, so
/// [`signature`] need not do it again. Only for algorithms [`signature`] checks itself:
/// webpki's are a subset of them (same maths, stricter key sizes), so its "valid" is
/// the answer [`signature`] would give; for the others (ML-DSA) it says `Unsupported`.
pub fn verified(child: Signed<'_>, issuer: Signed<'_>) {
    if algorithm(child.signature_oid, issuer.key.curve().as_deref()).is_some() {
        SIGNATURES.insert((child.der.to_vec(), issuer.der.to_vec()), Signature::Valid);
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

fn check_signature(child: Signed<'_>, issuer: Signed<'_>) -> Signature {
    use aws_lc_rs::signature as sig;
    let Some(alg) = algorithm(child.signature_oid, issuer.key.curve().as_deref()) else {
        return Signature::Unsupported;
    };
    let Ok((_, cert)) = X509Certificate::from_der(child.der) else {
        return Signature::Invalid;
    };
    let Ok((_, parent)) = X509Certificate::from_der(issuer.der) else {
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
