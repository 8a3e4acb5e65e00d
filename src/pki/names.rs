//! Subject names and subjectAltNames.

use anyhow::{Result, bail};
use rcgen::{DistinguishedName, DnType, SanType};
use std::fmt;
use std::net::IpAddr;

/// The subject fields gen.sh sets (`/C=/ST=/L=/O=/OU=/CN=`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Subject {
    /// commonName.
    pub common_name: String,
    /// countryName (two letters).
    pub country: Option<String>,
    /// stateOrProvinceName.
    pub state: Option<String>,
    /// localityName.
    pub locality: Option<String>,
    /// organizationName.
    pub organization: Option<String>,
    /// organizationalUnitName.
    pub organizational_unit: Option<String>,
}

impl Subject {
    /// The same organisation fields with another commonName.
    pub fn with_common_name(&self, common_name: &str) -> Subject {
        Subject {
            common_name: common_name.to_string(),
            ..self.clone()
        }
    }

    /// Checks the fields against the limits X.509 and OpenSSL enforce (RFC 5280 upper bounds).
    pub fn validate(&self) -> Result<()> {
        check_field("common name", &self.common_name, 64)?;
        if let Some(country) = &self.country
            && (country.len() != 2 || !country.bytes().all(|b| b.is_ascii_alphabetic()))
        {
            bail!("--country {country:?} must be a two-letter country code such as CN or US");
        }
        for (what, value) in [
            ("state", &self.state),
            ("locality", &self.locality),
            ("organization", &self.organization),
            ("organizational unit", &self.organizational_unit),
        ] {
            if let Some(value) = value {
                check_field(what, value, 128)?;
            }
        }
        Ok(())
    }

    /// The distinguished name in gen.sh's order: C, ST, L, O, OU, CN.
    pub fn distinguished_name(&self) -> DistinguishedName {
        let mut dn = DistinguishedName::new();
        let fields = [
            (DnType::CountryName, &self.country),
            (DnType::StateOrProvinceName, &self.state),
            (DnType::LocalityName, &self.locality),
            (DnType::OrganizationName, &self.organization),
            (DnType::OrganizationalUnitName, &self.organizational_unit),
        ];
        for (kind, value) in fields {
            if let Some(value) = value {
                dn.push(kind, value.as_str());
            }
        }
        dn.push(DnType::CommonName, self.common_name.as_str());
        dn
    }
}

/// The most subjectAltNames a certificate may carry: enough for any Milvus deployment,
/// far from the thousands that make a certificate hundreds of kilobytes.
pub const MAX_SANS: usize = 100;

/// Checks one subject attribute: not empty, at most `max` characters, no control
/// characters (the rules for the names milvus-cert makes and for requested ones).
pub fn check_field(what: &str, value: &str, max: usize) -> Result<()> {
    if value.trim().is_empty() {
        bail!("the {what} must not be empty");
    }
    let count = value.chars().count();
    if count > max {
        let start: String = value.chars().take(40).collect();
        bail!("the {what} {start:?}… is {count} characters, longer than the {max} X.509 allows");
    }
    if value.chars().any(char::is_control) {
        bail!("the {what} {value:?} contains control characters");
    }
    Ok(())
}

/// One subjectAltName: a DNS name or an IP address, told apart by parsing.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum San {
    /// A DNS name (lower-cased; `*.` wildcards allowed in the first label).
    Dns(String),
    /// An IPv4 or IPv6 address.
    Ip(IpAddr),
}

impl San {
    /// Parses `--san` input: an IP address if it parses as one, otherwise a DNS name.
    pub fn parse(input: &str) -> Result<San> {
        let trimmed = input.trim();
        // Accept the bracketed IPv6 form people copy from URLs.
        let unbracketed = trimmed
            .strip_prefix('[')
            .and_then(|s| s.strip_suffix(']'))
            .unwrap_or(trimmed);
        if let Ok(ip) = unbracketed.parse::<IpAddr>() {
            check_ip(&ip).map_err(|why| anyhow::anyhow!("{input:?} {why}"))?;
            return Ok(San::Ip(ip));
        }
        let name = trimmed.trim_end_matches('.').to_ascii_lowercase();
        validate_dns_name(&name).map_err(|why| {
            anyhow::anyhow!("{input:?} is neither an IP address nor a valid DNS name: {why}")
        })?;
        Ok(San::Dns(name))
    }

    /// The rcgen form.
    pub fn to_rcgen(&self) -> Result<SanType> {
        Ok(match self {
            San::Dns(name) => SanType::DnsName(name.as_str().try_into()?),
            San::Ip(ip) => SanType::IpAddress(*ip),
        })
    }
}

