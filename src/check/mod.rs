//! `verify`: judges a loaded [`CertDir`] — findings with severities and hints, and a
//! verdict for each Milvus client in TLS modes 1 and 2. No I/O here: the directory is
//! loaded by `certdir`, the report is shown by `render::verify`.

pub(crate) mod advice;
mod chain;
pub(crate) mod clients;
mod findings;
mod stacks;
pub(crate) mod status;

use crate::certdir::view::CertView;
use crate::certdir::{CertDir, CertFile, KeyFile, LoadProblem, OtherLeaf};
use crate::pki::KeySpec;
use crate::pki::parse::KeyFormat;
use crate::store::role::Role;
use chain::{Issued, Name};
use clients::{Facts, LeafFacts, Verdict};
pub use findings::{Check, Finding, FindingJson, Hint, HintContext, Severity};
use serde::Serialize;
use std::path::PathBuf;
use time::OffsetDateTime;

/// Version of the `verify --json` document.
pub const VERIFY_SCHEMA: u32 = 1;

/// Default `--warn-days`.
pub const DEFAULT_WARN_DAYS: u32 = 30;

/// What to check.
#[derive(Debug, Clone)]
pub struct Options {
    /// `--server-name`; defaults to server.pem's first DNS SAN, else its CN.
    pub server_name: Option<String>,
    /// The TLS mode whose errors set the exit code (1 or 2).
    pub mode: u8,
    /// Warn when a certificate expires within this many days.
    pub warn_days: u32,
    /// The clients whose failure in `mode` fails the check (`--clients`; all by default).
    pub clients: Vec<clients::Client>,
}

/// The outcome of `verify`.
#[derive(Debug, Clone)]
pub struct Report {
    /// The directory checked.
    pub dir: PathBuf,
    /// The server name used.
    pub server_name: Option<String>,
    /// The mode checked.
    pub mode: u8,
    /// Findings, in check order.
    pub findings: Vec<Finding>,
    /// Both modes for every client.
    pub clients: Vec<Verdict>,
    /// The clients whose failure in `mode` fails the check.
    pub required: Vec<clients::Client>,
    /// What the fix hints need to know about the directory.
    pub hints: HintContext,
}

/// Counts per severity.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Counts {
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Passing checks.
    pub ok: usize,
}

/// The `verify --json` document (see the README for the schema).
#[derive(Debug, Clone, Serialize)]
pub struct ReportJson {
    /// [`VERIFY_SCHEMA`] (the JSON envelope carries it).
    #[serde(skip)]
    pub schema: u32,
    /// Absolute directory.
    pub dir: PathBuf,
    /// Server name checked (null when it could not be determined).
    pub server_name: Option<String>,
    /// Mode checked.
    pub mode: u8,
    /// Findings.
    pub findings: Vec<FindingJson>,
    /// Client verdicts.
    pub clients: Vec<Verdict>,
    /// The clients whose failure in `mode` makes verify exit 1 (`--clients`).
    pub required_clients: Vec<String>,
    /// The required clients that fail in `mode`.
    pub failing_clients: Vec<String>,
    /// Counts.
    pub summary: Counts,
}

impl Report {
    /// Counts per severity.
    pub fn counts(&self) -> Counts {
        let n = |s| self.findings.iter().filter(|f| f.severity == s).count();
        Counts {
            errors: n(Severity::Error),
            warnings: n(Severity::Warning),
            ok: n(Severity::Ok),
        }
    }

    /// The required clients whose verdict in the checked mode is not ok (fails or unknown).
    pub fn failing_clients(&self) -> Vec<clients::Client> {
        self.clients
            .iter()
            .filter(|v| {
                // `unknown` is never taken for `ok`.
                v.mode == self.mode
                    && v.verdict != clients::Outcome::Ok
                    && self.required.contains(&v.client)
            })
            .map(|v| v.client)
            .collect()
    }

    /// Whether the check fails (exit 1): an error finding, or a required client that
    /// fails in the checked mode; with `strict`, a warning too.
    pub fn failed(&self, strict: bool) -> bool {
        let counts = self.counts();
        counts.errors > 0 || !self.failing_clients().is_empty() || (strict && counts.warnings > 0)
    }

