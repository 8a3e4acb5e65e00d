//! The user-facing surface of the CLI as a whole: help text, completions, man pages,
//! colour, JSON-only stdout, one-line errors and the documented exit codes.
//!
//! Regenerating the committed outputs after a CLI change is one command:
//!
//! ```sh
//! MILVUS_CERT_BLESS=1 INSTA_UPDATE=always cargo test --test cli_ux
//! ```
//!
//! `MILVUS_CERT_BLESS=1` rewrites `completions/` (otherwise a stale file fails
//! `completions_are_up_to_date`); `INSTA_UPDATE=always` rewrites `tests/snapshots/`.
//! Review the diff with `git diff` before committing.

mod common;

use clap::CommandFactory;
use common::{bin, run, run_ok, text};
use milvus_cert::{Cli, Shell, completion_file_name, term};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const ESC: &str = "\x1b[";

/// The binary with a fixed help width, so snapshots do not depend on the terminal.
fn cli() -> Command {
    let mut cmd = bin();
    cmd.env("COLUMNS", "100").env_remove("CLICOLOR_FORCE");
    cmd
}

fn output(cmd: &mut Command) -> (Option<i32>, String, String) {
    let out = cmd.output().expect("run milvus-cert");
    let (stdout, stderr) = text(&out);
    (out.status.code(), stdout, stderr)
}

/// The visible subcommands of the real CLI definition (clap's `help` excluded).
fn subcommands() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        .map(|s| s.get_name().to_string())
        .collect()
}

fn one_error_line(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "expected exactly one line:\n{stderr}");
    assert!(lines[0].starts_with("milvus-cert: error: "), "{stderr}");
    lines[0].to_string()
}

// ---------------------------------------------------------------------------------------
// Help

#[test]
fn help_snapshots() {
    let (code, stdout, stderr) = output(cli().arg("--help"));
    assert_eq!(code, Some(0), "{stderr}");
    insta::assert_snapshot!("help_top", stdout);
    for sub in ["init", "probe", "completions", "man"] {
        let (code, stdout, stderr) = output(cli().args([sub, "--help"]));
        assert_eq!(code, Some(0), "{sub}: {stderr}");
        insta::assert_snapshot!(format!("help_{sub}"), stdout);
    }
}

/// `milvus-cert` alone prints the short overview (not an error wall) on stderr and exits 2,
/// like any other usage error, so a script that forgot its arguments fails.
#[test]
fn no_arguments_give_a_short_overview_and_exit_2() {
    let (code, stdout, stderr) = output(&mut cli());
    assert_eq!(code, Some(2));
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("Usage: milvus-cert [OPTIONS] <COMMAND>"));
    assert!(stderr.contains("Start with 'milvus-cert init'"), "{stderr}");
    for sub in subcommands() {
        assert!(stderr.contains(&format!("\n  {sub} ")), "{sub} not listed");
    }
    assert!(!stderr.contains("EXAMPLES:"), "the overview stays short");
    assert!(stderr.lines().count() < 40, "{stderr}");
    insta::assert_snapshot!("overview_no_args", stderr);
}

