//! Arguments of the issuing subcommands (`init`, `ca`, `server`, `client`, `sign`, `renew`)
//! and the option groups they share.
//!
//! Settings flags are `Option`s without clap defaults: the default is applied later, in
//! `profile`, after the environment (`MILVUS_CERT_*`) and `milvus-cert.toml`, so a flag
//! always wins and a value that was not given never hides one from the file.

use crate::pki::KeyType;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

pub(crate) const INIT_EXAMPLES: &str = "EXAMPLES:
  Make ca.key ca.pem ca.srl server.{key,csr,pem} client.{key,csr,pem} in ./cert:
    $ milvus-cert init

  A server reached as milvus.example.com and 10.0.0.5, valid for one year:
    $ milvus-cert init --cn milvus.example.com --san 10.0.0.5 --days 365

  ECDSA P-256 keys into /etc/milvus/tls, replacing existing leaves (the CA is kept):
    $ milvus-cert init --dir /etc/milvus/tls --key-type ecdsa-p256 --force

  Show what would be written, and the settings in effect, without writing anything:
    $ milvus-cert init --dry-run
    $ milvus-cert init --print-config > milvus-cert.toml

An existing CA in the directory (ca.key + ca.pem, e.g. from gen.sh) is reused and its
ca.srl continued; pass --new-ca (with --force) to replace it. Defaults come from
milvus-cert.toml and MILVUS_CERT_* variables (flag > environment > file > default).

EXIT CODES:
  0 the directory was written; 2 usage or input error (nothing was written)";

pub(crate) const CA_EXAMPLES: &str = "EXAMPLES:
  Make ca.key, ca.pem and ca.srl in ./cert:
    $ milvus-cert ca

  An ECDSA CA with its own name, valid for 20 years:
    $ milvus-cert ca --ca-cn \"Acme Milvus CA\" --key-type ecdsa-p256 --ca-days 7300

  A CA whose key is encrypted; server, client, sign and renew then ask for the passphrase
  (or read --passphrase-file FILE / MILVUS_CERT_CA_PASSPHRASE):
    $ milvus-cert ca --encrypt-ca-key

EXIT CODES:
  0 the CA was written; 2 usage or input error (nothing was written)";

pub(crate) const SERVER_EXAMPLES: &str = "EXAMPLES:
  Make server.key, server.csr, server.pem signed by the CA in ./cert:
    $ milvus-cert server --cn milvus.example.com --san 10.0.0.5

  A second server certificate, querynode.{key,csr,pem}:
    $ milvus-cert server --name querynode --cn querynode.milvus.svc

EXIT CODES:
  0 the files were written; 2 usage or input error (nothing was written)";

pub(crate) const CLIENT_EXAMPLES: &str = "EXAMPLES:
  Make client.key, client.csr, client.pem signed by the CA in ./cert:
    $ milvus-cert client

  One certificate per application, app1.{key,csr,pem} with CN=app1:
    $ milvus-cert client --name app1

EXIT CODES:
  0 the files were written; 2 usage or input error (nothing was written)";

pub(crate) const SIGN_EXAMPLES: &str = "EXAMPLES:
  Sign a request made by openssl as a server certificate (writes app.pem next to app.csr):
    $ openssl req -new -newkey rsa:2048 -nodes -keyout app.key -out app.csr \\
        -subj /CN=milvus.example.com -addext subjectAltName=DNS:milvus.example.com
    $ milvus-cert sign --csr app.csr --profile server

  Sign a client request into a chosen file:
    $ milvus-cert sign --csr app1.csr --profile client --out cert/app1.pem

  Sign a request from a pipe (--csr - reads standard input; --out is then required):
    $ openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout app2.key \
        -subj /CN=app2 | milvus-cert sign --csr - --profile client --out app2.pem

The SANs come from the request (plus any --san); the extended key usage comes from the
profile. A request that asks for CA:TRUE or whose signature does not verify is refused.

