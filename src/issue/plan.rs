//! Turns command-line values into final decisions before any work is done: defaults,
//! SANs, key algorithm, validity windows. No I/O, so every rule here is unit-tested.

use crate::pki::keys::RSA_BITS;
use crate::pki::names::push_unique;
use crate::pki::parse::KeyFormat;
use crate::pki::{KeySpec, KeyType, San, Subject, Validity};
use crate::settings::{Origin, Setting, Settings, check_base_name};
use crate::store::role::Role;
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
    /// Encoding of the unencrypted keys written.
    pub key_format: KeyFormat,
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

/// Everything `ca` will do, decided.
#[derive(Debug, Clone)]
pub struct CaPlan {
    /// Output directory.
    pub dir: PathBuf,
    /// Key algorithm.
    pub key: KeySpec,
    /// Subject (the CommonName gets an id unless `ca_cn_given`).
    pub subject: Subject,
    /// Whether the CommonName was set (flag, env or file).
    pub ca_cn_given: bool,
    /// Validity.
    pub validity: Validity,
    /// Replace an existing CA.
    pub force: bool,
    /// Things the user should know.
    pub warnings: Vec<String>,
}

/// Everything `server` or `client` will do, decided.
#[derive(Debug, Clone)]
pub struct IssuePlan {
    /// Directory of the CA and the new files.
    pub dir: PathBuf,
    /// Server or client.
    pub role: Role,
    /// Base name of the files.
    pub name: String,
    /// Key algorithm.
    pub key: KeySpec,
    /// Subject and SANs.
    pub leaf: LeafPlan,
    /// Validity.
    pub validity: Validity,
    /// Replace existing files.
    pub force: bool,
    /// Things the user should know.
    pub warnings: Vec<String>,
}

/// Adds the setting's source to an error when the message cannot name it (a variable or
/// a file line; flag errors already name the flag).
fn at<T, V>(result: Result<T>, setting: &Setting<V>, key: &str) -> Result<T> {
    if setting.origin.needs_label() {
        result.with_context(|| setting.origin.label(key))
    } else {
        result
    }
}

/// The key algorithm from `key-type` and `key-bits`, refused with the setting named.
pub fn key_spec(s: &Settings) -> Result<KeySpec> {
    // key-bits from a weaker source than a non-RSA key-type (say, a file's 2048 under
    // `--key-type ecdsa-p256`) is moot, not an error.
    let bits = s.key_bits.value.filter(|_| {
        s.key_type.value == KeyType::Rsa || rank(&s.key_bits.origin) >= rank(&s.key_type.origin)
    });
    if let Some(bits) = bits {
        let label = s.key_bits.origin.label("key-bits");
        if s.key_type.value != KeyType::Rsa {
            bail!(
                "{label} {bits} only applies to --key-type rsa ({} has a fixed size)",
                s.key_type.value
            );
        }
        if !RSA_BITS.contains(&bits) {
            bail!("{label} {bits} is not supported for rsa: use 2048, 3072 or 4096");
        }
    }
    KeySpec::new(s.key_type.value, bits)
}

/// Precedence of an origin: flag > env > file > default.
fn rank(origin: &Origin) -> u8 {
    match origin {
        Origin::Flag => 3,
        Origin::Env(_) => 2,
        Origin::File { .. } => 1,
        Origin::Default => 0,
    }
}

/// The subject fields shared by every certificate (CommonName empty).
fn base_subject(s: &Settings) -> Result<Subject> {
    let base = Subject {
        common_name: "x".to_string(),
        country: s.country.value.clone().map(|c| c.to_ascii_uppercase()),
        state: s.state.value.clone(),
        locality: s.locality.value.clone(),
        organization: s.org.value.clone(),
        organizational_unit: s.org_unit.value.clone(),
    };
    // Validate field by field so the error names the setting it came from.
    for (key, setting, value) in [
        ("country", &s.country, &base.country),
        ("state", &s.state, &base.state),
        ("locality", &s.locality, &base.locality),
        ("org", &s.org, &base.organization),
        ("org-unit", &s.org_unit, &base.organizational_unit),
    ] {
        let only = Subject {
            common_name: "x".to_string(),
            country: (key == "country").then(|| value.clone()).flatten(),
            state: (key == "state").then(|| value.clone()).flatten(),
            locality: (key == "locality").then(|| value.clone()).flatten(),
            organization: (key == "org").then(|| value.clone()).flatten(),
            organizational_unit: (key == "org-unit").then(|| value.clone()).flatten(),
        };
        at(only.validate(), setting, key)?;
    }
    Ok(Subject {
        common_name: String::new(),
        ..base
    })
}

fn ca_subject(s: &Settings, base: &Subject) -> Result<Subject> {
    let subject = base.with_common_name(s.ca_cn.value.as_deref().unwrap_or(CA_CN_PREFIX));
    at(subject.validate().context("--ca-cn"), &s.ca_cn, "ca-cn")?;
    Ok(subject)
}

fn days(setting: &Setting<u32>, key: &str) -> Result<u32> {
    check_days(&setting.origin.label(key), setting.value)?;
    Ok(setting.value)
}