    /// How to fix `finding` in this directory.
    pub fn hint(&self, finding: &Finding) -> Option<Hint> {
        finding.hint(&self.hints)
    }

    /// The JSON document.
    pub fn to_json(&self) -> ReportJson {
        ReportJson {
            schema: VERIFY_SCHEMA,
            dir: self.dir.clone(),
            server_name: self.server_name.clone(),
            mode: self.mode,
            findings: self
                .findings
                .iter()
                .map(|f| f.to_json(Some(&self.hints)))
                .collect(),
            clients: self.clients.clone(),
            required_clients: self.required.iter().map(|c| c.to_string()).collect(),
            failing_clients: self
                .failing_clients()
                .iter()
                .map(|c| c.to_string())
                .collect(),
            summary: self.counts(),
        }
    }
}

/// Collects findings for one run.
#[derive(Default)]
struct Collector {
    findings: Vec<Finding>,
}

impl Collector {
    fn add(&mut self, check: Check, role: impl Into<Option<Role>>, file: &str) {
        self.findings
            .push(Finding::new(check, role.into(), Some(file.to_string())));
    }

    fn add_with(
        &mut self,
        check: Check,
        role: impl Into<Option<Role>>,
        file: &str,
        severity: Severity,
    ) {
        let mut f = Finding::new(check, role.into(), Some(file.to_string()));
        f.severity = severity;
        self.findings.push(f);
    }

    /// Turns the errors found since `start` into warnings (files not used in mode 1).
    fn demote_since(&mut self, start: usize) {
        for f in &mut self.findings[start..] {
            if f.severity == Severity::Error {
                f.severity = Severity::Warning;
            }
        }
    }
}

fn problem_check(problem: &LoadProblem, expected: &'static str) -> Check {
    Check::of_problem(problem, expected)
}

fn problem_text(problem: &LoadProblem) -> String {
    match problem {
        LoadProblem::Missing => "no such file".to_string(),
        LoadProblem::Unreadable(r) => r.clone(),
        LoadProblem::Malformed(d) => d.clone(),
        LoadProblem::WrongContent { found } => format!("it holds {found}"),
        LoadProblem::BadCertificate(d) => format!("invalid certificate: {d}"),
        LoadProblem::BadKey(d) => d.clone(),
    }
}

fn format_name(format: KeyFormat) -> &'static str {
    match format {
        KeyFormat::Pkcs8 => "PKCS#8",
        KeyFormat::Pkcs1 => "PKCS#1",
        KeyFormat::Sec1 => "SEC1",
    }
}

/// Runs every check on `dir`.
pub fn run(dir: &CertDir, opts: &Options, now: OffsetDateTime) -> Report {
    let mut c = Collector::default();
    let anchors = check_trust(&mut c, dir, opts, now);
    check_pending(&mut c, dir);
    check_ca_key(&mut c, dir, &anchors);
    let server_name = opts.server_name.clone().or_else(|| {
        let leaf = dir.server.as_ref().ok()?.certs.first()?;
        crate::pki::names::default_server_name(
            &leaf.dns_sans,
            leaf.common_names.first().map(String::as_str),
            &leaf.ip_sans,
        )
    });
    let (cert, key) = (&dir.server, &dir.server_key);
    let server = check_leaf(&mut c, Role::Server, cert, key, &anchors, opts, now, None);
    if let Ok(file) = &dir.server
        && let Some(leaf) = file.certs.first()
    {
        let pem = Role::Server.cert_file();
        match &server_name {
            Some(name) => check_name(&mut c, &pem, leaf, name),
            None => c.add(Check::ServerNameUnknown, Role::Server, &pem),
        }
    }
    // Client: unused in mode 1, so its problems are warnings there.
    let before = c.findings.len();
    let (cert, key) = (&dir.client, &dir.client_key);
    let unused = (opts.mode == 1).then_some("not used in TLS mode 1");
    let client = check_leaf(&mut c, Role::Client, cert, key, &anchors, opts, now, unused);
    if unused.is_some() {
        c.demote_since(before);
    }
    // Every other leaf (`client --name app1`…), checked in parallel, reported in name order.
    let others = crate::certdir::par::map(&dir.others, |leaf| {
        let mut c = Collector::default();
        check_other_leaf(&mut c, leaf, &anchors, opts, now);
        c.findings
    });
    c.findings.extend(others.into_iter().flatten());

    let facts = Facts {
        server_down: server_down(dir, server.as_ref()),
        ..facts(dir, anchors, server, client, server_name.clone(), now)
    };
    report(
        dir,
        opts,
        server_name,
        c.findings,
        clients::verdicts(&facts),
    )
}

