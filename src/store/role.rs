//! The three roles of a Milvus TLS directory and every file name derived from them.
//!
//! No other module spells `"server.pem"`: names come from here, like mkcert's `fileNames`.

use std::fmt;

/// OpenSSL's serial file (`-CAserial`): the last serial used, upper-case hex and a newline.
pub const SERIAL_FILE: &str = "ca.srl";

/// What `rotate-ca` appends to the base name of the generation it replaces (`ca` →
/// `ca.old`, `server` → `server.old`): archives kept for a rollback, not served.
pub const OLD_SUFFIX: &str = ".old";

/// The trust bundle: the new CA, then the old one.
pub const BUNDLE_FILE: &str = "ca-bundle.pem";

/// Default certificate directory, as in the Milvus docs (`./cert`).
pub const DEFAULT_DIR: &str = "cert";

/// What a key/certificate pair is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The certificate authority that signs the leaves; Milvus reads it as `caPemPath`.
    Ca,
    /// The Milvus proxy's certificate (`serverPemPath`, `serverKeyPath`).
    Server,
    /// The certificate a client presents in TLS mode 2.
    Client,
}

impl Role {
    /// The base name gen.sh uses for this role.
    pub fn default_name(self) -> &'static str {
        match self {
            Role::Ca => "ca",
            Role::Server => "server",
            Role::Client => "client",
        }
    }

    /// `ca.pem`, `server.pem`, `client.pem`.
    pub fn cert_file(self) -> String {
        FileNames::new(self.default_name()).cert
    }

    /// `ca.key`, `server.key`, `client.key`.
    pub fn key_file(self) -> String {
        FileNames::new(self.default_name()).key
    }

    /// `server.csr`, `client.csr` (the CA has none; gen.sh self-signs it directly).
    pub fn csr_file(self) -> String {
        FileNames::new(self.default_name()).csr
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.default_name())
    }
}

/// The files of one named key pair: `<name>.key`, `<name>.csr`, `<name>.pem`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileNames {
    /// PKCS#8 private key.
    pub key: String,
    /// Certificate signing request.
    pub csr: String,
    /// Certificate.
    pub cert: String,
}

impl FileNames {
    /// The gen.sh naming scheme for `name`.
    pub fn new(name: &str) -> Self {
        FileNames {
            key: format!("{name}.key"),
            csr: format!("{name}.csr"),
            cert: format!("{name}.pem"),
        }
    }

    /// The names `rotate-ca` keeps this generation under: `server.old.key`,
    /// `server.old.csr`, `server.old.pem` (`app.old.crt` for `app.crt`).
    pub fn archived(&self) -> Self {
        let old = |file: &str| archived(file);
        FileNames {
            key: old(&self.key),
            csr: old(&self.csr),
            cert: old(&self.cert),
        }
    }
}

/// The name `rotate-ca` keeps the file `file` under: `ca.old.srl` for `ca.srl`.
pub fn archived(file: &str) -> String {
    match file.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}{OLD_SUFFIX}.{ext}"),
        None => format!("{file}{OLD_SUFFIX}"),
    }
}

/// The nine files `init` writes, in gen.sh's order.
pub fn init_files() -> Vec<String> {
    let mut files = vec![
        Role::Ca.key_file(),
        Role::Ca.cert_file(),
        SERIAL_FILE.to_string(),
    ];
    for role in [Role::Server, Role::Client] {
        files.extend([role.key_file(), role.csr_file(), role.cert_file()]);
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archived_names_keep_the_extension() {
        let mut names = FileNames::new("app");
        names.cert = "app.crt".into();
        let old = names.archived();
        assert_eq!(
            (old.key.as_str(), old.csr.as_str(), old.cert.as_str()),
            ("app.old.key", "app.old.csr", "app.old.crt")
        );
    }

    #[test]
    fn init_writes_the_nine_gen_sh_files() {
        assert_eq!(
            init_files(),
            [
                "ca.key",
                "ca.pem",
                "ca.srl",
                "server.key",
                "server.csr",
                "server.pem",
                "client.key",
                "client.csr",
                "client.pem"
            ]
        );
    }
}
