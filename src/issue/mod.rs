//! The write side: settings turned into a plan, the CA of a directory (loading, lock,
//! serials), and what `init`, `server`/`client`, `sign`, `renew` and `rotate-ca` made.

pub(crate) mod authority;
pub(crate) mod init;
pub(crate) mod plan;
pub(crate) mod role;
pub(crate) mod serial;
pub(crate) mod summary;