/// Every subcommand of the final CLI documents itself the same way: a one-line purpose
/// of at most 79 columns, defaults shown, EXAMPLES with `$ milvus-cert` lines and EXIT
/// CODES. Listing every offender at once makes the fix one pass.
#[test]
fn every_subcommand_has_examples_and_exit_codes() {
    let mut root = Cli::command();
    root.build();
    let mut problems = Vec::new();
    let mut commands: Vec<&clap::Command> = vec![&root];
    commands.extend(
        root.get_subcommands()
            .filter(|s| !s.is_hide_set() && s.get_name() != "help"),
    );
    for cmd in commands {
        let name = cmd.get_name();
        let help = cmd.clone().render_long_help().to_string();
        match cmd.get_about().map(|a| a.to_string()) {
            None => problems.push(format!("{name}: no one-line purpose (about)")),
            Some(about) if about.chars().count() > 79 || about.contains('\n') => {
                problems.push(format!("{name}: purpose longer than one 79-column line"))
            }
            Some(_) => {}
        }
        let examples = help.find("\nEXAMPLES:\n");
        let exit_codes = help.find("\nEXIT CODES:\n");
        if examples.is_none() {
            problems.push(format!("{name}: no EXAMPLES: section"));
        }
        if exit_codes.is_none() {
            problems.push(format!("{name}: no EXIT CODES: section"));
        }
        let example_lines = help
            .lines()
            .filter(|l| l.trim_start().starts_with("$ milvus-cert"))
            .count();
        if example_lines < 2 {
            problems.push(format!(
                "{name}: {example_lines} example command(s); want 2-3 `$ milvus-cert` lines"
            ));
        }
        for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            if arg.is_hide_default_value_set() || !arg.get_action().takes_values() {
                continue;
            }
            for value in arg.get_default_values() {
                let shown = format!("[default: {}]", value.to_string_lossy());
                if !help.contains(&shown) {
                    problems.push(format!("{name}: {shown} of {} not shown", arg.get_id()));
                }
            }
        }
        let (code, stdout, _) = output(cli().args(if cmd.get_name() == "milvus-cert" {
            vec!["--help".to_string()]
        } else {
            vec![name.to_string(), "--help".to_string()]
        }));
        if code != Some(0) || stdout.contains("EXIT CODES:") != exit_codes.is_some() {
            problems.push(format!(
                "{name}: `--help` failed or differs (exit {code:?})"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "help text problems:\n  {}",
        problems.join("\n  ")
    );
}

// ---------------------------------------------------------------------------------------
// Completions

fn completions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("completions")
}

const SHELLS: [(Shell, &str); 5] = [
    (Shell::Bash, "bash"),
    (Shell::Zsh, "zsh"),
    (Shell::Fish, "fish"),
    (Shell::Powershell, "powershell"),
    (Shell::Elvish, "elvish"),
];

/// The committed scripts in completions/ are exactly what the current CLI generates.
/// `MILVUS_CERT_BLESS=1` rewrites them instead of failing.
#[test]
fn completions_are_up_to_date() {
    let bless = std::env::var_os("MILVUS_CERT_BLESS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (shell, name) in SHELLS {
        let script = run_ok(&["completions", name]).stdout;
        for sub in subcommands() {
            assert!(
                String::from_utf8_lossy(&script).contains(&sub),
                "{name} script lacks {sub}"
            );
        }
        let path = completions_dir().join(completion_file_name(shell));
        if bless {
            fs::create_dir_all(completions_dir()).unwrap();
            fs::write(&path, &script).unwrap();
        } else if fs::read(&path).ok().as_deref() != Some(&script[..]) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "out of date with the CLI: {stale:?}\nregenerate with: \
         MILVUS_CERT_BLESS=1 cargo test --test cli_ux completions_are_up_to_date"
    );
}

#[test]
fn the_bash_script_loads_and_registers_the_completion() {
    let path = completions_dir().join("milvus-cert.bash");
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}' && complete -p milvus-cert",
            path.display()
        ))
        .output()
        .expect("bash");
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("milvus-cert"), "{stdout}");
}

#[test]
fn completions_json_wraps_the_same_script_and_bad_shells_exit_2() {
    let plain = run_ok(&["completions", "zsh"]).stdout;
    let json = run_ok(&["completions", "zsh", "--json"]).stdout;
    let doc: serde_json::Value = serde_json::from_slice(&json).expect("only JSON on stdout");
    assert_eq!(doc["shell"], "zsh");
    assert_eq!(doc["file_name"], "_milvus-cert");
    assert_eq!(doc["script"].as_str().unwrap().as_bytes(), &plain[..]);

    let out = run(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    let (stdout, stderr) = text(&out);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("invalid value 'tcsh'") && stderr.contains("bash, zsh, fish"),
        "{stderr}"
    );
}

// ---------------------------------------------------------------------------------------
// Man pages

fn page_names() -> Vec<String> {
    let mut names = vec!["milvus-cert.1".to_string()];
    names.extend(subcommands().iter().map(|s| format!("milvus-cert-{s}.1")));
    names
}

