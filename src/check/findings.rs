//! The findings model: every check `verify` makes is a variant of [`Check`], carrying its
//! context; a [`Finding`] adds the severity and the file. Codes are stable (they are the
//! JSON `code` and the README's table).

use crate::store::role::Role;
use serde::Serialize;
use time::OffsetDateTime;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The check passed.
    Ok,
    /// Works for some clients or for now, but should be fixed.
    Warning,
    /// Milvus or a client fails with these files.
    Error,
}

/// One check and its outcome. Each variant's doc states the exact condition.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// A required file does not exist (client files only in mode 2).
    FileMissing,
    /// An optional file does not exist: ca.key always, client.pem/client.key in mode 1.
    FileAbsent {
        /// Why it is not needed.
        why: &'static str,
    },
    /// The file exists but cannot be read (permissions, a directory, a dangling
    /// symlink, over 1 MiB).
    FileUnreadable {
        /// The I/O reason.
        reason: String,
    },
    /// The file is empty, has broken PEM framing/base64, or is neither PEM nor DER.
    FileMalformed {
        /// What is wrong.
        detail: String,
    },
    /// The file holds something else than expected (a key in server.pem, a CSR…).
    WrongContent {
        /// "a certificate" or "a private key".
        expected: &'static str,
        /// What was found.
        found: String,
    },
    /// A certificate block whose DER is not valid X.509.
    BadCertificate {
        /// Parser message.
        detail: String,
    },
    /// A private key block that cannot be parsed.
    BadKey {
        /// Parser message.
        detail: String,
    },
    /// The key is passphrase-protected: Milvus (server.key) and the SDKs (client.key)
    /// cannot read it; harmless for ca.key.
    KeyEncrypted,
    /// A certificate in the trust file is not a CA by OpenSSL's rules (basicConstraints
    /// CA:FALSE, or no basicConstraints and neither a v1 self-signed root nor keyUsage
    /// keyCertSign): OpenSSL- and BoringSSL-based clients refuse it as an issuer
    /// ("invalid CA certificate").
    CaNotCa {
        /// Its subject.
        subject: String,
    },
    /// A CA certificate has keyUsage without keyCertSign (OpenSSL refuses it as issuer).
    CaNoKeyCertSign {
        /// Its subject.
        subject: String,
    },
    /// Every certificate in the trust file is a usable CA.
    CaOk {
        /// Number of trust anchors.
        count: usize,
    },
    /// rustls-webpki builds a path from the leaf to a trust anchor (signatures verified).
    ChainOk {
        /// The anchor's subject.
        anchor: String,
    },
    /// No trust anchor has the leaf's issuer name (signed by another CA).
    ChainUnknownIssuer {
        /// The leaf's issuer.
        issuer: String,
    },
    /// An anchor has the issuer's name but the signature does not verify with its key
    /// (signed by a different CA with the same name, e.g. another gen.sh run).
    ChainBadSignature {
        /// The leaf's issuer.
        issuer: String,
    },
    /// rustls-webpki rejects the path for another reason (algorithm, key size, a CA used
    /// as leaf…).
    ChainRejected {
        /// The reason, in words.
        reason: String,
    },
    /// The server name matches a DNS or IP subjectAltName (as Go and rustls check).
    ServerNameOk {
        /// The name checked.
        name: String,
    },
    /// The certificate has SANs but none matches the name (every client fails, even
    /// those that would fall back to the CN).
    ServerNameNotInSan {
        /// The name checked.
        name: String,
        /// The SANs present.
        sans: Vec<String>,
    },
    /// No SAN at all, and only the legacy CommonName matches: Go refuses ("relies on
    /// legacy Common Name field"), gRPC C-core and Node fall back to the CN for DNS names.
    ServerNameCnOnly {
        /// The name checked.
        name: String,
    },
    /// No SAN and the CN does not match either.
    ServerNameMismatch {
        /// The name checked.
        name: String,
        /// The CommonName.
        cn: String,
    },
    /// No server name was given and server.pem has no CN or SAN to default to.
    ServerNameUnknown,
    /// The private key belongs to the certificate.
    KeyMatches,
    /// The private key's public half differs from the certificate's (Milvus panics at
    /// start with "tls: private key does not match public key").
    KeyMismatch,
    /// The role's extended key usage is allowed (or there is no EKU extension).
    EkuOk,
    /// server.pem has an EKU extension without serverAuth: clients that verify it
    /// against ca.pem fail.
    ServerEkuNoServerAuth {
        /// The EKUs present.
        ekus: Vec<String>,
    },
    /// client.pem has an EKU extension without clientAuth: the Go server refuses it in
    /// mode 2 ("incompatible key usage").
    ClientEkuNoClientAuth {
        /// The EKUs present.
        ekus: Vec<String>,
    },
    /// Another leaf in the directory has an EKU extension with neither serverAuth nor
    /// clientAuth: no TLS peer accepts it.
    LeafEkuNoTls {
        /// The EKUs present.
        ekus: Vec<String>,
    },
    /// Valid now and for longer than the warning window.
    ValidityOk {
        /// Days to notAfter.
        days_left: i64,
    },
    /// notAfter is in the past.
    Expired {
        /// notAfter.
        not_after: OffsetDateTime,
        /// Its whole lifetime in days (a renewal keeps it unless told otherwise).
        lifetime_days: i64,
    },
    /// notBefore is in the future.
    NotYetValid {
        /// notBefore.
        not_before: OffsetDateTime,
    },
    /// notAfter is within `--warn-days`.
    ExpiringSoon {
        /// Days to notAfter.
        days_left: i64,
        /// Its whole lifetime in days (a renewal keeps it unless told otherwise).
        lifetime_days: i64,
    },
    /// An RSA key under 2048 bits (under 1024: refused everywhere; under 2048: refused by
    /// OpenSSL at security level 2, the default on Debian, Ubuntu and RHEL).
    WeakRsaKey {
        /// Modulus size.
        bits: u32,
    },
    /// A SHA-1 or MD5 signature (Go, OpenSSL 3 and rustls refuse SHA-1 in certificates).
    WeakSignature {
        /// The algorithm.
        algorithm: String,
    },
    /// An X.509 v1 certificate (no extensions: no SAN, no CA flag, no EKU).
    V1Certificate,
    /// client.key is PKCS#1 or SEC1: the Java SDK (Netty) reads only PKCS#8.
    KeyNotPkcs8 {
        /// "PKCS#1" or "SEC1".
        format: &'static str,
    },
    /// An Ed25519 key: pymilvus (gRPC C-core) and the Java SDK fail the handshake.
    Ed25519Key,
    /// `probe`: a server that asks for a client certificate (mode 2) does not accept
    /// TLS 1.3, which Milvus' mode 2 requires of its clients.
    NoTls13InMode2,
    /// `probe`: the gRPC port selected ALPN `h2` (HTTP/2, which gRPC runs on).
    AlpnH2,
    /// `probe`: the gRPC port selected no ALPN `h2`: grpc-go (since 1.67) and grpc-java
    /// refuse such a connection.
    NoAlpnH2,
    /// `probe`: the served leaf is byte for byte DIR/server.pem.
    ServedIsFile,
    /// `probe`: the served leaf is not DIR/server.pem (e.g. the server was not restarted
    /// after `renew`); pymilvus, which pins server.pem in mode 1, fails.
    ServedNotFile {
        /// What differs: serial and age, key, CA.
        differences: Vec<String>,
    },
    /// `probe`: in mode 2 the server answered the HTTP/2 preface sent over a TLS
    /// connection authenticated with client.pem.
    ClientCertAccepted,
    /// `probe`: in mode 2 the server ended the connection after the handshake with
    /// client.pem (Go checks the client certificate after its TLS 1.3 handshake).
    ClientCertRejected {
        /// What the server did (the alert).
        answer: String,
    },
    /// A staging directory (`.milvus-cert.txn.*`) of a write that was interrupted: the
    /// files under their final names may be a mix of old and new until a write command
    /// finishes it (verify itself never writes).
    InterruptedWrite {
        /// The set was committed (the next writer completes it; else it is undone).
        committed: bool,
        /// The files staged in it.
        files: Vec<String>,
        /// It belongs to another user (uid): milvus-cert leaves it alone.
        foreign_owner: Option<u32>,
    },
    /// ca.key can be read by its group or every user: whoever reads it can issue
    /// certificates every client trusts (the signing commands warn about it too).
    KeyLoose {
        /// Its permission bits.
        mode: u32,
    },
}

