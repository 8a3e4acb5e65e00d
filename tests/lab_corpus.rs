//! The defect corpus of the compatibility lab (tests/lab/corpus): cases.toml is complete and
//! consistent with gen.sh, and every directory gen.sh writes has the one property its case
//! claims, as the openssl CLI sees it (not our own parser). No client stack is needed.

mod common;

use common::corpus::{corpus_dir, gen_corpus, par_flat_map};
use common::openssl;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
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

/// One claim about a case directory, and how openssl shows it (claims.toml explains each).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
enum Check {
    Text(String, String),
    NoText(String, String),
    Asn1(String, String),
    Chain(String, Vec<String>),
    /// Leaf ("server" or "client"), extra `openssl verify` arguments, "ok" or the error.
    Verify(String, Vec<String>, String),
    ExpiresWithinDays(String, i64, bool),
    KeyLabel(String, String),
    SameSubject(String, String),
    Subject(String, String),
    Pair(String, String, bool),
}

use Check::*;

/// The claims of every case, by id: what openssl must show in its directory.
fn load_claims() -> BTreeMap<String, Vec<Check>> {
    let text = fs::read_to_string(corpus_dir().join("claims.toml")).expect("read claims.toml");
    toml::from_str(&text).expect("claims.toml parses")
}

/// Runs the checks of one case directory, caching `openssl x509 -text` per file.
struct Checker<'a> {
    dir: &'a Path,
    texts: HashMap<String, String>,
}

impl Checker<'_> {
    fn stdout(&self, args: &[&str]) -> (bool, String) {
        let out = openssl(self.dir, args);
        let mut all = String::from_utf8_lossy(&out.stdout).into_owned();
        all.push_str(&String::from_utf8_lossy(&out.stderr));
        (out.status.success(), all)
    }

    fn text(&mut self, file: &str) -> &str {
        if !self.texts.contains_key(file) {
            let (_, t) = self.stdout(&["x509", "-in", file, "-noout", "-text"]);
            self.texts.insert(file.to_string(), t);
        }
        &self.texts[file]
    }

    /// None when the claim holds, else what openssl showed.
    fn run(&mut self, check: &Check) -> Option<String> {
        let holds = |ok: bool, shown: &str| (!ok).then(|| shown.to_string());
        match check {
            Text(f, needle) => holds(self.text(f).contains(needle.as_str()), "not in the text"),
            NoText(f, needle) => holds(!self.text(f).contains(needle.as_str()), "in the text"),
            Asn1(f, needle) => {
                let (_, t) = self.stdout(&["asn1parse", "-in", f]);
                holds(t.contains(needle.as_str()), &t)
            }
            Chain(f, subjects) => {
                let (_, t) = self.stdout(&["storeutl", "-noout", "-certs", "-text", f]);
                let found: Vec<&str> = t
                    .lines()
                    .filter_map(|l| l.trim().strip_prefix("Subject:"))
                    .collect();
                let same = found.len() == subjects.len()
                    && found
                        .iter()
                        .zip(subjects)
                        .all(|(f, s)| f.contains(s.as_str()));
                holds(same, &format!("{found:?}"))
            }
            Verify(leaf, args, expect) => self.verify(leaf, args, expect),
            ExpiresWithinDays(f, days, expires) => {
                let secs = (days * 86_400).to_string();
                let (ok, t) = self.stdout(&["x509", "-in", f, "-noout", "-checkend", &secs]);
                holds(ok != *expires, &t)
            }
            KeyLabel(f, label) => {
                let first = fs::read_to_string(self.dir.join(f)).unwrap_or_default();
                let first = first.lines().next().unwrap_or_default().to_string();
                holds(&first == label, &first)
            }
            SameSubject(a, b) => {
                let (_, sa) = self.stdout(&["x509", "-in", a, "-noout", "-subject"]);
                let (_, sb) = self.stdout(&["x509", "-in", b, "-noout", "-subject"]);
                holds(sa == sb, &format!("{sa} vs {sb}"))
            }
            Pair(cert, key, belongs) => {
                let matches = self.key_matches(cert, key);
                holds(
                    matches == *belongs,
                    &format!("{key} belongs to {cert}: {matches}"),
                )
            }
            Subject(f, want) => {
                let (_, s) = self.stdout(&["x509", "-in", f, "-noout", "-subject"]);
                holds(s.trim_end() == want, &s)
            }
        }
    }

    /// `expect` is "ok" (verify succeeds) or a text its failure must show.
    fn verify(&self, leaf: &str, args: &[String], expect: &str) -> Option<String> {
        let pem = format!("{leaf}.pem");
        let mut all = vec!["verify", "-CAfile", "ca.pem", "-untrusted", &pem];
        all.extend(args.iter().map(String::as_str));
        all.push(&pem);
        let (ok, shown) = self.stdout(&all);
        let holds = match expect {
            "ok" => ok,
            e => !ok && shown.contains(e),
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
fn check_case(root: &Path, id: &str, checks: &[Check]) -> Vec<String> {
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
    if checks.is_empty() {
        problems.push(format!("{id}: no claims to check in corpus/claims.toml"));
    }
    for check in checks {
        if let Some(shown) = checker.run(check) {
            problems.push(format!("{id}: {check:?} does not hold: {}", shown.trim()));
        }
    }
    problems
}

#[test]
fn every_case_directory_has_the_property_it_claims() {
    let corpus = load_corpus();
    let claims = load_claims();
    let ids: Vec<&str> = corpus.case.iter().map(|c| c.id.as_str()).collect();
    let strays: Vec<&String> = claims
        .keys()
        .filter(|k| !ids.contains(&k.as_str()))
        .collect();
    assert!(strays.is_empty(), "claims.toml: no such cases: {strays:?}");
    let tmp = tempfile::tempdir().expect("tempdir");
    gen_corpus(tmp.path(), &ids);
    let root = tmp.path();
    let checks = |id: &str| claims.get(id).map_or(&[][..], Vec::as_slice);
    let problems = par_flat_map(&ids, |id| check_case(root, id, checks(id)));
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // The encrypted keys really need their passphrase.
    for (id, key) in [
        ("key-client-encrypted", "client.key"),
        ("key-server-encrypted", "server.key"),
    ] {
        let args = ["pkey", "-in", key, "-noout", "-passin", "pass:"];
        let loads = openssl(&tmp.path().join(id), &args).status.success();
        assert!(!loads, "{id}: {key} loads without its passphrase");
    }
}
