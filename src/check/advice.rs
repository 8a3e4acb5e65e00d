//! Commands the tool prints for a person to paste: one builder, so each printed command
//! names the binary the same way, carries `--dir`, and quotes every argument for a POSIX
//! shell (a directory with a space in it still works when pasted).

use std::path::Path;

/// The program name printed commands start with.
pub const PROGRAM: &str = "milvus-cert";

/// `arg` quoted for a POSIX shell when it needs to be (single quotes, `'` escaped).
pub fn quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=@%+,".contains(&b));
    if plain {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// `words` joined for a POSIX shell, each quoted as needed.
pub fn quote_all(words: &[&str]) -> String {
    words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ")
}

/// `milvus-cert ARGS… --dir DIR EXTRA…`, each argument quoted.
pub fn command(args: &[&str], dir: &Path, extra: &[&str]) -> String {
    let dir = dir.display().to_string();
    let mut words: Vec<&str> = vec![PROGRAM];
    words.extend(args);
    words.extend(["--dir", dir.as_str()]);
    words.extend(extra);
    words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_quoted_only_when_needed() {
        assert_eq!(quote("/tmp/cert"), "/tmp/cert");
        assert_eq!(quote("my certs"), "'my certs'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote(""), "''");
        assert_eq!(
            command(&["renew", "server"], Path::new("/a b"), &["--san", "x"]),
            "milvus-cert renew server --dir '/a b' --san x"
        );
    }
}
