//! Thin entry point: parse, run, print the error once, exit with the documented code.

use clap::{CommandFactory, FromArgMatches};
use milvus_cert::{Cli, ColorChoice, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, term};
use std::ffi::OsString;
use std::process::ExitCode;

fn main() -> ExitCode {
    term::install_panic_hook();
    term::install_interrupt();
    let cli = parse(std::env::args_os().collect());
    term::configure(cli.quiet || cli.json);
    // A panic is a bug: the hook has printed one line; exit with the documented code.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| milvus_cert::run(cli)));
    match result {
        // A reader of stdout that went away is no error: `render::write_stdout`, the one
        // writer of results, ends the output quietly.
        Ok(Ok(code)) => ExitCode::from(code),
        Ok(Err(error)) => {
            term::error(&error);
            ExitCode::from(EXIT_USAGE)
        }
        Err(payload) if term::is_broken_pipe_panic(&term::panic_message(&*payload)) => {
            ExitCode::from(EXIT_OK)
        }
        Err(_) => ExitCode::from(EXIT_INTERNAL),
    }
}

/// Parses the arguments. `--color` must be known before clap prints help or a usage
/// error, so it is looked up first and made the process-wide choice; clap then validates
/// it with everything else. Usage
/// errors are clap's (message, usage line, hint) and exit 2.
fn parse(mut args: Vec<OsString>) -> Cli {
    // clap's `help` subcommand takes no options; `milvus-cert help --help` means the
    // top-level help, which describes `help` too.
    let help_flag = |a: &OsString| a == "--help" || a == "-h";
    if args.len() == 3 && args[1] == "help" && help_flag(&args[2]) {
        args.truncate(1);
        args.push("--help".into());
    }
    let color = color_flag(&args);
    term::set_color(color.to_anstream());
    let matches = Cli::command().color(color.to_clap()).get_matches_from(args);
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// The value of `--color WHEN` / `--color=WHEN` if it is a valid one (the last wins).
fn color_flag(args: &[OsString]) -> ColorChoice {
    use clap::ValueEnum;
    let mut choice = ColorChoice::Auto;
    let mut iter = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = iter.next() {
        if arg == "--" {
            break;
        }
        let value = match arg.strip_prefix("--color") {
            Some("") => iter.next().map(|v| v.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        if let Some(parsed) = value.and_then(|v| ColorChoice::from_str(&v, false).ok()) {
            choice = parsed;
        }
    }
    choice
}