fn key_warnings(key: KeySpec) -> Vec<String> {
    key.compatibility_warning()
        .map(str::to_string)
        .into_iter()
        .collect()
}

/// The client's subject and SANs: servers never check a client's name, but a SAN keeps
/// the certificate well-formed for strict parsers; a CN that is not a host name gets none.
fn client_plan(
    base: &Subject,
    cn: &Setting<String>,
    extra: &Setting<Vec<String>>,
) -> Result<LeafPlan> {
    let subject = base.with_common_name(&cn.value);
    at(subject.validate().context("--client-cn"), cn, "client-cn")?;
    let mut sans: Vec<San> = San::parse(&cn.value).into_iter().collect();
    for value in &extra.value {
        push_unique(
            &mut sans,
            at(San::parse(value).context("--san"), extra, "san")?,
        );
    }
    Ok(LeafPlan { subject, sans })
}

impl InitPlan {
    /// Settles every `init` decision for a run at `now`.
    pub fn from_settings(
        s: &Settings,
        force: bool,
        new_ca: bool,
        now: OffsetDateTime,
    ) -> Result<InitPlan> {
        let key = key_spec(s)?;
        let mut warnings = key_warnings(key);
        let base = base_subject(s)?;
        let server = server_plan(&base, &s.cn, &s.san)?;
        let no_extra = Setting {
            value: Vec::new(),
            origin: Origin::Default,
        };
        let client = client_plan(&base, &s.client_cn, &no_extra)?;
        let ca_subject = ca_subject(s, &base)?;
        if ca_subject.common_name == server.subject.common_name
            || ca_subject.common_name == client.subject.common_name
        {
            bail!(
                "{} {:?} is also a leaf's CommonName; the CA needs its own subject",
                s.ca_cn.origin.label("ca-cn"),
                ca_subject.common_name
            );
        }
        let leaf_days = days(&s.days, "days")?;
        let ca_days = days(&s.ca_days, "ca-days")?;
        if leaf_days > ca_days {
            warnings.push(format!(
                "--days {leaf_days} outlives --ca-days {ca_days}: the leaves stop verifying when the CA expires"
            ));
        }
        Ok(InitPlan {
            dir: s.dir.value.clone(),
            key,
            ca_subject,
            ca_cn_given: s.ca_cn.value.is_some(),
            ca_validity: Validity::days_from(now, ca_days),
            server,
            client,
            leaf_validity: Validity::days_from(now, leaf_days),
            force,
            new_ca,
            key_format: KeyFormat::Pkcs8,
            warnings,
        })
    }
}

impl CaPlan {
    /// Settles every `ca` decision for a run at `now`.
    pub fn from_settings(s: &Settings, force: bool, now: OffsetDateTime) -> Result<CaPlan> {
        let key = key_spec(s)?;
        let base = base_subject(s)?;
        Ok(CaPlan {
            dir: s.dir.value.clone(),
            key,
            subject: ca_subject(s, &base)?,
            ca_cn_given: s.ca_cn.value.is_some(),
            validity: Validity::days_from(now, days(&s.ca_days, "ca-days")?),
            force,
            warnings: key_warnings(key),
        })
    }
}

impl IssuePlan {
    /// Settles every `server`/`client` decision for a run at `now`. A client named other
    /// than `client` gets its name as CommonName unless one was set.
    pub fn from_settings(
        s: &Settings,
        role: Role,
        force: bool,
        now: OffsetDateTime,
    ) -> Result<IssuePlan> {
        let key = key_spec(s)?;
        let base = base_subject(s)?;
        let (name, leaf) = match role {
            Role::Server => {
                let name = &s.server_name;
                at(check_base_name("--name", &name.value), name, "server-name")?;
                (name.value.clone(), server_plan(&base, &s.cn, &s.san)?)
            }
            _ => {
                let name = &s.client_name;
                at(check_base_name("--name", &name.value), name, "client-name")?;
                let mut cn = s.client_cn.clone();
                if cn.origin == Origin::Default && name.value != Role::Client.default_name() {
                    cn.value = name.value.clone();
                }
                (name.value.clone(), client_plan(&base, &cn, &s.san)?)
            }
        };
        Ok(IssuePlan {
            dir: s.dir.value.clone(),
            role,
            name,
            key,
            leaf,
            validity: Validity::days_from(now, days(&s.days, "days")?),
            force,
            warnings: key_warnings(key),
        })
    }
}

/// The server's subject and SANs: the CN always (SAN-only clients such as Go must find the
/// name there), then the defaults or the `--san` values.
fn server_plan(
    base: &Subject,
    cn: &Setting<String>,
    extra: &Setting<Vec<String>>,
) -> Result<LeafPlan> {
    let subject = base.with_common_name(&cn.value);
    at(subject.validate().context("--cn"), cn, "cn")?;
    let cn_san = San::parse(&cn.value).with_context(|| {
        format!(
            "{} {:?} must be a host name or IP address, because it is also a SAN",
            cn.origin.label("cn"),
            cn.value
        )
    })?;
    let mut sans = vec![cn_san];
    if extra.value.is_empty() {
        for default in [
            San::Dns("localhost".to_string()),
            San::Ip(IpAddr::V4(Ipv4Addr::LOCALHOST)),
            San::Ip(IpAddr::V6(Ipv6Addr::LOCALHOST)),
        ] {
            push_unique(&mut sans, default);
        }
    } else {
        for value in &extra.value {
            push_unique(
                &mut sans,
                at(San::parse(value).context("--san"), extra, "san")?,
            );
        }
    }
    Ok(LeafPlan { subject, sans })
}