/// Interrupted writes found in `dir`: reported, finished only by a writing command.
fn check_pending(c: &mut Collector, dir: &CertDir) {
    for write in &dir.pending {
        let check = Check::InterruptedWrite {
            committed: write.committed,
            files: write.files.clone(),
            foreign_owner: write.foreign_owner,
        };
        c.add(check, None, &write.name);
    }
}

/// ca.key: absent is fine (only needed to issue), else its mode and its match with the
/// trust anchors.
fn check_ca_key(c: &mut Collector, dir: &CertDir, anchors: &[CertView]) {
    let ca_key_file = Role::Ca.key_file();
    match &dir.ca_key {
        Err(LoadProblem::Missing) => c.add(
            Check::FileAbsent {
                why: "only needed to issue certificates",
            },
            Role::Ca,
            &ca_key_file,
        ),
        Err(p) => c.add_with(
            problem_check(p, "a private key"),
            Role::Ca,
            &ca_key_file,
            Severity::Warning,
        ),
        Ok(key) if key.key.encrypted => {
            check_key_mode(c, key, &ca_key_file);
            c.add_with(Check::KeyEncrypted, Role::Ca, &ca_key_file, Severity::Ok)
        }
        Ok(key) => {
            check_key_mode(c, key, &ca_key_file);
            let public = key.key.info.as_ref().ok().and_then(|i| i.public.as_ref());
            if let Some(public) = public
                && !anchors.is_empty()
            {
                let matches = anchors.iter().any(|a| a.public_id() == Some(public));
                let check = if matches {
                    Check::KeyMatches
                } else {
                    Check::KeyMismatch
                };
                c.add(check, Role::Ca, &dir.ca_name);
            }
        }
    }
}

/// What the client verdicts are judged from. The server is taken as able to start;
/// `run` sets `server_down` from the files.
fn facts(
    dir: &CertDir,
    anchors: Vec<CertView>,
    server: Option<(LeafFacts, bool)>,
    client: Option<(LeafFacts, bool)>,
    name: Option<String>,
    now: OffsetDateTime,
) -> Facts {
    Facts {
        server_down: None,
        ca_problem: dir.ca.as_ref().err().map(problem_text),
        anchors,
        server: server.map(|(leaf, _)| leaf),
        client_files: client_files_problem(dir),
        client_key_mismatch: client.as_ref().is_some_and(|(_, matches)| !matches),
        client: client.map(|(leaf, _)| leaf),
        name,
        ca_name: dir.ca_name.clone(),
        now,
        pin_differs: false,
    }
}

fn report(
    dir: &CertDir,
    opts: &Options,
    server_name: Option<String>,
    findings: Vec<Finding>,
    clients: Vec<Verdict>,
) -> Report {
    Report {
        dir: dir.dir.clone(),
        server_name,
        mode: opts.mode,
        findings,
        clients,
        required: required_clients(opts),
        hints: hint_context(dir, opts.warn_days),
    }
}

/// The clients whose failure fails the check: `--clients`, else every client.
fn required_clients(opts: &Options) -> Vec<clients::Client> {
    if opts.clients.is_empty() {
        clients::Client::ALL.to_vec()
    } else {
        opts.clients.clone()
    }
}

