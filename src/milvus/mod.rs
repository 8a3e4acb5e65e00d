//! What Milvus and its clients need to be told about a certificate directory: the
//! milvus.yaml keys, and the other targets built from the same facts (compose volumes,
//! Kubernetes Secrets and Helm values, client snippets). No I/O here except reading
//! server.pem's names; `commands::emit` reads and writes.

pub mod cert_manager;
pub mod client;
pub mod deploy;
pub mod merge;
pub mod report;
pub mod templates;

use std::fmt;

/// What `emit-config` produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// The milvus.yaml settings (printed, or merged with --milvus-yaml).
    MilvusYaml,
    /// docker-compose volumes for the standalone service.
    Compose,
    /// Kubernetes Secrets (generic and kubernetes.io/tls); helm-values mounts them.
    K8sSecret,
    /// Helm values only (extraConfigFiles, volumes, volumeMounts).
    HelmValues,
    /// Connection snippets: pymilvus, Go, Java, Node and curl.
    Client,
    /// cert-manager CA Secret (holds ca.key), Issuer and Certificates.
    CertManager,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::MilvusYaml => "milvus-yaml",
            Format::Compose => "compose",
            Format::K8sSecret => "k8s-secret",
            Format::HelmValues => "helm-values",
            Format::Client => "client",
            Format::CertManager => "cert-manager",
        })
    }
}

/// A client whose connection snippet `--format client` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClientKind {
    /// pymilvus (MilvusClient).
    Python,
    /// The Go SDK (milvusclient).
    Go,
    /// The Java SDK (MilvusClientV2).
    Java,
    /// The Node SDK (@zilliz/milvus2-sdk-node).
    Node,
    /// curl against the REST API.
    Curl,
}

impl fmt::Display for ClientKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ClientKind::Python => "python",
            ClientKind::Go => "go",
            ClientKind::Java => "java",
            ClientKind::Node => "node",
            ClientKind::Curl => "curl",
        })
    }
}

/// The REST port the Milvus docs use once TLS is on.
pub const DEFAULT_HTTP_PORT: u16 = 8080;
/// Milvus' gRPC port.
pub const DEFAULT_GRPC_PORT: u16 = 19530;

/// A scalar milvus.yaml value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A string (paths, names).
    Str(String),
    /// An integer (modes, ports).
    Int(i64),
    /// A boolean switch.
    Bool(bool),
}

impl Value {
    /// The value as the strict parser would read it back.
    pub fn to_yaml(&self) -> yaml_rust2::Yaml {
        match self {
            Value::Str(s) => yaml_rust2::Yaml::String(s.clone()),
            Value::Int(n) => yaml_rust2::Yaml::Integer(*n),
            Value::Bool(b) => yaml_rust2::Yaml::Boolean(*b),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Str(s) => f.write_str(s),
            Value::Int(n) => write!(f, "{n}"),
            Value::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// One milvus.yaml key and the value it must hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// Dotted path (`common.security.tlsMode`).
    pub key: String,
    /// Wanted value.
    pub value: Value,
}

impl Setting {
    /// A setting.
    pub fn new(key: &str, value: Value) -> Setting {
        Setting {
            key: key.to_string(),
            value,
        }
    }
}

/// Everything that decides the milvus.yaml keys.
#[derive(Debug, Clone)]
pub struct TlsConfig {
    /// 1 one-way, 2 mutual.
    pub mode: u8,
    /// Where the certificate directory is, as the server sees it.
    pub prefix: String,
    /// REST port (`proxy.http.port`).
    pub http_port: u16,
    /// `internaltls.sni` when internal TLS is on.
    pub internal_sni: Option<String>,
    /// Also write the 2.1-era `common.security.tlsEnabled: true`.
    pub legacy_tls_enabled: bool,
    /// Also turn on `common.security.authorizationEnabled`.
    pub auth: bool,
}

impl TlsConfig {
    /// `<prefix>/<name>`, with exactly one slash between them.
    pub fn path(&self, name: &str) -> String {
        join_path(&self.prefix, name)
    }

    /// The keys to set, in the order they are written.
    pub fn settings(&self) -> Vec<Setting> {
        use crate::store::role::Role;
        let server_pem = self.path(&Role::Server.cert_file());
        let server_key = self.path(&Role::Server.key_file());
        let ca_pem = self.path(&Role::Ca.cert_file());
        let mut settings = vec![
            Setting::new("tls.serverPemPath", Value::Str(server_pem.clone())),
            Setting::new("tls.serverKeyPath", Value::Str(server_key.clone())),
            Setting::new("tls.caPemPath", Value::Str(ca_pem.clone())),
            Setting::new("common.security.tlsMode", Value::Int(self.mode.into())),
        ];
        if self.legacy_tls_enabled {
            settings.push(Setting::new(
                "common.security.tlsEnabled",
                Value::Bool(true),
            ));
        }
        if self.auth {
            settings.push(Setting::new(
                "common.security.authorizationEnabled",
                Value::Bool(true),
            ));
        }
        if self.internal_sni.is_some() {
            settings.push(Setting::new(
                "common.security.internaltlsEnabled",
                Value::Bool(true),
            ));
        }
        // Milvus 2.6 refuses to start with tlsMode > 0 while REST shares the gRPC port.
        settings.push(Setting::new(
            "proxy.http.port",
            Value::Int(self.http_port.into()),
        ));
        if let Some(sni) = &self.internal_sni {
            settings.extend([
                Setting::new("internaltls.serverPemPath", Value::Str(server_pem)),
                Setting::new("internaltls.serverKeyPath", Value::Str(server_key)),
                Setting::new("internaltls.caPemPath", Value::Str(ca_pem)),
                Setting::new("internaltls.sni", Value::Str(sni.clone())),
            ]);
        }
        settings
    }
}

/// `prefix` and `name` joined by one `/` (a prefix of `/` gives `/name`).
pub fn join_path(prefix: &str, name: &str) -> String {
    format!("{}/{name}", prefix.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> TlsConfig {
        TlsConfig {
            mode: 1,
            prefix: "/milvus/tls/".into(),
            http_port: 8080,
            internal_sni: None,
            legacy_tls_enabled: false,
            auth: false,
        }
    }

    #[test]
    fn the_basic_keys_and_the_optional_ones() {
        let keys =
            |c: &TlsConfig| -> Vec<String> { c.settings().into_iter().map(|s| s.key).collect() };
        assert_eq!(
            keys(&config()),
            [
                "tls.serverPemPath",
                "tls.serverKeyPath",
                "tls.caPemPath",
                "common.security.tlsMode",
                "proxy.http.port"
            ]
        );
        assert_eq!(
            config().settings()[0].value,
            Value::Str("/milvus/tls/server.pem".into())
        );
        let all = TlsConfig {
            internal_sni: Some("milvus".into()),
            legacy_tls_enabled: true,
            auth: true,
            ..config()
        };
        assert_eq!(keys(&all).len(), 12);
        assert!(keys(&all).contains(&"internaltls.sni".to_string()));
        assert_eq!(join_path("/", "ca.pem"), "/ca.pem");
    }
}