impl Check {
    /// The stable code (JSON `code`).
    pub fn code(&self) -> &'static str {
        match self {
            Check::FileMissing => "file-missing",
            Check::FileAbsent { .. } => "file-absent",
            Check::FileUnreadable { .. } => "file-unreadable",
            Check::FileMalformed { .. } => "file-malformed",
            Check::WrongContent { .. } => "wrong-content",
            Check::BadCertificate { .. } => "bad-certificate",
            Check::BadKey { .. } => "bad-key",
            Check::KeyEncrypted => "key-encrypted",
            Check::CaNotCa { .. } => "ca-not-ca",
            Check::CaNoKeyCertSign { .. } => "ca-no-keycertsign",
            Check::CaOk { .. } => "ca-ok",
            Check::ChainOk { .. } => "chain-ok",
            Check::ChainUnknownIssuer { .. } => "chain-unknown-issuer",
            Check::ChainBadSignature { .. } => "chain-bad-signature",
            Check::ChainRejected { .. } => "chain-rejected",
            Check::ServerNameOk { .. } => "server-name-ok",
            Check::ServerNameNotInSan { .. } => "server-name-not-in-san",
            Check::ServerNameCnOnly { .. } => "server-name-cn-only",
            Check::ServerNameMismatch { .. } => "server-name-mismatch",
            Check::ServerNameUnknown => "server-name-unknown",
            Check::KeyMatches => "key-matches",
            Check::KeyMismatch => "key-mismatch",
            Check::EkuOk => "eku-ok",
            Check::ServerEkuNoServerAuth { .. } => "server-eku-no-serverauth",
            Check::ClientEkuNoClientAuth { .. } => "client-eku-no-clientauth",
            Check::LeafEkuNoTls { .. } => "leaf-eku-no-tls",
            Check::ValidityOk { .. } => "validity-ok",
            Check::Expired { .. } => "expired",
            Check::NotYetValid { .. } => "not-yet-valid",
            Check::ExpiringSoon { .. } => "expiring-soon",
            Check::WeakRsaKey { .. } => "weak-rsa-key",
            Check::WeakSignature { .. } => "weak-signature",
            Check::V1Certificate => "v1-certificate",
            Check::KeyNotPkcs8 { .. } => "key-not-pkcs8",
            Check::Ed25519Key => "ed25519-key",
            Check::NoTls13InMode2 => "no-tls13-in-mode2",
            Check::AlpnH2 => "alpn-h2",
            Check::NoAlpnH2 => "no-alpn-h2",
            Check::ServedIsFile => "served-is-file",
            Check::ServedNotFile { .. } => "served-not-file",
            Check::ClientCertAccepted => "client-cert-accepted",
            Check::ClientCertRejected { .. } => "client-cert-rejected",
            Check::InterruptedWrite { .. } => "interrupted-write",
            Check::KeyLoose { .. } => "key-loose",
        }
    }

    /// The severity the check has unless the caller lowers it (client files in mode 1).
    pub fn default_severity(&self) -> Severity {
        match self {
            Check::FileAbsent { .. }
            | Check::CaOk { .. }
            | Check::ChainOk { .. }
            | Check::ServerNameOk { .. }
            | Check::KeyMatches
            | Check::EkuOk
            | Check::ValidityOk { .. }
            | Check::AlpnH2
            | Check::ServedIsFile
            | Check::ClientCertAccepted => Severity::Ok,
            Check::ExpiringSoon { .. }
            | Check::V1Certificate
            | Check::KeyNotPkcs8 { .. }
            | Check::Ed25519Key
            | Check::InterruptedWrite { .. } => Severity::Warning,
            Check::KeyLoose { .. } => Severity::Warning,
            Check::WeakRsaKey { bits } if *bits >= 1024 => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// The family whose functions word the message and the hint. Exhaustive on purpose
    /// (no `_` arm): a new variant does not compile until it is given a family, and
    /// `every_check_renders` proves each family words all of its members.
    fn family(&self) -> Family {
        match self {
            Check::FileMissing
            | Check::FileAbsent { .. }
            | Check::FileUnreadable { .. }
            | Check::FileMalformed { .. }
            | Check::WrongContent { .. }
            | Check::BadCertificate { .. }
            | Check::BadKey { .. }
            | Check::InterruptedWrite { .. } => Family::Files,
            Check::KeyEncrypted
            | Check::KeyLoose { .. }
            | Check::KeyMatches
            | Check::KeyMismatch
            | Check::KeyNotPkcs8 { .. }
            | Check::Ed25519Key
            | Check::WeakRsaKey { .. } => Family::Keys,
            Check::CaNotCa { .. }
            | Check::CaNoKeyCertSign { .. }
            | Check::CaOk { .. }
            | Check::ChainOk { .. }
            | Check::ChainUnknownIssuer { .. }
            | Check::ChainBadSignature { .. }
            | Check::ChainRejected { .. }
            | Check::WeakSignature { .. }
            | Check::V1Certificate => Family::Trust,
            Check::ServerNameOk { .. }
            | Check::ServerNameNotInSan { .. }
            | Check::ServerNameCnOnly { .. }
            | Check::ServerNameMismatch { .. }
            | Check::ServerNameUnknown
            | Check::EkuOk
            | Check::ServerEkuNoServerAuth { .. }
            | Check::ClientEkuNoClientAuth { .. }
            | Check::LeafEkuNoTls { .. } => Family::Names,
            Check::ValidityOk { .. }
            | Check::Expired { .. }
            | Check::NotYetValid { .. }
            | Check::ExpiringSoon { .. } => Family::Validity,
            Check::NoTls13InMode2
            | Check::AlpnH2
            | Check::NoAlpnH2
            | Check::ServedIsFile
            | Check::ServedNotFile { .. }
            | Check::ClientCertAccepted
            | Check::ClientCertRejected { .. } => Family::Served,
        }
    }

    /// The finding for a file that could not be used (`expected`: "a certificate" or
    /// "a private key").
    pub fn of_problem(problem: &crate::certdir::LoadProblem, expected: &'static str) -> Check {
        use crate::certdir::LoadProblem;
        match problem {
            LoadProblem::Missing => Check::FileMissing,
            LoadProblem::Unreadable(reason) => Check::FileUnreadable {
                reason: reason.clone(),
            },
            LoadProblem::Malformed(detail) => Check::FileMalformed {
                detail: detail.clone(),
            },
            LoadProblem::WrongContent { found } => Check::WrongContent {
                expected,
                found: found.clone(),
            },
            LoadProblem::BadCertificate(detail) => Check::BadCertificate {
                detail: detail.clone(),
            },
            LoadProblem::BadKey(detail) => Check::BadKey {
                detail: detail.clone(),
            },
        }
    }

    /// What is wrong with a file that could not be used, without the file's name (for
    /// places that name the file themselves); `None` for other checks.
    pub fn detail(&self) -> Option<&str> {
        match self {
            Check::FileMissing => Some("no such file"),
            Check::FileUnreadable { reason: detail }
            | Check::FileMalformed { detail }
            | Check::BadCertificate { detail }
            | Check::BadKey { detail } => Some(detail),
            _ => None,
        }
    }

    /// Where a certificate stands in time, the one rule of `verify`, `probe` and
    /// `status`: expired once notAfter has passed, not yet valid before notBefore, and
    /// expiring when notAfter is less than `warn_days` whole days away.
    pub fn validity(
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
        warn_days: u32,
        now: OffsetDateTime,
    ) -> Check {
        let lifetime_days = (not_after - not_before).whole_days();
        let days_left = crate::certdir::view::days_until(not_after, now);
        if now > not_after {
            Check::Expired {
                not_after,
                lifetime_days,
            }
        } else if now < not_before {
            Check::NotYetValid { not_before }
        } else if not_after - now < time::Duration::days(i64::from(warn_days)) {
            Check::ExpiringSoon {
                days_left,
                lifetime_days,
            }
        } else {
            Check::ValidityOk { days_left }
        }
    }
}

/// Families of checks, each worded by its own message and hint functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    /// Files that are missing, unreadable or hold the wrong thing; interrupted writes.
    Files,
    /// Private keys: match, format, algorithm, permissions.
    Keys,
    /// Trust anchors and chains.
    Trust,
    /// Server names and extended key usage.
    Names,
    /// Dates.
    Validity,
    /// What `probe` saw a server do.
    Served,
}

