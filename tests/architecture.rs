//! The layering of docs/ARCHITECTURE.md, held by the source itself: every file under
//! `src/` is read and each `crate::…` path it uses is checked against the table below.
//! A module may use its own layer's other modules (never both ways round) and any layer
//! below it, never one above. Also: only `lib`, `commands` and `main` use `cli`, no
//! domain module uses clap, and only `store` writes files. `#[cfg(test)] mod tests` and
//! comments are not checked: unit tests may assemble the whole program.
//! `checker_catches_each_kind_of_breach` proves that each rule can fail.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// Top-level modules of `src/`, lowest layer first.
const LAYERS: &[&[&str]] = &[
    // Talking to the person: stderr messages, colour, the spinner, the one stdout
    // writer, escaping text for a terminal, wording of I/O errors.
    &["terminal"],
    // Files: atomic writes, lock, reading, the file names of each role.
    &["store"],
    // Keys, names, serials, certificate builders, the one signature checker.
    &["pki"],
    // The read side (views, the one loader); settings from flags, variables and the file.
    &["certdir", "settings"],
    // The write side; findings, chains, stacks, status.
    &["issue", "check"],
    // What Milvus is told; the live probe.
    &["milvus", "probe"],
    &["render"],
    // clap's types (value enums of the layers below).
    &["cli"],
    &["commands"],
    &["lib", "main"],
];

/// The only modules that may use `crate::cli`.
const CLI_USERS: &[&str] = &["lib", "commands", "main"];

/// The only modules that may use clap itself.
const CLAP_USERS: &[&str] = &["cli", "commands", "lib", "main"];

/// Calls that create or change files: only `store` makes them.
const WRITES: &[&str] = &[
    "fs::write",
    "File::create",
    "OpenOptions",
    "fs::rename",
    "fs::copy",
    "fs::create_dir",
    "fs::remove_file",
    "fs::remove_dir",
    "set_permissions",
];

/// Uses the layers still allow, each with why; a use listed here that the code no longer
/// makes fails the test, so the list only shrinks. (module, the path it uses, why)
const KNOWN: &[(&str, &str, &str)] = &[];

#[test]
fn layers_point_down() {
    let sources = sources();
    let found = breaches(&sources);
    let mut unexpected = Vec::new();
    for b in &found {
        if !KNOWN.iter().any(|k| known(k, b)) {
            unexpected.push(b.to_string());
        }
    }
    let stale: Vec<_> = KNOWN
        .iter()
        .filter(|k| !found.iter().any(|b| known(k, b)))
        .map(|(m, p, _)| format!("{m} no longer uses {p}: delete it from KNOWN"))
        .collect();
    assert!(
        unexpected.is_empty() && stale.is_empty(),
        "layering (tests/architecture.rs, docs/ARCHITECTURE.md):\n{}",
        [unexpected, stale].concat().join("\n")
    );
    assert!(
        sources.len() > 50,
        "src/ not found: {} files",
        sources.len()
    );
}

#[test]
fn checker_catches_each_kind_of_breach() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "src/pki/cert.rs",
            "use crate::issue::plan::Plan;\n",
            "pki uses crate::issue",
        ),
        (
            "src/certdir/view.rs",
            "use crate::{pki::KeySpec, check::signature};\n",
            "certdir uses crate::check",
        ),
        (
            "src/store/mod.rs",
            "    crate::render::warn(\"x\");\n",
            "store uses crate::render",
        ),
        (
            "src/commands/docs.rs",
            "use crate::EXIT_OK;\n",
            "commands uses crate::EXIT_OK",
        ),
        (
            "src/render/mod.rs",
            "use crate::cli::Cli;\n",
            "render uses crate::cli",
        ),
        (
            "src/probe/mod.rs",
            "use clap::ValueEnum;\n",
            "probe uses clap",
        ),
        (
            "src/issue/init.rs",
            "    std::fs::write(p, b)?;\n",
            "issue writes files",
        ),
        (
            "src/brand_new.rs",
            "fn f() {}\n",
            "brand_new is in no layer",
        ),
    ];
    for (path, text, expected) in cases {
        let found = breaches(&[(path.to_string(), text.to_string())]);
        assert!(
            found.iter().any(|b| b.to_string().contains(expected)),
            "{path}: {text:?} not caught as {expected:?}: {found:?}"
        );
    }
    // Sibling modules of one layer may not use each other both ways round.
    let both = [
        (
            "src/issue/a.rs".to_string(),
            "use crate::check::x;".to_string(),
        ),
        (
            "src/check/b.rs".to_string(),
            "use crate::issue::y;".to_string(),
        ),
    ];
    assert_eq!(breaches(&both).len(), 2, "{:?}", breaches(&both));
    // What is allowed: down the layers, one way within a layer, comments, unit tests.
    let fine = "//! See [`crate::render`].\nuse crate::store::role::Role;\n\
                use crate::check::advice;\n#[cfg(test)]\nmod tests {\n    use crate::cli::Cli;\n}\n";
    let found = breaches(&[("src/issue/x.rs".to_string(), fine.to_string())]);
    assert!(found.is_empty(), "{found:?}");
    // Code after a test module is checked; braces in its strings do not end it early.
    let after = "#[cfg(test)]\nmod tests {\n    const A: &str = \"}\";\n    const B: char = '}';\n\
                 const C: &str = r#\"\"}\"#;\n}\nfn f() { std::fs::write(p, b) }\n";
    let found = breaches(&[("src/check/x.rs".to_string(), after.to_string())]);
    assert!(
        found.len() == 1 && found[0].to_string().contains("fs::write"),
        "{found:?}"
    );
}

