//! Ready-to-run connection snippets for each Milvus client, from `templates/client/`.
//!
//! Every path and name is inserted as a string literal of the snippet's language, escaped
//! by that language's rules, so a path with quotes, backslashes or spaces stays one value.

use super::ClientKind;
use super::templates::{self, render};
use anyhow::{Result, bail};

/// Environment variables the snippets read credentials from (never a literal password).
pub const USER_ENV: &str = "MILVUS_USER";
/// See [`USER_ENV`].
pub const PASSWORD_ENV: &str = "MILVUS_PASSWORD";

/// Where and how a client connects.
#[derive(Debug, Clone)]
pub struct ClientTarget {
    /// 1 one-way, 2 mutual.
    pub mode: u8,
    /// Host to connect to.
    pub host: String,
    /// gRPC port.
    pub port: u16,
    /// REST port (`proxy.http.port`).
    pub http_port: u16,
    /// Name expected in the server certificate (TLS SNI and verification).
    pub server_name: String,
    /// Paths as the client sees them.
    pub server_pem: String,
    /// See `server_pem`.
    pub ca_pem: String,
    /// See `server_pem`.
    pub client_pem: String,
    /// See `server_pem`.
    pub client_key: String,
    /// Authentication is on: pass user and password from the environment.
    pub auth: bool,
}

/// One rendered snippet.
#[derive(Debug, Clone)]
pub struct Snippet {
    /// File name to save it as.
    pub file_name: &'static str,
    /// The code.
    pub text: String,
}

/// All clients, in the order they are printed.
pub const ALL_CLIENTS: [ClientKind; 5] = [
    ClientKind::Python,
    ClientKind::Go,
    ClientKind::Java,
    ClientKind::Node,
    ClientKind::Curl,
];

/// The file name a snippet is meant to be saved as (Java needs its class name).
pub fn file_name(kind: ClientKind) -> &'static str {
    match kind {
        ClientKind::Python => "milvus_tls.py",
        ClientKind::Go => "main.go",
        ClientKind::Java => "MilvusTls.java",
        ClientKind::Node => "milvus_tls.js",
        ClientKind::Curl => "milvus_tls.sh",
    }
}

