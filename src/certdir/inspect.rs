//! `inspect`: every certificate, key and CSR in the given files, shown through the one
//! view of each ([`crate::certdir::view`]).

use crate::certdir::LoadProblem;
use crate::certdir::items::{self, Item};
use crate::certdir::view::{CertView, CsrView, KeyView};
use crate::store::read;
use serde::Serialize;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

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
    /// Why the file could not be read, if it could not (`render` shows it as a finding).
    #[serde(skip)]
    pub problem: Option<crate::certdir::LoadProblem>,
    /// Found in a directory given as argument: a problem is shown but does not fail the
    /// run (a directory may hold other files).
    #[serde(skip)]
    pub member: bool,
}

/// The `inspect --json` document.
#[derive(Debug, Clone, Serialize)]
pub struct InspectReport {
    /// The files, in argument order (a directory's files sorted by name).
    pub files: Vec<InspectedFile>,
}

/// Reads and describes one file. Errors are kept in the result, never raised.
pub fn inspect_file(path: &Path, now: OffsetDateTime) -> InspectedFile {
    let mut file = InspectedFile {
        path: path.to_path_buf(),
        encoding: None,
        items: Vec::new(),
        problem: None,
        member: false,
    };
    // Wiped on drop: the file may hold a private key.
    let bytes = match read::read_arg(path) {
        Ok(b) => zeroize::Zeroizing::new(b),
        Err(e) => {
            // The file is named separately: keep just the cause here.
            file.problem = Some(LoadProblem::Unreadable(read::reason(&e)));
            return file;
        }
    };
    match items::read_items(&bytes) {
        Err(e) => file.problem = Some(LoadProblem::Malformed(e.to_string())),
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
