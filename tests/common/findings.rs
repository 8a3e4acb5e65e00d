//! The findings of a `--json` report (verify, status, inspect) as sorted pairs, so a test
//! can compare them with exactly what it expects.

use serde_json::Value;

/// (code, the field `other`) of every finding for which `keep` holds, sorted: e.g. the
/// (code, file) of the errors, or the (code, severity) of one file's findings.
pub fn finding_pairs(
    report: &Value,
    keep: impl Fn(&Value) -> bool,
    other: &str,
) -> Vec<(String, String)> {
    let findings = report["findings"].as_array().expect("a findings array");
    let pair = |f: &Value| {
        let code = f["code"].as_str().expect("a finding code");
        (
            code.to_string(),
            f[other].as_str().unwrap_or("").to_string(),
        )
    };
    let mut v: Vec<_> = findings.iter().filter(|f| keep(f)).map(pair).collect();
    v.sort();
    v
}

/// `items` as owned pairs, sorted, to compare with [`finding_pairs`].
pub fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<_> = items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    v.sort();
    v
}
