//! Turns command-line values into final decisions before any work is done: defaults,
//! SANs, key algorithm, validity windows. No I/O, so every rule here is unit-tested.

use crate::cli::InitArgs;
use crate::pki::names::push_unique;
use crate::pki::{KeySpec, San, Subject, Validity};
use anyhow::{Context, Result, bail};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::PathBuf;
use time::OffsetDateTime;

/// Longest validity accepted: 100 years keeps notAfter far from X.509's year-9999 limit.
const MAX_DAYS: u32 = 36_500;

/// The CommonName prefix of a CA milvus-cert makes; a short id follows so two CAs are
/// told apart by name (gen.sh gives its CA the leaves' CN=localhost).
pub const CA_CN_PREFIX: &str = "Milvus TLS CA";

/// Everything `init` will do, decided.
#[derive(Debug, Clone)]
pub struct InitPlan {
    /// Output directory.
    pub dir: PathBuf,
    /// Key algorithm for all three keys.
    pub key: KeySpec,
    /// CA subject; `None` CommonName means the default with an id from the serial.
    pub ca_subject: Subject,
    /// Whether `--ca-cn` was given.
    pub ca_cn_given: bool,
    /// CA validity.
    pub ca_validity: Validity,
    /// Server subject and SANs.
    pub server: LeafPlan,
    /// Client subject and SANs.
    pub client: LeafPlan,
    /// Leaf validity.
    pub leaf_validity: Validity,
    /// Replace existing files.
    pub force: bool,
    /// Replace an existing CA.
    pub new_ca: bool,
    /// Things the user should know (printed on stderr).
    pub warnings: Vec<String>,
}

/// One leaf's names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeafPlan {
    /// Subject.
    pub subject: Subject,
    /// subjectAltNames, CN first.
    pub sans: Vec<San>,
}

impl InitPlan {
    /// Settles every `init` decision for a run at `now`.
    pub fn from_args(args: &InitArgs, now: OffsetDateTime) -> Result<InitPlan> {
        let key = KeySpec::new(args.key.key_type, args.key.key_bits)?;
        let mut warnings = Vec::new();
        if let Some(warning) = key.compatibility_warning() {
            warnings.push(warning.to_string());
        }

        let base = Subject {
            common_name: String::new(),
            country: args.subject.country.clone().map(|c| c.to_ascii_uppercase()),
            state: args.subject.state.clone(),
            locality: args.subject.locality.clone(),
            organization: Some(args.subject.org.clone()),
            organizational_unit: args.subject.org_unit.clone(),
        };

        let server = server_plan(&base, &args.names.cn, &args.names.sans)?;
        let client_subject = base.with_common_name(&args.names.client_cn);
        client_subject.validate().context("--client-cn")?;
        // Servers never check a client's name, but a SAN keeps the client certificate
        // well-formed for strict parsers; a CN that is not a host name simply gets none.
        let client = LeafPlan {
            sans: San::parse(&args.names.client_cn).into_iter().collect(),
            subject: client_subject,
        };

        let ca_cn_given = args.names.ca_cn.is_some();
        let ca_subject = base.with_common_name(args.names.ca_cn.as_deref().unwrap_or(CA_CN_PREFIX));
        ca_subject.validate().context("--ca-cn")?;
        if ca_subject.common_name == server.subject.common_name
            || ca_subject.common_name == client.subject.common_name
        {
            bail!(
                "--ca-cn {:?} is also a leaf's CommonName; the CA needs its own subject",
                ca_subject.common_name
            );
        }

        check_days("--days", args.validity.days)?;
        check_days("--ca-days", args.validity.ca_days)?;
        if args.validity.days > args.validity.ca_days {
            warnings.push(format!(
                "--days {} outlives --ca-days {}: the leaves stop verifying when the CA expires",
                args.validity.days, args.validity.ca_days
            ));
        }
        Ok(InitPlan {
            dir: args.dir.clone(),
            key,
            ca_subject,
            ca_cn_given,
            ca_validity: Validity::days_from(now, args.validity.ca_days),
            server,
            client,
            leaf_validity: Validity::days_from(now, args.validity.days),
            force: args.force,
            new_ca: args.new_ca,
            warnings,
        })
    }
}