fn dir_contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn man_writes_one_page_per_command_with_roff_structure() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("man");
    let dir_s = dir.to_str().unwrap();

    // --dry-run lists every page and writes nothing, not even the directory.
    let (code, stdout, _) = output(cli().args(["man", "--out-dir", dir_s, "--dry-run"]));
    assert_eq!(code, Some(0));
    for name in page_names() {
        assert!(stdout.contains(&format!("  {name}\n")), "{name}:\n{stdout}");
    }
    assert!(!dir.exists(), "--dry-run wrote something");

    run_ok(&["man", "--out-dir", dir_s, "--quiet"]);
    let files = dir_contents(&dir);
    let mut names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    let mut want = page_names();
    names.sort();
    want.sort();
    assert_eq!(
        names, want,
        "exactly one page per command, no temporary files"
    );

    for (name, bytes) in &files {
        let page = String::from_utf8(bytes.clone()).expect("UTF-8 roff");
        let stem = name.trim_end_matches(".1");
        let th = page
            .lines()
            .find(|l| l.starts_with(".TH "))
            .unwrap_or_else(|| panic!("{name}: no .TH"));
        assert!(th.starts_with(&format!(".TH {stem} 1 ")), "{name}: {th}");
        assert!(
            th.contains("milvus-cert 0."),
            "{name}: version in .TH: {th}"
        );
        let sections: Vec<&str> = page.lines().filter(|l| l.starts_with(".SH ")).collect();
        assert!(
            sections.starts_with(&[".SH NAME", ".SH SYNOPSIS"]),
            "{name}: {sections:?}"
        );
        let roff_name = stem.replace('-', "\\-");
        assert!(
            page.contains(&format!("\n{roff_name} \\- ")),
            "{name}: NAME line"
        );
        let usage = match stem.strip_prefix("milvus-cert-") {
            Some(sub) => format!("milvus-cert {sub}"),
            None => stem.to_string(),
        };
        let synopsis = format!(".SH SYNOPSIS\n\\fB{}\\fR", usage.replace('-', "\\-"));
        assert!(page.contains(&synopsis), "{name}: SYNOPSIS");
        // Every .nf is closed, so layout does not leak into the next section.
        assert_eq!(
            page.matches("\n.nf\n").count(),
            page.matches("\n.fi\n").count()
        );
    }
    let top = String::from_utf8(
        files
            .iter()
            .find(|(n, _)| n == "milvus-cert.1")
            .unwrap()
            .1
            .clone(),
    )
    .unwrap();
    for sub in subcommands() {
        assert!(
            top.contains(&format!("milvus\\-cert\\-{}(1)", sub.replace('-', "\\-"))),
            "{sub}"
        );
    }
    for own in [
        "milvus-cert.1",
        "milvus-cert-completions.1",
        "milvus-cert-man.1",
    ] {
        let page =
            String::from_utf8(files.iter().find(|(n, _)| n == own).unwrap().1.clone()).unwrap();
        assert!(page.contains("\n.SH EXAMPLES\n.nf\n"), "{own}");
        assert!(page.contains("\n.SH \"EXIT CODES\"\n"), "{own}");
        assert!(page.contains("$ milvus\\-cert"), "{own}");
    }

    // groff, where installed, renders every page without a warning (-P-cbou: plain text).
    if Command::new("groff").arg("--version").output().is_ok() {
        for (name, _) in &files {
            let out = Command::new("groff")
                .args(["-man", "-Tutf8", "-ww", "-P-cbou"])
                .arg(dir.join(name))
                .output()
                .unwrap();
            let (rendered, warnings) = text(&out);
            assert!(
                out.status.success() && warnings.is_empty(),
                "{name}: {warnings}"
            );
            assert!(rendered.contains("SYNOPSIS"), "{name}");
        }
    }

    // No overwrite without --force: exit 2, one line naming the page, nothing changed.
    let before = dir_contents(&dir);
    let (code, stdout, stderr) = output(cli().args(["man", "--out-dir", dir_s]));
    assert_eq!(code, Some(2));
    assert!(stdout.is_empty());
    let line = one_error_line(&stderr);
    assert!(
        line.contains("milvus-cert.1' already exists") && line.contains("--force"),
        "{line}"
    );
    assert_eq!(dir_contents(&dir), before);

    let (code, stdout, _) = output(cli().args(["man", "--out-dir", dir_s, "--dry-run"]));
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains("milvus-cert.1  (exists: needs --force)"),
        "{stdout}"
    );

    let json = run_ok(&["man", "--out-dir", dir_s, "--force", "--json"]).stdout;
    let doc: serde_json::Value = serde_json::from_slice(&json).expect("only JSON on stdout");
    assert_eq!(doc["dry_run"], false);
    let pages = doc["pages"].as_array().unwrap();
    assert_eq!(pages.len(), page_names().len());
    assert_eq!(pages[0]["name"], "milvus-cert.1");
    assert_eq!(pages[0]["existed"], true);
    assert_eq!(
        dir_contents(&dir),
        before,
        "the same CLI renders the same pages"
    );
}

// ---------------------------------------------------------------------------------------
// init output: human and JSON, normalised so the snapshots are stable

