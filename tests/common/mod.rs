//! Helpers shared by the integration tests, by topic: running the built binary (`run`),
//! openssl recipes and checks (`openssl`), directory snapshots (`files`), an openssl
//! s_server peer (`sserver`) and a rustls connection (`tls`). Each test binary compiles
//! this module and uses part of it, hence the blanket `dead_code` allowance.
#![allow(dead_code, unused_imports)]

pub mod corpus;
pub mod files;
pub mod findings;
pub mod openssl;
pub mod readme;
pub mod run;
pub mod sclient;
pub mod selfsigned;
pub mod sserver;
pub mod tls;
pub mod unchanged;

pub use files::*;
pub use openssl::*;
pub use run::*;