impl fmt::Display for San {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            San::Dns(name) => write!(f, "DNS:{name}"),
            San::Ip(ip) => write!(f, "IP:{ip}"),
        }
    }
}

impl serde::Serialize for San {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Refuses addresses no server is reached at: unspecified (`0.0.0.0`, `::`, which
/// some verifiers treat as "any"), broadcast and multicast.
fn check_ip(ip: &IpAddr) -> Result<(), &'static str> {
    if ip.is_unspecified() {
        return Err("is the unspecified address, which names no host");
    }
    if ip.is_multicast() || *ip == IpAddr::from([255, 255, 255, 255]) {
        return Err("is a broadcast or multicast address, which names no host");
    }
    Ok(())
}

/// Second-level labels under which country-code registries sell names (`co.uk`,
/// `com.au`, `ac.jp`…): a wildcard directly under `LABEL.CC` covers other people's domains.
const REGISTRY_LABELS: [&str; 12] = [
    "co", "com", "net", "org", "gov", "edu", "ac", "or", "ne", "go", "gob", "mil",
];

/// RFC 1123 host names, with an optional leading `*.` wildcard label.
fn validate_dns_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("it is empty");
    }
    if name.len() > 253 {
        return Err("it is longer than 253 characters");
    }
    let labels: Vec<&str> = name.split('.').collect();
    for (i, label) in labels.iter().enumerate() {
        if i == 0 && *label == "*" {
            if labels.len() < 3 {
                return Err("a wildcard needs at least two labels after it (*.example.com)");
            }
            if labels.len() == 3 && labels[2].len() == 2 && REGISTRY_LABELS.contains(&labels[1]) {
                return Err(
                    "a wildcard directly under a public suffix covers other people's domains",
                );
            }
            continue;
        }
        if label.is_empty() {
            return Err("it has an empty label");
        }
        if label.len() > 63 {
            return Err("a label is longer than 63 characters");
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err("only letters, digits, '-', '_' and '.' are allowed");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err("a label may not start or end with '-'");
        }
    }
    Ok(())
}

/// Adds `san` unless an equal one is already present, keeping first-seen order.
pub fn push_unique(sans: &mut Vec<San>, san: San) {
    if !sans.contains(&san) {
        sans.push(san);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sans_are_told_apart_by_parsing() {
        assert_eq!(
            San::parse("127.0.0.1").unwrap(),
            San::Ip("127.0.0.1".parse().unwrap())
        );
        assert_eq!(San::parse("::1").unwrap(), San::Ip("::1".parse().unwrap()));
        assert_eq!(
            San::parse("[fe80::1]").unwrap(),
            San::Ip("fe80::1".parse().unwrap())
        );
        assert_eq!(
            San::parse("Milvus.Example.COM.").unwrap(),
            San::Dns("milvus.example.com".into())
        );
        assert_eq!(
            San::parse("*.milvus.svc").unwrap(),
            San::Dns("*.milvus.svc".into())
        );
        assert_eq!(
            San::parse("my-release-milvus").unwrap(),
            San::Dns("my-release-milvus".into())
        );
    }

    #[test]
    fn bad_sans_are_refused_with_the_reason() {
        for bad in [
            "",
            "bad name",
            "-x.com",
            "a..b",
            "*.com",
            "ünï.com",
            "1.2.3.4.5/8",
            "*.co.uk",
            "*.com.au",
        ] {
            let err = San::parse(bad).unwrap_err().to_string();
            assert!(
                err.contains("neither an IP address nor a valid DNS name"),
                "{bad}: {err}"
            );
        }
        for (bad, why) in [
            ("0.0.0.0", "unspecified"),
            ("::", "unspecified"),
            ("255.255.255.255", "broadcast"),
            ("224.0.0.1", "multicast"),
        ] {
            let err = San::parse(bad).unwrap_err().to_string();
            assert!(err.contains(why), "{bad}: {err}");
        }
        assert!(San::parse("*.milvus.example.co.uk").is_ok());
        assert!(San::parse("*.example.com").is_ok());
    }

    #[test]
    fn subject_limits_are_checked() {
        let ok = Subject {
            common_name: "localhost".into(),
            country: Some("CN".into()),
            ..Subject::default()
        };
        ok.validate().unwrap();
        let bad = Subject {
            country: Some("China".into()),
            ..ok.clone()
        };
        assert!(
            bad.validate()
                .unwrap_err()
                .to_string()
                .contains("two-letter")
        );
        let bad = Subject {
            common_name: "x".repeat(65),
            ..ok.clone()
        };
        assert!(bad.validate().unwrap_err().to_string().contains("64"));
        let bad = Subject {
            common_name: " ".into(),
            ..ok
        };
        assert!(bad.validate().is_err());
    }
}