/// One breach of the rules: which file, what it did.
#[derive(Debug)]
struct Breach {
    file: String,
    module: String,
    used: String,
    why: String,
}

impl std::fmt::Display for Breach {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} {} ({})",
            self.file, self.module, self.used, self.why
        )
    }
}

fn known(k: &(&str, &str, &str), b: &Breach) -> bool {
    let used = b.used.strip_prefix("uses ").unwrap_or_default();
    b.module == k.0 && (used == k.1 || used.starts_with(&format!("{}::", k.1)))
}

/// Every `.rs` file under `src/`, as (path from the crate root, text).
fn sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = fs::read_to_string(&path).unwrap();
                let rel = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap();
                out.push((rel.to_string_lossy().replace('\\', "/"), text));
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out.sort();
    out
}

/// `src/pki/cert.rs` → `pki`, `src/lib.rs` → `lib`.
fn module_of(file: &str) -> String {
    let rest = file.strip_prefix("src/").unwrap_or(file);
    let top = rest.split('/').next().unwrap_or(rest);
    top.trim_end_matches(".rs").to_string()
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The code of a file without comments and without its unit test modules.
fn code(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        let after = &rest[at + "#[cfg(test)]".len()..];
        let Some(body) = after.trim_start().strip_prefix("mod tests") else {
            out.push_str(&rest[..at + 1]);
            rest = &rest[at + 1..];
            continue;
        };
        out.push_str(&rest[..at]);
        rest = &body[block_end(body)..];
    }
    out.push_str(rest);
    out.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Where the `{ … }` block that `text` opens ends: braces in strings, character
/// literals and comments do not count.
fn block_end(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut depth, mut i) = (0usize, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i += text[i..].find('\n').unwrap_or(text.len() - i);
            }
            b'"' => {
                // A raw string's closing quote is followed by as many '#' as opened it.
                let hashes = text[..i].chars().rev().take_while(|c| *c == '#').count();
                let raw = text[..i - hashes].ends_with('r');
                i += 1;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' if !raw => i += 1,
                        b'"' if text[i + 1..].starts_with(&"#".repeat(hashes)) => {
                            i += hashes;
                            break;
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            // '{' or '\'' as a character, not a lifetime.
            b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 2,
            b'\'' if bytes.get(i + 1) == Some(&b'\\') => {
                i += text[i + 3..].find('\'').map_or(0, |e| e + 3);
            }
            _ => {}
        }
        i += 1;
    }
    text.len()
}

/// The paths a file's code names after `crate::` (`crate::render::warn`), grouped uses
/// (`crate::{a::b, c}`) one by one, each with its top-level module; an item of the crate
/// root (`crate::EXIT_OK`) belongs to `lib`.
fn used_paths(code: &str) -> BTreeSet<(String, String)> {
    let path = |s: &str| -> String {
        let s = s.trim_start();
        let end = s
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(s.len());
        s[..end].trim_end_matches(':').to_string()
    };
    let named = |p: String| {
        let top = p.split("::").next().unwrap_or_default();
        let module = match layer_of(top) {
            Some(_) if top != "lib" && top != "main" => top.to_string(),
            _ => "lib".to_string(),
        };
        (module, format!("crate::{p}"))
    };
    let mut used = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue; // `milvus_cert::`, `$crate::`
        }
        let rest = &code[at + "crate::".len()..];
        let Some(group) = rest.strip_prefix('{') else {
            used.insert(named(path(rest)));
            continue;
        };
        // The group's top-level items, up to its closing brace.
        let (mut depth, mut start) = (0, 0);
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth > 0 => depth -= 1,
                ',' | '}' if depth == 0 => {
                    let item = path(&group[start..i]);
                    if !item.is_empty() {
                        used.insert(named(item));
                    }
                    if c == '}' {
                        break;
                    }
                    start = i + 1;
                }
                _ => {}
            }
        }
    }
    used
}

/// Every breach of the rules in `sources`.
fn breaches(sources: &[(String, String)]) -> Vec<Breach> {
    let mut found = Vec::new();
    let mut edges = BTreeSet::new();
    for (file, text) in sources {
        let module = module_of(file);
        let breach = |used: String, why: String| Breach {
            file: file.clone(),
            module: module.clone(),
            used,
            why,
        };
        let Some(layer) = layer_of(&module) else {
            found.push(breach("is in no layer".into(), "add it to LAYERS".into()));
            continue;
        };
        let code = code(text);
        for (target, path) in used_paths(&code) {
            let there = layer_of(&target).unwrap_or(layer);
            if target == module {
                continue;
            }
            edges.insert((module.clone(), target.clone(), file.clone()));
            if there > layer {
                let why = format!("{target}'s layer {there} is above {module}'s {layer}");
                found.push(breach(format!("uses {path}"), why));
            } else if target == "cli" && !CLI_USERS.contains(&module.as_str()) {
                found.push(breach(
                    format!("uses {path}"),
                    "clap types stay in cli".into(),
                ));
            }
        }
        if !CLAP_USERS.contains(&module.as_str())
            && (code.contains("clap::") || code.contains("use clap"))
        {
            found.push(breach("uses clap".into(), "a domain module".into()));
        }
        if module != "store" {
            for call in WRITES.iter().filter(|w| code.contains(*w)) {
                found.push(breach(
                    format!("writes files ({call})"),
                    "only store does".into(),
                ));
            }
        }
    }
    for (from, to, file) in &edges {
        let back = edges.iter().any(|(f, t, _)| f == to && t == from);
        if back && layer_of(from) == layer_of(to) {
            found.push(Breach {
                file: file.clone(),
                module: from.clone(),
                used: format!("uses crate::{to}::…"),
                why: format!("{to} uses {from} too: one way only within a layer"),
            });
        }
    }
    found
}