/// How one client's snippets are written.
struct Lang {
    /// A string literal of the language.
    quote: fn(&str) -> String,
    /// A line comment.
    comment: &'static str,
    /// The code that passes the user and password from the environment.
    auth: fn() -> String,
    /// The templates of modes 1 and 2.
    templates: [&'static str; 2],
}

fn lang(kind: ClientKind) -> Lang {
    match kind {
        ClientKind::Python => Lang {
            quote: py_str,
            comment: "#",
            auth: || {
                format!(
                    "    user=os.environ[\"{USER_ENV}\"],\n    password=os.environ[\"{PASSWORD_ENV}\"],\n"
                )
            },
            templates: [templates::PYMILVUS_MODE1, templates::PYMILVUS_MODE2],
        },
        ClientKind::Go => Lang {
            quote: go_str,
            comment: "//",
            auth: || {
                format!(
                    "\t\tUsername: os.Getenv(\"{USER_ENV}\"),\n\t\tPassword: os.Getenv(\"{PASSWORD_ENV}\"),\n"
                )
            },
            templates: [templates::GO_MODE1, templates::GO_MODE2],
        },
        ClientKind::Java => Lang {
            quote: java_str,
            comment: "//",
            auth: || {
                format!(
                    "                .username(System.getenv(\"{USER_ENV}\"))\n                .password(System.getenv(\"{PASSWORD_ENV}\"))\n"
                )
            },
            templates: [templates::JAVA_MODE1, templates::JAVA_MODE2],
        },
        ClientKind::Node => Lang {
            quote: js_str,
            comment: "//",
            auth: || {
                format!(
                    "    username: process.env.{USER_ENV},\n    password: process.env.{PASSWORD_ENV},\n"
                )
            },
            templates: [templates::NODE_MODE1, templates::NODE_MODE2],
        },
        ClientKind::Curl => Lang {
            quote: sh_quote,
            comment: "#",
            auth: || {
                format!(
                    "  -H \"Authorization: Bearer ${{{USER_ENV}:?set {USER_ENV}}}:${{{PASSWORD_ENV}:?set {PASSWORD_ENV}}}\" \\\n"
                )
            },
            templates: [templates::CURL_MODE1, templates::CURL_MODE2],
        },
    }
}

/// Renders the snippet for `kind`. The template decides which values it needs (the
/// mode-1 snippets of pymilvus and Java pin server.pem, the others trust ca.pem).
pub fn snippet(kind: ClientKind, t: &ClientTarget) -> Result<Snippet> {
    let lang = lang(kind);
    let template = lang.templates[usize::from(t.mode == 2)];
    let values = templates::placeholders(template)
        .into_iter()
        .map(|name| Ok((name, value(name, kind, &lang, t)?)))
        .collect::<Result<Vec<_>>>()?;
    Ok(Snippet {
        file_name: file_name(kind),
        text: render(template, &values)?,
    })
}

/// The value of placeholder `name` in `kind`'s snippet; paths and names as literals of
/// the language.
fn value(name: &str, kind: ClientKind, lang: &Lang, t: &ClientTarget) -> Result<String> {
    let q = lang.quote;
    let target = host_port(&t.host, t.port);
    Ok(match name {
        "target" => target,
        "file_name" => file_name(kind).to_string(),
        "uri" => q(&format!("https://{target}")),
        "address" => q(&target),
        "server_name" => q(&t.server_name),
        "ca_pem" => q(&t.ca_pem),
        "server_pem" => q(&t.server_pem),
        "client_pem" => q(&t.client_pem),
        "client_key" => q(&t.client_key),
        "auth_comment" => auth_comment(t.auth, lang.comment),
        "auth_args" | "auth_fields" | "auth_calls" | "auth_header" => auth(t.auth, &(lang.auth)()),
        "import_os" => auth(t.auth, "import os\n\n"),
        "http_port" => t.http_port.to_string(),
        "connect_to" => connect_to(t),
        "url" => {
            let host = host_port(&t.server_name, t.http_port);
            q(&format!("https://{host}/v2/vectordb/collections/list"))
        }
        _ => bail!("template placeholder {{{{{name}}}}} has no value"),
    })
}

/// curl checks the URL's host against the certificate, so the URL carries the server
/// name; --connect-to sends it to the real host when they differ.
fn connect_to(t: &ClientTarget) -> String {
    if t.server_name == t.host {
        return String::new();
    }
    let (name, port, host) = (&t.server_name, t.http_port, bracket(&t.host));
    format!(
        "  --connect-to {} \\\n",
        sh_quote(&format!("{name}:{port}:{host}:{port}"))
    )
}

fn auth(on: bool, text: &str) -> String {
    if on { text.to_string() } else { String::new() }
}

fn auth_comment(on: bool, comment: &str) -> String {
    if !on {
        return String::new();
    }
    format!(
        "{comment} Authentication is on: set {USER_ENV} and {PASSWORD_ENV} in the environment.\n\
         {comment} Change the default root password (Milvus) first; never write passwords in code.\n"
    )
}

/// `host:port`, with an IPv6 address in brackets.
pub fn host_port(host: &str, port: u16) -> String {
    format!("{}:{port}", bracket(host))
}

fn bracket(host: &str) -> String {
    if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_string()
    }
}

/// A Python string literal.
pub fn py_str(s: &str) -> String {
    c_like(s, |c| format!("\\x{:02x}", c as u32))
}

/// A Go interpreted string literal.
pub fn go_str(s: &str) -> String {
    c_like(s, |c| format!("\\x{:02x}", c as u32))
}

/// A Java string literal. Escaping every backslash also keeps javac from reading a
/// `\u` in a path as a Unicode escape.
pub fn java_str(s: &str) -> String {
    c_like(s, |c| format!("\\u{:04x}", c as u32))
}

/// A JavaScript string literal (U+2028/2029 end a line in older engines, so escaped).
pub fn js_str(s: &str) -> String {
    let escaped = c_like(s, |c| format!("\\x{:02x}", c as u32));
    escaped
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// A POSIX shell word: single quotes, with `'` written as `'\''`.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Double-quoted literal with C-style escapes; `control` writes other control characters.
fn c_like(s: &str, control: fn(char) -> String) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&control(c)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_quotes_and_backslashes() {
        let path = r#"C:\certs\"q"\u0041 it's"#;
        assert_eq!(py_str(path), r#""C:\\certs\\\"q\"\\u0041 it's""#);
        assert_eq!(java_str(path), r#""C:\\certs\\\"q\"\\u0041 it's""#);
        assert_eq!(go_str("a\u{1}b"), r#""a\x01b""#);
        assert_eq!(java_str("a\u{1}b"), r#""a\u0001b""#);
        assert_eq!(js_str("a\u{2028}b"), r#""a\u2028b""#);
        assert_eq!(sh_quote("it's"), r#"'it'\''s'"#);
        assert_eq!(host_port("::1", 1), "[::1]:1");
        assert_eq!(host_port("localhost", 1), "localhost:1");
    }
}
