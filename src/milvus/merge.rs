//! Setting keys in an existing milvus.yaml without disturbing anything else.
//!
//! The edit itself is done by `yaml-edit`'s lossless tree, so comments, blank lines, key
//! order and quoting elsewhere survive byte for byte. `yaml-rust2` (a strict parser) checks
//! the input before and the output after: the result must parse, hold the new values, and
//! otherwise mean exactly what the input meant, or nothing is returned.

use super::{Setting, Value};
use anyhow::{Result, anyhow, bail};
use std::str::FromStr;
use yaml_edit::path::YamlPath;
use yaml_rust2::{Yaml, YamlLoader};

/// One key whose value changes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    /// Dotted key (`tls.serverPemPath`).
    pub key: String,
    /// The value before, as YAML shows it; `None` when the key was absent.
    pub old: Option<String>,
    /// The new value.
    pub new: String,
}

/// The result of a merge.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The whole new file.
    pub text: String,
    /// Keys whose value changed or that were added, in setting order.
    pub changes: Vec<Change>,
}

/// Parses `source` strictly; it must be one YAML document whose top level is a mapping,
/// or have no content at all. Returns that mapping (`None` for an empty file).
pub fn parse_strict(source: &str) -> Result<Option<Yaml>> {
    let docs = YamlLoader::load_from_str(source).map_err(|e| anyhow!("not valid YAML: {e}"))?;
    if docs.len() > 1 {
        bail!(
            "holds {} YAML documents; a milvus.yaml holds one",
            docs.len()
        );
    }
    match docs.into_iter().next() {
        None | Some(Yaml::Null) => Ok(None),
        Some(map @ Yaml::Hash(_)) => Ok(Some(map)),
        Some(other) => bail!(
            "its top level is {}, not a mapping of settings",
            describe(&other)
        ),
    }
}

/// Sets every setting in `source`, changing nothing else. Settings that already hold the
/// wanted value are left alone, so a second run changes nothing.
pub fn merge(source: &str, settings: &[Setting]) -> Result<Merged> {
    // A byte-order mark is kept as it is, outside what the parsers see (yaml-rust2 would
    // make it part of the first key).
    if let Some(body) = source.strip_prefix('\u{feff}') {
        let mut merged = merge(body, settings)?;
        merged.text.insert(0, '\u{feff}');
        return Ok(merged);
    }
    let root = parse_strict(source)?;
    let mut changes = Vec::new();
    for setting in settings {
        let current = lookup(root.as_ref(), &setting.key)?;
        if current.as_ref() != Some(&setting.value.to_yaml()) {
            changes.push(Change {
                key: setting.key.clone(),
                old: current.as_ref().map(show),
                new: setting.value.to_string(),
            });
        }
    }
    if changes.is_empty() {
        return Ok(Merged {
            text: source.to_string(),
            changes,
        });
    }
    let pending: Vec<&Setting> = settings
        .iter()
        .filter(|s| changes.iter().any(|c| c.key == s.key))
        .collect();
    let text = match root {
        // Nothing to edit: the settings become the file's content, after whatever comments
        // it has.
        None => {
            let mut text = source.to_string();
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&fragment(pending.iter().copied())?);
            text
        }
        Some(_) => edit(source, &pending)?,
    };
    check_result(root.as_ref(), &text, settings)?;
    Ok(Merged { text, changes })
}

/// The settings alone, as a YAML document.
pub fn fragment<'a>(settings: impl IntoIterator<Item = &'a Setting>) -> Result<String> {
    let settings: Vec<&Setting> = settings.into_iter().collect();
    let text = edit("", &settings)?;
    check_result(None, &text, settings.iter().copied())?;
    Ok(text)
}

fn edit(source: &str, settings: &[&Setting]) -> Result<String> {
    let doc = yaml_edit::Document::from_str(source)
        .map_err(|e| anyhow!("cannot edit this YAML losslessly: {e}"))?;
    for setting in settings {
        let result = match &setting.value {
            Value::Str(s) => doc.try_set_path(&setting.key, s.as_str()),
            Value::Int(n) => doc.try_set_path(&setting.key, *n),
            Value::Bool(b) => doc.try_set_path(&setting.key, *b),
        };
        result.map_err(|e| anyhow!("cannot set {}: {e:?}", setting.key))?;
    }
    Ok(doc.to_string())
}

