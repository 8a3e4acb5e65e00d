//! The defect corpus of the compatibility lab (tests/lab/corpus): cases.toml is complete and
//! consistent with gen.sh, and every directory gen.sh writes has the one property its case
//! claims, as the openssl CLI sees it (not our own parser). No client stack is needed.

mod common;

use common::openssl;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ALLOWED_NAMES: [&str; 3] = ["localhost", "127.0.0.1", "::1"];
const PINNED: [&str; 2] = ["java_pinned", "python_pinned"];
const FILES: [&str; 6] = [
    "ca.pem",
    "ca.key",
    "server.pem",
    "server.key",
    "client.pem",
    "client.key",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Corpus {
    stacks: Vec<String>,
    classes: Vec<String>,
    rule: BTreeMap<String, Rule>,
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rule {
    stack: String,
    source: String,
    sourced: bool,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    id: String,
    class: String,
    description: String,
    names: Vec<String>,
    expect: BTreeMap<String, toml::Value>,
    #[serde(default)]
    why: BTreeMap<String, toml::Value>,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lab/corpus")
}

fn load_corpus() -> Corpus {
    let text = fs::read_to_string(corpus_dir().join("cases.toml")).expect("read cases.toml");
    toml::from_str(&text).expect("cases.toml parses")
}

fn gen_sh(args: &[&str]) -> Output {
    Command::new("bash")
        .arg(corpus_dir().join("gen.sh"))
        .args(args)
        .output()
        .expect("run gen.sh")
}

/// The verdicts an expectation can give, with the keys it is split by (empty: all).
fn verdicts(value: &toml::Value) -> Result<Vec<(String, String)>, String> {
    match value {
        toml::Value::String(s) => Ok(vec![(String::new(), s.clone())]),
        toml::Value::Table(t) => t
            .iter()
            .map(|(k, v)| match v.as_str() {
                Some(s) => Ok((k.clone(), s.to_string())),
                None => Err(format!("{k} is not a string")),
            })
            .collect(),
        other => Err(format!("{other} is neither a verdict nor a table")),
    }
}

fn why_ids(value: &toml::Value) -> Vec<String> {
    match value {
        toml::Value::String(s) => vec![s.clone()],
        toml::Value::Array(a) => a
            .iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect(),
        _ => vec![],
    }
}

/// Problems with one case's names and expectations.
fn case_problems(case: &Case, corpus: &Corpus) -> Vec<String> {
    let mut problems = Vec::new();
    let mut say = |what: String| problems.push(format!("{}: {what}", case.id));
    if !corpus.classes.contains(&case.class) {
        say(format!("unknown class {}", case.class));
    }
    if case.description.trim().is_empty() {
        say("empty description".into());
    }
    if !case
        .names
        .iter()
        .all(|n| ALLOWED_NAMES.contains(&n.as_str()))
    {
        say(format!("names {:?} are not all loopback", case.names));
    }
    let has_ip = case
        .names
        .iter()
        .any(|n| n.parse::<std::net::IpAddr>().is_ok());
    if !case.names.iter().any(|n| n == "localhost") || !has_ip {
        say("names need a DNS form and an IP form".into());
    }
    let stacks: BTreeSet<_> = case.expect.keys().collect();
    if stacks != corpus.stacks.iter().collect() {
        say(format!("expectations for {stacks:?}, not for every stack"));
    }
    for (stack, value) in &case.expect {
        let split = match verdicts(value) {
            Ok(split) => split,
            Err(e) => {
                say(format!("{stack}: {e}"));
                continue;
            }
        };
        for (key, verdict) in &split {
            if verdict != "ok" && verdict != "fails" {
                say(format!("{stack}: verdict {verdict:?}"));
            }
            if !key_is_valid(key, &case.names, PINNED.contains(&stack.as_str())) {
                say(format!(
                    "{stack}: key {key:?} is not a mode or one of the names"
                ));
            }
        }
        if !covers_every_mode_and_name(&split, &case.names, PINNED.contains(&stack.as_str())) {
            say(format!("{stack}: some mode or name has no verdict"));
        }
        let fails = split.iter().any(|(_, v)| v == "fails");
        match case.why.get(stack) {
            None if fails => say(format!("{stack} fails without a rule in `why`")),
            Some(why) => {
                for id in why_ids(why) {
                    if !corpus.rule.contains_key(&id) {
                        say(format!("{stack}: unknown rule {id}"));
                    }
                }
            }
            None => {}
        }
    }
    problems
}

/// Whether every (mode, name) the lab measures gets a verdict from the split keys.
fn covers_every_mode_and_name(split: &[(String, String)], names: &[String], pinned: bool) -> bool {
    let modes: &[&str] = if pinned {
        &["mode1"]
    } else {
        &["mode1", "mode2"]
    };
    modes.iter().all(|m| {
        names.iter().all(|n| {
            let keys = [String::new(), m.to_string(), n.clone(), format!("{m}/{n}")];
            split.iter().any(|(k, _)| keys.contains(k))
        })
    })
}

/// A split key: "mode1", "mode2", a name of the case, or "<mode>/<name>". The pinned set-ups
/// exist in mode 1 only.
fn key_is_valid(key: &str, names: &[String], pinned: bool) -> bool {
    let mode_ok = |m: &str| m == "mode1" || (m == "mode2" && !pinned);
    let name_ok = |n: &str| names.iter().any(|x| x == n);
    match key.split_once('/') {
        _ if key.is_empty() => true,
        Some((m, n)) => mode_ok(m) && name_ok(n),
        None => mode_ok(key) || name_ok(key),
    }
}

#[test]
fn cases_toml_matches_gen_sh_and_every_expectation_is_sourced() {
    let corpus = load_corpus();
    let out = gen_sh(&["--list"]);
    assert!(out.status.success(), "gen.sh --list failed");
    let listed: BTreeSet<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .collect();
    let ids: Vec<&String> = corpus.case.iter().map(|c| &c.id).collect();
    let unique: BTreeSet<String> = ids.iter().map(|s| s.to_string()).collect();
    assert_eq!(unique.len(), ids.len(), "duplicate case ids in cases.toml");
    assert_eq!(unique, listed, "cases.toml and gen.sh --list differ");
    assert!(ids.len() >= 60, "only {} cases", ids.len());

    let problems: Vec<String> = corpus
        .case
        .iter()
        .flat_map(|c| case_problems(c, &corpus))
        .collect();
    assert!(problems.is_empty(), "cases.toml:\n{}", problems.join("\n"));

    // Every class is covered, and the corpus holds set-ups that should work everywhere.
    for class in &corpus.classes {
        assert!(
            corpus.case.iter().any(|c| &c.class == class),
            "no case of class {class}"
        );
    }
    let all_ok = corpus
        .case
        .iter()
        .filter(|c| c.expect.values().all(|v| v.as_str() == Some("ok")))
        .count();
    assert!(all_ok >= 10, "only {all_ok} correct-but-unusual cases");

    // Every rule states its source and decides at least one case.
    let used: BTreeSet<String> = corpus
        .case
        .iter()
        .flat_map(|c| c.why.values().flat_map(why_ids))
        .collect();
    for (id, rule) in &corpus.rule {
        assert!(used.contains(id), "rule {id} decides no case");
        assert!(
            !rule.source.trim().is_empty() && !rule.text.trim().is_empty(),
            "rule {id} has no source or text"
        );
        let known = ["server", "go", "java", "openssl", "node", "python", "curl"];
        assert!(
            known.contains(&rule.stack.as_str()),
            "rule {id}: stack {}",
            rule.stack
        );
    }
    assert!(
        corpus.rule.values().filter(|r| r.sourced).count() >= 20,
        "most rules should be read in the stacks' sources"
    );
}

#[test]
fn gen_sh_is_idempotent_and_leaves_other_entries_alone() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out_dir = tmp.path().to_str().unwrap();
    fs::write(tmp.path().join("mine.txt"), "keep").unwrap();
    let files = |id: &str| -> BTreeSet<String> {
        fs::read_dir(tmp.path().join(id))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    let cases = ["ok-baseline", "chain-int-sent"];
    let mut first = Vec::new();
    for round in 0..2 {
        let out = gen_sh(&[out_dir, cases[0], cases[1]]);
        assert!(
            out.status.success(),
            "gen.sh round {round}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let now: Vec<_> = cases.iter().map(|c| files(c)).collect();
        if round == 0 {
            first = now;
        } else {
            assert_eq!(first, now, "a second run changed the layout");
        }
    }
    assert_eq!(
        fs::read_to_string(tmp.path().join("mine.txt")).unwrap(),
        "keep"
    );
    let leftovers: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "scratch left behind: {leftovers:?}");

    let out = gen_sh(&[out_dir, "no-such-case"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no case 'no-such-case'"));
}

// --- the properties, checked with openssl ----------------------------------------------

/// One claim about a case directory, and how openssl shows it.
#[derive(Debug, Clone, Copy)]
enum Check {
    /// `openssl x509 -text` of the file's first certificate contains the text.
    Text(&'static str, &'static str),
    /// ... and does not contain it.
    NoText(&'static str, &'static str),
    /// `openssl asn1parse` of the file contains the text.
    Asn1(&'static str, &'static str),
    /// The file holds these certificates in this order (a subject substring each).
    Chain(&'static str, &'static [&'static str]),
    /// `openssl verify -CAfile ca.pem -untrusted LEAF.pem ARGS LEAF.pem` succeeds (None) or
    /// fails with this error text.
    Verify(&'static str, &'static [&'static str], Option<&'static str>),
    /// `openssl x509 -checkend SECONDS`: the certificate expires within that time (true).
    Expires(&'static str, i64, bool),
    /// The key file's PEM label line.
    KeyLabel(&'static str, &'static str),
    /// `openssl x509 -noout -subject` of the two files is the same.
    SameSubject(&'static str, &'static str),
    /// `openssl x509 -noout -subject` is exactly this.
    Subject(&'static str, &'static str),
    /// The key file belongs (true) or not to the first certificate of the file.
    Pair(&'static str, &'static str, bool),
}

use Check::*;

const S: &str = "server";
const C: &str = "client";
const SERVER: &str = "server.pem";
const CLIENT: &str = "client.pem";
const CA: &str = "ca.pem";
const INT1: &str = "intermediate-1.pem";
const OK: Option<&str> = None;
const DAY: i64 = 86_400;

const EXPIRED: Option<&str> = Some("certificate has expired");
const NOT_YET: Option<&str> = Some("certificate is not yet valid");
const NO_ISSUER: Option<&str> = Some("unable to get local issuer certificate");
const INVALID_CA: Option<&str> = Some("invalid CA certificate");
const NO_CERTSIGN: Option<&str> = Some("key usage does not include certificate signing");
const PATH_LEN: Option<&str> = Some("path length constraint exceeded");
const CRITICAL: Option<&str> = Some("unhandled critical extension");
const PURPOSE: Option<&str> = Some("unsuitable certificate purpose");
const WEAK_MD: Option<&str> = Some("CA signature digest algorithm too weak");
const HOST: Option<&str> = Some("hostname mismatch");
const IP: Option<&str> = Some("IP address mismatch");
const AS_SERVER: &[&str] = &["-purpose", "sslserver"];
const AS_CLIENT: &[&str] = &["-purpose", "sslclient"];
const BY_NAME: &[&str] = &["-verify_hostname", "localhost"];
const BY_IP: &[&str] = &["-verify_ip", "127.0.0.1"];
const BY_IP6: &[&str] = &["-verify_ip", "::1"];
const LEVEL1: &[&str] = &["-auth_level", "1"];
const NONE: &[&str] = &[];
const UNKNOWN_EXT: &str = "1.3.6.1.4.1.32473.1.1: critical";

/// The claims of every case, by id: what openssl must show in its directory.
const CLAIMS: &[(&str, &[Check])] = &[
    (
        "ok-baseline",
        &[
            Pair(SERVER, "server.key", true),
            Pair(CLIENT, "client.key", true),
            Verify(
                S,
                &["-purpose", "sslserver", "-verify_hostname", "localhost"],
                OK,
            ),
            Verify(S, BY_IP, OK),
            Verify(S, BY_IP6, OK),
            Verify(C, AS_CLIENT, OK),
        ],
    ),
    (
        "ok-docs-like",
        &[
            Pair(SERVER, "server.key", true),
            Pair(CLIENT, "client.key", true),
            Text(CA, "Public-Key: (2048 bit)"),
            Text(SERVER, "Public-Key: (2048 bit)"),
            Text(CLIENT, "Public-Key: (2048 bit)"),
            Text(
                SERVER,
                "Digital Signature, Non Repudiation, Key Encipherment",
            ),
            Verify(S, AS_SERVER, OK),
        ],
    ),
    (
        "ok-ca-same-subject",
        &[SameSubject(SERVER, CA), Verify(S, BY_NAME, OK)],
    ),
    (
        "chain-int-sent",
        &[
            Chain(SERVER, &["CN=localhost", "CN=Corpus Intermediate CA 1"]),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "chain-int-missing",
        &[
            Chain(SERVER, &["CN=localhost"]),
            Verify(S, NONE, NO_ISSUER),
            Verify(S, &["-untrusted", INT1], OK),
        ],
    ),
    (
        "chain-int-in-ca-pem",
        &[
            Chain(CA, &["CN=Corpus Root CA", "CN=Corpus Intermediate CA 1"]),
            Chain(SERVER, &["CN=localhost"]),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "chain-root-sent",
        &[Chain(SERVER, &["CN=localhost", "CN=Corpus Root CA"])],
    ),
    (
        "chain-int-and-root-sent",
        &[
            Chain(
                SERVER,
                &["CN=localhost", "Intermediate CA 1", "CN=Corpus Root CA"],
            ),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "chain-extra-unrelated",
        &[
            Chain(
                SERVER,
                &["CN=localhost", "Intermediate CA 1", "CN=Stray CA"],
            ),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "chain-two-ints",
        &[
            Chain(
                SERVER,
                &["CN=localhost", "Intermediate CA 2", "Intermediate CA 1"],
            ),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "chain-out-of-order",
        &[
            Chain(
                SERVER,
                &["CN=localhost", "Intermediate CA 1", "Intermediate CA 2"],
            ),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "chain-anchor-is-int",
        &[
            Chain(CA, &["CN=Corpus Intermediate CA 1"]),
            Verify(S, NONE, Some("unable to get issuer certificate")),
            Verify(S, &["-partial_chain"], OK),
            Verify(C, &["-partial_chain"], OK),
        ],
    ),
    (
        "chain-ca-pem-two-roots",
        &[
            Chain(CA, &["CN=Stray CA", "CN=Corpus Root CA"]),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "chain-ca-pem-with-text",
        &[Text(CA, "Certificate:"), Verify(S, NONE, OK)],
    ),
    (
        "chain-akid-mismatch",
        &[
            Text(
                SERVER,
                "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33",
            ),
            Verify(S, NONE, NO_ISSUER),
        ],
    ),
    (
        "chain-bad-signature",
        &[Verify(S, NONE, Some("certificate signature failure"))],
    ),
    (
        "ca-no-bc",
        &[
            NoText(CA, "Basic Constraints"),
            Text(CA, "Certificate Sign"),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "ca-bc-false",
        &[Text(CA, "CA:FALSE"), Verify(S, NONE, INVALID_CA)],
    ),
    (
        "ca-bc-noncritical",
        &[
            Text(CA, "CA:TRUE"),
            NoText(CA, "Basic Constraints: critical"),
            Verify(S, NONE, OK),
        ],
    ),
    ("ca-no-ku", &[NoText(CA, "Key Usage"), Verify(S, NONE, OK)]),
    (
        "ca-ku-no-certsign",
        &[
            Text(CA, "Digital Signature, CRL Sign"),
            Verify(S, NONE, NO_CERTSIGN),
        ],
    ),
    (
        "ca-v1",
        &[Text(CA, "Version: 1 (0x0)"), Verify(S, NONE, OK)],
    ),
    (
        "ca-pathlen0-direct",
        &[Text(CA, "pathlen:0"), Verify(S, NONE, OK)],
    ),
    (
        "ca-pathlen0-int",
        &[Text(CA, "pathlen:0"), Verify(S, NONE, PATH_LEN)],
    ),
    (
        "int-pathlen0-two-ints",
        &[Text(INT1, "pathlen:0"), Verify(S, NONE, PATH_LEN)],
    ),
    (
        "int-no-bc",
        &[
            NoText(INT1, "Basic Constraints"),
            Verify(S, NONE, INVALID_CA),
        ],
    ),
    (
        "int-bc-false",
        &[Text(INT1, "CA:FALSE"), Verify(S, NONE, INVALID_CA)],
    ),
    (
        "int-v1",
        &[Text(INT1, "Version: 1 (0x0)"), Verify(S, NONE, INVALID_CA)],
    ),
    (
        "int-ku-no-certsign",
        &[
            NoText(INT1, "Certificate Sign"),
            Verify(S, NONE, NO_CERTSIGN),
        ],
    ),
    (
        "ca-nc-permits",
        &[
            Text(CA, "Permitted"),
            Verify(S, BY_NAME, OK),
            Verify(S, BY_IP, OK),
        ],
    ),
    (
        "ca-nc-excludes",
        &[
            Text(CA, "DNS:example.com"),
            Verify(S, NONE, Some("permitted subtree violation")),
        ],
    ),
    (
        "int-nc-excludes",
        &[
            Text(INT1, "Excluded"),
            Verify(S, NONE, Some("excluded subtree violation")),
        ],
    ),
    (
        "leaf-expired",
        &[Expires(SERVER, 0, true), Verify(S, NONE, EXPIRED)],
    ),
    (
        "leaf-not-yet-valid",
        &[Verify(S, NONE, NOT_YET), Expires(SERVER, 300 * DAY, false)],
    ),
    (
        "int-expired",
        &[
            Expires(INT1, 0, true),
            Expires(SERVER, 300 * DAY, false),
            Verify(S, NONE, EXPIRED),
        ],
    ),
    (
        "ca-expired",
        &[
            Expires(CA, 0, true),
            Expires(SERVER, 300 * DAY, false),
            Verify(S, NONE, EXPIRED),
        ],
    ),
    (
        "ca-not-yet-valid",
        &[Verify(S, NONE, NOT_YET), Expires(SERVER, 300 * DAY, false)],
    ),
    (
        "leaf-outlives-ca",
        &[
            Expires(CA, 200 * DAY, true),
            Expires(SERVER, 200 * DAY, false),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "leaf-notafter-9999",
        &[
            Asn1(SERVER, "GENERALIZEDTIME   :99991231235959Z"),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "leaf-generalized-time",
        &[
            Asn1(SERVER, "GENERALIZEDTIME   :20"),
            NoText(SERVER, "Not After : Dec 31 23:59:59 9999"),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "alg-rsa1024-leaf",
        &[
            Pair(SERVER, "server.key", true),
            Text(SERVER, "Public-Key: (1024 bit)"),
            Verify(S, LEVEL1, OK),
            Verify(
                S,
                &["-auth_level", "2"],
                Some("EE certificate key too weak"),
            ),
        ],
    ),
    (
        "alg-rsa1024-ca",
        &[
            Text(CA, "Public-Key: (1024 bit)"),
            Verify(
                S,
                &["-auth_level", "2"],
                Some("CA certificate key too weak"),
            ),
        ],
    ),
    (
        "alg-rsa2048",
        &[
            Text(CA, "Public-Key: (2048 bit)"),
            Text(SERVER, "Public-Key: (2048 bit)"),
            Text(CLIENT, "Public-Key: (2048 bit)"),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "alg-rsa3072",
        &[Text(SERVER, "Public-Key: (3072 bit)"), Verify(S, NONE, OK)],
    ),
    (
        "alg-rsa4096",
        &[Text(SERVER, "Public-Key: (4096 bit)"), Verify(S, NONE, OK)],
    ),
    (
        "alg-rsa-pss-sig",
        &[
            Text(SERVER, "Signature Algorithm: rsassaPss"),
            Text(SERVER, "Salt Length: 0x20"),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "alg-rsa-pss-key",
        &[
            Pair(SERVER, "server.key", true),
            Text(SERVER, "Public Key Algorithm: rsassaPss"),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "alg-p384",
        &[
            Text(CA, "NIST CURVE: P-384"),
            Text(SERVER, "NIST CURVE: P-384"),
            Text(CLIENT, "NIST CURVE: P-384"),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "alg-p521",
        &[
            Pair(SERVER, "server.key", true),
            Pair(CLIENT, "client.key", true),
            Text(CA, "NIST CURVE: P-521"),
            Text(SERVER, "NIST CURVE: P-521"),
            Text(CLIENT, "NIST CURVE: P-521"),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "alg-ed25519",
        &[
            Pair(SERVER, "server.key", true),
            Pair(CLIENT, "client.key", true),
            Text(CA, "Public Key Algorithm: ED25519"),
            Text(SERVER, "Public Key Algorithm: ED25519"),
            Text(CLIENT, "Public Key Algorithm: ED25519"),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "alg-ed25519-leaf",
        &[
            Pair(SERVER, "server.key", true),
            Text(SERVER, "Public Key Algorithm: ED25519"),
            Text(CA, "NIST CURVE: P-256"),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "alg-ed25519-ca",
        &[
            Text(CA, "Public Key Algorithm: ED25519"),
            Text(SERVER, "NIST CURVE: P-256"),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "alg-ed448-ca",
        &[Text(CA, "Public Key Algorithm: ED448"), Verify(S, NONE, OK)],
    ),
    (
        "alg-secp256k1-ca",
        &[Text(CA, "ASN1 OID: secp256k1"), Verify(S, NONE, OK)],
    ),
    (
        "alg-secp256k1-leaf",
        &[
            Pair(SERVER, "server.key", true),
            Text(SERVER, "ASN1 OID: secp256k1"),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "alg-sha1-leaf",
        &[
            Text(SERVER, "Signature Algorithm: ecdsa-with-SHA1"),
            Verify(S, &["-auth_level", "0"], OK),
            Verify(S, LEVEL1, WEAK_MD),
        ],
    ),
    (
        "alg-sha1-ca",
        &[
            Text(CA, "Signature Algorithm: ecdsa-with-SHA1"),
            Text(SERVER, "Signature Algorithm: ecdsa-with-SHA256"),
            Verify(S, LEVEL1, OK),
        ],
    ),
    (
        "alg-md5-leaf",
        &[
            Text(SERVER, "Signature Algorithm: md5WithRSAEncryption"),
            Verify(S, LEVEL1, WEAK_MD),
        ],
    ),
    (
        "alg-sha512-p256",
        &[
            Text(SERVER, "Signature Algorithm: ecdsa-with-SHA512"),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "key-client-pkcs1",
        &[
            Pair(CLIENT, "client.key", true),
            KeyLabel("client.key", "-----BEGIN RSA PRIVATE KEY-----"),
        ],
    ),
    (
        "key-client-sec1",
        &[
            Pair(CLIENT, "client.key", true),
            KeyLabel("client.key", "-----BEGIN EC PRIVATE KEY-----"),
        ],
    ),
    (
        "key-client-encrypted",
        &[
            Pair(CLIENT, "client.key", true),
            KeyLabel("client.key", "-----BEGIN ENCRYPTED PRIVATE KEY-----"),
        ],
    ),
    (
        "key-client-rsa-pkcs8",
        &[
            Pair(CLIENT, "client.key", true),
            KeyLabel("client.key", "-----BEGIN PRIVATE KEY-----"),
            Text(CLIENT, "Public-Key: (2048 bit)"),
        ],
    ),
    (
        "key-server-pkcs1",
        &[
            Pair(SERVER, "server.key", true),
            KeyLabel("server.key", "-----BEGIN RSA PRIVATE KEY-----"),
        ],
    ),
    (
        "key-server-sec1",
        &[
            Pair(SERVER, "server.key", true),
            KeyLabel("server.key", "-----BEGIN EC PRIVATE KEY-----"),
        ],
    ),
    (
        "key-server-encrypted",
        &[
            Pair(SERVER, "server.key", true),
            KeyLabel("server.key", "-----BEGIN ENCRYPTED PRIVATE KEY-----"),
        ],
    ),
    (
        "ext-unknown-critical-leaf",
        &[Text(SERVER, UNKNOWN_EXT), Verify(S, NONE, CRITICAL)],
    ),
    (
        "ext-unknown-noncritical-leaf",
        &[
            Text(SERVER, "1.3.6.1.4.1.32473.1.1:"),
            NoText(SERVER, UNKNOWN_EXT),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "ext-unknown-critical-ca",
        &[Text(CA, UNKNOWN_EXT), Verify(S, NONE, CRITICAL)],
    ),
    (
        "ext-unknown-critical-int",
        &[Text(INT1, UNKNOWN_EXT), Verify(S, NONE, CRITICAL)],
    ),
    (
        "ext-server-no-eku",
        &[
            NoText(SERVER, "Extended Key Usage"),
            Verify(S, AS_SERVER, OK),
        ],
    ),
    (
        "ext-server-eku-clientauth",
        &[
            Text(SERVER, "TLS Web Client Authentication"),
            NoText(SERVER, "TLS Web Server Authentication"),
            Verify(S, AS_SERVER, PURPOSE),
        ],
    ),
    (
        "ext-server-eku-any",
        &[
            Text(SERVER, "Any Extended Key Usage"),
            NoText(SERVER, "TLS Web Server Authentication"),
            Verify(S, AS_SERVER, PURPOSE),
        ],
    ),
    (
        "ext-server-eku-both",
        &[
            Text(
                SERVER,
                "TLS Web Server Authentication, TLS Web Client Authentication",
            ),
            Verify(S, AS_SERVER, OK),
        ],
    ),
    (
        "ext-server-eku-critical",
        &[
            Text(SERVER, "X509v3 Extended Key Usage: critical"),
            Verify(S, AS_SERVER, OK),
        ],
    ),
    (
        "ext-server-ku-keyencipherment",
        &[
            Text(SERVER, "Key Encipherment"),
            NoText(SERVER, "Digital Signature"),
            Verify(S, AS_SERVER, OK),
        ],
    ),
    (
        "ext-server-no-ku",
        &[NoText(SERVER, "X509v3 Key Usage"), Verify(S, AS_SERVER, OK)],
    ),
    (
        "ext-server-ca-true",
        &[Text(SERVER, "CA:TRUE"), Verify(S, AS_SERVER, OK)],
    ),
    (
        "ext-no-key-ids",
        &[
            NoText(SERVER, "Subject Key Identifier"),
            NoText(SERVER, "Authority Key Identifier"),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "name-cn-only",
        &[
            NoText(SERVER, "Subject Alternative Name"),
            Subject(SERVER, "subject=O = milvus-cert corpus, CN = localhost"),
            Verify(S, BY_IP, IP),
        ],
    ),
    (
        "name-cn-ip-only",
        &[
            NoText(SERVER, "Subject Alternative Name"),
            Subject(SERVER, "subject=O = milvus-cert corpus, CN = 127.0.0.1"),
            Verify(S, BY_IP, IP),
        ],
    ),
    (
        "name-san-dns-only",
        &[
            NoText(SERVER, "IP Address"),
            Verify(S, BY_NAME, OK),
            Verify(S, BY_IP, IP),
        ],
    ),
    (
        "name-san-ip-only",
        &[
            NoText(SERVER, "DNS:"),
            Text(SERVER, "IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1"),
            Verify(S, BY_IP, OK),
        ],
    ),
    (
        "name-san-ipv6-only",
        &[
            NoText(SERVER, "DNS:"),
            Verify(S, BY_IP6, OK),
            Verify(S, BY_IP, IP),
        ],
    ),
    (
        "name-ip-in-dns-san",
        &[
            Text(SERVER, "DNS:127.0.0.1"),
            NoText(SERVER, "IP Address"),
            Verify(S, BY_IP, IP),
        ],
    ),
    (
        "name-wildcard-bare",
        &[Text(SERVER, "DNS:*\n"), Verify(S, BY_NAME, HOST)],
    ),
    (
        "name-wildcard-sub",
        &[
            Text(SERVER, "DNS:*.localhost"),
            Verify(S, BY_NAME, HOST),
            Verify(S, BY_IP, OK),
        ],
    ),
    (
        "name-uppercase",
        &[Text(SERVER, "DNS:LocalHost"), Verify(S, BY_NAME, OK)],
    ),
    ("name-trailing-dot", &[Text(SERVER, "DNS:localhost., ")]),
    (
        "name-empty-san",
        &[Text(SERVER, "<EMPTY>"), Verify(S, BY_IP, IP)],
    ),
    (
        "name-san-other-cn-match",
        &[
            Text(SERVER, "DNS:milvus.example.com"),
            Verify(S, BY_NAME, HOST),
        ],
    ),
    (
        "name-san-uri-only",
        &[
            Text(SERVER, "URI:spiffe://corpus/server"),
            NoText(SERVER, "DNS:"),
            Verify(S, BY_IP, IP),
        ],
    ),
    (
        "name-no-subject",
        &[
            Subject(SERVER, "subject="),
            Text(SERVER, "X509v3 Subject Alternative Name: critical"),
            Verify(S, BY_NAME, OK),
        ],
    ),
    // The generic key check below proves the mismatches.
    (
        "pair-server-key-mismatch",
        &[
            Pair(SERVER, "server.key", false),
            Pair(CLIENT, "client.key", true),
            Verify(S, NONE, OK),
        ],
    ),
    (
        "pair-client-key-mismatch",
        &[
            Pair(SERVER, "server.key", true),
            Pair(CLIENT, "client.key", false),
            Verify(C, NONE, OK),
        ],
    ),
    (
        "pair-server-pem-int-first",
        &[
            Pair(SERVER, "server.key", false),
            Chain(SERVER, &["Intermediate CA 1", "CN=localhost"]),
        ],
    ),
    (
        "client-eku-serverauth",
        &[
            Text(CLIENT, "TLS Web Server Authentication"),
            Verify(C, AS_CLIENT, PURPOSE),
        ],
    ),
    ("client-eku-any", &[Text(CLIENT, "Any Extended Key Usage")]),
    (
        "client-no-eku",
        &[
            NoText(CLIENT, "Extended Key Usage"),
            Verify(C, AS_CLIENT, OK),
        ],
    ),
    (
        "client-other-ca",
        &[
            Text(CLIENT, "CN = Another Root CA"),
            Verify(C, NONE, NO_ISSUER),
        ],
    ),
    (
        "client-expired",
        &[Expires(CLIENT, 0, true), Verify(C, NONE, EXPIRED)],
    ),
    ("client-not-yet-valid", &[Verify(C, NONE, NOT_YET)]),
    (
        "client-ca-true",
        &[Text(CLIENT, "CA:TRUE"), Verify(C, NONE, OK)],
    ),
    (
        "client-int-sent",
        &[
            Chain(CLIENT, &["CN=corpus-client", "Intermediate CA 1"]),
            Verify(C, NONE, OK),
        ],
    ),
    (
        "client-int-missing",
        &[
            Chain(CLIENT, &["CN=corpus-client"]),
            Verify(C, NONE, NO_ISSUER),
        ],
    ),
    (
        "client-sha1",
        &[
            Text(CLIENT, "Signature Algorithm: ecdsa-with-SHA1"),
            Verify(C, LEVEL1, WEAK_MD),
        ],
    ),
    (
        "client-ed25519",
        &[
            Pair(CLIENT, "client.key", true),
            Text(CLIENT, "Public Key Algorithm: ED25519"),
        ],
    ),
    (
        "client-rsa1024",
        &[
            Pair(CLIENT, "client.key", true),
            Text(CLIENT, "Public-Key: (1024 bit)"),
        ],
    ),
];

/// Runs the checks of one case directory, caching `openssl x509 -text` per file.
struct Checker<'a> {
    dir: &'a Path,
    texts: HashMap<&'static str, String>,
}

impl Checker<'_> {
    fn stdout(&self, args: &[&str]) -> (bool, String) {
        let out = openssl(self.dir, args);
        let mut all = String::from_utf8_lossy(&out.stdout).into_owned();
        all.push_str(&String::from_utf8_lossy(&out.stderr));
        (out.status.success(), all)
    }

    fn text(&mut self, file: &'static str) -> &str {
        if !self.texts.contains_key(file) {
            let (_, t) = self.stdout(&["x509", "-in", file, "-noout", "-text"]);
            self.texts.insert(file, t);
        }
        &self.texts[file]
    }

    /// None when the claim holds, else what openssl showed.
    fn run(&mut self, check: Check) -> Option<String> {
        let holds = |ok: bool, shown: &str| (!ok).then(|| shown.to_string());
        match check {
            Text(f, needle) => holds(self.text(f).contains(needle), "not in the text"),
            NoText(f, needle) => holds(!self.text(f).contains(needle), "in the text"),
            Asn1(f, needle) => {
                let (_, t) = self.stdout(&["asn1parse", "-in", f]);
                holds(t.contains(needle), &t)
            }
            Chain(f, subjects) => {
                let (_, t) = self.stdout(&["storeutl", "-noout", "-certs", "-text", f]);
                let found: Vec<&str> = t
                    .lines()
                    .filter_map(|l| l.trim().strip_prefix("Subject:"))
                    .collect();
                let same = found.len() == subjects.len()
                    && found.iter().zip(subjects).all(|(f, s)| f.contains(s));
                holds(same, &format!("{found:?}"))
            }
            Verify(leaf, args, err) => self.verify(leaf, args, err),
            Expires(f, secs, expires) => {
                let (ok, t) =
                    self.stdout(&["x509", "-in", f, "-noout", "-checkend", &secs.to_string()]);
                holds(ok != expires, &t)
            }
            KeyLabel(f, label) => {
                let first = fs::read_to_string(self.dir.join(f)).unwrap_or_default();
                let first = first.lines().next().unwrap_or_default().to_string();
                holds(first == label, &first)
            }
            SameSubject(a, b) => {
                let (_, sa) = self.stdout(&["x509", "-in", a, "-noout", "-subject"]);
                let (_, sb) = self.stdout(&["x509", "-in", b, "-noout", "-subject"]);
                holds(sa == sb, &format!("{sa} vs {sb}"))
            }
            Pair(cert, key, belongs) => {
                let matches = self.key_matches(cert, key);
                holds(
                    matches == belongs,
                    &format!("{key} belongs to {cert}: {matches}"),
                )
            }
            Subject(f, want) => {
                let (_, s) = self.stdout(&["x509", "-in", f, "-noout", "-subject"]);
                holds(s.trim_end() == want, &s)
            }
        }
    }

    fn verify(&self, leaf: &str, args: &[&str], err: Option<&str>) -> Option<String> {
        let pem = format!("{leaf}.pem");
        let mut all = vec!["verify", "-CAfile", CA, "-untrusted", &pem];
        all.extend_from_slice(args);
        all.push(&pem);
        let (ok, shown) = self.stdout(&all);
        let holds = match err {
            None => ok,
            Some(e) => !ok && shown.contains(e),
        };
        (!holds).then_some(shown)
    }

    /// Whether KEY belongs to the first certificate of CERT (public keys compared by openssl).
    fn key_matches(&self, cert: &str, key: &str) -> bool {
        let (_, from_cert) = self.stdout(&["x509", "-in", cert, "-noout", "-pubkey"]);
        let (ok, from_key) =
            self.stdout(&["pkey", "-in", key, "-pubout", "-passin", "pass:corpus"]);
        ok && from_cert == from_key
    }
}

/// Checks every case gen.sh wrote: the layout, the key files' modes and the claims.
fn check_case(root: &Path, id: &str) -> Vec<String> {
    let dir = root.join(id);
    let mut problems = Vec::new();
    for f in FILES {
        match fs::metadata(dir.join(f)) {
            Err(_) => problems.push(format!("{id}: no {f}")),
            Ok(m) if f.ends_with(".key") && m.permissions().mode() & 0o777 != 0o600 => {
                problems.push(format!("{id}: {f} is not 0600"))
            }
            Ok(_) => {}
        }
    }
    let mut checker = Checker {
        dir: &dir,
        texts: HashMap::new(),
    };
    let checks = CLAIMS
        .iter()
        .find(|(c, _)| *c == id)
        .map_or(&[][..], |(_, c)| c);
    if checks.is_empty() {
        problems.push(format!("{id}: no claims to check in tests/lab_corpus.rs"));
    }
    for &check in checks {
        if let Some(shown) = checker.run(check) {
            problems.push(format!("{id}: {check:?} does not hold: {}", shown.trim()));
        }
    }
    problems
}

/// How many gen.sh processes and checking threads to run at once.
fn workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().min(4))
}

/// Writes every case into `root`, with the cases split over a few gen.sh processes.
fn generate_all(root: &Path, ids: &[&str]) {
    let n = workers();
    let children: Vec<_> = (0..n)
        .map(|w| {
            let mine: Vec<&str> = ids.iter().skip(w).step_by(n).copied().collect();
            Command::new("bash")
                .arg(corpus_dir().join("gen.sh"))
                .arg(root)
                .args(mine)
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("run gen.sh")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait for gen.sh");
        assert!(
            out.status.success(),
            "gen.sh failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn every_case_directory_has_the_property_it_claims() {
    let corpus = load_corpus();
    let ids: Vec<&str> = corpus.case.iter().map(|c| c.id.as_str()).collect();
    let tmp = tempfile::tempdir().expect("tempdir");
    generate_all(tmp.path(), &ids);
    let n = workers();
    let problems: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .map(|w| {
                let (root, ids) = (tmp.path(), &ids);
                scope.spawn(move || {
                    let mine = ids.iter().skip(w).step_by(n);
                    mine.flat_map(|id| check_case(root, id)).collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("checker thread"))
            .collect()
    });
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // The encrypted keys really need their passphrase.
    for id in ["key-client-encrypted", "key-server-encrypted"] {
        let key = if id.contains("client") {
            "client.key"
        } else {
            "server.key"
        };
        let out = openssl(
            &tmp.path().join(id),
            &["pkey", "-in", key, "-noout", "-passin", "pass:"],
        );
        assert!(
            !out.status.success(),
            "{id}: {key} loads without its passphrase"
        );
    }
}
