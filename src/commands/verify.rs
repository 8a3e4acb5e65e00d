//! `milvus-cert verify`: loads the directory once, runs the checks, prints the report
//! and turns it into the exit code.

use crate::certdir::items::{self, Item};
use crate::certdir::{CertDir, KeyFile};
use crate::check::clients::Outcome;
use crate::check::{self, Options, Report, Severity};
use crate::cli::verify::VerifyArgs;
use crate::pki::parse::KeyFormat;
use crate::pki::protect;
use crate::render::Output;
use crate::store::passphrase::PassphraseSource;
use crate::store::read::read_input;
use crate::{EXIT_CHECK_FAILED, EXIT_OK};
use anyhow::{Result, anyhow};
use std::io::Write;
use std::path::PathBuf;

/// Runs `verify`.
pub fn run(args: &VerifyArgs, output: Output) -> Result<u8> {
    let now = time::OffsetDateTime::now_utc();
    let mut dir = CertDir::load(&args.dir, args.ca.as_deref(), now)?;
    unlock_ca_key(&mut dir, args.passphrase_file.clone())?;
    let opts = Options {
        server_name: args.server_name.clone(),
        mode: args.mode.number(),
        warn_days: args.warn_days,
        clients: args.clients.clone(),
    };
    let report = check::run(&dir, &opts, now);
    let mut out = std::io::stdout().lock();
    match output {
        Output::Json => {
            let json = crate::render::json_document("verify", false, &report.to_json())?;
            out.write_all(json.as_bytes())?;
        }
        Output::Text => out.write_all(render_text(&report).as_bytes())?,
        Output::Quiet => {}
    }
    Ok(if report.failed(args.strict) {
        EXIT_CHECK_FAILED
    } else {
        EXIT_OK
    })
}

/// With a passphrase (`--passphrase-file`, else `MILVUS_CERT_CA_PASSPHRASE`), decrypts an
/// encrypted ca.key in memory so its match with ca.pem is checked like a plain key's. A
/// wrong passphrase is an input error (exit 2), as for the issuing commands.
fn unlock_ca_key(dir: &mut CertDir, file: Option<PathBuf>) -> Result<()> {
    let Ok(key_file) = &dir.ca_key else {
        return Ok(());
    };
    // OpenSSL's legacy PEM encryption is not read (the issuing commands refuse it too).
    if !key_file.key.encrypted || key_file.key.format != KeyFormat::Pkcs8 {
        return Ok(());
    }
    let Some(pass) = PassphraseSource::new(file).given()? else {
        return Ok(());
    };
    let path = key_file.path.clone();
    let plain = protect::decrypt_pem(&read_input(&path)?, &pass)
        .map_err(|e| anyhow!("cannot decrypt {}: {e}", path.display()))?;
    let key = items::read_items(plain.as_bytes())
        .ok()
        .and_then(|blob| blob.items.into_iter().next());
    if let Some(Item::PrivateKey(key)) = key {
        let mode = key_file.mode;
        dir.ca_key = Ok(KeyFile { path, key, mode });
    }
    Ok(())
}

/// The human report: problems first, then passing checks, then the client table.
pub fn render_text(report: &Report) -> String {
    let mut text = format!(
        "Checked {} for TLS mode {} (server name: {}):\n",
        report.dir.display(),
        report.mode,
        report.server_name.as_deref().unwrap_or("unknown")
    );
    text.push_str(&findings_text(report));
    text.push_str("\nClients:\n");
    text.push_str(&clients_text(report));
    let failing = report.failing_clients();
    if !failing.is_empty() {
        let names: Vec<String> = failing.iter().map(|c| c.to_string()).collect();
        text.push_str(&format!(
            "\nfails in mode {} for {} (pass --clients with the SDKs you run to check only those)\n",
            report.mode,
            names.join(", ")
        ));
    }
    let c = report.counts();
    text.push_str(&format!(
        "\n{}, {}, {} ok\n",
        plural(c.errors, "error"),
        plural(c.warnings, "warning"),
        c.ok
    ));
    text
}

/// The findings, problems first, each with its fix (also used by `probe`).
pub fn findings_text(report: &Report) -> String {
    let mut text = String::new();
    for severity in [Severity::Error, Severity::Warning, Severity::Ok] {
        // Passing checks of other leaves are summed up below: a directory may hold
        // a thousand of them.
        let shown = |f: &&check::Finding| {
            f.severity == severity && (severity != Severity::Ok || f.role.is_some())
        };
        for f in report.findings.iter().filter(shown) {
            let tag = match severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Ok => "ok",
            };
            text.push_str(&format!(
                "  {tag:<7} [{}] {}\n",
                f.check.code(),
                f.message()
            ));
            if let Some(hint) = report.hint(f) {
                text.push_str(&format!("          fix: {}\n", hint.text));
            }
        }
    }
    let mut leaves = std::collections::BTreeMap::new();
    for f in report.findings.iter().filter(|f| f.role.is_none()) {
        let clean = leaves
            .entry(f.file.as_deref().unwrap_or(""))
            .or_insert(true);
        *clean &= f.severity == Severity::Ok;
    }
    if !leaves.is_empty() {
        let clean = leaves.values().filter(|c| **c).count();
        text.push_str(&format!(
            "  ok      {clean} of {} other leaf certificates pass every check (each check: --json)\n",
            leaves.len()
        ));
    }
    text
}

/// One line per client verdict (also used by `probe`).
pub fn clients_text(report: &Report) -> String {
    let mut text = String::new();
    for v in &report.clients {
        let outcome = match v.verdict {
            Outcome::Ok => "ok".to_string(),
            Outcome::Fails => format!("fails: {}", v.reason.as_deref().unwrap_or("")),
            Outcome::Unknown => format!("unknown: {}", v.reason.as_deref().unwrap_or("")),
        };
        text.push_str(&format!(
            "  {:<8} mode {}  {outcome}\n",
            v.client.to_string(),
            v.mode
        ));
    }
    text
}

/// `1 error`, `2 errors`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