/// What the fix hints need to know about `dir`.
pub fn hint_context(dir: &CertDir, warn_days: u32) -> HintContext {
    fn exists<T>(r: &Result<T, LoadProblem>) -> bool {
        !matches!(r, Err(LoadProblem::Missing))
    }
    let archived = crate::store::role::FileNames::new(Role::Ca.default_name()).archived();
    let rotated_before = [archived.cert.as_str(), crate::store::role::BUNDLE_FILE]
        .iter()
        .any(|f| dir.dir.join(f).exists());
    HintContext {
        dir: dir.dir.clone(),
        ca_file: dir.ca_name.clone(),
        can_issue: dir.ca_key.is_ok(),
        empty: !exists(&dir.ca)
            && !exists(&dir.ca_key)
            && !exists(&dir.server)
            && !exists(&dir.server_key)
            && !exists(&dir.client)
            && !exists(&dir.client_key),
        certs_ok: [dir.server.is_ok(), dir.client.is_ok()],
        pairs_exist: [Role::Server, Role::Client].map(|role| {
            [role.key_file(), role.csr_file(), role.cert_file()]
                .iter()
                .any(|f| dir.dir.join(f).exists())
        }),
        rotated_before,
        warn_days,
    }
}

/// ca.key readable by others: the signing commands warn, and so does verify.
fn check_key_mode(c: &mut Collector, key: &KeyFile, file: &str) {
    if let Some(mode) = key.mode
        && mode & 0o077 != 0
    {
        c.add(Check::KeyLoose { mode }, Role::Ca, file);
    }
}

/// The trust anchors of `dir` (ca.pem or `--ca`), checked.
fn check_trust(
    c: &mut Collector,
    dir: &CertDir,
    opts: &Options,
    now: OffsetDateTime,
) -> Vec<CertView> {
    let anchors: Vec<CertView> = match &dir.ca {
        Ok(file) => file.certs.clone(),
        Err(p) => {
            c.add(problem_check(p, "a certificate"), Role::Ca, &dir.ca_name);
            Vec::new()
        }
    };
    check_anchors(c, &anchors, &dir.ca_name, opts, now);
    anchors
}

/// Judges the chain a running server presents (`probe`) with the same checks and client
/// rules as [`run`]: the trust file of `dir`, the chain (named `label` in findings) for
/// `opts.server_name`, and in mode 2 the client files. Only the verdicts of `opts.mode`
/// are kept: the server runs in one mode.
pub fn run_served(
    dir: &CertDir,
    served: &[CertView],
    label: &str,
    opts: &Options,
    now: OffsetDateTime,
) -> Report {
    let mut c = Collector::default();
    let anchors = check_trust(&mut c, dir, opts, now);
    let server = check_chain(
        &mut c,
        Role::Server,
        label,
        served,
        None,
        &anchors,
        opts,
        now,
    );
    if let (Some(leaf), Some(name)) = (served.first(), &opts.server_name) {
        check_name(&mut c, label, leaf, name);
    }
    let client = if opts.mode == 2 {
        let (cert, key) = (&dir.client, &dir.client_key);
        check_leaf(&mut c, Role::Client, cert, key, &anchors, opts, now, None)
    } else {
        None
    };
    // pymilvus pins DIR/server.pem in mode 1: the served leaf must be that very certificate.
    let pinned = dir.server.as_ref().ok().and_then(|f| f.certs.first());
    let name = opts.server_name.clone();
    let facts = Facts {
        pin_differs: pinned
            .zip(served.first())
            .is_some_and(|(p, s)| p.der != s.der),
        ..facts(dir, anchors, server, client, name.clone(), now)
    };
    let mut clients = clients::verdicts(&facts);
    clients.retain(|v| v.mode == opts.mode);
    report(dir, opts, name, c.findings, clients)
}