/// One reported outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What was checked.
    pub check: Check,
    /// How bad it is.
    pub severity: Severity,
    /// The file it is about (`server.pem`), if any.
    pub file: Option<String>,
    /// Whose file (for wording).
    pub role: Option<Role>,
}

impl Finding {
    /// A finding with the check's default severity.
    pub fn new(check: Check, role: Option<Role>, file: Option<String>) -> Finding {
        Finding {
            severity: check.default_severity(),
            check,
            file,
            role,
        }
    }

    fn file_name(&self) -> &str {
        self.file.as_deref().unwrap_or("the file")
    }

    /// The key file that goes with the finding's certificate (`server.key`, or
    /// `app1.key` for `app1.pem`).
    fn key_file(&self) -> String {
        match self.role {
            Some(role) => role.key_file(),
            None => {
                let file = self.file_name();
                let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
                format!("{stem}.key")
            }
        }
    }

    /// One sentence saying what was found.
    pub fn message(&self) -> String {
        match self.check.family() {
            Family::Files => self.file_message(),
            Family::Keys => self.key_message(),
            Family::Trust => self.trust_message(),
            Family::Names => self.name_message(),
            Family::Validity => self.validity_message(),
            Family::Served => self.served_message(),
        }
    }

    fn file_message(&self) -> String {
        let file = self.file_name();
        match &self.check {
            Check::FileMissing => format!("{file} does not exist"),
            Check::FileAbsent { why } => format!("{file} is absent ({why})"),
            Check::FileUnreadable { reason } => format!("{file} cannot be read: {reason}"),
            Check::FileMalformed { detail } => format!("{file}: {detail}"),
            Check::WrongContent { expected, found } => {
                format!("{file} holds {found}, not {expected}")
            }
            Check::BadCertificate { detail } => {
                format!("{file} holds a certificate that cannot be parsed: {detail}")
            }
            Check::BadKey { detail } => format!("{file}: {detail}"),
            Check::InterruptedWrite {
                foreign_owner: Some(uid),
                ..
            } => format!(
                "{file} looks like an interrupted write but belongs to another user (uid {uid}); \
                 milvus-cert leaves it alone"
            ),
            Check::InterruptedWrite {
                committed, files, ..
            } => {
                let files = if files.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", files.join(", "))
                };
                let fate = if *committed {
                    "committed: until it is finished, the directory may hold a mix of old and new files"
                } else {
                    "not committed: nothing under a final name changed; it will be undone"
                };
                format!("{file} holds a write an earlier run left interrupted{files}, {fate}")
            }
            other => unreachable!("{} is not a file check", other.code()),
        }
    }

    fn key_message(&self) -> String {
        let file = self.file_name();
        match &self.check {
            Check::KeyEncrypted if self.role == Some(Role::Ca) => format!(
                "{file} is encrypted (fine: only needed to issue; its match with the certificate was not checked)"
            ),
            Check::KeyEncrypted if self.role == Some(Role::Server) => {
                format!("{file} is encrypted: Milvus cannot read a passphrase-protected key")
            }
            Check::KeyEncrypted => {
                format!(
                    "{file} is encrypted: the Milvus SDKs cannot read a passphrase-protected key"
                )
            }
            Check::KeyLoose { mode } => {
                let who = if mode & 0o007 != 0 {
                    "every user"
                } else {
                    "its group"
                };
                format!(
                    "{file} is readable by {who} (mode {mode:03o}): whoever reads it can issue certificates every client trusts"
                )
            }
            Check::KeyMatches => format!("{} belongs to {file}", self.key_file()),
            Check::KeyMismatch => format!(
                "{} does not belong to {file} (their public keys differ)",
                self.key_file()
            ),
            Check::KeyNotPkcs8 { format } => {
                format!("{file} is {format}; the Java SDK (Netty) reads only PKCS#8 keys")
            }
            Check::Ed25519Key => format!(
                "{file} uses Ed25519: pymilvus (gRPC C-core) and the Java SDK cannot use it"
            ),
            Check::WeakRsaKey { bits } => format!("{file} has a {bits}-bit RSA key"),
            other => unreachable!("{} is not a key check", other.code()),
        }
    }

    fn trust_message(&self) -> String {
        let file = self.file_name();
        match &self.check {
            Check::CaNotCa { subject } => format!(
                "{file}: '{subject}' is not a CA certificate (basicConstraints CA:TRUE missing)"
            ),
            Check::CaNoKeyCertSign { subject } => format!(
                "{file}: '{subject}' has keyUsage without keyCertSign, so it may not sign certificates"
            ),
            Check::CaOk { count: 1 } => format!("{file} is a CA certificate"),
            Check::CaOk { count } => format!("{file} holds {count} CA certificates (all trusted)"),
            Check::ChainOk { anchor } => {
                format!("{file} is signed by '{anchor}' (path verified with rustls-webpki)")
            }
            Check::ChainUnknownIssuer { issuer } => {
                format!("{file} was issued by '{issuer}', which is not in the trusted CA file")
            }
            Check::ChainBadSignature { issuer } => format!(
                "{file} names '{issuer}' as issuer, but its signature does not verify with that CA's key (signed by a different CA of the same name)"
            ),
            Check::ChainRejected { reason } => match self.role {
                None => format!("{file}: the chain is rejected: {reason}"),
                Some(role) => format!("{file}: the {role} chain is rejected: {reason}"),
            },
            Check::WeakSignature { algorithm } => {
                format!("{file} is signed with {algorithm}")
            }
            Check::V1Certificate => {
                format!("{file} is an X.509 v1 certificate (no extensions)")
            }
            other => unreachable!("{} is not a trust check", other.code()),
        }
    }

    fn name_message(&self) -> String {
        let file = self.file_name();
        let eku = |ekus: &[String], missing: &str| {
            format!(
                "{file} has extendedKeyUsage {} without {missing}",
                ekus.join(", ")
            )
        };
        match &self.check {
            Check::ServerNameOk { name } => {
                format!("'{name}' matches a subjectAltName of {file}")
            }
            Check::ServerNameNotInSan { name, sans } => format!(
                "'{name}' is not among the subjectAltNames of {file} ({})",
                sans.join(", ")
            ),
            Check::ServerNameCnOnly { name } => format!(
                "{file} has no subjectAltName; only its legacy CommonName matches '{name}' (Go refuses that)"
            ),
            Check::ServerNameMismatch { name, cn } => format!(
                "{file} has no subjectAltName and its CommonName '{cn}' does not match '{name}'"
            ),
            Check::ServerNameUnknown => format!(
                "no --server-name given and {file} has no CommonName or SAN to take it from"
            ),
            Check::EkuOk => match self.role {
                None => format!("{file} may be used for TLS"),
                Some(role) => format!("{file} may be used as a TLS {role}"),
            },
            Check::ServerEkuNoServerAuth { ekus } => eku(ekus, "serverAuth"),
            Check::ClientEkuNoClientAuth { ekus } => eku(ekus, "clientAuth"),
            Check::LeafEkuNoTls { ekus } => eku(ekus, "serverAuth or clientAuth"),
            other => unreachable!("{} is not a name check", other.code()),
        }
    }

    fn validity_message(&self) -> String {
        let file = self.file_name();
        match &self.check {
            Check::ValidityOk { days_left } => format!("{file} is valid for {days_left} more days"),
            Check::Expired { not_after, .. } => format!("{file} expired on {}", not_after.date()),
            Check::NotYetValid { not_before } => {
                format!("{file} is not valid before {not_before}")
            }
            Check::ExpiringSoon { days_left, .. } => format!("{file} expires in {days_left} days"),
            other => unreachable!("{} is not a validity check", other.code()),
        }
    }

    fn served_message(&self) -> String {
        let file = self.file_name();
        let (server_pem, client_pem) = (Role::Server.cert_file(), Role::Client.cert_file());
        match &self.check {
            Check::NoTls13InMode2 => format!(
                "{file} asks for a client certificate (mode 2) but does not accept TLS 1.3, which Milvus' mode 2 clients need"
            ),
            Check::AlpnH2 => format!("{file} selected ALPN h2 (HTTP/2, as gRPC needs)"),
            Check::NoAlpnH2 => format!(
                "{file} selected no ALPN h2: grpc-go (1.67+) and grpc-java refuse a gRPC connection without it"
            ),
            Check::ServedIsFile => format!("{file} is byte for byte {server_pem}"),
            Check::ServedNotFile { differences } => {
                format!("{file} is not {server_pem}: {}", differences.join("; "))
            }
            Check::ClientCertAccepted => {
                format!("{file} accepted {client_pem} (it answered the HTTP/2 preface)")
            }
            Check::ClientCertRejected { answer } => {
                format!("{file} rejected {client_pem} after the handshake: {answer}")
            }
            other => unreachable!("{} is not a probe check", other.code()),
        }
    }

    /// How to fix it (None for passing checks), following the rules every hint keeps:
    /// the least destructive command first (`renew`, which keeps backups, before
    /// `--force`), every name already present kept, the command works on the file the
    /// finding is about, and where no single command fixes it the hint says so.
    pub fn hint(&self, ctx: &HintContext) -> Option<Hint> {
        if self.severity == Severity::Ok {
            return None;
        }
        match self.check.family() {
            Family::Files => self.file_hint(ctx),
            Family::Keys => self.key_hint(ctx),
            Family::Trust => self.trust_hint(ctx),
            Family::Names => self.name_hint(ctx),
            Family::Validity => self.validity_hint(ctx),
            Family::Served => self.served_hint(),
        }
    }

    fn file_hint(&self, ctx: &HintContext) -> Option<Hint> {
        let file = self.file_name();
        Some(match &self.check {
            Check::FileAbsent { .. } => return None,
            Check::FileMissing
            | Check::FileMalformed { .. }
            | Check::BadCertificate { .. }
            | Check::WrongContent { .. }
            | Check::BadKey { .. } => self.unusable_hint(ctx),
            Check::FileUnreadable { .. } => Hint::text(format!(
                "make {file} a readable regular file (check its permissions and, for a symlink, its target); no milvus-cert command can"
            )),
            Check::InterruptedWrite {
                foreign_owner: Some(_),
                ..
            } => Hint::text(format!(
                "remove it if you do not know who made it: rm -r {}",
                crate::check::advice::quote(&ctx.dir.join(file).display().to_string())
            )),
            Check::InterruptedWrite { .. } => Hint::text(
                "no single command only finishes it: the next milvus-cert command that writes in \
                 this directory (init, ca, server, client, sign, renew, rotate-ca) finishes it \
                 before its own work (verify, inspect and status never write)"
                    .to_string(),
            ),
            other => unreachable!("{} is not a file check", other.code()),
        })
    }

    fn key_hint(&self, ctx: &HintContext) -> Option<Hint> {
        let file = self.file_name();
        let name = base_name(file);
        let is_ca = self.role == Some(Role::Ca);
        Some(match &self.check {
            Check::KeyMatches => return None,
            Check::KeyEncrypted => ctx.renew(
                name,
                &[],
                &format!(
                    "make a new unencrypted key and re-issue the certificate with the same names (the encrypted {file} is kept as a backup)"
                ),
            ),
            Check::KeyLoose { .. } => Hint::text(format!(
                "restrict it: `chmod 600 {}`",
                crate::check::advice::quote(&ctx.dir.join(file).display().to_string())
            )),
            Check::KeyMismatch if is_ca => Hint::text(format!(
                "no single command fixes this: put back the {} that belongs to {file}; without it, nothing can be issued from this CA",
                self.key_file()
            )),
            Check::KeyMismatch => ctx.renew(
                name,
                &[],
                &format!(
                    "make a new key and re-issue {file} with the same names (the old files are kept as backups)"
                ),
            ),
            Check::KeyNotPkcs8 { .. } => ctx.renew(
                name,
                &[],
                &format!("make a new PKCS#8 key and re-issue the certificate ({file} is kept as a backup)"),
            ),
            Check::Ed25519Key if is_ca => ctx.rotate(
                &["--key-type", "ecdsa-p256"],
                "if pymilvus or Java clients connect, make a new ECDSA CA and re-issue every leaf from it",
            ),
            Check::Ed25519Key => ctx.renew(
                name,
                &["--key-type", "ecdsa-p256"],
                "if pymilvus or Java clients connect, re-issue it with an ECDSA key, keeping its names",
            ),
            // rotate-ca would have to load the weak key (aws-lc refuses keys under 2048
            // bits) and check the leaves' signatures with it, so it cannot help here.
            Check::WeakRsaKey { .. } if is_ca => Hint::text(
                "no single command fixes this: milvus-cert cannot use a CA key under 2048 bits; \
                 make a new CA and new leaves with `milvus-cert init --new-ca --force` (backups \
                 are kept; pass --cn/--san with the server's names to keep them)"
                    .to_string(),
            ),
            Check::WeakRsaKey { .. } => ctx.renew(
                name,
                &["--key-bits", "2048"],
                "re-issue it with a 2048-bit key, keeping its names",
            ),
            other => unreachable!("{} is not a key check", other.code()),
        })
    }

    fn trust_hint(&self, ctx: &HintContext) -> Option<Hint> {
        let file = self.file_name();
        let is_ca = self.role == Some(Role::Ca);
        Some(match &self.check {
            Check::CaOk { .. } | Check::ChainOk { .. } => return None,
            // rotate-ca and renew refuse a CA that may not sign, so no command keeps names.
            Check::CaNotCa { .. } | Check::CaNoKeyCertSign { .. } => Hint::text(format!(
                "no single command fixes this: {} may not sign certificates, so nothing can be renewed from it; make a new CA and new leaves with `milvus-cert init --dir {} --new-ca --force --cn NAME --san NAME` (old files are kept as .bak), naming the server as clients reach it",
                ctx.ca_file,
                crate::check::advice::quote(&ctx.dir.display().to_string())
            )),
            Check::ChainUnknownIssuer { .. } | Check::ChainBadSignature { .. } => {
                Hint::text(format!(
                    "no single command fixes this: put the CA certificate that signed {file} into {}, or issue {file} again from this directory's CA",
                    ctx.ca_file
                ))
            }
            Check::ChainRejected { .. } => Hint::text(format!(
                "no single command fixes this: issue {file} again from a CA the clients accept"
            )),
            Check::WeakSignature { .. } | Check::V1Certificate if is_ca => ctx.rotate(
                &[],
                "make a new X.509 v3 CA signed with SHA-256 and re-issue every leaf from it",
            ),
            Check::WeakSignature { .. } | Check::V1Certificate => ctx.renew(
                base_name(file),
                &[],
                "re-issue it as X.509 v3 signed with SHA-256 by this CA, keeping its names",
            ),
            other => unreachable!("{} is not a trust check", other.code()),
        })
    }

    fn name_hint(&self, ctx: &HintContext) -> Option<Hint> {
        let name = base_name(self.file_name());
        Some(match &self.check {
            Check::ServerNameOk { .. } | Check::EkuOk => return None,
            Check::ServerNameNotInSan { name: host, .. }
            | Check::ServerNameCnOnly { name: host }
            | Check::ServerNameMismatch { name: host, .. } => ctx.renew(
                name,
                &["--san", host],
                "add the name as a subjectAltName, keeping every name the certificate has",
            ),
            Check::ServerNameUnknown => {
                Hint::text("pass the name clients connect with: --server-name NAME".to_string())
            }
            Check::ServerEkuNoServerAuth { .. }
            | Check::ClientEkuNoClientAuth { .. }
            | Check::LeafEkuNoTls { .. } => ctx.renew(
                name,
                &[],
                "re-issue it with the extended key usage its role needs, keeping its names",
            ),
            other => unreachable!("{} is not a name check", other.code()),
        })
    }

    fn validity_hint(&self, ctx: &HintContext) -> Option<Hint> {
        let name = base_name(self.file_name());
        let is_ca = self.role == Some(Role::Ca);
        Some(match &self.check {
            Check::ValidityOk { .. } => return None,
            Check::Expired { .. } | Check::ExpiringSoon { .. } | Check::NotYetValid { .. }
                if is_ca =>
            {
                ctx.rotate(&[], "make a new CA and re-issue every leaf from it")
            }
            Check::Expired { lifetime_days, .. } | Check::ExpiringSoon { lifetime_days, .. } => {
                // Renewing keeps the lifetime: one inside the warning window would warn again.
                if *lifetime_days <= i64::from(ctx.warn_days) {
                    let days = (ctx.warn_days + 365).to_string();
                    ctx.renew(
                        name,
                        &["--days", &days],
                        "renew it for longer, keeping its names",
                    )
                } else {
                    ctx.renew(name, &[], "renew it, keeping its names")
                }
            }
            Check::NotYetValid { .. } => ctx.renew(
                name,
                &[],
                "check the clock of the machine that issued it, or re-issue it valid from now",
            ),
            other => unreachable!("{} is not a validity check", other.code()),
        })
    }

    fn served_hint(&self) -> Option<Hint> {
        Some(match &self.check {
            Check::AlpnH2 | Check::ServedIsFile | Check::ClientCertAccepted => return None,
            Check::NoTls13InMode2 => Hint::text(
                "Milvus accepts TLS 1.3 by itself: let whatever terminates TLS in front of it \
                 (a proxy, a load balancer) accept TLS 1.3"
                    .to_string(),
            ),
            Check::NoAlpnH2 => Hint::text(
                "let whatever terminates TLS in front of Milvus (a proxy, a load balancer) \
                 offer ALPN h2"
                    .to_string(),
            ),
            Check::ServedNotFile { .. } => Hint::text(format!(
                "restart Milvus (it reads {0} only at start), and check that its tls.serverPemPath is this {0}",
                Role::Server.cert_file()
            )),
            Check::ClientCertRejected { .. } => Hint::text(format!(
                "check {} against the server's caPemPath with `milvus-cert verify` on the server's directory",
                Role::Client.cert_file()
            )),
            other => unreachable!("{} is not a probe check", other.code()),
        })
    }

    /// A file that is missing or cannot be used: a lost key is replaced by renewing its
    /// certificate (names kept); a lost certificate needs a new pair or a restore.
    fn unusable_hint(&self, ctx: &HintContext) -> Hint {
        let file = self.file_name();
        let name = base_name(file);
        let is_key = file.ends_with(".key");
        match self.role {
            Some(Role::Ca) if ctx.empty => ctx.command(&["init"], &[], "make the directory"),
            Some(Role::Ca) if is_key => Hint::text(format!(
                "{file} is only needed to issue; fix it or move it away"
            )),
            Some(Role::Ca) => Hint::text(format!(
                "no single command fixes this: put back the {file} that signed the certificates here (from a backup)"
            )),
            Some(_) if ctx.empty => ctx.command(&["init"], &[], "make the directory"),
            Some(role) if is_key && ctx.cert_ok(role) => ctx.renew(
                name,
                &[],
                &format!("make a new {file} and re-issue the certificate with the same names"),
            ),
            Some(role) if ctx.can_issue => {
                let force: &[&str] = if ctx.pair_exists(role) {
                    &["--force"]
                } else {
                    &[]
                };
                ctx.command(
                    &[role.default_name()],
                    force,
                    &format!(
                        "no renewal can keep the names of a lost {file}: make a new {role} pair from this CA (files it replaces are kept as .bak; add --cn/--san for the names clients use)"
                    ),
                )
            }
            Some(role) => ctx.no_ca_key(&format!("make a new {role} pair")),
            None => Hint::text(format!(
                "replace {file} with a certificate (check it with `openssl x509 -in {file} -noout -text`), or move it out of the directory"
            )),
        }
    }
}

