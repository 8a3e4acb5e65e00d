//! The examples in README.md, so tests can hold them to real output.

use serde_json::Value;

/// The first ```json block after `marker` (an HTML comment such as
/// `<!-- verify-json-example -->`) in README.md, parsed.
pub fn readme_json(marker: &str) -> Value {
    let readme = super::files::readme();
    let at = readme
        .find(marker)
        .unwrap_or_else(|| panic!("README.md has no {marker}"));
    let block = readme[at..]
        .split("```json\n")
        .nth(1)
        .expect("a json block");
    let body = block.split("\n```").next().unwrap();
    serde_json::from_str(body).unwrap_or_else(|e| panic!("README's {marker} block: {e}"))
}
