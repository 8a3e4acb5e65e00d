//! `milvus-cert completions` and `milvus-cert man`: documentation generated from the
//! clap definition, so it can never disagree with the parser.

use crate::cli::Cli;
use crate::cli::docs::{CompletionsArgs, ManArgs, Shell};
use crate::render::{self, Output};
use crate::store::{self, OutFile};
use anyhow::{Result, anyhow};
use clap::CommandFactory;
use clap_mangen::roff::{Roff, roman};
use serde::Serialize;
use std::path::PathBuf;

/// The binary name completions and man pages are written for.
const BIN: &str = "milvus-cert";

/// Runs `completions`: the script on stdout (with `--json`, inside a JSON object). The
/// script is the result asked for, so `--quiet` does not suppress it.
pub fn completions(args: &CompletionsArgs, output: Output) -> Result<()> {
    let script = completion_script(args.shell);
    let script = String::from_utf8(script)
        .map_err(|_| anyhow!("the generated completion script is not UTF-8"))?;
    let result = CompletionScript {
        shell: args.shell,
        file_name: completion_file_name(args.shell),
        script,
    };
    let output = if output == Output::Quiet {
        Output::Text
    } else {
        output
    };
    render::show("completions", false, &result, output, |r| r.script.clone())
}

/// What `completions --json` prints.
#[derive(Debug, Serialize)]
struct CompletionScript {
    /// The shell, as spelled on the command line.
    #[serde(serialize_with = "shell_name")]
    shell: Shell,
    /// The conventional file name for the script (`_milvus-cert` for zsh).
    file_name: String,
    /// The script itself.
    script: String,
}

fn shell_name<S: serde::Serializer>(shell: &Shell, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&clap_shell(*shell).to_string())
}

fn clap_shell(shell: Shell) -> clap_complete::Shell {
    match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
        Shell::Elvish => clap_complete::Shell::Elvish,
    }
}

/// The completion script for `shell`, generated from the CLI definition.
pub fn completion_script(shell: Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(clap_shell(shell), &mut cmd, BIN, &mut script);
    script
}

/// The file name each shell looks for (`milvus-cert.bash`, `_milvus-cert`, ...).
pub fn completion_file_name(shell: Shell) -> String {
    use clap_complete::Generator;
    clap_shell(shell).file_name(BIN)
}

/// What `man` wrote (or, with `--dry-run`, would write).
#[derive(Debug, Serialize)]
struct ManReport {
    /// The output directory.
    dir: PathBuf,
    /// True when nothing was written (the JSON envelope's).
    #[serde(skip)]
    dry_run: bool,
    /// One entry per page, the top-level page first.
    pages: Vec<ManPageReport>,
}

#[derive(Debug, Serialize)]
struct ManPageReport {
    name: String,
    path: PathBuf,
    bytes: usize,
    /// Whether a file of that name was already there (replaced only with --force).
    existed: bool,
}

/// Runs `man`: renders every page in memory, then writes them as one set through
/// `store` (atomic, no overwrite without `--force`), or only lists them with `--dry-run`.
pub fn man(args: &ManArgs, output: Output) -> Result<()> {
    let pages = man_pages()?;
    // Paths are absolute in every report.
    let out_dir = std::path::absolute(&args.out_dir).unwrap_or_else(|_| args.out_dir.clone());
    let report = ManReport {
        dir: out_dir.clone(),
        dry_run: args.dry_run,
        pages: pages
            .iter()
            .map(|page| {
                let path = out_dir.join(&page.name);
                ManPageReport {
                    existed: std::fs::symlink_metadata(&path).is_ok(),
                    name: page.name.clone(),
                    path,
                    bytes: page.contents.len(),
                }
            })
            .collect(),
    };
    if !args.dry_run {
        store::write_set(&args.out_dir, &pages, args.force)?;
    }
    let force = args.force;
    render::show("man", report.dry_run, &report, output, |r| {
        man_text(r, force)
    })
}

fn man_text(report: &ManReport, force: bool) -> String {
    let dir = report.dir.display();
    let count = report.pages.len();
    let mut text = if report.dry_run {
        format!("Would write {count} man pages to {dir} (nothing was written):\n")
    } else {
        format!("Wrote {count} man pages to {dir}:\n")
    };
    for page in &report.pages {
        let note = match (report.dry_run, page.existed, force) {
            (true, true, false) => "  (exists: needs --force)",
            (true, true, true) => "  (exists: would be replaced)",
            (false, true, _) => "  (replaced)",
            _ => "",
        };
        text.push_str(&format!("  {}{note}\n", page.name));
    }
    if let Some(first) = report.pages.first() {
        text.push_str(&format!(
            "Read one with: man -l {}\n",
            report.dir.join(&first.name).display()
        ));
    }
    text
}