EXIT CODES:
  0 the certificate was written; 2 usage or input error (nothing was written)";

pub(crate) const RENEW_EXAMPLES: &str = "EXAMPLES:
  Renew server.pem and client.pem in ./cert with new keys (old files kept as *.bak):
    $ milvus-cert renew

  Renew only app1.pem, keeping its key, for one more year:
    $ milvus-cert renew app1 --keep-key --days 365

  Add the name clients use to server.pem made by gen.sh (same CA, every old name kept):
    $ milvus-cert renew server --san milvus.example.com

The renewed certificate keeps the old subject, SANs and extended key usage and gets the
next serial; a certificate without subjectAltName gets its CommonName as one, server.pem
gets serverAuth and client.pem clientAuth when their extended key usage lacks it. Each replaced file is kept as FILE.bak (then FILE.bak.1, FILE.bak.2, ...).

EXIT CODES:
  0 the certificates were renewed; 2 usage or input error (nothing was written)";

/// Options every writing command shares: where, and whether to really write.
#[derive(Debug, Args, Default, Clone)]
pub struct OutputArgs {
    /// Directory holding the CA (and receiving new files) [default: cert].
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Settings file [default: ./milvus-cert.toml if present; env MILVUS_CERT_CONFIG].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Show what would be written and where; write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Passphrase of an encrypted ca.key: the first line of FILE, which may be a pipe
    /// (/dev/stdin) [default: env MILVUS_CERT_CA_PASSPHRASE, else a terminal prompt].
    #[arg(long, value_name = "FILE", help_heading = "CA key")]
    pub passphrase_file: Option<PathBuf>,
}

/// Options of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Directory, settings file, dry run.
    #[command(flatten)]
    pub output: OutputArgs,

    /// Names in the certificates.
    #[command(flatten)]
    pub names: NameArgs,

    /// Subject fields.
    #[command(flatten)]
    pub subject: SubjectArgs,

    /// Key algorithm.
    #[command(flatten)]
    pub key: KeyArgs,

    /// Validity periods.
    #[command(flatten)]
    pub validity: ValidityArgs,

    /// Replace existing files, each kept as FILE.bak (the CA is kept unless --new-ca).
    #[arg(long, help_heading = "Existing files")]
    pub force: bool,

    /// Make a new CA even if the directory has one (replacing it needs --force).
    #[arg(long, help_heading = "Existing files")]
    pub new_ca: bool,

    /// Write ca.key encrypted with a passphrase (PKCS#8, scrypt + AES-256-CBC); every
    /// command that signs then asks for it.
    #[arg(long, help_heading = "CA key")]
    pub encrypt_ca_key: bool,

    /// Print the effective settings as TOML (a milvus-cert.toml to start from) and exit.
    #[arg(long, help_heading = "Settings")]
    pub print_config: bool,
}

/// Names in the certificates.
#[derive(Debug, Args, Default, Clone)]
#[command(next_help_heading = "Names")]
pub struct NameArgs {
    /// Server CommonName; also a SAN, and the name clients should connect with
    /// [default: localhost].
    #[arg(long, value_name = "NAME")]
    pub cn: Option<String>,

    /// Server subjectAltName, DNS name or IP address (repeatable). The given ones replace
    /// the defaults (localhost, 127.0.0.1, ::1); the CN is always one.
    #[arg(long = "san", value_name = "NAME")]
    pub sans: Vec<String>,

    /// Client certificate CommonName (also its SAN when it is a valid host name)
    /// [default: milvus-client].
    #[arg(long, value_name = "NAME")]
    pub client_cn: Option<String>,

    /// CA CommonName [default: "Milvus TLS CA" and a short unique id].
    #[arg(long, value_name = "NAME")]
    pub ca_cn: Option<String>,
}

