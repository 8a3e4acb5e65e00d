//! The TOML settings parser (`--config FILE`, `milvus-cert.toml`): parse, resolve with
//! no flags or environment, and print the result back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use milvus_cert::{Overrides, resolve_settings};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    // `profile::load` refuses non-UTF-8 before parsing; mirror that.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let env = |_: &str| None;
    if let Ok(settings) = resolve_settings(
        &Overrides::default(),
        &env,
        Some((Path::new("milvus-cert.toml"), text)),
    ) {
        let _ = settings.to_toml();
        let _ = settings.to_json();
        let _ = settings.entries();
    }
});