/// Every man page: `milvus-cert.1` and `milvus-cert-<sub>.1` for each visible subcommand
/// (clap's `help` excluded), in the order of `milvus-cert --help`.
pub fn man_pages() -> Result<Vec<OutFile>> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    collect_pages(&cmd, &mut pages)?;
    Ok(pages)
}

fn collect_pages(cmd: &clap::Command, pages: &mut Vec<OutFile>) -> Result<()> {
    // Every page names the program and version it documents (subcommands have none).
    let man = clap_mangen::Man::new(cmd.clone())
        .source(format!("{BIN} {}", env!("CARGO_PKG_VERSION")))
        .manual("User Commands");
    pages.push(OutFile::public(man.get_filename(), render_page(&man, cmd)?));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect_pages(sub, pages)?;
    }
    Ok(())
}

/// clap_mangen's sections, except that the after-help text (EXAMPLES, EXIT CODES, ...)
/// becomes real man sections with its layout kept, instead of one reflowed "EXTRA" block.
fn render_page(man: &clap_mangen::Man, cmd: &clap::Command) -> Result<Vec<u8>> {
    let io = |e: std::io::Error| anyhow!("cannot render a man page: {e}");
    let mut page = Vec::new();
    man.render_title(&mut page).map_err(io)?;
    man.render_name_section(&mut page).map_err(io)?;
    man.render_synopsis_section(&mut page).map_err(io)?;
    man.render_description_section(&mut page).map_err(io)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut page).map_err(io)?;
    }
    if cmd.has_subcommands() {
        man.render_subcommands_section(&mut page).map_err(io)?;
    }
    let extra = cmd
        .get_after_long_help()
        .or_else(|| cmd.get_after_help())
        .map(ToString::to_string)
        .unwrap_or_default();
    let mut roff = Roff::default();
    for (heading, lines) in help_sections(&extra) {
        roff.control("SH", [heading.as_str()]);
        roff.control("nf", []);
        for line in lines {
            roff.text([roman(line)]);
        }
        roff.control("fi", []);
    }
    see_also(&mut roff, cmd);
    roff.to_writer(&mut page).map_err(io)?;
    if cmd.get_version().is_some() {
        man.render_version_section(&mut page).map_err(io)?;
    }
    Ok(page)
}

/// Splits after-help text into sections at lines like `EXIT CODES:`; text before the
/// first heading goes under NOTES. Blank lines at a section's edges are dropped.
fn help_sections(text: &str) -> Vec<(String, Vec<&str>)> {
    let mut sections: Vec<(String, Vec<&str>)> = Vec::new();
    for line in text.lines() {
        let heading = line
            .strip_suffix(':')
            .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_uppercase() || c == ' '));
        match heading {
            Some(h) => sections.push((h.to_string(), Vec::new())),
            None => {
                if sections.is_empty() {
                    sections.push(("NOTES".to_string(), Vec::new()));
                }
                if let Some((_, lines)) = sections.last_mut() {
                    lines.push(line);
                }
            }
        }
    }
    for (_, lines) in &mut sections {
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        while lines.first().is_some_and(|l| l.trim().is_empty()) {
            lines.remove(0);
        }
    }
    sections.retain(|(_, lines)| !lines.is_empty());
    sections
}

/// A subcommand's page points back at the main page.
fn see_also(roff: &mut Roff, cmd: &clap::Command) {
    if cmd.get_name() != BIN {
        roff.control("SH", ["SEE ALSO"]);
        roff.text([roman(format!("{BIN}(1)"))]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_help_text_splits_into_man_sections() {
        let text = "Lead-in line.\n\nEXAMPLES:\n  Do it:\n    $ milvus-cert x\n\nNot: a heading\n\nEXIT CODES:\n  0 ok\n";
        let sections = help_sections(text);
        let names: Vec<&str> = sections.iter().map(|(h, _)| h.as_str()).collect();
        assert_eq!(names, ["NOTES", "EXAMPLES", "EXIT CODES"]);
        assert_eq!(sections[0].1, ["Lead-in line."]);
        assert_eq!(
            sections[1].1,
            ["  Do it:", "    $ milvus-cert x", "", "Not: a heading"]
        );
        assert_eq!(sections[2].1, ["  0 ok"]);
    }

    #[test]
    fn every_shell_has_its_conventional_file_name() {
        let names: Vec<String> = [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::Powershell,
            Shell::Elvish,
        ]
        .into_iter()
        .map(completion_file_name)
        .collect();
        assert_eq!(
            names,
            [
                "milvus-cert.bash",
                "_milvus-cert",
                "milvus-cert.fish",
                "_milvus-cert.ps1",
                "milvus-cert.elv"
            ]
        );
    }
}