fn check_anchors(
    c: &mut Collector,
    anchors: &[CertView],
    file: &str,
    opts: &Options,
    now: OffsetDateTime,
) {
    let mut all_ok = !anchors.is_empty();
    for anchor in anchors {
        // OpenSSL's X509_check_ca: CA:TRUE, or without basicConstraints a v1 self-signed
        // certificate or keyUsage keyCertSign. Go and rustls do not check anchors at all,
        // so anything OpenSSL accepts is not reported.
        let not_ca = if anchor.has_basic_constraints {
            !anchor.is_ca
        } else {
            !(anchor.version == 1 && anchor.self_issued()) && anchor.key_cert_sign != Some(true)
        };
        if not_ca {
            all_ok = false;
            c.add(
                Check::CaNotCa {
                    subject: anchor.subject.clone(),
                },
                Role::Ca,
                file,
            );
        } else if anchor.key_cert_sign == Some(false) {
            all_ok = false;
            c.add(
                Check::CaNoKeyCertSign {
                    subject: anchor.subject.clone(),
                },
                Role::Ca,
                file,
            );
        }
    }
    if all_ok {
        c.add(
            Check::CaOk {
                count: anchors.len(),
            },
            Role::Ca,
            file,
        );
    }
    for anchor in anchors {
        check_validity(c, Role::Ca, file, anchor, opts, now);
        // A trust anchor's own signature is never verified, so a weak one only warns.
        check_weak(c, Role::Ca, file, anchor, None, true);
    }
}

fn check_validity(
    c: &mut Collector,
    role: impl Into<Option<Role>>,
    file: &str,
    cert: &CertView,
    opts: &Options,
    now: OffsetDateTime,
) {
    let check = Check::validity(cert.not_before, cert.not_after, opts.warn_days, now);
    c.add(check, role, file);
}

fn check_weak(
    c: &mut Collector,
    role: impl Into<Option<Role>> + Copy,
    file: &str,
    cert: &CertView,
    key_alg: Option<&KeySpec>,
    anchor: bool,
) {
    if let KeySpec::Rsa(bits) = cert.key
        && bits < 2048
    {
        c.add(Check::WeakRsaKey { bits }, role, file);
    }
    let weak = matches!(
        cert.signature_oid.as_str(),
        "1.2.840.113549.1.1.4" | "1.2.840.113549.1.1.5" | "1.2.840.10045.4.1"
    );
    if weak {
        let check = Check::WeakSignature {
            algorithm: cert.signature_algorithm.clone(),
        };
        if anchor && cert.self_issued() {
            c.add_with(check, role, file, Severity::Warning);
        } else {
            c.add(check, role, file);
        }
    }
    if cert.version < 3 {
        c.add(Check::V1Certificate, role, file);
    }
    if cert.key == KeySpec::Ed25519 || key_alg == Some(&KeySpec::Ed25519) {
        c.add(Check::Ed25519Key, role, file);
    }
}

/// Checks one leaf and its key; returns its facts and whether the key matches.
#[allow(clippy::too_many_arguments)]
fn check_leaf(
    c: &mut Collector,
    role: Role,
    cert: &Result<CertFile, LoadProblem>,
    key: &Result<KeyFile, LoadProblem>,
    anchors: &[CertView],
    opts: &Options,
    now: OffsetDateTime,
    optional: Option<&'static str>,
) -> Option<(LeafFacts, bool)> {
    let cert_file = role.cert_file();
    let key_file = role.key_file();
    let report_problem =
        |c: &mut Collector, p: &LoadProblem, file: &str, expected| match (p, optional) {
            (LoadProblem::Missing, Some(why)) => c.add(Check::FileAbsent { why }, role, file),
            _ => c.add(problem_check(p, expected), role, file),
        };
    let key = match key {
        Ok(k) => Some(k),
        Err(p) => {
            report_problem(c, p, &key_file, "a private key");
            None
        }
    };
    if let Some(k) = key
        && k.key.encrypted
    {
        c.add(Check::KeyEncrypted, role, &key_file);
    }
    if role == Role::Client
        && let Some(k) = key
        && k.key.format != KeyFormat::Pkcs8
    {
        c.add(
            Check::KeyNotPkcs8 {
                format: format_name(k.key.format),
            },
            role,
            &key_file,
        );
    }
    let file = match cert {
        Ok(f) => f,
        Err(p) => {
            report_problem(c, p, &cert_file, "a certificate");
            return None;
        }
    };
    check_chain(c, role, &cert_file, &file.certs, key, anchors, opts, now)
}

