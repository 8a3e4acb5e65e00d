//! `milvus-cert status`: days left of every certificate in a directory, the exit code a
//! cron job acts on, and Prometheus gauges. The dates are checked against `openssl x509
//! -enddate` and the verdicts against `openssl x509 -checkend`; the gauges are parsed by
//! the Python `prometheus_client` parser (the one Prometheus' own tooling ships).

mod common;

use common::selfsigned::self_signed;
use common::{argv, ec_csr, init_dir, openssl, openssl_ok, run, s, text};
use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

fn status_json(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["status", s(dir), "--json"];
    args.extend_from_slice(extra);
    let out = run(&args);
    let (stdout, stderr) = text(&out);
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}\nstderr: {stderr}"));
    (out.status.code().unwrap(), json)
}

fn entries(json: &Value) -> Vec<Value> {
    json["certificates"].as_array().unwrap().clone()
}

fn entry<'a>(json: &'a Value, file: &str, index: u64) -> &'a Value {
    json["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["file"] == file && e["index"] == index)
        .unwrap_or_else(|| panic!("no {file}[{index}] in {json:#}"))
}

/// notAfter as `openssl x509 -enddate` prints it, as a Unix time.
fn openssl_not_after(dir: &Path, file: &str, inform: &str) -> i64 {
    let out = openssl_ok(
        dir,
        &["x509", "-in", file, "-inform", inform, "-noout", "-enddate"],
    );
    let date = out.trim().strip_prefix("notAfter=").unwrap();
    let out = Command::new("date")
        .args(["-u", "-d", date, "+%s"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

/// Whether `openssl x509 -checkend SECONDS` says the certificate is still valid then.
fn openssl_valid_after(dir: &Path, file: &str, seconds: i64, inform: &str) -> bool {
    let secs = seconds.to_string();
    let args = ["-inform", inform, "-checkend", &secs, "-in", file];
    openssl(dir, &argv("x509 -noout", &args)).status.success()
}

/// A leaf signed by the directory's CA with any validity window (`openssl ca`).
fn leaf_with_dates(dir: &Path, name: &str, start: OffsetDateTime, end: OffsetDateTime) {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    let subject = format!("/CN={name}");
    let csr = ec_csr(w, "leaf", &subject, &[]);
    common::openssl_ca_sign(
        &dir.join("ca.pem"),
        &dir.join("ca.key"),
        &csr,
        &dir.join(format!("{name}.pem")),
        (start, end),
        "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n",
    );
}

#[test]
fn a_fresh_directory_is_ok_and_matches_openssl() {
    let (_tmp, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    // Files status must leave out: keys, CSRs, backups, the serial, our temporary files.
    fs::write(dir.join("server.pem.bak"), b"garbage").unwrap();
    fs::write(dir.join(".server.pem.x.tmp"), b"garbage").unwrap();
    let (code, json) = status_json(&dir, &[]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["schema"], 2);
    assert_eq!(json["command"], "status");
    assert_eq!(json["warn_days"], 30);
    let files: Vec<String> = entries(&json)
        .iter()
        .map(|e| e["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(files, ["ca.pem", "client.pem", "server.pem"]);
    for e in entries(&json) {
        let file = e["file"].as_str().unwrap();
        let not_after =
            OffsetDateTime::parse(e["certificate"]["not_after"].as_str().unwrap(), &Rfc3339)
                .unwrap();
        assert_eq!(
            not_after.unix_timestamp(),
            openssl_not_after(&dir, file, "PEM"),
            "{file}"
        );
        let serial = openssl_ok(&dir, &["x509", "-in", file, "-noout", "-serial"]);
        assert_eq!(
            serial.trim(),
            format!("serial={}", e["certificate"]["serial"].as_str().unwrap())
        );
        assert_eq!(e["status"], "ok");
        // A started day counts: a fresh --days 3650 certificate has 3650 days left, and
        // openssl agrees it is valid 3649 days from now but not 3650.
        assert_eq!(e["days_left"], 3650, "{file}");
        assert!(openssl_valid_after(&dir, file, 3649 * 86_400, "PEM"));
        assert!(!openssl_valid_after(&dir, file, 3650 * 86_400, "PEM"));
        assert!(openssl_valid_after(&dir, file, 30 * 86_400, "PEM"));
    }
    assert_eq!(entry(&json, "ca.pem", 0)["role"], "ca");
    assert_eq!(entry(&json, "server.pem", 0)["role"], "server");
    assert_eq!(entry(&json, "client.pem", 0)["role"], "client");
    assert_eq!(json["summary"]["ok"], 3);
    assert_eq!(json["errors"], Value::Array(vec![]));

    let out = run(&["status", s(&dir)]);
    assert_eq!(out.status.code(), Some(0));
    let (table, _) = text(&out);
    assert!(table.contains("FILE") && table.contains("DAYS") && table.contains("STATUS"));
    for file in ["ca.pem", "client.pem", "server.pem"] {
        let line = table.lines().find(|l| l.starts_with(file)).unwrap();
        assert!(line.contains("3650") && line.ends_with("ok"), "{line}");
    }
    assert!(
        !table.contains(".bak") && !table.contains(".key"),
        "{table}"
    );
    assert!(table.contains("3 certificates: 3 ok"), "{table}");
    // --quiet prints nothing but keeps the exit code.
    let out = run(&["status", s(&dir), "--quiet"]);
    assert_eq!((out.status.code(), out.stdout.len()), (Some(0), 0));
}

#[test]
fn expiring_expired_and_not_yet_valid_certificates_fail_the_run() {
    let now = OffsetDateTime::now_utc();
    let (_tmp, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    leaf_with_dates(
        &dir,
        "soon",
        now - Duration::days(1),
        now + Duration::days(10),
    );
    leaf_with_dates(
        &dir,
        "gone",
        now - Duration::days(100),
        now - Duration::days(2),
    );
    leaf_with_dates(
        &dir,
        "later",
        now + Duration::days(5),
        now + Duration::days(400),
    );
    // The expired one also as DER named .crt, and in a bundle after the CA.
    openssl_ok(
        &dir,
        &[
            "x509", "-in", "gone.pem", "-outform", "DER", "-out", "gone.crt",
        ],
    );
    let mut bundle = fs::read(dir.join("ca.pem")).unwrap();
    bundle.extend(fs::read(dir.join("gone.pem")).unwrap());
    fs::write(dir.join("bundle.pem"), bundle).unwrap();

    let (code, json) = status_json(&dir, &[]);
    assert_eq!(code, 1, "{json:#}");
    let expect = [
        ("soon.pem", 0, "expiring"),
        ("gone.pem", 0, "expired"),
        ("gone.crt", 0, "expired"),
        ("later.pem", 0, "not-yet-valid"),
        ("bundle.pem", 0, "ok"),
        ("bundle.pem", 1, "expired"),
    ];
    for (file, index, status) in expect {
        let e = entry(&json, file, index);
        assert_eq!(e["status"], status, "{file}[{index}]: {e:#}");
    }
    // openssl agrees on each verdict: -checkend 0 fails for expired certificates, and
    // -checkend 30 days fails for the expiring one but not for the CA.
    let inform = |f: &str| if f.ends_with(".crt") { "DER" } else { "PEM" };
    for f in ["gone.pem", "gone.crt"] {
        assert!(!openssl_valid_after(&dir, f, 0, inform(f)), "{f}");
    }
    assert!(openssl_valid_after(&dir, "soon.pem", 0, "PEM"));
    assert!(!openssl_valid_after(&dir, "soon.pem", 30 * 86_400, "PEM"));
    assert!(openssl_valid_after(&dir, "soon.pem", 5 * 86_400, "PEM"));
    assert_eq!(
        entry(&json, "soon.pem", 0)["days_left"].as_i64(),
        Some(10),
        "10 days minus the seconds since: the tenth day has started"
    );
    assert!(entry(&json, "gone.pem", 0)["days_left"].as_i64().unwrap() < 0);
    assert_eq!(json["summary"]["expired"], 3);
    assert_eq!(json["summary"]["expiring"], 1);
    assert_eq!(json["summary"]["not_yet_valid"], 1);

    let out = run(&["status", s(&dir)]);
    let (table, _) = text(&out);
    assert!(
        table.contains("bundle.pem[2]") && table.contains("bundle.pem[1]"),
        "{table}"
    );
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("gone.crt") && l.ends_with("expired")),
        "{table}"
    );

    // Without the expired and future ones, the window decides.
    for f in ["gone.pem", "gone.crt", "bundle.pem", "later.pem"] {
        fs::remove_file(dir.join(f)).unwrap();
    }
    assert_eq!(status_json(&dir, &[]).0, 1);
    assert_eq!(status_json(&dir, &["--warn-days", "5"]).0, 0);
    assert_eq!(status_json(&dir, &["--warn-days", "9"]).0, 0);
    assert_eq!(status_json(&dir, &["--warn-days", "10"]).0, 1);
}

#[test]
fn unreadable_files_fail_the_run_and_keys_are_skipped() {
    let (_tmp, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    fs::copy(dir.join("client.key"), dir.join("key-named.pem")).unwrap();
    let (code, json) = status_json(&dir, &[]);
    assert_eq!(
        code, 0,
        "a .pem holding a key is skipped, not an error: {json:#}"
    );
    assert_eq!(json["skipped"][0]["file"], "key-named.pem");
    assert!(
        json["skipped"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("private key")
    );

    fs::write(
        dir.join("broken.pem"),
        "-----BEGIN CERTIFICATE-----\nAAAA\n",
    )
    .unwrap();
    let (code, json) = status_json(&dir, &[]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(json["errors"][0]["file"], "broken.pem");
    assert_eq!(json["summary"]["errors"], 1);
    assert_eq!(json["summary"]["ok"], 3);

    // One file works as well as a directory.
    let (code, json) = status_json(&dir.join("server.pem"), &[]);
    assert_eq!((code, entries(&json).len()), (0, 1));

    // A missing directory, and conflicting options, are usage errors.
    let out = run(&["status", s(&dir.join("nope"))]);
    assert_eq!(out.status.code(), Some(2));
    let (stdout, stderr) = text(&out);
    assert!(stdout.is_empty() && stderr.contains("nope") && stderr.contains("no such file"));
    let out = run(&["status", s(&dir), "--json", "--prometheus"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["status", s(&dir), "--warn-days", "soon"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Runs the Python prometheus_client parser on `text`; `None` when it is not installed
/// (CI installs it, so there it must be present).
fn parse_with_prometheus_client(text: &str) -> Option<Value> {
    const SCRIPT: &str = r#"
import json, sys
try:
    from prometheus_client.parser import text_string_to_metric_families
except ImportError:
    sys.exit(3)
out = []
for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        out.append({"family": family.name, "type": family.type, "doc": family.documentation,
                    "name": s.name, "labels": s.labels, "value": s.value})
print(json.dumps(out))
"#;
    let mut child = Command::new("python3")
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    match out.status.code() {
        Some(0) => Some(serde_json::from_slice(&out.stdout).unwrap()),
        Some(3) if std::env::var_os("CI").is_none() => None,
        _ => panic!(
            "prometheus_client refused the gauges ({:?}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// The exposition format, line by line, strictly: comments are HELP or TYPE, and each
/// sample is `name{label="value",…} number` with only `\\`, `\"` and `\n` escapes.
fn assert_exposition_format(text: &str) {
    let name = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
            && !s.starts_with(|c: char| c.is_ascii_digit())
    };
    assert!(text.ends_with('\n'));
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# ") {
            let mut parts = rest.splitn(3, ' ');
            let kind = parts.next().unwrap();
            assert!(kind == "HELP" || kind == "TYPE", "{line}");
            assert!(name(parts.next().unwrap()), "{line}");
            if kind == "TYPE" {
                assert_eq!(parts.next(), Some("gauge"), "{line}");
            }
            continue;
        }
        let open = line.find('{').expect(line);
        assert!(name(&line[..open]), "{line}");
        let close = line.rfind("} ").expect(line);
        line[close + 2..].parse::<f64>().expect(line);
        let mut labels = &line[open + 1..close];
        while !labels.is_empty() {
            let eq = labels.find("=\"").expect(line);
            assert!(name(&labels[..eq]), "{line}");
            let mut chars = labels[eq + 2..].char_indices();
            let end = loop {
                match chars.next().expect(line) {
                    (_, '\\') => assert!(matches!(chars.next(), Some((_, '\\' | '"' | 'n')))),
                    (i, '"') => break eq + 2 + i,
                    (_, c) => assert!(c != '\n'),
                }
            };
            labels = labels[end + 1..]
                .strip_prefix(',')
                .unwrap_or(&labels[end + 1..]);
        }
    }
}

#[test]
fn prometheus_gauges_parse_and_escape_labels() {
    let (_tmp, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    // A subject with a double quote and a backslash, which labels must escape.
    let subj = "/O=say \"hi\"/CN=back\\\\slash";
    self_signed(&dir, "ec", "odd", subj, &["-days", "100"]);
    fs::write(dir.join("broken.crt"), b"not a certificate").unwrap();
    let out = run(&["status", s(&dir), "--prometheus"]);
    assert_eq!(out.status.code(), Some(1), "broken.crt fails the run");
    let (gauges, _) = text(&out);
    assert_exposition_format(&gauges);
    assert!(gauges.contains("# TYPE milvus_cert_expiry_timestamp_seconds gauge"));
    assert!(gauges.contains("# HELP milvus_cert_expiry_timestamp_seconds "));
    assert!(
        gauges.contains(r#"subject="O=say \"hi\", CN=back\\slash""#),
        "{gauges}"
    );

    let (_, json) = status_json(&dir, &[]);
    let Some(samples) = parse_with_prometheus_client(&gauges) else {
        eprintln!("note: python3 prometheus_client missing; checked the format strictly only");
        return;
    };
    let samples = samples.as_array().unwrap();
    let expiry: Vec<&Value> = samples
        .iter()
        .filter(|s| s["name"] == "milvus_cert_expiry_timestamp_seconds")
        .collect();
    assert_eq!(expiry.len(), 4, "ca, server, client, odd: {samples:#?}");
    for sample in expiry {
        assert_eq!(sample["type"], "gauge");
        let labels = &sample["labels"];
        let path = Path::new(labels["file"].as_str().unwrap());
        let file = path.file_name().unwrap().to_str().unwrap();
        let e = entry(
            &json,
            file,
            labels["index"].as_str().unwrap().parse().unwrap(),
        );
        assert_eq!(
            labels["subject"], e["certificate"]["subject"],
            "the parser gives back the subject"
        );
        assert_eq!(labels["serial"], e["certificate"]["serial"]);
        assert_eq!(
            sample["value"].as_f64().unwrap() as i64,
            openssl_not_after(&dir, file, "PEM"),
            "{file}"
        );
    }
    let odd = samples
        .iter()
        .find(|s| {
            s["labels"]["subject"]
                .as_str()
                .is_some_and(|v| v.contains("say"))
        })
        .unwrap();
    assert_eq!(odd["labels"]["subject"], "O=say \"hi\", CN=back\\slash");
    let errors: Vec<&Value> = samples
        .iter()
        .filter(|s| s["name"] == "milvus_cert_file_error")
        .collect();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]["labels"]["file"]
            .as_str()
            .unwrap()
            .ends_with("broken.crt")
    );
    assert_eq!(errors[0]["value"], 1.0);
}

#[test]
fn out_writes_the_gauges_atomically_and_needs_force_to_replace() {
    let (tmp, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    let prom = tmp.path().join("milvus_cert.prom");
    let args = ["status", s(&dir), "--prometheus", "--out", s(&prom)];
    let out = run(&args);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let first = fs::read_to_string(&prom).unwrap();
    assert!(first.contains("milvus_cert_expiry_timestamp_seconds{"));
    let out = run(&args);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("--force"));
    let mut forced = args.to_vec();
    forced.push("--force");
    assert_eq!(run(&forced).status.code(), Some(0));
    let leftovers = fs::read_dir(tmp.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    assert_eq!(leftovers, 0);
}

/// `--out FILE --dry-run` writes nothing, shows exactly what a real run writes, and
/// refuses an existing file without --force like the real run.
#[test]
fn dry_run_shows_the_out_file_without_writing_it() {
    let (tmp, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    let prom = tmp.path().join("milvus_cert.prom");
    let args = |extra: &[&str]| {
        let mut a = vec!["status", s(&dir), "--prometheus", "--out", s(&prom)];
        a.extend_from_slice(extra);
        a.iter().map(|x| x.to_string()).collect::<Vec<_>>()
    };
    let argv = args(&["--dry-run"]);
    let out = run(&argv.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out).1);
    assert!(!prom.exists(), "a dry run writes nothing");
    let (shown, note) = text(&out);
    assert!(
        note.contains("would create") && note.contains("milvus_cert.prom"),
        "{note}"
    );
    let argv = args(&[]);
    let real = run(&argv.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(real.status.code(), Some(0));
    assert_eq!(
        fs::read_to_string(&prom).unwrap(),
        shown,
        "the dry run showed the real contents"
    );
    let argv = args(&["--dry-run"]);
    let refused = run(&argv.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused).1.contains("already exists"),
        "{}",
        text(&refused).1
    );
    let argv = args(&["--dry-run", "--force"]);
    let replace = run(&argv.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(replace.status.code(), Some(0));
    assert!(text(&replace).1.contains("would replace"));
    let no_out = run(&["status", s(&dir), "--dry-run"]);
    assert_eq!(no_out.status.code(), Some(2));
}

/// The findings (by file) in a `--json` document whose code is one of `codes`.
fn findings_of<'a>(json: &'a Value, codes: &[&str]) -> Vec<&'a Value> {
    json["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("no findings in {json:#}"))
        .iter()
        .filter(|f| codes.contains(&f["code"].as_str().unwrap()))
        .collect()
}

/// `status` and `verify` judge a certificate's dates by one rule and report it as the
/// same finding: code, severity, message and fix. The certificates are made by
/// `openssl ca` with explicit dates, and `openssl verify` is the independent judge.
#[test]
fn status_and_verify_report_validity_as_the_same_findings() {
    let now = OffsetDateTime::now_utc();
    let (_tmp, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    let day = Duration::days(1);
    leaf_with_dates(&dir, "soon", now - day, now + day * 10);
    leaf_with_dates(&dir, "gone", now - day * 100, now - day * 2);
    leaf_with_dates(&dir, "later", now + day * 5, now + day * 400);
    let ca = s(&dir.join("ca.pem")).to_string();
    let openssl_says = |file: &str| {
        let out = openssl(&dir, &["verify", "-CAfile", &ca, file]);
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr)
    };
    assert!(openssl_says("gone.pem").contains("certificate has expired"));
    assert!(openssl_says("later.pem").contains("certificate is not yet valid"));
    assert!(openssl_says("soon.pem").contains("OK"));
    assert!(!openssl_valid_after(&dir, "soon.pem", 30 * 86_400, "PEM"));

    let (status_code, status) = status_json(&dir, &[]);
    let out = run(&["verify", s(&dir), "--mode", "2", "--json"]);
    let verify: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((status_code, out.status.code()), (1, Some(1)), "{status:#}");
    let codes = ["expired", "expiring-soon", "not-yet-valid", "validity-ok"];
    let expected = [
        ("gone.pem", "expired", "error"),
        ("soon.pem", "expiring-soon", "warning"),
        ("later.pem", "not-yet-valid", "error"),
        ("server.pem", "validity-ok", "ok"),
        ("ca.pem", "validity-ok", "ok"),
    ];
    for (file, code, severity) in expected {
        let pick = |json: &Value| -> Value {
            let found: Vec<&Value> = findings_of(json, &codes)
                .into_iter()
                .filter(|f| f["file"] == file)
                .collect();
            assert_eq!(found.len(), 1, "{file}: {found:#?}");
            found[0].clone()
        };
        let (in_status, in_verify) = (pick(&status), pick(&verify));
        assert_eq!(in_status["code"], code, "{file}: {in_status:#}");
        assert_eq!(in_status["severity"], severity, "{file}: {in_status:#}");
        assert_eq!(in_status, in_verify, "{file}");
    }
    // Every status finding that needs attention names its fix, as verify's do.
    let fix = findings_of(&status, &["expired"])[0]["fix_command"].clone();
    assert_eq!(
        fix.as_str(),
        Some(format!("milvus-cert renew gone --dir {}", s(&dir)).as_str())
    );
    let (table, _) = text(&run(&["status", s(&dir)]));
    assert!(
        table.contains(&format!(
            "gone.pem: renew it, keeping its names: `{}`",
            fix.as_str().unwrap()
        )),
        "{table}"
    );
    // The entries' status words and the counts come from those findings.
    assert_eq!(entry(&status, "soon.pem", 0)["status"], "expiring");
    assert_eq!(entry(&status, "later.pem", 0)["status"], "not-yet-valid");
    assert_eq!(status["summary"]["expired"], 1);
}

/// A file status cannot use is one finding of the one model, counted once, and a
/// healthy directory has only `validity-ok` findings (and no hints).
#[test]
fn status_reports_an_unusable_file_as_one_finding() {
    let (_tmp, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    let (code, json) = status_json(&dir, &[]);
    assert_eq!(code, 0);
    let all = json["findings"].as_array().unwrap();
    assert_eq!(all.len(), 3, "{json:#}");
    assert!(
        all.iter()
            .all(|f| f["code"] == "validity-ok" && f["hint"].is_null())
    );

    fs::write(
        dir.join("broken.pem"),
        "-----BEGIN CERTIFICATE-----\nAAAA\n",
    )
    .unwrap();
    // openssl refuses the file too.
    assert!(
        !openssl(&dir, &["x509", "-in", "broken.pem", "-noout"])
            .status
            .success()
    );
    let (code, json) = status_json(&dir, &[]);
    assert_eq!(code, 1);
    let broken = findings_of(&json, &["file-malformed"]);
    assert_eq!(broken.len(), 1, "{json:#}");
    assert_eq!(broken[0]["file"], "broken.pem");
    assert_eq!(broken[0]["severity"], "error");
    let (error, message) = (&json["errors"][0]["error"], &broken[0]["message"]);
    assert_eq!(*message, format!("broken.pem: {}", error.as_str().unwrap()));
    assert_eq!(json["summary"]["errors"], 1);
    // The gauge for the file is there too, from the same finding.
    let out = run(&["status", s(&dir), "--prometheus"]);
    let (gauges, _) = text(&out);
    assert!(
        gauges.contains(&format!(
            "milvus_cert_file_error{{file=\"{}\"}} 1",
            s(&dir.join("broken.pem"))
        )),
        "{gauges}"
    );
}
