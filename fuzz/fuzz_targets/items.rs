//! The one reader (PEM/DER certificates, keys, CSRs) and everything built on a blob:
//! the certificate and key loaders of `verify` and the views of `inspect`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use milvus_cert::{CertView, CsrView, Item, KeyView, certs_from_bytes, key_from_bytes, read_items};
use std::path::Path;
use time::OffsetDateTime;

fuzz_target!(|data: &[u8]| {
    let now = OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000);
    if let Ok(blob) = read_items(data) {
        for item in &blob.items {
            let _ = item.describe();
            match item {
                Item::Certificate(der) => {
                    if let Ok(view) = CertView::from_der(der, now) {
                        let _ = view.public_id();
                        let _ = view.self_issued();
                    }
                }
                Item::Csr(der) => {
                    let _ = CsrView::from_der(der);
                }
                Item::PrivateKey(key) => {
                    let _ = KeyView::of(key);
                }
                Item::Other { .. } => {}
            }
        }
    }
    let _ = certs_from_bytes(Path::new("f.pem"), data, now);
    let _ = key_from_bytes(Path::new("f.key"), data);
});
