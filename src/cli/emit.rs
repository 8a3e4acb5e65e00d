//! Arguments of `emit-config`.

use crate::store::role::DEFAULT_DIR;
use clap::Args;
use std::path::PathBuf;

pub(crate) const EMIT_EXAMPLES: &str = "EXAMPLES:
  Print the milvus.yaml settings for mutual TLS, the files mounted at /milvus/tls:
    $ milvus-cert emit-config --mode 2 --cert-path-prefix /milvus/tls

  Merge them into an existing milvus.yaml (keeps milvus.yaml.bak; only the TLS keys change):
    $ milvus-cert emit-config --mode 2 --cert-path-prefix /milvus/tls --milvus-yaml milvus.yaml

  Show what the merge would change, as a unified diff, without writing anything:
    $ milvus-cert emit-config --mode 1 --milvus-yaml milvus.yaml --dry-run

  Also internal TLS between Milvus components (2.5+) and user authentication:
    $ milvus-cert emit-config --mode 2 --internal --auth --milvus-yaml milvus.yaml

  The docker-compose volumes for the standalone service:
    $ milvus-cert emit-config --mode 2 --format compose

  Kubernetes Secrets (generic and kubernetes.io/tls) and Helm values, into a file:
    $ milvus-cert emit-config --mode 2 --format k8s-secret --namespace milvus --out tls.yaml

  A ready-to-run pymilvus connection for milvus.example.com:
    $ milvus-cert emit-config --mode 2 --format client --client python --host milvus.example.com

Paths in the output are where the server (or client) sees the files: --cert-path-prefix
(default: the absolute path of --dir). Every referenced file must exist in --dir.

EXIT CODES:
  0 emitted or merged (or nothing to change); 2 usage or input error: a missing file,
  unparseable YAML, a name not in the certificate (nothing was written)";

/// Options of `emit-config`.
#[derive(Debug, Args)]
#[command(after_long_help = EMIT_EXAMPLES)]
pub struct EmitConfigArgs {
    /// Certificate directory the configuration points at.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_DIR)]
    pub dir: PathBuf,

    /// TLS mode: 1 = one-way (server certificate), 2 = mutual (client certificates).
    #[arg(long, value_name = "MODE", value_parser = clap::value_parser!(u8).range(1..=2))]
    pub mode: u8,

    /// What to emit.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = Format::MilvusYaml)]
    pub format: Format,

    /// Where the files are, as the reader of the output sees them [default: DIR's
    /// absolute path].
    ///
    /// For milvus-yaml: where Milvus finds them. For compose, k8s-secret, helm-values and
    /// cert-manager: the absolute path they are mounted at in the container [default:
    /// /milvus/tls]. For client snippets: where the client finds them.
    #[arg(long, value_name = "PREFIX")]
    pub cert_path_prefix: Option<String>,

    /// Merge the settings into this milvus.yaml in place (keeps FILE.bak).
    ///
    /// Only the TLS keys change or appear; every comment, blank line, key order and other
    /// value is kept byte for byte. A file that is not valid YAML is refused untouched.
    /// With --format compose: the milvus.yaml to mount (it is not modified).
    #[arg(long, value_name = "FILE")]
    pub milvus_yaml: Option<PathBuf>,

    /// With --milvus-yaml: print a unified diff of the change and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// REST port (proxy.http.port); with TLS on it must differ from the gRPC port
    /// [default: 8080; with --milvus-yaml, the file's own port when it has a valid one].
    #[arg(long, value_name = "PORT")]
    pub http_port: Option<u16>,

    /// Also enable internal TLS between Milvus components (Milvus 2.5+).
    #[arg(long)]
    pub internal: bool,

    /// Name Milvus components check each other against (internaltls.sni).
    ///
    /// Default: server.pem's first DNS SAN, else its CN. It must be a subjectAltName of server.pem.
    #[arg(long, value_name = "NAME", requires = "internal")]
    pub sni: Option<String>,

    /// Also write common.security.tlsEnabled: true (very early Milvus 2.1 builds).
    #[arg(long)]
    pub legacy_tls_enabled: bool,

    /// Also turn on user authentication (common.security.authorizationEnabled).
    #[arg(long)]
    pub auth: bool,

    /// Warn instead of refusing when a file the output refers to is missing.
    #[arg(long)]
    pub allow_missing: bool,

    /// Write the output to FILE (atomically; an existing FILE needs --force).
    #[arg(long, value_name = "FILE", conflicts_with = "milvus_yaml")]
    pub out: Option<PathBuf>,

    /// Replace an existing --out file.
    #[arg(long)]
    pub force: bool,

    /// Client options.
    #[command(flatten)]
    pub client: ClientArgs,

    /// Kubernetes options.
    #[command(flatten)]
    pub k8s: K8sArgs,
}

/// Options of `--format client`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Client snippets (--format client)")]
pub struct ClientArgs {
    /// Which snippet to print [default: all of them].
    #[arg(long = "client", value_enum, value_name = "CLIENT")]
    pub client: Option<ClientKind>,

    /// Name clients expect in the server certificate [default: server.pem's first DNS SAN, else its CN].
    #[arg(long, value_name = "NAME")]
    pub server_name: Option<String>,

    /// Host clients connect to.
    #[arg(long, value_name = "HOST", default_value = "localhost")]
    pub host: String,

    /// gRPC port clients connect to (REST uses --http-port).
    #[arg(long, value_name = "PORT", default_value_t = 19530)]
    pub port: u16,
}

impl EmitConfigArgs {
    /// `--http-port`, or the default.
    pub fn http_port(&self) -> u16 {
        self.http_port.unwrap_or(crate::milvus::DEFAULT_HTTP_PORT)
    }
}

/// Options of `--format k8s-secret` and `--format helm-values`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Kubernetes (--format k8s-secret, helm-values, cert-manager)")]
pub struct K8sArgs {
    /// Namespace of the Secrets and cert-manager resources [default: none in the Secrets,
    /// so `kubectl apply -n NAMESPACE` places them; "default" for cert-manager].
    #[arg(long, value_name = "NAMESPACE")]
    pub namespace: Option<String>,

    /// cert-manager: the passphrase of an encrypted ca.key, first line of FILE [default:
    /// env MILVUS_CERT_CA_PASSPHRASE]; the key is decrypted in memory for the CA Secret,
    /// never written.
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,

    /// Name of the generic Secret; the kubernetes.io/tls one gets `-tls` appended.
    #[arg(long, value_name = "NAME", default_value = "milvus-tls")]
    pub secret_name: String,
}

pub use crate::milvus::{ClientKind, Format};