/// Subject fields shared by the CA and the leaves (gen.sh's /C=/ST=/L=/O=/OU=).
#[derive(Debug, Args, Default, Clone)]
#[command(next_help_heading = "Subject")]
pub struct SubjectArgs {
    /// countryName, two letters (C).
    #[arg(long, value_name = "CC")]
    pub country: Option<String>,

    /// stateOrProvinceName (ST).
    #[arg(long, value_name = "STATE")]
    pub state: Option<String>,

    /// localityName (L).
    #[arg(long, value_name = "CITY")]
    pub locality: Option<String>,

    /// organizationName (O) [default: milvus].
    #[arg(long, value_name = "ORG")]
    pub org: Option<String>,

    /// organizationalUnitName (OU).
    #[arg(long, value_name = "UNIT")]
    pub org_unit: Option<String>,
}

/// Key algorithm.
#[derive(Debug, Args, Default, Clone)]
#[command(next_help_heading = "Keys")]
pub struct KeyArgs {
    /// Key algorithm for new keys [default: rsa].
    #[arg(long, value_enum, value_name = "TYPE")]
    pub key_type: Option<KeyType>,

    /// RSA modulus size: 2048, 3072 or 4096 [default: 2048].
    #[arg(long, value_name = "BITS")]
    pub key_bits: Option<u32>,

    /// Encoding of the keys.
    #[command(flatten)]
    pub format: KeyFormatArg,
}

/// The encoding of the private keys a command writes.
#[derive(Debug, Args, Default, Clone)]
#[command(next_help_heading = "Keys")]
pub struct KeyFormatArg {
    /// Encoding of the private keys written: pkcs8 (any algorithm; the Java SDK reads
    /// nothing else), pkcs1 (RSA only) or sec1 (ECDSA only), for tools that want the
    /// traditional PEM forms.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "pkcs8")]
    pub key_format: crate::pki::parse::KeyFormat,
}

/// Validity periods.
#[derive(Debug, Args, Default, Clone)]
#[command(next_help_heading = "Validity")]
pub struct ValidityArgs {
    /// Days the server and client certificates are valid [default: 3650].
    #[arg(long, value_name = "DAYS")]
    pub days: Option<u32>,

    /// Days the CA certificate is valid [default: 3650].
    #[arg(long, value_name = "DAYS")]
    pub ca_days: Option<u32>,
}

/// Options of `ca`.
#[derive(Debug, Args)]
pub struct CaArgs {
    /// Directory, settings file, dry run.
    #[command(flatten)]
    pub output: OutputArgs,

    /// CA CommonName [default: "Milvus TLS CA" and a short unique id].
    #[arg(long, value_name = "NAME")]
    pub ca_cn: Option<String>,

    /// Subject fields.
    #[command(flatten)]
    pub subject: SubjectArgs,

    /// Key algorithm.
    #[command(flatten)]
    pub key: KeyArgs,

    /// Days the CA certificate is valid [default: 3650].
    #[arg(long, value_name = "DAYS", help_heading = "Validity")]
    pub ca_days: Option<u32>,

    /// Replace an existing CA, kept as ca.key.bak etc. (certificates it signed stop
    /// verifying).
    #[arg(long, help_heading = "Existing files")]
    pub force: bool,

    /// Write ca.key encrypted with a passphrase (PKCS#8, scrypt + AES-256-CBC); every
    /// command that signs then asks for it.
    #[arg(long, help_heading = "CA key")]
    pub encrypt_ca_key: bool,

    /// Print the effective settings as TOML and exit.
    #[arg(long, help_heading = "Settings")]
    pub print_config: bool,
}

/// Options of `server` and `client`.
#[derive(Debug, Args)]
pub struct LeafArgs {
    /// Directory, settings file, dry run.
    #[command(flatten)]
    pub output: OutputArgs,

    /// Base name of the files: NAME.key, NAME.csr, NAME.pem [default: server or client].
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// CommonName [default: localhost for a server; milvus-client, or NAME, for a client].
    #[arg(long, value_name = "NAME", help_heading = "Names")]
    pub cn: Option<String>,

