//! The write side: settings turned into a plan, the CA of a directory (loading, lock,
//! serials), and what `init`, `server`/`client`, `sign`, `renew` and `rotate-ca` made.

pub(crate) mod authority;
pub(crate) mod ca;
pub(crate) mod init;
pub(crate) mod issuing;
pub(crate) mod leaf;
pub(crate) mod plan;
pub(crate) mod renew;
pub(crate) mod reuse;
pub(crate) mod rotate;
pub(crate) mod sign;
pub(crate) mod summary;