/// The server's subject and SANs: the CN always (SAN-only clients such as Go must find the
/// name there), then the defaults or the `--san` values.
fn server_plan(base: &Subject, cn: &str, extra: &[String]) -> Result<LeafPlan> {
    let subject = base.with_common_name(cn);
    subject.validate().context("--cn")?;
    let cn_san = San::parse(cn).with_context(|| {
        format!("--cn {cn:?} must be a host name or IP address, because it is also a SAN")
    })?;
    let mut sans = vec![cn_san];
    if extra.is_empty() {
        for default in [
            San::Dns("localhost".to_string()),
            San::Ip(IpAddr::V4(Ipv4Addr::LOCALHOST)),
            San::Ip(IpAddr::V6(Ipv6Addr::LOCALHOST)),
        ] {
            push_unique(&mut sans, default);
        }
    } else {
        for value in extra {
            push_unique(&mut sans, San::parse(value).context("--san")?);
        }
    }
    Ok(LeafPlan { subject, sans })
}

fn check_days(flag: &str, days: u32) -> Result<()> {
    if days == 0 {
        bail!("{flag} must be at least 1");
    }
    if days > MAX_DAYS {
        bail!("{flag} {days} is more than {MAX_DAYS} days (100 years)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn plan(args: &[&str]) -> Result<InitPlan> {
        let mut argv = vec!["milvus-cert", "init"];
        argv.extend_from_slice(args);
        let Command::Init(init) = Cli::try_parse_from(argv)?.command else {
            unreachable!("the argv starts with init")
        };
        InitPlan::from_args(&init, OffsetDateTime::now_utc())
    }

    fn sans(plan: &LeafPlan) -> Vec<String> {
        plan.sans.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn defaults_match_the_brief() {
        let p = plan(&[]).unwrap();
        assert_eq!(p.dir, PathBuf::from("cert"));
        assert_eq!(p.key, KeySpec::Rsa(2048));
        assert_eq!(p.server.subject.common_name, "localhost");
        assert_eq!(sans(&p.server), ["DNS:localhost", "IP:127.0.0.1", "IP:::1"]);
        assert_eq!(p.client.subject.common_name, "milvus-client");
        assert_eq!(sans(&p.client), ["DNS:milvus-client"]);
        assert_eq!(p.ca_subject.common_name, CA_CN_PREFIX);
        assert!(p.warnings.is_empty());
        let days = (p.leaf_validity.not_after - p.leaf_validity.not_before).whole_days();
        assert_eq!(days, 3650);
        assert!(p.leaf_validity.not_before < OffsetDateTime::now_utc());
    }

    #[test]
    fn given_sans_follow_the_cn_without_duplicates() {
        let p = plan(&[
            "--cn",
            "milvus.example.com",
            "--san",
            "10.0.0.5",
            "--san",
            "milvus.example.com",
            "--san",
            "[::1]",
        ])
        .unwrap();
        assert_eq!(
            sans(&p.server),
            ["DNS:milvus.example.com", "IP:10.0.0.5", "IP:::1"]
        );
        let p = plan(&["--cn", "192.168.1.10"]).unwrap();
        assert_eq!(
            sans(&p.server),
            ["IP:192.168.1.10", "DNS:localhost", "IP:127.0.0.1", "IP:::1"]
        );
    }

    #[test]
    fn bad_values_are_refused_with_the_flag_named() {
        let cases: &[(&[&str], &str)] = &[
            (&["--cn", "my server"], "--cn"),
            (&["--san", "bad name!"], "--san"),
            (&["--days", "0"], "--days must be at least 1"),
            (&["--ca-days", "99999"], "--ca-days 99999"),
            (&["--key-bits", "1024"], "2048, 3072 or 4096"),
            (
                &["--key-type", "ecdsa-p256", "--key-bits", "4096"],
                "only applies",
            ),
            (&["--country", "China"], "two-letter"),
            (&["--ca-cn", "localhost"], "own subject"),
        ];
        for (args, expected) in cases {
            let err = format!("{:#}", plan(args).unwrap_err());
            assert!(err.contains(expected), "{args:?}: {err}");
        }
    }

    #[test]
    fn risky_choices_warn() {
        let p = plan(&["--key-type", "ed25519"]).unwrap();
        assert!(p.warnings[0].contains("pymilvus"));
        let p = plan(&["--days", "400", "--ca-days", "365"]).unwrap();
        assert!(p.warnings[0].contains("outlives"));
    }
}
