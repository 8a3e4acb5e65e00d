//! milvus-cert: makes, checks and wires up the TLS certificates a Milvus vector database
//! needs. Data flows cli → plan → pki → store; `render` shows the result.

#![warn(missing_docs)]
// No `unreachable_pub`: modules are private and keep their items `pub`, so that the
// crate's public face is exactly the re-export list below.

mod certdir;
mod check;
mod cli;
mod commands;
mod issue;
mod milvus;
mod pki;
mod probe;
mod render;
mod settings;
mod store;
mod terminal;

// The public face, and all of it: what main.rs, tests/*.rs and fuzz/ use.
pub use certdir::items::{Item, read_items};
pub use certdir::view::{CertView, CsrView, KeyView, NameConstraints, Subtree};
pub use certdir::{CertDir, certs_from_bytes, key_from_bytes, load_certs, load_key};
pub use check::{Options as VerifyOptions, run as verify};
pub use cli::docs::Shell;
pub use cli::{Cli, ColorChoice};
pub use commands::docs::completion_file_name;
pub use issue::authority::Authority;
pub use pki::KeySpec;
pub use pki::keyinfo::spki_info;
pub use pki::parse::parse_private_key;
pub use render::verify_text;
pub use settings::{Overrides, resolve as resolve_settings};
pub use store::OutFile;

/// Process plumbing `main.rs` sets up around [`run`]: panic hook, colour, progress,
/// broken pipe, Ctrl-C.
pub mod term {
    pub use crate::render::{
        Progress, backtrace_requested, configure, error, install_panic_hook, internal_error_line,
        is_broken_pipe_panic, panic_message, progress_clear, set_color,
    };
    pub use crate::store::interrupt::install as install_interrupt;
}

use anyhow::Result;
use cli::Command;
use render::Output;

/// Exit code: success (warnings allowed).
pub const EXIT_OK: u8 = 0;
/// Exit code: a check found errors.
pub const EXIT_CHECK_FAILED: u8 = 1;
/// Exit code: usage or input error; nothing was written.
pub const EXIT_USAGE: u8 = 2;
/// Exit code of an internal error (a panic, i.e. a bug); the same as Rust's default.
pub const EXIT_INTERNAL: u8 = 101;

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
    // The writing commands either finish or fail with an error.
    let done = |result: Result<()>| result.map(|()| Outcome::Done);
    let result = match cli.command {
        Command::Init(args) => done(commands::issue::init(&args, output)),
        Command::Ca(args) => done(commands::issue::ca(&args, output)),
        Command::Server(args) => done(commands::issue::leaf(
            store::role::Role::Server,
            &args,
            output,
        )),
        Command::Client(args) => done(commands::issue::leaf(
            store::role::Role::Client,
            &args,
            output,
        )),
        Command::Sign(args) => done(commands::issue::sign(&args, output)),
        Command::Renew(args) => done(commands::issue::renew(&args, output)),
        Command::Inspect(args) => commands::inspect::run(&args, output),
        Command::Verify(args) => commands::verify::run(&args, output),
        Command::Probe(args) => commands::probe::run(&args, output),
        Command::Status(args) => commands::status::run(&args, output),
        Command::RotateCa(args) => done(commands::rotate::run(&args, output)),
        Command::EmitConfig(args) => done(commands::emit::run(&args, output)),
        Command::Completions(args) => done(commands::docs::completions(&args, output)),
        Command::Man(args) => done(commands::docs::man(&args, output)),
    };
    // Which settings file shaped what was just written: never silent.
    if result.is_ok()
        && let Some(note) = settings::in_effect()
    {
        render::note(note);
    }
    result.map(|outcome| match outcome {
        Outcome::Done => EXIT_OK,
        Outcome::CheckFailed => EXIT_CHECK_FAILED,
        Outcome::InputRejected => EXIT_USAGE,
    })
}
