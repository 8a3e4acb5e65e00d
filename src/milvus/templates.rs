//! The text templates in `templates/`, embedded at build time so the binary is
//! self-contained while users can still read (and copy) them in the repository.
//!
//! A template holds `{{name}}` placeholders. Values are inserted verbatim: callers escape
//! them for the target language first (see `milvus::client` and `milvus::deploy`).

use anyhow::{Result, bail};

/// docker-compose volumes for the standalone service.
pub const COMPOSE: &str = include_str!("../../templates/compose.yaml");
/// The two Kubernetes Secrets.
pub const K8S_SECRET: &str = include_str!("../../templates/k8s-secret.yaml");
/// Helm values for the milvus chart.
pub const HELM_VALUES: &str = include_str!("../../templates/helm-values.yaml");
/// pymilvus, one-way TLS.
pub const PYMILVUS_MODE1: &str = include_str!("../../templates/client/pymilvus-mode1.py");
/// pymilvus, mutual TLS.
pub const PYMILVUS_MODE2: &str = include_str!("../../templates/client/pymilvus-mode2.py");
/// Go SDK, one-way TLS.
pub const GO_MODE1: &str = include_str!("../../templates/client/go-mode1.go");
/// Go SDK, mutual TLS.
pub const GO_MODE2: &str = include_str!("../../templates/client/go-mode2.go");
/// Java SDK, one-way TLS.
pub const JAVA_MODE1: &str = include_str!("../../templates/client/java-mode1.java");
/// Java SDK, mutual TLS.
pub const JAVA_MODE2: &str = include_str!("../../templates/client/java-mode2.java");
/// Node SDK, one-way TLS.
pub const NODE_MODE1: &str = include_str!("../../templates/client/node-mode1.js");
/// Node SDK, mutual TLS.
pub const NODE_MODE2: &str = include_str!("../../templates/client/node-mode2.js");
/// curl against the REST API, one-way TLS.
pub const CURL_MODE1: &str = include_str!("../../templates/client/curl-mode1.sh");
/// curl against the REST API, mutual TLS.
pub const CURL_MODE2: &str = include_str!("../../templates/client/curl-mode2.sh");

#[cfg(test)]
/// Every embedded template, for tests.
pub const ALL: [&str; 13] = [
    COMPOSE,
    K8S_SECRET,
    HELM_VALUES,
    PYMILVUS_MODE1,
    PYMILVUS_MODE2,
    GO_MODE1,
    GO_MODE2,
    JAVA_MODE1,
    JAVA_MODE2,
    NODE_MODE1,
    NODE_MODE2,
    CURL_MODE1,
    CURL_MODE2,
];

/// Fills every `{{name}}` in `template` from `values`. A placeholder without a value, or a
/// value no placeholder uses, is a bug in the caller and an error.
pub fn render(template: &str, values: &[(&str, String)]) -> Result<String> {
    let mut out = String::with_capacity(template.len() + 256);
    let mut used = vec![false; values.len()];
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            bail!("unclosed placeholder in template");
        };
        let name = &after[..end];
        match values.iter().position(|(key, _)| *key == name) {
            Some(i) => {
                out.push_str(&values[i].1);
                used[i] = true;
            }
            None => bail!("template placeholder {{{{{name}}}}} has no value"),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    if let Some(i) = used.iter().position(|u| !u) {
        bail!("value '{}' is not used by the template", values[i].0);
    }
    Ok(out)
}

/// The placeholder names a template uses, in order of first use.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        if !names.contains(&&after[..end]) {
            names.push(&after[..end]);
        }
        rest = &after[end + 2..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_and_rejects_mismatches() {
        let v = |k: &'static str, s: &str| (k, s.to_string());
        assert_eq!(
            render("a {{x}} b {{y}}{{x}}", &[v("x", "1"), v("y", "{{z}}")]).unwrap(),
            "a 1 b {{z}}1"
        );
        assert!(render("{{x}}", &[]).is_err());
        assert!(render("x", &[v("x", "1")]).is_err());
        assert!(render("{{x", &[]).is_err());
    }

    #[test]
    fn every_template_has_well_formed_placeholders() {
        for template in ALL {
            let names = placeholders(template);
            assert!(!names.is_empty());
            for name in names {
                assert!(
                    name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                    "odd placeholder {name:?}"
                );
            }
        }
    }
}