/// Checks a leaf's chain (from a file, or as a server presents it), and its key when
/// known; `file` names the certificate in findings. Returns the leaf's facts and whether
/// the key matches.
#[allow(clippy::too_many_arguments)]
fn check_chain(
    c: &mut Collector,
    role: Role,
    cert_file: &str,
    certs: &[CertView],
    key: Option<&KeyFile>,
    anchors: &[CertView],
    opts: &Options,
    now: OffsetDateTime,
) -> Option<(LeafFacts, bool)> {
    let leaf = certs.first()?;
    let key_matches = check_leaf_cert(c, Some(role), cert_file, certs, key, anchors, opts, now);
    let key_info = key.and_then(|k| k.key.info.as_ref().ok());
    let facts = LeafFacts {
        cert: leaf.clone(),
        chain: certs.to_vec(),
        key_alg: key_info.map(|i| i.alg),
        key_format: key.map(|k| k.key.format),
    };
    Some((facts, key_matches))
}

/// The checks every leaf certificate gets, server.pem, client.pem or another (`role`
/// None): chain, key pair, EKU for its role, validity and weak material. `certs` is not
/// empty. Returns whether the key matches (true when no key is known).
#[allow(clippy::too_many_arguments)]
fn check_leaf_cert(
    c: &mut Collector,
    role: Option<Role>,
    file: &str,
    certs: &[CertView],
    key: Option<&KeyFile>,
    anchors: &[CertView],
    opts: &Options,
    now: OffsetDateTime,
) -> bool {
    let leaf = &certs[0];
    if !anchors.is_empty() {
        c.add(chain_check(certs, anchors, now), role, file);
    }
    let key_info = key.and_then(|k| k.key.info.as_ref().ok());
    let mut key_matches = true;
    if let Some(public) = key_info.and_then(|i| i.public.as_ref()) {
        key_matches = leaf.public_id() == Some(public);
        let check = if key_matches {
            Check::KeyMatches
        } else {
            Check::KeyMismatch
        };
        c.add(check, role, file);
    }
    c.add(eku_check(role, leaf), role, file);
    check_validity(c, role, file, leaf, opts, now);
    check_weak(c, role, file, leaf, key_info.map(|i| &i.alg), false);
    key_matches
}

/// The EKU a leaf needs: serverAuth for server.pem, clientAuth for client.pem, either
/// for another leaf (anyExtendedKeyUsage, or no EKU at all, allows everything).
fn eku_check(role: Option<Role>, leaf: &CertView) -> Check {
    let Some(e) = leaf.eku.filter(|e| !e.any) else {
        return Check::EkuOk;
    };
    let ekus = || leaf.extended_key_usage.clone();
    match role {
        Some(Role::Server) if !e.server_auth => Check::ServerEkuNoServerAuth { ekus: ekus() },
        Some(Role::Client) if !e.client_auth => Check::ClientEkuNoClientAuth { ekus: ekus() },
        None if !e.server_auth && !e.client_auth => Check::LeafEkuNoTls { ekus: ekus() },
        _ => Check::EkuOk,
    }
}

/// The chain finding of a leaf: rustls-webpki decides; only when it knows no issuer
/// does our own walk tell "wrong CA" from "bad signature".
fn chain_check(certs: &[CertView], anchors: &[CertView], now: OffsetDateTime) -> Check {
    let issuer = || certs.first().map(|l| l.issuer.clone()).unwrap_or_default();
    match chain::webpki_path(certs, anchors, now) {
        Ok(i) => Check::ChainOk {
            anchor: anchors[i].subject.clone(),
        },
        Err(webpki::Error::UnknownIssuer) => match chain::issued_by(certs, anchors) {
            Issued::BadSignature => Check::ChainBadSignature { issuer: issuer() },
            // Algorithms webpki refuses (SHA-1, RSA-1024) but our walk verifies.
            Issued::By => Check::ChainRejected {
                reason: "rustls-webpki refuses its signature algorithm or key".to_string(),
            },
            _ => Check::ChainUnknownIssuer { issuer: issuer() },
        },
        Err(webpki::Error::InvalidSignatureForPublicKey) => {
            Check::ChainBadSignature { issuer: issuer() }
        }
        Err(e) => Check::ChainRejected {
            reason: chain::describe_webpki(&e),
        },
    }
}

