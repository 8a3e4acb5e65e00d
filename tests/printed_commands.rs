//! Commands the tool prints run when pasted: every `milvus-cert …` command in the output
//! of init, emit-config (compose, helm-values, k8s-secret), status, renew and rotate-ca
//! is extracted and run through sh exactly as printed, and must exit 0. For a
//! `… | kubectl apply -f -` line the part milvus-cert runs is run, and its manifest must
//! name no namespace (so `kubectl apply -n NS` places it anywhere).

mod common;

use common::{emit_cmd, init_dir, run, run_quiet, s, sh, text, verifies};
use std::fs;
use std::process::Output;

/// Every `milvus-cert …` command in `output`: in backticks, or starting a line (after
/// spaces and a `#`), up to a closing backtick, a ` | ` pipe or a `   # ` comment.
fn printed_commands(output: &str) -> Vec<(String, Option<String>)> {
    let mut found = Vec::new();
    for line in output.lines() {
        let mut rest = line;
        while let Some(at) = rest.find("milvus-cert ") {
            let before = &rest[..at];
            let quoted = before.ends_with('`');
            let leading = before.trim_start_matches([' ', '#']).is_empty();
            let tail = &rest[at..];
            if !(quoted || leading) {
                rest = &tail["milvus-cert ".len()..];
                continue;
            }
            let end = if quoted {
                tail.find('`').unwrap_or(tail.len())
            } else {
                tail.find("   # ").unwrap_or(tail.len())
            };
            let command = tail[..end].trim_end();
            let (command, pipe) = match command.split_once(" | ") {
                Some((c, p)) => (c.to_string(), Some(p.to_string())),
                None => (command.to_string(), None),
            };
            found.push((command, pipe));
            rest = &tail[end..];
        }
    }
    found
}

/// Placeholders (`NAME`, `FILE`) are for the reader to fill in.
fn has_placeholder(command: &str) -> bool {
    command
        .split_whitespace()
        .any(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
}

/// Runs every runnable command printed in `output`; returns how many ran.
fn run_all(output: &str, context: &str) -> usize {
    let mut ran = 0;
    for (command, pipe) in printed_commands(output) {
        if has_placeholder(&command) {
            continue;
        }
        // verify takes the directory as its argument; everything else as --dir.
        assert!(
            command.contains("--dir ") || command.starts_with("milvus-cert verify "),
            "{context}: no directory in `{command}`"
        );
        let out = sh(&command);
        assert!(
            out.status.success(),
            "{context}: `{command}` exited {:?}:\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        if let Some(pipe) = pipe {
            assert!(pipe.starts_with("kubectl apply"), "{pipe}");
            let manifest = String::from_utf8_lossy(&out.stdout);
            if !pipe.contains(" -n ") {
                assert!(
                    !manifest.contains("namespace:"),
                    "{context}: `{command}` names a namespace but is applied with `{pipe}`"
                );
            }
        }
        ran += 1;
    }
    ran
}

fn both(out: &Output) -> String {
    let (stdout, stderr) = text(out);
    format!("{stdout}\n{stderr}")
}

#[test]
fn the_extractor_finds_quoted_leading_and_piped_commands() {
    let found = printed_commands(
        "fix: renew: `milvus-cert renew server --dir /d`\n\
         #   milvus-cert emit-config --dir /d --mode 2 | kubectl apply -f -\n\
         \x20 milvus-cert verify /d   # check\n\
         not a command: see milvus-cert help",
    );
    assert_eq!(
        found,
        [
            ("milvus-cert renew server --dir /d".to_string(), None),
            (
                "milvus-cert emit-config --dir /d --mode 2".to_string(),
                Some("kubectl apply -f -".to_string())
            ),
            ("milvus-cert verify /d".to_string(), None),
        ]
    );
    assert!(has_placeholder("milvus-cert renew x --san NAME"));
    assert!(!has_placeholder("milvus-cert renew x --dir /tmp/A"));
}

#[test]
fn init_and_emit_config_print_commands_that_run() {
    let tmp = tempfile::tempdir().unwrap();
    // A space in the path: printed commands quote it.
    let dir = tmp.path().join("my cert");
    let out = run(&["init", "--dir", s(&dir)]);
    assert!(out.status.success());
    assert!(run_all(&both(&out), "init") >= 3);

    let mut total = 0;
    for format in ["compose", "helm-values", "k8s-secret"] {
        for extra in [
            &[][..],
            &["--secret-name", "vec-tls", "--http-port", "9000"][..],
        ] {
            let mut args = emit_cmd(&dir, "--mode 2 --format", &[format]);
            args.extend_from_slice(extra);
            let out = run(&args);
            assert!(out.status.success(), "{args:?}: {}", text(&out).1);
            let n = run_all(&both(&out), format);
            assert!(n >= 1, "{format}: no command printed");
            total += n;
            // The printed command reproduces this context: the same secret name and port.
            let printed = printed_commands(&both(&out));
            if extra.contains(&"vec-tls") && format != "compose" {
                assert!(
                    printed
                        .iter()
                        .any(|(c, _)| c.contains("--secret-name vec-tls"))
                );
            }
            if extra.contains(&"9000") {
                let emits = printed.iter().filter(|(c, _)| c.contains("emit-config"));
                assert!(emits.clone().count() >= 1);
                assert!(emits.clone().all(|(c, _)| c.contains("--http-port 9000")));
            }
        }
    }
    assert!(total >= 6);
    // With --namespace, the manifests name it and the printed line passes it on.
    let helm = "--mode 2 --format helm-values --namespace vectors";
    let out = run(&emit_cmd(&dir, helm, &[]));
    let (stdout, _) = text(&out);
    let (command, pipe) = printed_commands(&stdout).remove(0);
    assert!(command.contains("--namespace vectors"), "{command}");
    assert_eq!(pipe.as_deref(), Some("kubectl apply -n vectors -f -"));
    assert!(String::from_utf8_lossy(&sh(&command).stdout).contains("namespace: vectors"));
}

#[test]
fn messages_that_name_a_command_give_one_that_runs() {
    // status on an empty directory exits 1 and names the command that makes it.
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let out = run(&["status", s(&empty)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).1.contains("no certificates found"));
    assert_eq!(run_all(&both(&out), "status"), 1);
    assert_eq!(run(&["status", s(&empty)]).status.code(), Some(0));

    // rotate-ca names the command that moves a leaf it skipped to the new CA.
    let (_t, dir) = init_dir(&[]);
    run_quiet("client", &dir, &["--name", "app1"]);
    let out = run(&["rotate-ca", "--dir", s(&dir)]);
    assert!(out.status.success(), "{}", text(&out).1);
    assert!(text(&out).1.contains("app1.pem"), "{}", text(&out).1);
    assert_eq!(run_all(&text(&out).1, "rotate-ca"), 1);
    assert!(dir.join("app1.pem.bak").exists(), "renew kept a backup");
    verifies(&dir, &["app1.pem"]);

    // rotate-ca's roll-out steps name a verify command that runs, in a path with a space.
    let spaced = tmp.path().join("my cert");
    run_quiet("init", &spaced, &[]);
    let out = run(&["rotate-ca", "--dir", s(&spaced)]);
    assert!(out.status.success(), "{}", text(&out).1);
    assert!(run_all(&both(&out), "rotate-ca steps") >= 1);

    // renew on a directory that does not exist says how to make one.
    let missing = tmp.path().join("nope");
    let out = run(&["renew", "--dir", s(&missing)]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(run_all(&text(&out).1, "renew"), 1);
    assert!(missing.join("server.pem").exists());
}
