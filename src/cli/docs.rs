//! Arguments of `completions` and `man`.

use clap::{Args, ValueEnum};
use std::path::PathBuf;

pub(crate) const COMPLETIONS_HELP: &str = "EXAMPLES:
  Complete milvus-cert in the current bash session:
    $ source <(milvus-cert completions bash)

  Install for zsh (any directory on $fpath; then restart the shell):
    $ milvus-cert completions zsh > ~/.zfunc/_milvus-cert

  Install for fish:
    $ milvus-cert completions fish > ~/.config/fish/completions/milvus-cert.fish

The same scripts are in the completions/ directory of the source tree.

EXIT CODES:
  0 the script was printed; 2 usage error (an unknown shell)";

pub(crate) const MAN_HELP: &str = "EXAMPLES:
  Write milvus-cert.1 and one page per subcommand (milvus-cert-init.1, ...) into ./man:
    $ milvus-cert man

  Install them for the current user, then read one:
    $ milvus-cert man --out-dir ~/.local/share/man/man1 && man milvus-cert-init

  List what would be written, and whether it exists, without writing:
    $ milvus-cert man --out-dir /usr/local/share/man/man1 --dry-run

EXIT CODES:
  0 the pages were written (or listed, with --dry-run); 2 usage or write error,
  e.g. a page already exists and --force was not given (nothing was written)";

/// Shells `completions` can write a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    /// Bash 4+ (`source` it, or drop it into bash-completion's directory).
    Bash,
    /// Zsh (a `_milvus-cert` file in a directory on $fpath).
    Zsh,
    /// Fish (`~/.config/fish/completions/milvus-cert.fish`).
    Fish,
    /// PowerShell (dot-source it from $PROFILE).
    Powershell,
    /// Elvish (`eval` it from rc.elv).
    Elvish,
}

/// Print a shell completion script on stdout.
#[derive(Debug, Args)]
#[command(after_long_help = COMPLETIONS_HELP)]
pub struct CompletionsArgs {
    /// Shell to print the completion script for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

/// Write roff man pages for milvus-cert and each subcommand.
#[derive(Debug, Args)]
#[command(after_long_help = MAN_HELP)]
pub struct ManArgs {
    /// Directory to write the man pages into (created if missing).
    #[arg(long, value_name = "DIR", default_value = "man")]
    pub out_dir: PathBuf,

    /// Replace pages that already exist.
    #[arg(long)]
    pub force: bool,

    /// List the pages that would be written, and which exist, but write nothing.
    #[arg(long)]
    pub dry_run: bool,
}
