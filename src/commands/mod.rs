//! One module per subcommand family; each turns parsed arguments into a report, hands
//! it to `render`, and returns what the run came to. `lib::run` only dispatches here
//! and is the one place that turns an [`Outcome`] into an exit code.

pub mod docs;
pub mod emit;
pub mod inspect;
pub mod issue;
pub mod probe;
pub mod rotate;
pub mod status;
pub mod verify;

/// What a command's run came to (errors that stop it are returned as `Err`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done; warnings allowed.
    Done,
    /// A check found something that fails it.
    CheckFailed,
    /// Some of the input could not be used (a file `inspect` cannot read, an endpoint
    /// `probe` cannot reach); the rest was shown.
    InputRejected,
}