/// The safety net: `text` must parse strictly, hold every setting, and otherwise equal
/// `before`.
fn check_result<'a>(
    before: Option<&Yaml>,
    text: &str,
    settings: impl IntoIterator<Item = &'a Setting>,
) -> Result<()> {
    let after = parse_strict(text)
        .map_err(|e| anyhow!("merging produced YAML that does not parse ({e:#})"))?;
    let mut expected = before.cloned().unwrap_or(Yaml::Hash(Default::default()));
    for setting in settings {
        set(&mut expected, &setting.key, setting.value.to_yaml())?;
    }
    if !after.as_ref().is_some_and(|after| same(after, &expected)) {
        bail!("merging would have changed other settings; refusing (please report this)");
    }
    Ok(())
}

/// Equality that ignores the order of mapping keys (Milvus does not care about it).
fn same(a: &Yaml, b: &Yaml) -> bool {
    match (a, b) {
        (Yaml::Hash(a), Yaml::Hash(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, v)| b.get(k).is_some_and(|other| same(v, other)))
        }
        (Yaml::Array(a), Yaml::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        _ => a == b,
    }
}

/// The value at a dotted key. An intermediate that exists but is not a mapping (or null)
/// is an error: setting below it would destroy its value.
fn lookup(root: Option<&Yaml>, key: &str) -> Result<Option<Yaml>> {
    let mut node = match root {
        Some(node) => node,
        None => return Ok(None),
    };
    let parts: Vec<&str> = key.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        let map = match node {
            Yaml::Hash(map) => map,
            Yaml::Null => return Ok(None),
            other => bail!(
                "'{}' is {}, not a mapping, so {key} cannot be set under it",
                parts[..i].join("."),
                describe(other)
            ),
        };
        match map.get(&Yaml::String((*part).to_string())) {
            Some(child) => node = child,
            None => return Ok(None),
        }
    }
    Ok(Some(node.clone()))
}

fn set(root: &mut Yaml, key: &str, value: Yaml) -> Result<()> {
    let mut node = root;
    let parts: Vec<&str> = key.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        if matches!(node, Yaml::Null) {
            *node = Yaml::Hash(Default::default());
        }
        let Yaml::Hash(map) = node else {
            bail!("'{}' is not a mapping", parts[..i].join("."));
        };
        let entry = map
            .entry(Yaml::String((*part).to_string()))
            .or_insert(Yaml::Null);
        if i + 1 == parts.len() {
            *entry = value;
            return Ok(());
        }
        node = entry;
    }
    Ok(())
}

fn describe(node: &Yaml) -> &'static str {
    match node {
        Yaml::Array(_) => "a list",
        Yaml::String(_) => "a string",
        Yaml::Integer(_) | Yaml::Real(_) => "a number",
        Yaml::Boolean(_) => "a boolean",
        Yaml::Hash(_) => "a mapping",
        Yaml::Null => "null",
        Yaml::Alias(_) | Yaml::BadValue => "an unresolved value",
    }
}