/// One finding in a JSON document (`verify`, `probe`, `status`, `inspect`).
#[derive(Debug, Clone, Serialize)]
pub struct FindingJson {
    /// Stable code.
    pub code: &'static str,
    /// error, warning or ok.
    pub severity: Severity,
    /// The file, if any.
    pub file: Option<String>,
    /// What was found.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// The one command that removes the finding, as the hint quotes it (null when no
    /// single command does).
    pub fix_command: Option<String>,
}

impl Finding {
    /// The finding as JSON; the hint needs to know the directory (`None`: no hint).
    pub fn to_json(&self, hints: Option<&HintContext>) -> FindingJson {
        let hint = hints.and_then(|ctx| self.hint(ctx));
        FindingJson {
            code: self.check.code(),
            severity: self.severity,
            file: self.file.clone(),
            message: self.message(),
            fix_command: hint.as_ref().and_then(|h| h.command.clone()),
            hint: hint.map(|h| h.text),
        }
    }
}

/// The base name `renew` takes for a file: `server` for server.pem or server.key.
fn base_name(file: &str) -> &str {
    file.rsplit_once('.').map_or(file, |(stem, _)| stem)
}

/// A fix: what to do, and the one command that does it when there is one. The text
/// quotes the command in backticks, exactly as `command` holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// One line for a person.
    pub text: String,
    /// The shell command that removes the finding, when one does.
    pub command: Option<String>,
}

