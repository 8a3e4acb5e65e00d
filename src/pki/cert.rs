//! Typestate builders for the CA and the two leaf roles. They do no I/O: the results are
//! PEM strings in memory that `store` writes.

use super::keys::{KeySpec, PrivateKey, WipedKeyPair};
use super::names::{San, Subject};
use crate::pki::serial::Serial;
use crate::store::role::Role;
use anyhow::{Context, Result, bail};
use rcgen::{
    BasicConstraints, CertificateParams, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyUsagePurpose,
    SerialNumber,
};
use rustls_pki_types::CertificateDer;
use std::fmt;
use time::{Duration, OffsetDateTime};

/// How far notBefore is set in the past: containers and VMs often run a few minutes
/// behind, and a certificate that is "not yet valid" fails every handshake.
pub const CLOCK_SKEW_ALLOWANCE: Duration = Duration::minutes(5);

/// A validity window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validity {
    /// notBefore.
    pub not_before: OffsetDateTime,
    /// notAfter.
    pub not_after: OffsetDateTime,
}

impl Validity {
    /// `days` from `now`, with notBefore backdated by [`CLOCK_SKEW_ALLOWANCE`].
    pub fn days_from(now: OffsetDateTime, days: u32) -> Validity {
        // Whole seconds: X.509 times carry no fractions.
        let now = now.replace_nanosecond(0).unwrap_or(now);
        Validity {
            not_before: now - CLOCK_SKEW_ALLOWANCE,
            not_after: now + Duration::days(i64::from(days)),
        }
    }
}

/// A CA ready to sign: its certificate and signing key. `Debug` hides the key.
pub struct Ca {
    issuer: Issuer<'static, WipedKeyPair>,
    cert_pem: String,
    cert_der: CertificateDer<'static>,
    spec: KeySpec,
}

impl Ca {
    /// A CA from an existing certificate (as PEM text and DER) and its key; the caller
    /// has checked that they belong together and that the certificate is a CA.
    pub fn from_existing(
        cert_pem: String,
        cert_der: CertificateDer<'static>,
        key: PrivateKey,
    ) -> Result<Ca> {
        let spec = key.spec();
        let pair = key.into_pair();
        let issuer = Issuer::from_ca_cert_der(&cert_der, pair)
            .context("the CA certificate's subject or key identifier cannot be reused")?;
        Ok(Ca {
            issuer,
            cert_pem,
            cert_der,
            spec,
        })
    }

    /// The CA certificate, PEM.
    pub fn cert_pem(&self) -> &str {
        &self.cert_pem
    }

    /// The CA certificate, DER.
    pub fn cert_der(&self) -> &CertificateDer<'static> {
        &self.cert_der
    }

    /// The CA key's algorithm.
    pub fn key_spec(&self) -> KeySpec {
        self.spec
    }

    /// The CA key as PKCS#8 PEM (only for a CA generated in this process).
    pub fn key_pem(&self) -> String {
        self.issuer.key().serialize_pem()
    }
}

impl fmt::Debug for Ca {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ca")
            .field("spec", &self.spec)
            .finish_non_exhaustive()
    }
}

/// Builds a self-signed CA. Fixes the CA invariants: CA:TRUE (critical, pathlen 0, since
/// it signs only leaves), keyUsage keyCertSign + cRLSign, a subject key identifier.
#[derive(Debug, Clone)]
pub struct CaBuilder {
    subject: Subject,
    validity: Validity,
    serial: Serial,
}

impl CaBuilder {
    /// A CA with this subject, which must differ from the leaves' (a CA named
    /// `CN=localhost` like gen.sh's confuses chain building and every human reader).
    pub fn new(subject: Subject, validity: Validity, serial: Serial) -> CaBuilder {
        CaBuilder {
            subject,
            validity,
            serial,
        }
    }

    /// Self-signs the CA certificate with `key`.
    pub fn build(self, key: PrivateKey) -> Result<Ca> {
        let mut params = CertificateParams::default();
        params.distinguished_name = self.subject.distinguished_name();
        params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        params.not_before = self.validity.not_before;
        params.not_after = self.validity.not_after;
        params.serial_number = Some(SerialNumber::from_slice(self.serial.as_be_bytes()));
        let spec = key.spec();
        let pair = key.into_pair();
        let cert = params
            .self_signed(&pair)
            .context("failed to self-sign the CA certificate")?;
        Ok(Ca {
            cert_pem: cert.pem(),
            cert_der: cert.der().clone(),
            issuer: Issuer::new(params, pair),
            spec,
        })
    }
}

