//! Self-signed certificates made by `openssl req -x509`, for files milvus-cert did not make.

use super::openssl::openssl_ok;
use std::path::{Path, PathBuf};

/// `NAME.key` (new, unencrypted) and the self-signed certificate `NAME.pem` for it with the
/// subject `subj`, made in `dir` by `openssl req -x509 -newkey <newkey>`: `newkey` is
/// `-newkey`'s argument (`rsa:2048`), or `ec` for P-256; `extra` adds options (`-days`,
/// `-addext …`). Returns the certificate's path.
pub fn self_signed(dir: &Path, newkey: &str, name: &str, subj: &str, extra: &[&str]) -> PathBuf {
    let (key, pem) = (format!("{name}.key"), format!("{name}.pem"));
    let mut args = vec!["req", "-x509", "-newkey", newkey, "-nodes"];
    if newkey == "ec" {
        args.extend(["-pkeyopt", "ec_paramgen_curve:P-256"]);
    }
    args.extend(["-keyout", &key, "-out", &pem, "-subj", subj]);
    args.extend_from_slice(extra);
    openssl_ok(dir, &args);
    dir.join(pem)
}
