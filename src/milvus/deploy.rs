//! Deployment targets: docker-compose volumes, Kubernetes Secrets and Helm values, from
//! `templates/`. YAML strings are written as double-quoted scalars (JSON string syntax,
//! which YAML reads the same way) so any path stays one value.

use super::templates::{self, render};
use anyhow::{Result, bail};
use base64::Engine;

/// Where the docs' compose file mounts milvus.yaml in the container.
pub const CONTAINER_MILVUS_YAML: &str = "/milvus/configs/milvus.yaml";
/// The docs' compose host path for milvus.yaml (next to docker-compose.yml).
pub const COMPOSE_MILVUS_YAML: &str = "${DOCKER_VOLUME_DIRECTORY:-.}/milvus.yaml";
/// Where the Helm values mount the Secret unless --cert-path-prefix says otherwise.
pub const DEFAULT_K8S_MOUNT: &str = "/milvus/tls";

/// A double-quoted YAML scalar.
pub fn yaml_str(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

fn mode_name(mode: u8) -> &'static str {
    if mode == 2 {
        "mutual TLS"
    } else {
        "one-way TLS"
    }
}

/// The compose `volumes:` entries, read-only: each file the server reads from the
/// certificate directory (`files`, never ca.key or client.key), and milvus.yaml; and the
/// REST port. `prefix` is the container directory, which must be absolute.
pub fn compose(
    mode: u8,
    http_port: u16,
    (host_dir, files): (&str, &[String]),
    prefix: &str,
    host_yaml: &str,
    settings_command: &str,
) -> Result<String> {
    if !prefix.starts_with('/') {
        bail!(
            "--cert-path-prefix '{prefix}' is relative, and Docker mounts only at absolute \
             container paths; pass one such as {DEFAULT_K8S_MOUNT}"
        );
    }
    let mut volumes: String = files
        .iter()
        .map(|f| {
            volume(
                &format!("{}/{f}", host_dir.trim_end_matches('/')),
                &format!("{}/{f}", prefix.trim_end_matches('/')),
            )
        })
        .collect();
    volumes.push_str(&volume(host_yaml, CONTAINER_MILVUS_YAML));
    render(
        templates::COMPOSE,
        &[
            ("mode", mode.to_string()),
            ("mode_name", mode_name(mode).to_string()),
            ("prefix_comment", prefix.to_string()),
            ("settings_command", settings_command.to_string()),
            ("http_port", http_port.to_string()),
            ("volumes", volumes.trim_end_matches('\n').to_string()),
        ],
    )
}

/// One volume entry: the docs' short syntax, or the long syntax when a path holds a `:`
/// (which the short syntax would split).
fn volume(source: &str, target: &str) -> String {
    if source.contains(':') && !source.starts_with("${") || target.contains(':') {
        format!(
            "      - type: bind\n        source: {}\n        target: {}\n        read_only: true\n",
            yaml_str(source),
            yaml_str(target)
        )
    } else {
        format!("      - {}\n", yaml_str(&format!("{source}:{target}:ro")))
    }
}