fn show(node: &Yaml) -> String {
    match node {
        Yaml::String(s) | Yaml::Real(s) => s.clone(),
        Yaml::Integer(n) => n.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        Yaml::Null => "null".to_string(),
        other => describe(other).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Vec<Setting> {
        vec![
            Setting::new(
                "tls.serverPemPath",
                Value::Str("/milvus/tls/server.pem".into()),
            ),
            Setting::new("common.security.tlsMode", Value::Int(2)),
            Setting::new("proxy.http.port", Value::Int(8080)),
        ]
    }

    #[test]
    fn changes_only_the_keys_and_is_idempotent() {
        let src = "# head\ntls:\n  serverPemPath: server.pem # keep\n\nproxy:\n  port: 19530\n";
        let merged = merge(src, &settings()).unwrap();
        assert_eq!(
            merged.text,
            "# head\ntls:\n  serverPemPath: /milvus/tls/server.pem # keep\n\nproxy:\n  port: 19530\n  http:\n    port: 8080\ncommon:\n  security:\n    tlsMode: 2\n"
        );
        assert_eq!(merged.changes.len(), 3);
        assert_eq!(merged.changes[0].old.as_deref(), Some("server.pem"));
        assert_eq!(merged.changes[1].old, None);
        let again = merge(&merged.text, &settings()).unwrap();
        assert!(again.changes.is_empty());
        assert_eq!(again.text, merged.text);
    }

    #[test]
    fn empty_and_comment_only_files_get_the_fragment() {
        let merged = merge("", &settings()).unwrap();
        assert!(
            merged
                .text
                .starts_with("tls:\n  serverPemPath: /milvus/tls/server.pem\n")
        );
        let merged = merge("# only a comment", &settings()).unwrap();
        assert!(
            merged.text.starts_with("# only a comment\ntls:\n"),
            "{}",
            merged.text
        );
    }

    #[test]
    fn refuses_what_it_cannot_merge_safely() {
        for (src, why) in [
            ("tls: [a\n", "not valid YAML"),
            ("- a\n- b\n", "top level is a list"),
            ("a: 1\n---\nb: 2\n", "2 YAML documents"),
            ("common: 5\n", "'common' is a number"),
            (
                "tls:\n  serverPemPath: a\n  serverPemPath: b\n",
                "not valid YAML",
            ),
            ("tls:\n\tserverPemPath: a\n", "not valid YAML"),
        ] {
            let err = format!("{:#}", merge(src, &settings()).unwrap_err());
            assert!(err.contains(why), "{src:?}: {err}");
        }
    }

    #[test]
    fn values_that_need_quotes_are_quoted() {
        let odd = "/tmp/a b: #c/it's \"q\" \\ 1/server.pem";
        let s = [Setting::new("tls.serverPemPath", Value::Str(odd.into()))];
        let text = fragment(&s).unwrap();
        let root = parse_strict(&text).unwrap().unwrap();
        assert_eq!(root["tls"]["serverPemPath"].as_str(), Some(odd));
        let s = [Setting::new("tls.caPemPath", Value::Str("123".into()))];
        let root = parse_strict(&fragment(&s).unwrap()).unwrap().unwrap();
        assert_eq!(root["tls"]["caPemPath"].as_str(), Some("123"));
    }

    #[test]
    fn flow_mappings_null_sections_and_quoted_keys_are_edited_in_place() {
        for (src, expected) in [
            (
                "tls: {serverPemPath: a}\nproxy: {port: 19530}\ncommon: {}\n",
                "tls: {serverPemPath: /milvus/tls/server.pem}\nproxy: {port: 19530, http: {port: 8080}}\ncommon: {security: {tlsMode: 2}}\n",
            ),
            (
                "tls:\ncommon: ~\n",
                "tls:\n  serverPemPath: /milvus/tls/server.pem\ncommon:\n  security:\n    tlsMode: 2\nproxy:\n  http:\n    port: 8080\n",
            ),
            (
                "'tls':\n  \"serverPemPath\": 'a' # c\n",
                "'tls':\n  \"serverPemPath\": /milvus/tls/server.pem # c\ncommon:\n  security:\n    tlsMode: 2\nproxy:\n  http:\n    port: 8080\n",
            ),
        ] {
            let merged = merge(src, &settings()).unwrap();
            assert_eq!(merged.text, expected, "{src:?}");
            assert!(merge(&merged.text, &settings()).unwrap().changes.is_empty());
        }
    }

    #[test]
    fn a_byte_order_mark_is_kept() {
        let merged = merge("\u{feff}tls:\n  serverPemPath: a\n", &settings()).unwrap();
        assert!(
            merged
                .text
                .starts_with("\u{feff}tls:\n  serverPemPath: /milvus/tls/server.pem\n"),
            "{:?}",
            merged.text
        );
        assert_eq!(merged.changes[0].old.as_deref(), Some("a"));
    }

    proptest::proptest! {
        /// Whatever the path, the strict parser reads back exactly that string.
        #[test]
        fn any_path_survives_the_round_trip(path in "[^\\x00-\\x08\\x0b-\\x1f\\x7f\\u{feff}]{0,40}") {
            let s = [Setting::new("tls.serverPemPath", Value::Str(path.clone()))];
            let text = fragment(&s).unwrap();
            let root = parse_strict(&text).unwrap().unwrap();
            proptest::prop_assert_eq!(root["tls"]["serverPemPath"].as_str(), Some(path.as_str()));
            let merged = merge("a: 1 # keep\n", &s).unwrap();
            proptest::prop_assert!(merged.text.starts_with("a: 1 # keep\n"));
        }
    }

    #[test]
    fn crlf_files_stay_crlf() {
        let src = "tls:\r\n  serverPemPath: x\r\nb: 1\r\n";
        let merged = merge(src, &settings()).unwrap();
        assert!(
            !merged.text.replace("\r\n", "").contains('\n'),
            "{:?}",
            merged.text
        );
        assert!(
            merged
                .text
                .starts_with("tls:\r\n  serverPemPath: /milvus/tls/server.pem\r\nb: 1\r\n")
        );
    }
}