impl Hint {
    fn text(text: String) -> Hint {
        Hint {
            text,
            command: None,
        }
    }
}

/// What a hint needs to know about the directory besides the finding.
#[derive(Debug, Clone)]
pub struct HintContext {
    /// The directory, as printed commands name it (absolute).
    pub dir: std::path::PathBuf,
    /// The trust file's name (`ca.pem` or the `--ca` path).
    pub ca_file: String,
    /// ca.key is there, so leaves can be issued and renewed.
    pub can_issue: bool,
    /// No CA, server or client file exists: `init` makes the directory.
    pub empty: bool,
    /// Whether server.pem and client.pem load (index: server, client).
    pub certs_ok: [bool; 2],
    /// Whether any of server.{key,csr,pem} and client.{key,csr,pem} exists (index:
    /// server, client): making a new pair then needs --force, which keeps backups.
    pub pairs_exist: [bool; 2],
    /// An earlier rotation's files (ca.old.pem, ca-bundle.pem) are in the way of rotate-ca.
    pub rotated_before: bool,
    /// `verify --warn-days`.
    pub warn_days: u32,
}

impl HintContext {
    fn index(role: Role) -> usize {
        usize::from(role == Role::Client)
    }

    fn cert_ok(&self, role: Role) -> bool {
        self.certs_ok[Self::index(role)]
    }

