//! `emit-config --format cert-manager`: hands issuance and renewal to cert-manager while
//! keeping milvus-cert's CA. A CA Secret (`tls.crt`, `tls.key`, `ca.crt`), an `Issuer` of
//! type CA using it, and `Certificate`s for the Milvus proxy and (mode 2) a client, whose
//! names, SANs, key algorithm and usages come from server.pem and client.pem.

use super::deploy::{check_dns_label, check_dns_subdomain, tls_secret_name, yaml_str};
use super::templates::render;
use crate::certdir::items::{Item, read_items};
use crate::certdir::view::CertView;
use crate::issue::authority::load_ca;
use crate::pki::KeySpec;
use anyhow::{Result, anyhow, bail};
use base64::Engine;
use std::net::IpAddr;

/// The template: header, CA Secret and Issuer; the Certificates are appended.
pub const TEMPLATE: &str = include_str!("../../templates/cert-manager.yaml");

/// How long cert-manager makes each certificate valid (its own default, 90 days)...
pub const DURATION: &str = "2160h";
/// ...and how long before expiry it renews (a third of that, as cert-manager does).
pub const RENEW_BEFORE: &str = "720h";

/// The resource names, all derived from `--secret-name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    /// The CA Secret: `<name>-ca`.
    pub ca_secret: String,
    /// The Issuer: `<name>-ca-issuer`.
    pub issuer: String,
    /// The proxy's Certificate: `<name>-proxy`.
    pub proxy_certificate: String,
    /// The Secret cert-manager writes the proxy's files to: `<name>-tls`, the same
    /// `kubernetes.io/tls` Secret `--format k8s-secret` makes, so mounts keep working.
    pub proxy_secret: String,
    /// The client's Certificate: `<name>-client`.
    pub client_certificate: String,
    /// Its Secret: `<name>-client-tls`.
    pub client_secret: String,
}

impl Names {
    /// The names for `--secret-name NAME`.
    pub fn new(name: &str) -> Names {
        Names {
            ca_secret: format!("{name}-ca"),
            issuer: format!("{name}-ca-issuer"),
            proxy_certificate: format!("{name}-proxy"),
            proxy_secret: tls_secret_name(name),
            client_certificate: format!("{name}-client"),
            client_secret: format!("{name}-client-tls"),
        }
    }
}

/// What a Certificate asks for, read from an existing leaf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeafFacts {
    /// Subject CommonName.
    pub common_name: Option<String>,
    /// Subject organizations (O).
    pub organizations: Vec<String>,
    /// DNS subjectAltNames.
    pub dns: Vec<String>,
    /// IP subjectAltNames.
    pub ips: Vec<IpAddr>,
    /// The key algorithm.
    pub key: KeySpec,
}

impl LeafFacts {
    /// What a Certificate asks for to stand in for `cert`; its key must be one
    /// milvus-cert (and so cert-manager) issues for.
    pub fn of(cert: &CertView) -> Result<LeafFacts> {
        Ok(LeafFacts {
            common_name: cert.common_names.first().cloned(),
            organizations: cert.organizations.clone(),
            dns: cert.dns_sans.clone(),
            ips: cert.ip_sans.clone(),
            key: cert.key.supported()?,
        })
    }
}

/// Everything the manifests are made from.
#[derive(Debug)]
pub struct Input<'a> {
    /// TLS mode: 2 adds the client Certificate.
    pub mode: u8,
    /// Namespace of every resource.
    pub namespace: &'a str,
    /// `--secret-name`, the stem of every name.
    pub secret_name: &'a str,
    /// Where the proxy's Secret is mounted (for the comment).
    pub mount_path: &'a str,
    /// ca.pem, as is.
    pub ca_pem: &'a [u8],
    /// ca.key, as is.
    pub ca_key: &'a [u8],
    /// server.pem's names and key.
    pub server: LeafFacts,
    /// client.pem's (mode 2), or `None` for the default client.
    pub client: Option<LeafFacts>,
}

