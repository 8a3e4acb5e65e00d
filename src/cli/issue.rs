//! Arguments of the issuing subcommands (`init`, and the step-by-step ones) and the
//! option groups they share.

use crate::pki::KeyType;
use crate::role::DEFAULT_DIR;
use clap::Args;
use std::path::PathBuf;

pub(crate) const INIT_EXAMPLES: &str = "EXAMPLES:
  Make ca.key ca.pem ca.srl server.{key,csr,pem} client.{key,csr,pem} in ./cert:
    $ milvus-cert init

  A server reached as milvus.example.com and 10.0.0.5, valid for one year:
    $ milvus-cert init --cn milvus.example.com --san 10.0.0.5 --days 365

  ECDSA P-256 keys into /etc/milvus/tls, replacing existing leaves (the CA is kept):
    $ milvus-cert init --dir /etc/milvus/tls --key-type ecdsa-p256 --force

An existing CA in the directory (ca.key + ca.pem, e.g. from gen.sh) is reused and its
ca.srl continued; pass --new-ca (with --force) to replace it.

EXIT CODES:
  0 the directory was written; 2 usage or input error (nothing was written)";

/// Options of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Directory to write into.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_DIR)]
    pub dir: PathBuf,

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

    /// Replace existing files (the CA is kept unless --new-ca is also given).
    #[arg(long)]
    pub force: bool,

    /// Make a new CA even if the directory has one (replacing it needs --force).
    #[arg(long)]
    pub new_ca: bool,
}

/// Names in the certificates.
#[derive(Debug, Args)]
#[command(next_help_heading = "Names")]
pub struct NameArgs {
    /// Server CommonName; also a SAN, and the name clients should connect with.
    #[arg(long, value_name = "NAME", default_value = "localhost")]
    pub cn: String,

    /// Extra server subjectAltName, DNS name or IP address (repeatable). Without it the
    /// SANs are the CN, localhost, 127.0.0.1 and ::1; with it, the CN and the given ones.
    #[arg(long = "san", value_name = "NAME")]
    pub sans: Vec<String>,

    /// Client certificate CommonName (also its SAN when it is a valid host name).
    #[arg(long, value_name = "NAME", default_value = "milvus-client")]
    pub client_cn: String,

    /// CA CommonName [default: "Milvus TLS CA" and a short unique id].
    #[arg(long, value_name = "NAME")]
    pub ca_cn: Option<String>,
}

/// Subject fields shared by the CA and the leaves (gen.sh's /C=/ST=/L=/O=/OU=).
#[derive(Debug, Args)]
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

    /// organizationName (O).
    #[arg(long, value_name = "ORG", default_value = "milvus")]
    pub org: String,

    /// organizationalUnitName (OU).
    #[arg(long, value_name = "UNIT")]
    pub org_unit: Option<String>,
}

/// Key algorithm.
#[derive(Debug, Args)]
#[command(next_help_heading = "Keys")]
pub struct KeyArgs {
    /// Key algorithm for the CA and both leaves.
    #[arg(long, value_enum, value_name = "TYPE", default_value_t = KeyType::Rsa)]
    pub key_type: KeyType,

    /// RSA modulus size: 2048, 3072 or 4096 [default: 2048].
    #[arg(long, value_name = "BITS")]
    pub key_bits: Option<u32>,
}

/// Validity periods.
#[derive(Debug, Args)]
#[command(next_help_heading = "Validity")]
pub struct ValidityArgs {
    /// Days the server and client certificates are valid.
    #[arg(long, value_name = "DAYS", default_value_t = 3650)]
    pub days: u32,

    /// Days the CA certificate is valid.
    #[arg(long, value_name = "DAYS", default_value_t = 3650)]
    pub ca_days: u32,
}

/// Options of `ca`.
#[derive(Debug, Args)]
pub struct CaArgs {
    /// Directory to write into.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_DIR)]
    pub dir: PathBuf,
}

/// Options of `server` and `client`.
#[derive(Debug, Args)]
pub struct LeafArgs {
    /// Directory holding the CA and receiving the new files.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_DIR)]
    pub dir: PathBuf,
}

/// Options of `sign`.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// Directory holding the CA.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_DIR)]
    pub dir: PathBuf,
}

/// Options of `renew`.
#[derive(Debug, Args)]
pub struct RenewArgs {
    /// Directory holding the CA and the leaves.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_DIR)]
    pub dir: PathBuf,
}
