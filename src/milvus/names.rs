//! The names in server.pem: its CN and its
//! SANs (what clients and Milvus components actually match against).

use anyhow::{Result, anyhow};
use std::net::IpAddr;
use x509_parser::prelude::{FromDer, GeneralName, X509Certificate};

/// The names a server certificate answers to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerNames {
    /// The subject CommonName, if any.
    pub common_name: Option<String>,
    /// DNS subjectAltNames.
    pub dns: Vec<String>,
    /// IP subjectAltNames.
    pub ips: Vec<IpAddr>,
}

impl ServerNames {
    /// Reads the names from a PEM certificate.
    pub fn from_pem(pem: &[u8]) -> Result<ServerNames> {
        let der = crate::pki::parse::parse_certificate_pem(pem)?;
        let (_, cert) = X509Certificate::from_der(der.as_ref())
            .map_err(|e| anyhow!("not a readable X.509 certificate: {e}"))?;
        let common_name = cert
            .subject()
            .iter_common_name()
            .next()
            .and_then(|cn| cn.as_str().ok())
            .map(str::to_string);
        let mut names = ServerNames {
            common_name,
            ..ServerNames::default()
        };
        if let Ok(Some(san)) = cert.subject_alternative_name() {
            for name in &san.value.general_names {
                match name {
                    GeneralName::DNSName(dns) => names.dns.push(dns.to_string()),
                    GeneralName::IPAddress(bytes) => {
                        if let Ok(v4) = <[u8; 4]>::try_from(*bytes) {
                            names.ips.push(IpAddr::from(v4));
                        } else if let Ok(v6) = <[u8; 16]>::try_from(*bytes) {
                            names.ips.push(IpAddr::from(v6));
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok(names)
    }

    /// Whether a TLS client checking for `name` accepts this certificate by its SANs:
    /// an IP only matches IP SANs, a host name only DNS SANs, by the one matcher
    /// [`crate::pki::names::dns_name_matches`] that `verify` uses too.
    pub fn san_matches(&self, name: &str) -> bool {
        let bare = name.trim_matches(['[', ']']);
        if let Ok(ip) = bare.parse::<IpAddr>() {
            return self.ips.contains(&ip);
        }
        self.dns
            .iter()
            .any(|dns| crate::pki::names::dns_name_matches(dns, name))
    }

    /// The server name clients use when none is given: the one rule,
    /// [`crate::pki::names::default_server_name`], that `verify` uses too.
    pub fn default_name(&self) -> Option<String> {
        crate::pki::names::default_server_name(&self.dns, self.common_name.as_deref(), &self.ips)
    }

    /// The SANs as `DNS:name IP:addr`, for messages.
    pub fn sans_text(&self) -> String {
        let mut all: Vec<String> = self.dns.iter().map(|d| format!("DNS:{d}")).collect();
        all.extend(self.ips.iter().map(|ip| format!("IP:{ip}")));
        if all.is_empty() {
            "none".to_string()
        } else {
            all.join(" ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_follows_the_sans_not_the_cn() {
        let names = ServerNames {
            common_name: Some("milvus".into()),
            dns: vec!["Localhost".into(), "*.example.com".into()],
            ips: vec!["127.0.0.1".parse().unwrap()],
        };
        assert!(names.san_matches("localhost"));
        assert!(names.san_matches("a.example.com"));
        assert!(!names.san_matches("a.b.example.com"));
        assert!(!names.san_matches("example.com"));
        assert!(names.san_matches("127.0.0.1"));
        assert!(!names.san_matches("::1"));
        assert!(!names.san_matches("milvus"));
        assert_eq!(
            names.sans_text(),
            "DNS:Localhost DNS:*.example.com IP:127.0.0.1"
        );
    }
}
