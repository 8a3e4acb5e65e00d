//! One module per subcommand family; each turns parsed arguments into an exit code.
//! `lib::run` only dispatches here.

pub mod docs;
pub mod emit;
pub mod inspect;
pub mod issue;
pub mod probe;
pub mod rotate;
pub mod status;
pub mod verify;
