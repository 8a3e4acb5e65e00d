//! Key generation, CSRs and signing, with rcgen. In memory only: `store` writes.

pub mod cert;
pub mod keyinfo;
pub mod keys;
pub mod names;
pub mod parse;
pub mod protect;
pub mod serial;
pub mod signature;

pub use cert::{Ca, CaBuilder, IssuedLeaf, LeafBuilder, Validity};
pub use keys::{KeySpec, KeyType, PrivateKey};
pub use names::{San, Subject};
