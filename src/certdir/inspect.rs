//! `inspect`: every certificate, key and CSR in the given files, shown through the one
//! view of each ([`crate::view`]).

use crate::certdir::items::{self, Item};
use crate::certdir::view::{CertView, CsrView, KeyView};
use crate::pki::parse::KeyFormat;
use crate::store::read;
use serde::Serialize;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

/// Version of the `inspect --json` document.
pub const INSPECT_SCHEMA: u32 = 1;

/// One shown item.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Shown {
    /// A certificate.
    Certificate(Box<CertView>),
    /// A private key.
    PrivateKey(KeyView),
    /// A CSR.
    Csr(Box<CsrView>),
    /// Something unreadable or of another kind inside the file.
    Other {
        /// What it is or why it could not be read.
        note: String,
    },
}

/// One inspected file.
#[derive(Debug, Clone, Serialize)]
pub struct InspectedFile {
    /// The path as given (or inside the given directory).
    pub path: PathBuf,
    /// PEM or DER, when readable.
    pub encoding: Option<items::Encoding>,
    /// The items, in file order.
    pub items: Vec<Shown>,
    /// Why the file could not be read, if it could not.
    pub error: Option<String>,
}

/// The `inspect --json` document.
#[derive(Debug, Clone, Serialize)]
pub struct InspectReport {
    #[allow(
        dead_code,
        reason = "never read since the modules went private (folder move); issue 12: use or remove"
    )]
    /// Schema version ([`INSPECT_SCHEMA`]; the JSON envelope carries it).
    #[serde(skip)]
    pub schema: u32,
    /// The files, in argument order (a directory's files sorted by name).
    pub files: Vec<InspectedFile>,
}

/// Reads and describes one file. Errors are kept in the result, never raised.
pub fn inspect_file(path: &Path, now: OffsetDateTime) -> InspectedFile {
    let mut file = InspectedFile {
        path: path.to_path_buf(),
        encoding: None,
        items: Vec::new(),
        error: None,
    };
    // Wiped on drop: the file may hold a private key.
    let bytes = match read::read_arg(path) {
        Ok(b) => zeroize::Zeroizing::new(b),
        Err(e) => {
            // The file is named separately: keep just the cause here.
            file.error = Some(read::reason(&e));
            return file;
        }
    };
    match items::read_items(&bytes) {
        Err(e) => file.error = Some(e.to_string()),
        Ok(blob) => {
            file.encoding = Some(blob.encoding);
            file.items = blob.items.iter().map(|i| show(i, now)).collect();
        }
    }
    file
}

fn show(item: &Item, now: OffsetDateTime) -> Shown {
    match item {
        Item::Certificate(der) => match CertView::from_der(der, now) {
            Ok(view) => Shown::Certificate(Box::new(view)),
            Err(e) => Shown::Other {
                note: format!("a certificate that cannot be parsed: {e}"),
            },
        },
        Item::PrivateKey(key) => Shown::PrivateKey(key.clone()),
        Item::Csr(der) => match CsrView::from_der(der) {
            Ok(view) => Shown::Csr(Box::new(view)),
            Err(e) => Shown::Other {
                note: format!("a certificate request that cannot be parsed: {e}"),
            },
        },
        Item::Other { label } => Shown::Other {
            note: format!("a PEM '{label}' block (not shown)"),
        },
    }
}

/// Human-readable text of a report.
pub fn render_text(report: &InspectReport) -> String {
    let mut out = String::new();
    for file in &report.files {
        // A file name can hold control characters too.
        let name = crate::render::printable(&file.path.display().to_string());
        out.push_str(&format!("{name}:\n"));
        if let Some(error) = &file.error {
            out.push_str(&format!("  error: {error}\n"));
        }
        let many = file.items.len() > 1;
        for (i, item) in file.items.iter().enumerate() {
            let prefix = if many {
                format!("  [{}] ", i + 1)
            } else {
                "  ".to_string()
            };
            out.push_str(&prefix);
            out.push_str(&item_text(item));
        }
    }
    out
}

fn date(t: OffsetDateTime) -> String {
    use time::format_description::well_known::Rfc3339;
    t.format(&Rfc3339).unwrap_or_else(|_| t.to_string())
}

fn item_text(item: &Shown) -> String {
    let list = |v: &[String]| {
        if v.is_empty() {
            "(none)".to_string()
        } else {
            v.join(", ")
        }
    };
    match item {
        Shown::Certificate(c) => {
            let days = if c.days_left < 0 {
                format!("expired {} days ago", -c.days_left)
            } else {
                format!("{} days left", c.days_left)
            };
            let bc = if c.is_ca {
                match c.path_len {
                    Some(n) => format!("CA:TRUE, pathlen:{n}"),
                    None => "CA:TRUE".to_string(),
                }
            } else {
                "CA:FALSE".to_string()
            };
            format!(
                "certificate (v{})\n    subject:       {}\n    issuer:        {}\n    serial:        {}\n    \
                 valid:         {} to {} ({days})\n    SANs:          {}\n    key usage:     {}\n    \
                 ext key usage: {}\n    constraints:   {bc}\n    key:           {}\n    signature:     {}\n    \
                 sha256:        {}\n",
                c.version,
                c.subject,
                c.issuer,
                c.serial,
                date(c.not_before),
                date(c.not_after),
                list(&c.sans),
                list(&c.key_usage),
                list(&c.extended_key_usage),
                c.key,
                c.signature_algorithm,
                c.certificate.sha256
            )
        }
        Shown::PrivateKey(k) => {
            let format = match k.format {
                KeyFormat::Pkcs8 => "PKCS#8",
                KeyFormat::Pkcs1 => "PKCS#1",
                KeyFormat::Sec1 => "SEC1",
            };
            let enc = if k.encrypted { ", encrypted" } else { "" };
            let alg = match &k.info {
                Ok(info) => info.alg.to_string(),
                Err(problem) => problem.clone(),
            };
            format!("private key ({format}{enc})\n    key:           {alg}\n")
        }
        Shown::Csr(c) => format!(
            "certificate request\n    subject:       {}\n    SANs:          {}\n    key usage:     {}\n    \
             ext key usage: {}\n    key:           {}\n    signature:     {}\n    sha256:        {}\n",
            c.subject,
            list(&c.sans),
            list(&c.key_usage),
            list(&c.extended_key_usage),
            c.key
                .as_ref()
                .map_or_else(|| "unknown".to_string(), |k| k.to_string()),
            c.signature_algorithm,
            c.sha256
        ),
        Shown::Other { note } => format!("{note}\n"),
    }
}