/// Builds a server or client leaf. `server()`/`client()` fix the role's invariants:
/// CA:FALSE, digitalSignature (+ keyEncipherment for RSA), exactly the role's EKU, AKI.
#[derive(Debug, Clone)]
pub struct LeafBuilder {
    role: Role,
    subject: Subject,
    sans: Vec<San>,
}

/// A leaf's CSR and certificate, PEM.
#[derive(Debug, Clone)]
pub struct IssuedLeaf {
    /// PKCS#10 request with the subject and the requested SAN/KU/EKU.
    pub csr_pem: String,
    /// The signed certificate.
    pub cert_pem: String,
    /// The signed certificate, DER.
    pub cert_der: CertificateDer<'static>,
}

impl LeafBuilder {
    /// The Milvus proxy's certificate: EKU serverAuth only, as Go's crypto/tls requires
    /// of a server, and the SANs clients check the server name against.
    pub fn server(subject: Subject, sans: Vec<San>) -> LeafBuilder {
        LeafBuilder {
            role: Role::Server,
            subject,
            sans,
        }
    }

    /// A client certificate for mode 2: EKU clientAuth only. (gen.sh 2.5 gave clients
    /// serverAuth, which a Go server refuses: "incompatible key usage".)
    pub fn client(subject: Subject, sans: Vec<San>) -> LeafBuilder {
        LeafBuilder {
            role: Role::Client,
            subject,
            sans,
        }
    }

    fn params(&self, spec: KeySpec) -> Result<CertificateParams> {
        let mut params = CertificateParams::default();
        params.distinguished_name = self.subject.distinguished_name();
        params.is_ca = IsCa::ExplicitNoCa;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        if spec.can_encipher() {
            params.key_usages.push(KeyUsagePurpose::KeyEncipherment);
        }
        params.extended_key_usages = vec![match self.role {
            Role::Server => ExtendedKeyUsagePurpose::ServerAuth,
            Role::Client => ExtendedKeyUsagePurpose::ClientAuth,
            Role::Ca => bail!("a CA is not a leaf"),
        }];
        params.subject_alt_names = self.sans.iter().map(San::to_rcgen).collect::<Result<_>>()?;
        Ok(params)
    }

    /// Makes the CSR with `key`, then signs the certificate with `ca`.
    pub fn issue(
        self,
        key: &PrivateKey,
        ca: &Ca,
        validity: Validity,
        serial: &Serial,
    ) -> Result<IssuedLeaf> {
        let role = self.role;
        let mut params = self.params(key.spec())?;
        let csr = params
            .serialize_request(key.pair())
            .with_context(|| format!("failed to make the {role} certificate request"))?;
        let csr_pem = csr
            .pem()
            .with_context(|| format!("failed to encode the {role} certificate request"))?;
        params.not_before = validity.not_before;
        params.not_after = validity.not_after;
        params.serial_number = Some(SerialNumber::from_slice(serial.as_be_bytes()));
        params.use_authority_key_identifier_extension = true;
        let cert = params
            .signed_by(key.pair(), &ca.issuer)
            .with_context(|| format!("failed to sign the {role} certificate"))?;
        Ok(IssuedLeaf {
            csr_pem,
            cert_pem: cert.pem(),
            cert_der: cert.der().clone(),
        })
    }
}

impl Ca {
    /// Signs finished certificate parameters for `public_key` (a key the CA does not hold,
    /// e.g. from a CSR); returns the certificate as PEM and DER.
    pub fn sign(
        &self,
        params: &CertificateParams,
        public_key: &impl rcgen::PublicKeyData,
    ) -> Result<(String, CertificateDer<'static>)> {
        let cert = params
            .signed_by(public_key, &self.issuer)
            .context("failed to sign the certificate")?;
        Ok((cert.pem(), cert.der().clone()))
    }
}