fn init_args(dir: &Path) -> Vec<String> {
    [
        "init",
        "--dir",
        dir.to_str().unwrap(),
        "--key-type",
        "ecdsa-p256",
        "--ca-cn",
        "Test CA",
    ]
    .map(String::from)
    .to_vec()
}

/// Replaces the temp dir, hex runs of 16+ digits (serials, fingerprints) and dates.
fn normalise(text: &str, dir: &Path) -> String {
    let text = text.replace(dir.to_str().unwrap(), "[DIR]");
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let hex = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_hexdigit())
            .count();
        let boundary = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
        if boundary && hex >= 16 {
            out.push_str("[HEX]");
            i += hex;
        } else if boundary && is_date(&chars[i..]) {
            out.push_str("[DATE]");
            i += 10;
            // An RFC 3339 time after the date goes too.
            if chars.get(i) == Some(&'T') {
                while i < chars.len() && !matches!(chars[i], '"' | ' ' | '\n' | ',') {
                    i += 1;
                }
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn is_date(chars: &[char]) -> bool {
    let pattern = "dddd-dd-dd";
    chars.len() >= pattern.len()
        && pattern.chars().zip(chars).all(|(p, c)| {
            if p == 'd' {
                c.is_ascii_digit()
            } else {
                *c == p
            }
        })
}

#[test]
fn init_human_output_snapshot() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cert");
    let (code, stdout, stderr) = output(cli().args(init_args(&dir)));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    assert!(!stdout.contains(ESC), "no colour into a pipe");
    insta::assert_snapshot!("init_text", normalise(&stdout, &dir));
}

#[test]
fn init_json_is_only_json_and_snapshot() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cert");
    let mut args = init_args(&dir);
    args.push("--json".into());
    let (code, stdout, stderr) = output(cli().args(&args));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let doc: serde_json::Value =
        serde_json::from_str(&stdout).expect("stdout is one JSON document");
    assert!(doc.is_object());
    insta::assert_snapshot!("init_json", normalise(&stdout, &dir));

    // Diagnostics go to stderr even with --json: a refused run prints no JSON at all.
    let (code, stdout, stderr) = output(cli().args(&args));
    assert_eq!(code, Some(2));
    assert!(stdout.is_empty(), "{stdout}");
    assert!(one_error_line(&stderr).contains("--force"));
}

// ---------------------------------------------------------------------------------------
// Colour

fn bad_dir_args(tmp: &Path) -> Vec<String> {
    let file = tmp.join("not-a-dir");
    fs::write(&file, "x").unwrap();
    vec!["init".into(), "--dir".into(), file.to_str().unwrap().into()]
}

#[test]
fn no_colour_into_pipes_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let args = bad_dir_args(tmp.path());

    // Into a pipe: plain, whatever NO_COLOR says.
    let mut plain = cli();
    plain.env_remove("NO_COLOR").args(&args);
    let (code, _, stderr) = output(&mut plain);
    assert_eq!(code, Some(2));
    assert!(!stderr.contains(ESC), "{stderr:?}");
    let (_, help, _) = output(cli().env_remove("NO_COLOR").arg("--help"));
    assert!(!help.contains(ESC));

    // --color always wins over a pipe and over NO_COLOR (flags override the variable).
    let (_, _, stderr) = output(
        cli()
            .env("NO_COLOR", "1")
            .args(&args)
            .args(["--color", "always"]),
    );
    assert!(
        stderr.contains(&format!("milvus-cert: {ESC}")),
        "{stderr:?}"
    );
    assert!(stderr.contains("is not a directory"));
    let (_, help, _) = output(cli().args(["--color=always", "--help"]));
    assert!(help.contains(ESC), "clap's help follows --color too");

    let (_, _, stderr) = output(cli().args(&args).args(["--color", "never"]));
    assert!(!stderr.contains(ESC));
}

/// The environment variables anstream (and so clap) reads to decide on colour.
const COLOUR_VARS: [&str; 5] = ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM", "CI"];

/// Runs milvus-cert with `args` and only `vars` of [`COLOUR_VARS`] set, on a pseudo-terminal
/// (`script`, util-linux/bsdutils) or with stderr into a pipe; gives back what it printed.
fn colour_run(args: &[String], vars: &[(&str, &str)], pty: bool) -> String {
    let mut cmd = if pty {
        let line = format!("{} {}", env!("CARGO_BIN_EXE_milvus-cert"), args.join(" "));
        let mut cmd = Command::new("script");
        cmd.args(["-qec", &line, "/dev/null"]);
        cmd
    } else {
        let mut cmd = bin();
        cmd.args(args);
        cmd
    };
    cmd.env_remove("RUST_BACKTRACE").stdin(Stdio::null());
    for var in COLOUR_VARS {
        cmd.env_remove(var);
    }
    cmd.envs(vars.iter().copied());
    let out = cmd
        .output()
        .expect("`script` (util-linux/bsdutils) gives the binary a terminal");
    let printed = [out.stdout, out.stderr].concat();
    String::from_utf8_lossy(&printed).into_owned()
}

