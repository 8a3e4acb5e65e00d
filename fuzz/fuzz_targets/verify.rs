//! The whole `verify` pipeline on an in-memory directory: the input is split at
//! `SEPARATOR` into ca.pem, ca.key, server.pem, server.key, client.pem, client.key,
//! app.pem and app.key (missing parts are missing files); both modes are checked and
//! both report formats rendered.
#![no_main]

use libfuzzer_sys::fuzz_target;
use milvus_cert::{CertDir, VerifyOptions, verify, verify_text};
use time::OffsetDateTime;

const SEPARATOR: &[u8] = b"\n%%\n";
const NAMES: [&str; 8] = [
    "ca.pem",
    "ca.key",
    "server.pem",
    "server.key",
    "client.pem",
    "client.key",
    "app.pem",
    "app.key",
];

fn split(data: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let mut rest = data;
    while let Some(i) = rest.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
        parts.push(&rest[..i]);
        rest = &rest[i + SEPARATOR.len()..];
    }
    parts.push(rest);
    parts
}

fuzz_target!(|data: &[u8]| {
    let parts = split(data);
    let files = |name: &str| {
        let i = NAMES.iter().position(|n| *n == name)?;
        // An empty part stands for a missing file (an empty file is tested by `items`).
        parts.get(i).filter(|p| !p.is_empty()).map(|p| p.to_vec())
    };
    let now = OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000);
    let dir = CertDir::from_memory(&files, &["app.pem"], now);
    for mode in [1, 2] {
        let opts = VerifyOptions {
            server_name: (mode == 2).then(|| "localhost".to_string()),
            mode,
            warn_days: 30,
            // Empty: every client counts, as without --clients.
            clients: Vec::new(),
        };
        let report = verify(&dir, &opts, now);
        let _ = report.to_json();
        let _ = verify_text(&report);
    }
});