/// Checks a leaf besides server.pem and client.pem with [`check_leaf_cert`]. Load
/// problems only warn (Milvus does not read these files); a client-only leaf's errors
/// are warnings in mode 1, as client.pem's are.
fn check_other_leaf(
    c: &mut Collector,
    leaf: &OtherLeaf,
    anchors: &[CertView],
    opts: &Options,
    now: OffsetDateTime,
) {
    let file = leaf.name.as_str();
    let key = match &leaf.key {
        None => None,
        Some(Ok(k)) => Some(k),
        Some(Err(p)) => {
            let check = problem_check(p, "a private key");
            c.add_with(check, None, &leaf.key_name, Severity::Warning);
            None
        }
    };
    if key.is_some_and(|k| k.key.encrypted) {
        c.add(Check::KeyEncrypted, None, &leaf.key_name);
    }
    let certs = match &leaf.cert {
        Ok(f) if f.certs.is_empty() => return,
        Ok(f) => &f.certs,
        Err(p) => {
            let check = problem_check(p, "a certificate");
            c.add_with(check, None, file, Severity::Warning);
            return;
        }
    };
    let start = c.findings.len();
    check_leaf_cert(c, None, file, certs, key, anchors, opts, now);
    let client_only = certs[0]
        .eku
        .is_some_and(|e| e.client_auth && !e.server_auth && !e.any);
    if opts.mode == 1 && client_only {
        c.demote_since(start);
    }
}

fn check_name(c: &mut Collector, file: &str, leaf: &CertView, name: &str) {
    let parsed = Name::parse(name);
    let san_ok = chain::san_matches(leaf, &parsed);
    let check = if san_ok {
        Check::ServerNameOk {
            name: name.to_string(),
        }
    } else if leaf.has_san_extension {
        Check::ServerNameNotInSan {
            name: name.to_string(),
            sans: leaf.sans.clone(),
        }
    } else if chain::cn_matches(leaf, &parsed) {
        Check::ServerNameCnOnly {
            name: name.to_string(),
        }
    } else {
        Check::ServerNameMismatch {
            name: name.to_string(),
            cn: leaf.common_names.first().cloned().unwrap_or_default(),
        }
    };
    c.add(check, Role::Server, file);
}

/// Why Milvus would not start with these server files (it loads them with Go's
/// `tls.LoadX509KeyPair`).
fn server_down(dir: &CertDir, server: Option<&(LeafFacts, bool)>) -> Option<String> {
    let pem = Role::Server.cert_file();
    let key = Role::Server.key_file();
    if let Err(p) = &dir.server {
        return Some(format!("cannot load {pem}: {}", problem_text(p)));
    }
    match &dir.server_key {
        Err(p) => return Some(format!("cannot load {key}: {}", problem_text(p))),
        Ok(k) if k.key.encrypted => {
            return Some(format!(
                "cannot load {key}: tls: failed to parse private key (it is encrypted)"
            ));
        }
        Ok(_) => {}
    }
    match server {
        // milvus/server-load: tls.X509KeyPair parses the leaf and the key with crypto/x509,
        // which knows RSA, ECDSA on NIST curves and Ed25519 only.
        Some((leaf, _)) if !stacks::go_parses_key(&leaf.cert) => Some(format!(
            "cannot load {pem}: x509: unsupported public key ({})",
            stacks::key_name(&leaf.cert)
        )),
        Some((leaf, _)) if matches!(leaf.key_alg, Some(KeySpec::Other(_))) => Some(format!(
            "cannot load {key}: tls: failed to parse private key"
        )),
        Some((_, false)) => Some("tls: private key does not match public key".to_string()),
        Some(_) => None,
        None => Some(format!("cannot load {pem}")),
    }
}

fn client_files_problem(dir: &CertDir) -> Option<String> {
    let pem = Role::Client.cert_file();
    let key = Role::Client.key_file();
    if let Err(p) = &dir.client {
        return Some(format!("{pem}: {}", problem_text(p)));
    }
    match &dir.client_key {
        Err(p) => Some(format!("{key}: {}", problem_text(p))),
        Ok(k) if k.key.encrypted => Some(format!("{key}: the key is encrypted")),
        Ok(_) => None,
    }
}