/// The manifests, as one multi-document YAML text.
pub fn manifests(input: &Input<'_>) -> Result<String> {
    check_dns_label(input.namespace, "--namespace")?;
    // 240: the longest derived name (`-client-tls`) must fit in 253 too.
    check_dns_subdomain(input.secret_name, "--secret-name", 240)?;
    // A key that is not the certificate's would make every issued certificate unverifiable.
    load_ca(input.ca_pem, input.ca_key)
        .map_err(|e| anyhow!("cannot hand the CA to cert-manager: {e:#}"))?;
    let count = read_items(input.ca_pem).map_or(0, |blob| {
        let certs = blob.items.iter();
        certs.filter(|i| matches!(i, Item::Certificate(_))).count()
    });
    if count > 1 {
        bail!(
            "ca.pem holds {count} certificates; cert-manager's CA issuer needs the CA alone \
             (a trust bundle from rotate-ca is ca-bundle.pem, not ca.pem)"
        );
    }
    let names = Names::new(input.secret_name);
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let ca_data = [
        format!("  ca.crt: {}", b64(input.ca_pem)),
        format!("  tls.crt: {}", b64(input.ca_pem)),
        format!("  tls.key: {}", b64(input.ca_key)),
    ]
    .join("\n");
    let mut certificates = certificate(
        "3. The Milvus proxy's certificate: names and key algorithm from server.pem.",
        &names.proxy_certificate,
        &names.proxy_secret,
        input.namespace,
        &names.issuer,
        &input.server,
        "server auth",
    )?;
    if input.mode == 2 {
        let default_client = LeafFacts {
            common_name: Some("milvus-client".to_string()),
            organizations: input.server.organizations.clone(),
            dns: vec!["milvus-client".to_string()],
            ips: Vec::new(),
            key: input.server.key,
        };
        let client = input.client.clone().unwrap_or(default_client);
        certificates.push_str(&certificate(
            "4. A client certificate for mutual TLS (mode 2): mount its Secret into the client.",
            &names.client_certificate,
            &names.client_secret,
            input.namespace,
            &names.issuer,
            &client,
            "client auth",
        )?);
    }
    render(
        TEMPLATE,
        &[
            ("mode", input.mode.to_string()),
            (
                "mode_name",
                if input.mode == 2 {
                    "mutual TLS"
                } else {
                    "one-way TLS"
                }
                .to_string(),
            ),
            ("ca_secret", names.ca_secret.clone()),
            ("namespace", input.namespace.to_string()),
            ("proxy_secret", names.proxy_secret.clone()),
            ("mount_path", yaml_str(input.mount_path)),
            ("ca_data", ca_data),
            ("issuer", names.issuer.clone()),
            ("certificates", certificates.trim_end().to_string()),
        ],
    )
    .map(|mut text| {
        text.push('\n');
        text
    })
}

/// One `Certificate` document (with its leading `---`).
fn certificate(
    comment: &str,
    name: &str,
    secret: &str,
    namespace: &str,
    issuer: &str,
    leaf: &LeafFacts,
    eku: &str,
) -> Result<String> {
    let Some(cn) = leaf
        .common_name
        .as_deref()
        .or(leaf.dns.first().map(String::as_str))
    else {
        bail!("a certificate for {name} needs a CommonName or a DNS name");
    };
    let list = |items: &[String]| -> String {
        items
            .iter()
            .map(|i| format!("\n    - {}", yaml_str(i)))
            .collect()
    };
    let mut text = format!(
        "---\n# {comment}\napiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: {name}\n  namespace: {namespace}\nspec:\n  secretName: {secret}\n  commonName: {}\n",
        yaml_str(cn)
    );
    if !leaf.organizations.is_empty() {
        text.push_str(&format!(
            "  subject:\n    organizations:{}\n",
            list(&leaf.organizations).replace("\n    ", "\n      ")
        ));
    }
    if !leaf.dns.is_empty() {
        text.push_str(&format!("  dnsNames:{}\n", list(&leaf.dns)));
    }
    if !leaf.ips.is_empty() {
        let ips: Vec<String> = leaf.ips.iter().map(IpAddr::to_string).collect();
        text.push_str(&format!("  ipAddresses:{}\n", list(&ips)));
    }
    let (algorithm, size) = match leaf.key {
        KeySpec::Rsa(bits) => ("RSA", Some(bits)),
        KeySpec::EcdsaP256 => ("ECDSA", Some(256)),
        KeySpec::EcdsaP384 => ("ECDSA", Some(384)),
        KeySpec::Ed25519 => ("Ed25519", None),
        other => bail!("cert-manager cannot make {other} keys"),
    };
    text.push_str(&format!(
        "  duration: {DURATION}\n  renewBefore: {RENEW_BEFORE}\n  privateKey:\n    algorithm: {algorithm}\n"
    ));
    if let Some(size) = size {
        text.push_str(&format!("    size: {size}\n"));
    }
    // PKCS#8: the Java SDK reads no other key format (cert-manager's default is PKCS#1).
    text.push_str("    encoding: PKCS8\n    rotationPolicy: Always\n");
    // keyEncipherment only for RSA, as milvus-cert issues: ECDSA keys cannot encipher.
    text.push_str(&format!(
        "  usages:\n    - {eku}\n    - digital signature\n"
    ));
    if leaf.key.can_encipher() {
        text.push_str("    - key encipherment\n");
    }
    text.push_str(&format!(
        "  issuerRef:\n    name: {issuer}\n    kind: Issuer\n    group: cert-manager.io\n"
    ));
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_derive_from_the_secret_name() {
        let n = Names::new("milvus-tls");
        assert_eq!(n.ca_secret, "milvus-tls-ca");
        assert_eq!(n.proxy_secret, "milvus-tls-tls");
        assert_eq!(n.client_secret, "milvus-tls-client-tls");
        assert_eq!(n.issuer, "milvus-tls-ca-issuer");
    }

    #[test]
    fn secret_names_leave_room_for_the_derived_names() {
        assert!(check_dns_subdomain(&"a".repeat(240), "--secret-name", 240).is_ok());
        assert!(check_dns_subdomain(&"a".repeat(241), "--secret-name", 240).is_err());
    }

    #[test]
    fn the_template_has_well_formed_placeholders() {
        let names = super::super::templates::placeholders(TEMPLATE);
        assert!(names.contains(&"certificates") && names.contains(&"ca_data"));
        assert!(
            names
                .iter()
                .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        );
    }
}