/// A file for a Secret's `data`: its key and bytes.
#[derive(Clone)]
pub struct SecretFile {
    /// Key in `data` (`server.pem`, `tls.crt`…).
    pub key: String,
    /// File contents.
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for SecretFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretFile")
            .field("key", &self.key)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// The two Secrets: the docs' generic one (`generic`) and the chart's `kubernetes.io/tls`
/// one (`tls`), named `<name>` and `<name>-tls`.
///
/// Without a `namespace` the manifests name none, so `kubectl apply -n NS` puts them in
/// any namespace (a built-in one would make kubectl refuse every other).
pub fn secrets(
    mode: u8,
    namespace: Option<&str>,
    name: &str,
    (generic, tls): (&[SecretFile], &[SecretFile]),
    helm_command: &str,
) -> Result<String> {
    if let Some(namespace) = namespace {
        check_dns_label(namespace, "--namespace")?;
    }
    check_dns_subdomain(name, "--secret-name", 249)?;
    render(
        templates::K8S_SECRET,
        &[
            ("mode", mode.to_string()),
            ("mode_name", mode_name(mode).to_string()),
            ("secret_name", name.to_string()),
            ("tls_secret_name", tls_secret_name(name)),
            ("namespace_line", namespace_line(namespace)),
            ("namespace_hint", namespace_hint(namespace)),
            ("helm_command", helm_command.to_string()),
            ("generic_data", data(generic)),
            ("tls_data", data(tls)),
        ],
    )
}

fn namespace_line(namespace: Option<&str>) -> String {
    namespace.map_or(String::new(), |ns| format!("  namespace: {ns}\n"))
}

fn namespace_hint(namespace: Option<&str>) -> String {
    match namespace {
        Some(_) => String::new(),
        None => " (add -n NAMESPACE for another namespace than the current one)".to_string(),
    }
}

/// The name of the `kubernetes.io/tls` Secret.
pub fn tls_secret_name(name: &str) -> String {
    format!("{name}-tls")
}

fn data(files: &[SecretFile]) -> String {
    if files.is_empty() {
        return "  {}".to_string();
    }
    files
        .iter()
        .map(|f| {
            format!(
                "  {}: {}",
                f.key,
                base64::engine::general_purpose::STANDARD.encode(&f.bytes)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Helm values: `extraConfigFiles.user.yaml` holding `user_yaml` (the milvus.yaml keys),
/// and the Secret mounted at `mount_path`.
pub fn helm_values(
    mode: u8,
    (name, namespace): (&str, Option<&str>),
    mount_path: &str,
    user_yaml: &str,
    secret_command: &str,
) -> Result<String> {
    check_dns_subdomain(name, "--secret-name", 249)?;
    if !mount_path.starts_with('/') {
        bail!("--cert-path-prefix must be an absolute path in the container (got '{mount_path}')");
    }
    let indented: String = user_yaml
        .lines()
        .map(|line| {
            if line.is_empty() {
                "\n".to_string()
            } else {
                format!("    {line}\n")
            }
        })
        .collect();
    render(
        templates::HELM_VALUES,
        &[
            ("mode", mode.to_string()),
            ("mode_name", mode_name(mode).to_string()),
            ("secret_name", name.to_string()),
            ("secret_command", secret_command.to_string()),
            ("namespace_hint", namespace_hint(namespace)),
            (
                "namespace_flag",
                namespace.map_or(String::new(), |ns| format!(" -n {ns}")),
            ),
            ("user_yaml", indented.trim_end_matches('\n').to_string()),
            ("mount_path", yaml_str(mount_path)),
        ],
    )
}

/// RFC 1123 label: what Kubernetes allows as a namespace.
pub(super) fn check_dns_label(value: &str, flag: &str) -> Result<()> {
    if value.len() > 63 || !is_dns_label(value) {
        bail!(
            "{flag} '{value}' is not a valid Kubernetes name (lower-case letters, digits and '-', \
             at most 63, starting and ending with a letter or digit)"
        );
    }
    Ok(())
}

/// RFC 1123 subdomain of at most `max` bytes: what Kubernetes allows as a Secret name
/// (249 here so the `-tls` variant fits too).
pub(super) fn check_dns_subdomain(value: &str, flag: &str, max: usize) -> Result<()> {
    if value.len() > max || !value.split('.').all(is_dns_label) {
        bail!(
            "{flag} '{value}' is not a valid Kubernetes name (lower-case letters, digits, '-' \
             and '.', starting and ending with a letter or digit)"
        );
    }
    Ok(())
}

fn is_dns_label(label: &str) -> bool {
    !label.is_empty()
        && label
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volumes_use_the_long_syntax_only_when_a_path_has_a_colon() {
        assert_eq!(
            volume("/a/cert", "/milvus/tls"),
            "      - \"/a/cert:/milvus/tls:ro\"\n"
        );
        assert!(volume("/a:b/cert", "/milvus/tls").contains("source: \"/a:b/cert\""));
        assert!(volume(COMPOSE_MILVUS_YAML, CONTAINER_MILVUS_YAML).starts_with("      - \"${"));
    }

    #[test]
    fn kubernetes_names_are_checked() {
        assert!(check_dns_label("milvus-prod", "--namespace").is_ok());
        for bad in ["", "Milvus", "-a", "a_b", "a.b"] {
            assert!(check_dns_label(bad, "--namespace").is_err(), "{bad}");
        }
        assert!(check_dns_subdomain("milvus.tls-1", "--secret-name", 249).is_ok());
        for bad in ["", "a..b", "A", "a/b", "a b"] {
            assert!(
                check_dns_subdomain(bad, "--secret-name", 249).is_err(),
                "{bad}"
            );
        }
    }
}