/// Checks every setting, including those the running command does not use, so a bad
/// value in `milvus-cert.toml` or the environment is reported by whichever command runs
/// first, not only by the one that reads it.
pub fn validate(s: &Settings) -> Result<()> {
    InitPlan::from_settings(s, false, false, OffsetDateTime::now_utc()).map(|_| ())
}

/// Refuses 0 and more than 100 years, naming where the value came from.
pub fn check_days(flag: &str, days: u32) -> Result<()> {
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
    use crate::settings::{Overrides, resolve};
    use clap::Parser;
    use std::path::Path;

    fn plan(args: &[&str]) -> Result<InitPlan> {
        let mut argv = vec!["milvus-cert", "init"];
        argv.extend_from_slice(args);
        let Command::Init(init) = Cli::try_parse_from(argv)?.command else {
            unreachable!("the argv starts with init")
        };
        let flags = crate::commands::issue::init_overrides(&init);
        let settings = resolve(&flags, &|_| None, None)?;
        InitPlan::from_settings(
            &settings,
            init.force,
            init.new_ca,
            OffsetDateTime::now_utc(),
        )
    }

    fn settings(env: &[(&str, &str)], file: &str) -> Result<Settings> {
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let lookup = move |k: &str| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        resolve(
            &Overrides::default(),
            &lookup,
            Some((Path::new("milvus-cert.toml"), file)),
        )
    }

    #[test]
    fn bad_values_from_env_or_file_name_their_source() {
        let now = OffsetDateTime::now_utc();
        let s = settings(&[("MILVUS_CERT_DAYS", "0")], "").unwrap();
        let err = format!(
            "{:#}",
            InitPlan::from_settings(&s, false, false, now).unwrap_err()
        );
        assert!(err.contains("MILVUS_CERT_DAYS must be at least 1"), "{err}");
        let s = settings(&[], "cn = \"x\"\nkey-bits = 1024\n").unwrap();
        let err = format!(
            "{:#}",
            InitPlan::from_settings(&s, false, false, now).unwrap_err()
        );
        assert!(err.contains("milvus-cert.toml:2: key-bits 1024"), "{err}");
        let s = settings(&[], "\n\nsan = [\"bad name\"]\n").unwrap();
        let err = format!(
            "{:#}",
            InitPlan::from_settings(&s, false, false, now).unwrap_err()
        );
        assert!(err.starts_with("milvus-cert.toml:3: san"), "{err}");
        let s = settings(&[("MILVUS_CERT_COUNTRY", "Germany")], "").unwrap();
        let err = format!(
            "{:#}",
            InitPlan::from_settings(&s, false, false, now).unwrap_err()
        );
        assert!(
            err.starts_with("MILVUS_CERT_COUNTRY") && err.contains("two-letter"),
            "{err}"
        );
    }

    #[test]
    fn key_bits_from_a_weaker_source_yield_to_a_non_rsa_key_type() {
        let now = OffsetDateTime::now_utc();
        let mut s = settings(&[], "key-bits = 4096\n").unwrap();
        assert_eq!(key_spec(&s).unwrap(), KeySpec::Rsa(4096));
        s.key_type = Setting {
            value: KeyType::EcdsaP256,
            origin: Origin::Flag,
        };
        assert_eq!(key_spec(&s).unwrap(), KeySpec::EcdsaP256);
        let s = settings(
            &[("MILVUS_CERT_KEY_BITS", "4096")],
            "key-type = \"ed25519\"\n",
        )
        .unwrap();
        let err = InitPlan::from_settings(&s, false, false, now)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("MILVUS_CERT_KEY_BITS 4096 only applies"),
            "{err}"
        );
    }

    #[test]
    fn named_clients_default_to_their_name_as_cn() {
        let now = OffsetDateTime::now_utc();
        let mut s = settings(&[], "").unwrap();
        s.client_name.value = "app1".into();
        let p = IssuePlan::from_settings(&s, Role::Client, false, now).unwrap();
        assert_eq!(p.leaf.subject.common_name, "app1");
        assert_eq!(sans(&p.leaf), ["DNS:app1"]);
        let s = settings(
            &[("MILVUS_CERT_CLIENT_NAME", "app2")],
            "client-cn = \"svc\"\n",
        )
        .unwrap();
        let p = IssuePlan::from_settings(&s, Role::Client, false, now).unwrap();
        assert_eq!(
            (p.name.as_str(), p.leaf.subject.common_name.as_str()),
            ("app2", "svc")
        );
        let s = settings(&[("MILVUS_CERT_SERVER_NAME", "../x")], "").unwrap();
        assert!(IssuePlan::from_settings(&s, Role::Server, false, now).is_err());
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