    /// subjectAltName, DNS name or IP address (repeatable). The given ones replace a
    /// server's defaults (localhost, 127.0.0.1, ::1); the CN is always one.
    #[arg(long = "san", value_name = "NAME", help_heading = "Names")]
    pub sans: Vec<String>,

    /// Subject fields.
    #[command(flatten)]
    pub subject: SubjectArgs,

    /// Key algorithm.
    #[command(flatten)]
    pub key: KeyArgs,

    /// Days the certificate is valid [default: 3650].
    #[arg(long, value_name = "DAYS", help_heading = "Validity")]
    pub days: Option<u32>,

    /// Replace existing NAME.key, NAME.csr and NAME.pem, each kept as FILE.bak.
    #[arg(long, help_heading = "Existing files")]
    pub force: bool,

    /// Print the effective settings as TOML and exit.
    #[arg(long, help_heading = "Settings")]
    pub print_config: bool,
}

/// What a signed CSR becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Profile {
    /// A server certificate: extended key usage serverAuth.
    Server,
    /// A client certificate: extended key usage clientAuth.
    Client,
}

/// Options of `sign`.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// Directory, settings file, dry run.
    #[command(flatten)]
    pub output: OutputArgs,

    /// The certificate signing request (PEM), e.g. from `openssl req`; `-` reads standard
    /// input.
    #[arg(long, value_name = "FILE")]
    pub csr: PathBuf,

    /// What the certificate is for.
    #[arg(long, value_enum, value_name = "PROFILE")]
    pub profile: Profile,

    /// Where to write the certificate [default: the CSR's name with .pem, next to it].
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// subjectAltName to add to the request's own (repeatable).
    #[arg(long = "san", value_name = "NAME")]
    pub sans: Vec<String>,

    /// Days the certificate is valid [default: 3650].
    #[arg(long, value_name = "DAYS")]
    pub days: Option<u32>,

    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
}

/// Options of `renew`.
#[derive(Debug, Args)]
pub struct RenewArgs {
    /// Directory, settings file, dry run.
    #[command(flatten)]
    pub output: OutputArgs,

    /// Base names of the certificates to renew (NAME.pem, or NAME.crt, in DIR)
    /// [default: server client; with --cn or --san: server].
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,

    /// New CommonName; the old one stays as a subjectAltName, and the new one becomes one.
    #[arg(long, value_name = "NAME", help_heading = "Names")]
    pub cn: Option<String>,

    /// subjectAltName to add, DNS name or IP address (repeatable); every name already in
    /// the certificate is kept.
    #[arg(long = "san", value_name = "NAME", help_heading = "Names")]
    pub sans: Vec<String>,

    /// Reuse each certificate's key instead of making a new one.
    #[arg(long)]
    pub keep_key: bool,

    /// Days the renewed certificates are valid [default: the old certificate's lifetime].
    #[arg(long, value_name = "DAYS")]
    pub days: Option<u32>,

    /// Replace a symbolic link at a file renew writes (the link, never its target).
    #[arg(long)]
    pub force: bool,

    /// The new keys.
    #[command(flatten)]
    pub key: NewKeyArgs,
}

/// The keys of re-issued certificates (`renew`, `rotate-ca`): each keeps its old key's
/// algorithm unless told otherwise.
#[derive(Debug, Args, Default, Clone)]
#[command(next_help_heading = "Keys")]
pub struct NewKeyArgs {
    /// Key algorithm of the new keys [default: each old key's].
    #[arg(long, value_enum, value_name = "TYPE")]
    pub key_type: Option<KeyType>,

    /// RSA modulus size for new RSA keys [default: the old key's].
    #[arg(long, value_name = "BITS")]
    pub key_bits: Option<u32>,

    /// Encoding of the new keys.
    #[command(flatten)]
    pub format: KeyFormatArg,
}