    fn pair_exists(&self, role: Role) -> bool {
        self.pairs_exist[Self::index(role)]
    }

    fn command(&self, args: &[&str], extra: &[&str], what: &str) -> Hint {
        let command = crate::check::advice::command(args, &self.dir, extra);
        Hint {
            text: format!("{what}: `{command}`"),
            command: Some(command),
        }
    }

    fn no_ca_key(&self, what: &str) -> Hint {
        Hint::text(format!(
            "no single command fixes this here: ca.key is not in {}, so nothing can be issued; put it back (or pass the directory that holds it) to {what}",
            self.dir.display()
        ))
    }

    fn renew(&self, name: &str, extra: &[&str], what: &str) -> Hint {
        if !self.can_issue {
            return self.no_ca_key(what);
        }
        self.command(&["renew", name], extra, what)
    }

    fn rotate(&self, extra: &[&str], what: &str) -> Hint {
        if !self.can_issue {
            return self.no_ca_key(what);
        }
        if self.rotated_before {
            let mut hint = self.command(&["rotate-ca", "--all"], extra, what);
            hint.text = format!(
                "{}, after moving the earlier rotation's *.old.* files and ca-bundle.pem out of the directory",
                hint.text
            );
            hint.command = None;
            return hint;
        }
        self.command(&["rotate-ca", "--all"], extra, what)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_checks() -> Vec<Check> {
        vec![
            Check::FileMissing,
            Check::FileAbsent { why: "optional" },
            Check::FileUnreadable {
                reason: "permission denied".into(),
            },
            Check::FileMalformed { detail: "x".into() },
            Check::WrongContent {
                expected: "a certificate",
                found: "a private key".into(),
            },
            Check::BadCertificate { detail: "x".into() },
            Check::BadKey { detail: "x".into() },
            Check::InterruptedWrite {
                committed: true,
                files: vec!["server.pem".into()],
                foreign_owner: None,
            },
        ]
    }

    fn key_checks() -> Vec<Check> {
        vec![
            Check::KeyEncrypted,
            Check::KeyLoose { mode: 0o644 },
            Check::KeyMatches,
            Check::KeyMismatch,
            Check::KeyNotPkcs8 { format: "PKCS#1" },
            Check::Ed25519Key,
            Check::WeakRsaKey { bits: 1024 },
        ]
    }

    fn trust_checks() -> Vec<Check> {
        let subject = || "CN=x".to_string();
        vec![
            Check::CaNotCa { subject: subject() },
            Check::CaNoKeyCertSign { subject: subject() },
            Check::CaOk { count: 2 },
            Check::ChainOk { anchor: subject() },
            Check::ChainUnknownIssuer { issuer: subject() },
            Check::ChainBadSignature { issuer: subject() },
            Check::ChainRejected { reason: "x".into() },
            Check::WeakSignature {
                algorithm: "sha1WithRSAEncryption".into(),
            },
            Check::V1Certificate,
        ]
    }

    fn name_checks() -> Vec<Check> {
        let ekus = |e: &str| vec![e.to_string()];
        vec![
            Check::ServerNameOk { name: "a".into() },
            Check::ServerNameNotInSan {
                name: "a".into(),
                sans: vec!["DNS:b".into()],
            },
            Check::ServerNameCnOnly { name: "a".into() },
            Check::ServerNameMismatch {
                name: "a".into(),
                cn: "b".into(),
            },
            Check::ServerNameUnknown,
            Check::EkuOk,
            Check::ServerEkuNoServerAuth {
                ekus: ekus("clientAuth"),
            },
            Check::ClientEkuNoClientAuth {
                ekus: ekus("serverAuth"),
            },
            Check::LeafEkuNoTls {
                ekus: ekus("codeSigning"),
            },
        ]
    }

    fn validity_and_served_checks() -> Vec<Check> {
        let now = OffsetDateTime::UNIX_EPOCH;
        vec![
            Check::ValidityOk { days_left: 3 },
            Check::Expired {
                not_after: now,
                lifetime_days: 1,
            },
            Check::NotYetValid { not_before: now },
            Check::ExpiringSoon {
                days_left: 3,
                lifetime_days: 365,
            },
            Check::NoTls13InMode2,
            Check::AlpnH2,
            Check::NoAlpnH2,
            Check::ServedIsFile,
            Check::ServedNotFile {
                differences: vec!["another key".into()],
            },
            Check::ClientCertAccepted,
            Check::ClientCertRejected {
                answer: "alert bad_certificate".into(),
            },
        ]
    }

    fn context() -> HintContext {
        HintContext {
            dir: "/tmp/cert".into(),
            ca_file: "ca.pem".into(),
            can_issue: true,
            empty: false,
            certs_ok: [true, true],
            pairs_exist: [true, true],
            rotated_before: false,
            warn_days: 30,
        }
    }

    /// Every variant renders a message, and a hint when it is not ok, for every role.
    #[test]
    fn every_check_renders() {
        let checks = [
            file_checks(),
            key_checks(),
            trust_checks(),
            name_checks(),
            validity_and_served_checks(),
        ]
        .concat();
        let ctx = context();
        let mut codes = std::collections::BTreeSet::new();
        for check in checks {
            assert!(
                codes.insert(check.code()),
                "duplicate code {}",
                check.code()
            );
            for role in [None, Some(Role::Ca), Some(Role::Server), Some(Role::Client)] {
                let f = Finding::new(check.clone(), role, Some("server.pem".into()));
                assert!(!f.message().is_empty());
                let hint = f.hint(&ctx);
                if let Some(Hint {
                    text,
                    command: Some(command),
                }) = &hint
                {
                    assert!(text.contains(&format!("`{command}`")), "{text}");
                    assert!(command.contains("--dir /tmp/cert"), "{command}");
                }
                let ok = f.severity == Severity::Ok;
                assert_eq!(hint.is_some(), !ok, "{:?} {role:?}", f.check);
            }
        }
        assert_eq!(codes.len(), 44, "a new check needs a sample above");
    }

    /// The one validity rule: the window is measured in time, not rounded days.
    #[test]
    fn validity_is_one_rule() {
        let now = OffsetDateTime::UNIX_EPOCH + time::Duration::days(1000);
        let day = time::Duration::days(1);
        let check = |from, to, warn| Check::validity(now + from, now + to, warn, now).code();
        assert_eq!(check(-day, -time::Duration::SECOND, 30), "expired");
        assert_eq!(check(day, day * 90, 30), "not-yet-valid");
        let almost_ten = day * 10 - time::Duration::SECOND;
        assert_eq!(check(-day, almost_ten, 10), "expiring-soon");
        assert_eq!(check(-day, almost_ten, 9), "validity-ok");
        assert_eq!(check(-day, day * 10, 10), "validity-ok");
    }
}
