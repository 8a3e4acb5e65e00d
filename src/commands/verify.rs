//! `milvus-cert verify`: loads the directory once, runs the checks, hands the report to
//! `render` and says whether the check failed.

use crate::certdir::items::{self, Item};
use crate::certdir::{CertDir, KeyFile};
use crate::check::{self, Options};
use crate::cli::verify::VerifyArgs;
use crate::commands::Outcome;
use crate::pki::parse::KeyFormat;
use crate::pki::protect;
use crate::render::{self, Output};
use crate::store::passphrase::PassphraseSource;
use crate::store::read::read_input;
use anyhow::{Result, anyhow};
use std::path::PathBuf;

/// Runs `verify`.
pub fn run(args: &VerifyArgs, output: Output) -> Result<Outcome> {
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
    render::verify(&report, output)?;
    Ok(if report.failed(args.strict) {
        Outcome::CheckFailed
    } else {
        Outcome::Done
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
