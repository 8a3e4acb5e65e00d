//! Helpers shared by the integration tests, by topic: running the built binary (`run`),
//! openssl recipes and checks (`openssl`, `selfsigned`), directory snapshots and the
//! README's JSON examples (`files`, `readme`, `unchanged`), the findings of a report
//! (`findings`), openssl s_server and s_client peers (`sserver`, `sclient`), a rustls
//! connection (`tls`) and the lab's defect corpus (`corpus`). Each test binary compiles
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
