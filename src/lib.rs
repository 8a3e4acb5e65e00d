//! milvus-cert: makes, checks and wires up the TLS certificates a Milvus vector database
//! needs. Data flows cli → plan → pki → store; `render` shows the result.

#![warn(missing_docs, unreachable_pub)]

pub mod advice;
pub mod authority;
pub mod certdir;
pub mod cli;
pub mod commands;
pub mod init;
pub mod inspect;
pub mod interrupt;
pub mod items;
pub mod load;
pub mod milvus;
pub mod par;
pub mod passphrase;
pub mod pki;
pub mod plan;
pub mod probe;
pub mod profile;
pub mod render;
pub mod role;
pub mod serial;
pub mod status;
pub mod store;
pub mod summary;
pub mod verify;

use anyhow::Result;
use cli::{Cli, Command};
use render::Output;

/// Exit code: success (warnings allowed).
pub const EXIT_OK: u8 = 0;
/// Exit code: a check found errors.
pub const EXIT_CHECK_FAILED: u8 = 1;
/// Exit code: usage or input error; nothing was written.
pub const EXIT_USAGE: u8 = 2;

/// Runs one command and returns its exit code; errors are returned, not printed.
pub fn run(cli: Cli) -> Result<u8> {
    let output = if cli.json {
        Output::Json
    } else if cli.quiet {
        Output::Quiet
    } else {
        Output::Text
    };
    use commands::Outcome;
    let outcome = |result: Result<Outcome>| {
        result.map(|outcome| match outcome {
            Outcome::Done => EXIT_OK,
            Outcome::CheckFailed => EXIT_CHECK_FAILED,
            Outcome::InputRejected => EXIT_USAGE,
        })
    };
    let result = match cli.command {
        Command::Init(args) => commands::issue::init(&args, output),
        Command::Ca(args) => commands::issue::ca(&args, output),
        Command::Server(args) => commands::issue::leaf(role::Role::Server, &args, output),
        Command::Client(args) => commands::issue::leaf(role::Role::Client, &args, output),
        Command::Sign(args) => commands::issue::sign(&args, output),
        Command::Renew(args) => commands::issue::renew(&args, output),
        Command::Inspect(args) => outcome(commands::inspect::run(&args, output)),
        Command::Verify(args) => outcome(commands::verify::run(&args, output)),
        Command::Probe(args) => outcome(commands::probe::run(&args, output)),
        Command::Status(args) => outcome(commands::status::run(&args, output)),
        Command::RotateCa(args) => commands::rotate::run(&args, output),
        Command::EmitConfig(args) => commands::emit::run(&args, output),
        Command::Completions(args) => commands::docs::completions(&args, output),
        Command::Man(args) => commands::docs::man(&args, output),
    };
    // Which settings file shaped what was just written: never silent.
    if result.is_ok()
        && let Some(note) = profile::in_effect()
    {
        render::note(note);
    }
    result
}