/// Whether clap's usage error and milvus-cert's own `error:` label are coloured under
/// `vars`; the test wants them to agree.
fn colour_of_both(tmp: &Path, extra: &[&str], vars: &[(&str, &str)], pty: bool) -> (bool, bool) {
    let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    let usage = [
        vec!["init".to_string(), "--no-such-flag".to_string()],
        extra.clone(),
    ]
    .concat();
    let clap = colour_run(&usage, vars, pty);
    assert!(clap.contains("--no-such-flag"), "{clap:?}");
    let ours = colour_run(&[bad_dir_args(tmp), extra].concat(), vars, pty);
    assert!(ours.contains("is not a directory"), "{ours:?}");
    let labelled = format!("milvus-cert: {ESC}");
    (clap.contains(ESC), ours.contains(&labelled))
}

/// (environment, extra arguments, on a pty, colour wanted)
type ColourCase<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str], bool, bool);

/// NO_COLOR, CLICOLOR=0, CLICOLOR_FORCE=1 and TERM=dumb decide colour for milvus-cert's
/// own labels exactly as they do for clap's messages, on a terminal and into a pipe;
/// `--color` beats them all.
#[test]
fn colour_variables_decide_for_clap_and_our_labels_alike() {
    let tmp = tempfile::tempdir().unwrap();
    let term = ("TERM", "xterm-256color");
    // (vars, extra args, pty, want colour)
    let cases: &[ColourCase<'_>] = &[
        (&[term], &[], true, true),
        (&[term, ("NO_COLOR", "1")], &[], true, false),
        (&[term, ("NO_COLOR", "")], &[], true, true),
        (&[term, ("CLICOLOR", "0")], &[], true, false),
        (&[("TERM", "dumb")], &[], true, false),
        (&[("TERM", "dumb")], &["--color", "always"], true, true),
        (&[term, ("NO_COLOR", "1")], &["--color=always"], true, true),
        (&[term], &["--color", "never"], true, false),
        (&[term], &[], false, false),
        (&[term, ("CLICOLOR_FORCE", "1")], &[], false, true),
        (
            &[("TERM", "dumb"), ("CLICOLOR_FORCE", "1")],
            &[],
            false,
            true,
        ),
        (
            &[term, ("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
            &[],
            false,
            false,
        ),
        (
            &[term, ("CLICOLOR_FORCE", "1")],
            &["--color", "never"],
            false,
            false,
        ),
        (&[term], &["--color", "always"], false, true),
    ];
    for &(vars, extra, pty, want) in cases {
        let (clap, ours) = colour_of_both(tmp.path(), extra, vars, pty);
        let place = if pty { "terminal" } else { "pipe" };
        assert_eq!(clap, want, "clap, {place}, {vars:?} {extra:?}");
        assert_eq!(
            ours, want,
            "milvus-cert's label, {place}, {vars:?} {extra:?}"
        );
    }
}

#[test]
fn progress_draws_a_spinner_and_clears_it() {
    use std::sync::{Arc, Mutex};
    #[derive(Clone)]
    struct Shared(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Shared {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buf = Shared(Arc::new(Mutex::new(Vec::new())));
    let progress = term::Progress::start_on(Box::new(buf.clone()), "generating RSA 4096 keys");
    assert!(progress.is_active());
    drop(progress);
    let drawn = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert!(
        drawn.starts_with("\r| generating RSA 4096 keys..."),
        "{drawn:?}"
    );
    assert!(drawn.ends_with(&term::progress_clear("generating RSA 4096 keys")));
    assert!(
        term::progress_clear("x")
            .trim_matches('\r')
            .chars()
            .all(|c| c == ' ')
    );
    // In this test process stderr is not a terminal, so the real spinner stays off.
    assert!(!term::Progress::start("slow").is_active());
}

// ---------------------------------------------------------------------------------------
// Errors and exit codes

#[test]
fn a_bad_input_is_one_line_even_with_rust_backtrace_set() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cert");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("ca.pem"), "garbage").unwrap();
    fs::write(dir.join("ca.key"), "garbage").unwrap();
    for backtrace in ["1", "full"] {
        let (code, stdout, stderr) = output(cli().env("RUST_BACKTRACE", backtrace).args([
            "init",
            "--dir",
            dir.to_str().unwrap(),
        ]));
        assert_eq!(code, Some(2));
        assert!(stdout.is_empty());
        let line = one_error_line(&stderr);
        assert!(
            line.contains("ca.pem") && line.contains("no PEM certificate"),
            "{line}"
        );
        assert!(!stderr.contains("Stack backtrace") && !stderr.contains("Error {"));
    }
    // clap's usage errors neither.
    let (code, _, stderr) = output(cli().env("RUST_BACKTRACE", "1").args(["init", "--bogus"]));
    assert_eq!(code, Some(2));
    assert!(
        stderr.starts_with("error: unexpected argument '--bogus'"),
        "{stderr}"
    );
    assert!(!stderr.contains("backtrace") && !stderr.contains("panicked"));
}

#[test]
fn the_panic_report_is_one_line_asking_for_a_bug_report() {
    let line = term::internal_error_line("index out of bounds", Some("src/x.rs:3"));
    assert_eq!(line.lines().count(), 1);
    assert!(line.starts_with("milvus-cert: internal error: index out of bounds at src/x.rs:3;"));
    assert!(line.contains("please report"));
    use std::ffi::OsStr;
    assert!(!term::backtrace_requested(None));
    assert!(!term::backtrace_requested(Some(OsStr::new("0"))));
    assert!(term::backtrace_requested(Some(OsStr::new("1"))));
    assert!(term::is_broken_pipe_panic(
        "failed printing to stdout: Broken pipe (os error 32)"
    ));
    assert!(!term::is_broken_pipe_panic("index out of bounds"));
    let payload: Box<dyn std::any::Any + Send> = Box::new(String::from("boom"));
    assert_eq!(term::panic_message(&*payload), "boom");
}

/// `milvus-cert … | head -c1`: the reader goes away before the output is written.
fn with_closed_stdout(args: &[&str]) -> Output {
    let mut child = cli()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_stdout_is_not_a_crash() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cert");
    let dir_s = dir.to_str().unwrap();
    for args in [
        &["init", "--dir", dir_s, "--key-type", "ecdsa-p256", "--json"][..],
        // A new CA, so no warning that the kept CA expires before the new leaves.
        &[
            "init",
            "--dir",
            dir_s,
            "--key-type",
            "ecdsa-p256",
            "--new-ca",
            "--force",
        ],
        &["completions", "bash"],
        &["man", "--out-dir", dir_s, "--dry-run", "--json"],
        &["--help"],
    ] {
        let out = with_closed_stdout(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
    assert!(dir.join("server.pem").exists(), "the work itself was done");
}

/// Every documented exit code happens: 0 ok, 2 usage or input error.
#[test]
fn documented_exit_codes_0_and_2() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cert");
    let dir_s = dir.to_str().unwrap();
    let ok = run(&["init", "--dir", dir_s, "--key-type", "ecdsa-p256", "-q"]);
    assert_eq!(ok.status.code(), Some(0), "init");
    let cases: [(&[&str], &str); 5] = [
        (&["init", "--bogus"], "unexpected argument"),
        (&["init", "--key-type", "dsa"], "invalid value 'dsa'"),
        (
            &["init", "--dir", dir_s, "--days", "0"],
            "--days must be at least 1",
        ),
        (
            &["init", "--dir", dir_s, "--key-type", "ecdsa-p256"],
            "already exists; pass --force",
        ),
        (&["no-such-command"], "unrecognized subcommand"),
    ];
    for (args, expected) in cases {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let (stdout, stderr) = text(&out);
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

/// Exit code 1: `verify` on a broken directory (issue 4).
#[test]
fn documented_exit_code_1_from_verify() {
    let (_tmp, dir) = common::init_dir(&["--key-type", "ecdsa-p256"]);
    // A server certificate from another CA: the chain check must fail.
    let (_other, other) = common::init_dir(&["--key-type", "ecdsa-p256"]);
    fs::copy(other.join("server.pem"), dir.join("server.pem")).unwrap();
    fs::copy(other.join("server.key"), dir.join("server.key")).unwrap();
    let out = run(&["verify", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out).1);
    let ok = run(&["verify", other.to_str().unwrap()]);
    assert_eq!(ok.status.code(), Some(0), "a good directory passes");
}
