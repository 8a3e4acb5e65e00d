//! Settings with precedence: command-line flag > `MILVUS_CERT_*` environment variable >
//! `milvus-cert.toml` > built-in default. Every resolved value remembers where it came
//! from, so errors can name the flag, the variable or the file line, and `--print-config`
//! can say it.
//!
//! [`resolve`] is pure (the environment is a function, the file is text); [`load`] does the
//! reading.

use crate::pki::KeyType;
use anyhow::{Result, anyhow, bail};
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The settings file looked for in the current directory.
pub const CONFIG_FILE: &str = "milvus-cert.toml";
/// The environment variable naming a settings file.
pub const CONFIG_ENV: &str = "MILVUS_CERT_CONFIG";

/// THE table of settings: each row defines one setting once, and everything else is
/// generated from it — its flag override ([`Overrides`]), its resolved value
/// ([`Settings`]), its `milvus-cert.toml` key, its `MILVUS_CERT_*` variable, its default
/// and its `--print-config` line ([`KEYS`], [`Settings::entries`]).
///
/// A row: `field: Kind, FlagType => SettledType = default; "key", "ENV", "meaning";`.
/// `Kind` says how the value is read from the environment and the file ([`Kind`]);
/// `default` turns "not given anywhere" into the settled value ([`required`],
/// [`optional`]).
macro_rules! settings_table {
    ($( $field:ident : $kind:ty, $flag:ty => $settled:ty = $default:expr;
        $key:literal, $env:literal, $about:literal; )*) => {
        /// Every setting: its key in `milvus-cert.toml` (also the flag, with `--`), its
        /// environment variable, and what it means. The order is the order of
        /// `--print-config`.
        pub const KEYS: [(&str, &str, &str); [$($key),*].len()] = [$(($key, $env, $about)),*];

        /// Values given on the command line (`None`/empty: not given).
        #[derive(Debug, Clone, Default)]
        pub struct Overrides {
            $( #[doc = concat!("`--", $key, "`: ", $about, ".")] pub $field: $flag, )*
        }

        /// Every setting, resolved.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Settings {
            $( #[doc = concat!($about, ".")] pub $field: Setting<$settled>, )*
            /// The settings file read, if any.
            pub config: Option<PathBuf>,
        }

        /// `milvus-cert.toml` as written: every key optional, nothing else allowed.
        #[derive(Debug, Default, Deserialize)]
        #[serde(deny_unknown_fields)]
        struct FileSettings {
            $( #[serde(rename = $key)] $field: Option<Spanned<<$kind as Kind>::File>>, )*
        }

        impl Resolver<'_> {
            /// Every setting: flag > environment > file > default.
            fn resolve_all(&self, flags: &Overrides, file: FileSettings) -> Result<Settings> {
                Ok(Settings {
                    $( $field: self.settle::<$kind, _>(
                        $key,
                        flags.$field.given(),
                        file.$field,
                        $default,
                    )?, )*
                    config: None,
                })
            }
        }

        impl Settings {
            /// Each setting as a TOML value (`None`: unset) with its origin, in [`KEYS`]
            /// order.
            pub fn entries(&self) -> Vec<(&'static str, Option<toml::Value>, &Origin)> {
                vec![$( ($key, self.$field.value.to_toml(), &self.$field.origin), )*]
            }
        }
    };
}

settings_table! {
    dir: PathBuf, Option<PathBuf> => PathBuf = required(PathBuf::from(crate::store::role::DEFAULT_DIR));
        "dir", "MILVUS_CERT_DIR", "directory holding the CA and the certificates";
    cn: String, Option<String> => String = required("localhost".to_string());
        "cn", "MILVUS_CERT_CN", "server CommonName, also its first SAN";
    san: Vec<String>, Vec<String> => Vec<String> = required(Vec::new());
        "san", "MILVUS_CERT_SAN", "extra server SANs (env: comma-separated)";
    client_cn: String, Option<String> => String = required("milvus-client".to_string());
        "client-cn", "MILVUS_CERT_CLIENT_CN", "client CommonName";
    ca_cn: String, Option<String> => Option<String> = optional(None);
        "ca-cn", "MILVUS_CERT_CA_CN", "CA CommonName";
    country: String, Option<String> => Option<String> = optional(None);
        "country", "MILVUS_CERT_COUNTRY", "subject C, two letters";
    state: String, Option<String> => Option<String> = optional(None);
        "state", "MILVUS_CERT_STATE", "subject ST";
    locality: String, Option<String> => Option<String> = optional(None);
        "locality", "MILVUS_CERT_LOCALITY", "subject L";
    org: String, Option<String> => Option<String> = optional(Some("milvus".to_string()));
        "org", "MILVUS_CERT_ORG", "subject O";
    org_unit: String, Option<String> => Option<String> = optional(None);
        "org-unit", "MILVUS_CERT_ORG_UNIT", "subject OU";
    key_type: KeyType, Option<KeyType> => KeyType = required(KeyType::Rsa);
        "key-type", "MILVUS_CERT_KEY_TYPE", "rsa, ecdsa-p256, ecdsa-p384 or ed25519";
    key_bits: u32, Option<u32> => Option<u32> = optional(None);
        "key-bits", "MILVUS_CERT_KEY_BITS", "RSA size: 2048, 3072, 4096";
    days: u32, Option<u32> => u32 = required(DEFAULT_DAYS);
        "days", "MILVUS_CERT_DAYS", "leaf validity in days";
    ca_days: u32, Option<u32> => u32 = required(DEFAULT_DAYS);
        "ca-days", "MILVUS_CERT_CA_DAYS", "CA validity in days";
    server_name: String, Option<String> => String =
        required(crate::store::role::Role::Server.default_name().to_string());
        "server-name", "MILVUS_CERT_SERVER_NAME", "base name of the server files (NAME.key/.csr/.pem)";
    client_name: String, Option<String> => String =
        required(crate::store::role::Role::Client.default_name().to_string());
        "client-name", "MILVUS_CERT_CLIENT_NAME", "base name of the client files";
}

/// How a setting's value is read from an environment variable and from the settings
/// file, and written back as TOML.
trait Kind: Sized {
    /// The type serde reads from `milvus-cert.toml`.
    type File: serde::de::DeserializeOwned;
    /// Parses the raw value of environment variable `var`.
    fn from_env(var: &str, raw: &str) -> Result<Self>;
    /// Checks a file value; `label` names the file line and key for errors.
    fn from_file(value: Self::File, label: &dyn Fn() -> String) -> Result<Self>;
}

impl Kind for String {
    type File = String;
    fn from_env(_: &str, raw: &str) -> Result<Self> {
        Ok(raw.to_string())
    }
    fn from_file(value: String, _: &dyn Fn() -> String) -> Result<Self> {
        Ok(value)
    }
}

impl Kind for PathBuf {
    type File = PathBuf;
    fn from_env(_: &str, raw: &str) -> Result<Self> {
        Ok(PathBuf::from(raw))
    }
    fn from_file(value: PathBuf, _: &dyn Fn() -> String) -> Result<Self> {
        Ok(value)
    }
}

impl Kind for u32 {
    type File = u32;
    fn from_env(var: &str, raw: &str) -> Result<Self> {
        raw.trim()
            .parse()
            .map_err(|_| anyhow!("{var}: {raw:?} is not a whole number"))
    }
    fn from_file(value: u32, _: &dyn Fn() -> String) -> Result<Self> {
        Ok(value)
    }
}

impl Kind for Vec<String> {
    type File = Vec<String>;
    /// A list in one variable is comma-separated.
    fn from_env(_: &str, raw: &str) -> Result<Self> {
        Ok(raw
            .split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect())
    }
    fn from_file(value: Vec<String>, _: &dyn Fn() -> String) -> Result<Self> {
        Ok(value)
    }
}

impl Kind for KeyType {
    /// Text in the file, checked here so the error has the line.
    type File = String;
    fn from_env(var: &str, raw: &str) -> Result<Self> {
        parse_key_type(var, raw)
    }
    fn from_file(value: String, label: &dyn Fn() -> String) -> Result<Self> {
        parse_key_type(&label(), &value)
    }
}

fn parse_key_type(label: &str, s: &str) -> Result<KeyType> {
    s.trim().parse().map_err(|e| anyhow!("{label}: {e}"))
}

/// A command-line value as "given or not": an empty list counts as not given.
trait Given<T> {
    fn given(&self) -> Option<T>;
}

impl<T: Clone> Given<T> for Option<T> {
    fn given(&self) -> Option<T> {
        self.clone()
    }
}

impl Given<Vec<String>> for Vec<String> {
    fn given(&self) -> Option<Vec<String>> {
        (!self.is_empty()).then(|| self.clone())
    }
}

/// A setting that always has a value: `default` when nothing gives one.
fn required<T>(default: T) -> impl FnOnce(Option<T>) -> T {
    move |found| found.unwrap_or(default)
}

/// A setting that may stay unset: `default` (often `None`) when nothing gives one.
fn optional<T>(default: Option<T>) -> impl FnOnce(Option<T>) -> Option<T> {
    move |found| found.or(default)
}

/// A settled value written back as TOML (`None`: unset).
trait ToToml {
    fn to_toml(&self) -> Option<toml::Value>;
}

impl ToToml for String {
    fn to_toml(&self) -> Option<toml::Value> {
        Some(toml::Value::String(self.clone()))
    }
}

impl ToToml for PathBuf {
    fn to_toml(&self) -> Option<toml::Value> {
        Some(toml::Value::String(self.to_string_lossy().into_owned()))
    }
}

impl ToToml for u32 {
    fn to_toml(&self) -> Option<toml::Value> {
        Some(toml::Value::Integer(i64::from(*self)))
    }
}

impl ToToml for KeyType {
    fn to_toml(&self) -> Option<toml::Value> {
        Some(toml::Value::String(self.to_string()))
    }
}

impl ToToml for Vec<String> {
    fn to_toml(&self) -> Option<toml::Value> {
        let items = self.iter().map(|v| toml::Value::String(v.clone()));
        Some(toml::Value::Array(items.collect()))
    }
}

impl<T: ToToml> ToToml for Option<T> {
    fn to_toml(&self) -> Option<toml::Value> {
        self.as_ref().and_then(ToToml::to_toml)
    }
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A command-line flag.
    Flag,
    /// An environment variable.
    Env(&'static str),
    /// A line of a settings file.
    File {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
    },
    /// The built-in default.
    Default,
}

impl Origin {
    /// How an error names the source of `key`'s value: `--days`, `MILVUS_CERT_DAYS`,
    /// `milvus-cert.toml:4: days`.
    pub fn label(&self, key: &str) -> String {
        match self {
            Origin::Flag | Origin::Default => format!("--{key}"),
            Origin::Env(var) => (*var).to_string(),
            Origin::File { path, line } => format!("{}:{line}: {key}", path.display()),
        }
    }

    /// Whether an error about this value needs the source added (flag errors already name
    /// the flag).
    pub fn needs_label(&self) -> bool {
        matches!(self, Origin::Env(_) | Origin::File { .. })
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag => f.write_str("flag"),
            Origin::Env(var) => write!(f, "env {var}"),
            Origin::File { path, line } => write!(f, "{}:{line}", path.display()),
            Origin::Default => f.write_str("default"),
        }
    }
}

/// A resolved value and its origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub origin: Origin,
}

impl<T> Setting<T> {
    fn new(value: T, origin: Origin) -> Self {
        Setting { value, origin }
    }
}

/// Default validity in days, for the CA and the leaves (as gen.sh).
pub const DEFAULT_DAYS: u32 = 3650;

/// Reads the environment and the settings file (`config` flag, else `MILVUS_CERT_CONFIG`,
/// else `./milvus-cert.toml` if it exists), then resolves. The file in effect is named on
/// stderr; an implicit `./milvus-cert.toml` is only read if it is safe ([`check_implicit`]).
pub fn load(flags: &Overrides, config: Option<&Path>) -> Result<Settings> {
    let env = |var: &str| std::env::var(var).ok();
    let path = match config {
        Some(path) => Some((path.to_path_buf(), "--config")),
        None => match env(CONFIG_ENV).filter(|v| !v.is_empty()) {
            Some(path) => Some((PathBuf::from(path), CONFIG_ENV)),
            None => std::fs::symlink_metadata(CONFIG_FILE)
                .is_ok()
                .then(|| (PathBuf::from(CONFIG_FILE), "found in the current directory")),
        },
    };
    let file = match path {
        Some((path, how)) => {
            // Implicit: never through a link someone else may have planted.
            let implicit = config.is_none() && how != CONFIG_ENV;
            let (handle, meta) = crate::store::read::open_input(&path, implicit)?;
            if implicit {
                check_implicit(&path, &meta)?;
            }
            let bytes = crate::store::read::read_capped(
                handle,
                &path,
                crate::store::read::MAX_INPUT_BYTES,
            )?;
            let text = String::from_utf8(bytes)
                .map_err(|_| anyhow!("'{}': not UTF-8 text", path.display()))?;
            Some((path, text, how))
        }
        None => None,
    };
    let settings = resolve(
        flags,
        &env,
        file.as_ref().map(|(p, t, _)| (p.as_path(), t.as_str())),
    )?;
    if let Some((path, _, how)) = &file {
        let note = format!("settings from '{}' ({how})", path.display());
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
        let _ = IN_EFFECT.set((absolute, note));
    }
    Ok(settings)
}

/// The settings file a command used (absolute), and the note said on stderr when it
/// succeeds (a failure's one line already names the file when a setting from it is to
/// blame). `--json` names the file too (`settings_file`).
static IN_EFFECT: std::sync::OnceLock<(PathBuf, String)> = std::sync::OnceLock::new();

/// "settings from 'FILE' (how it was found)", once a settings file has been read.
pub fn in_effect() -> Option<&'static str> {
    IN_EFFECT.get().map(|(_, note)| note.as_str())
}

/// The settings file read by this run, if any (absolute).
pub fn file_in_effect() -> Option<&'static Path> {
    IN_EFFECT.get().map(|(path, _)| path.as_path())
}

/// Refuses a settings file picked up from the current directory that someone else could
/// have put there or changed: it must belong to this user (or root) and be writable by
/// nobody else. Whoever writes it chooses the directory, names and lifetimes of the
/// certificates. Checked on the open file (`meta`), so it cannot be swapped in between.
fn check_implicit(path: &Path, meta: &std::fs::Metadata) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let me = rustix::process::geteuid().as_raw();
    let why = if meta.uid() != me && meta.uid() != 0 {
        format!("it belongs to another user (uid {})", meta.uid())
    } else if meta.mode() & 0o022 != 0 {
        format!("others can change it (mode {:o})", meta.mode() & 0o777)
    } else {
        return Ok(());
    };
    bail!(
        "refusing the settings file '{}' found in the current directory: {why}; whoever writes \
         it chooses your certificates' names and lifetimes. Remove it, fix it (chown, chmod \
         go-w), or name it explicitly with --config",
        path.display()
    )
}

/// 1-based line of byte offset `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

/// Parses a settings file; errors name the file, the line and the key.
fn parse_file(path: &Path, text: &str) -> Result<FileSettings> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start));
        // The key on that line, so "invalid type" messages say which setting.
        let key = line
            .and_then(|l| text.lines().nth(l - 1))
            .and_then(|l| l.split_once('='))
            .map(|(k, _)| k.trim().trim_matches('"'))
            .filter(|k| !k.is_empty() && !e.message().contains(&format!("`{k}`")));
        let message = e.message().trim().replace('\n', " ");
        match (line, key) {
            (Some(line), Some(key)) => anyhow!("{}:{line}: {key}: {message}", path.display()),
            (Some(line), None) => anyhow!("{}:{line}: {message}", path.display()),
            _ => anyhow!("{}: {message}", path.display()),
        }
    })
}

/// Resolves every setting: flag > `env(VAR)` > `file` (path and text) > default.
pub fn resolve(
    flags: &Overrides,
    env: &dyn Fn(&str) -> Option<String>,
    file: Option<(&Path, &str)>,
) -> Result<Settings> {
    let (path, text) = file.unwrap_or((Path::new(""), ""));
    let parsed = match file {
        Some(_) => parse_file(path, text)?,
        None => FileSettings::default(),
    };
    let settings = Resolver { env, path, text }.resolve_all(flags, parsed)?;
    Ok(Settings {
        config: file.map(|(p, _)| p.to_path_buf()),
        ..settings
    })
}

struct Resolver<'a> {
    env: &'a dyn Fn(&str) -> Option<String>,
    path: &'a Path,
    text: &'a str,
}

impl Resolver<'_> {
    fn file_origin(&self, at: usize) -> Origin {
        Origin::File {
            path: self.path.to_path_buf(),
            line: line_of(self.text, at),
        }
    }

    /// flag > environment > file, then `default` settles what none of them gave (an empty
    /// environment variable counts as unset).
    fn settle<K: Kind, S>(
        &self,
        key: &str,
        flag: Option<K>,
        file: Option<Spanned<K::File>>,
        default: impl FnOnce(Option<K>) -> S,
    ) -> Result<Setting<S>> {
        let (found, origin) = self.pick(key, flag, file)?;
        Ok(Setting::new(default(found), origin))
    }

    fn pick<K: Kind>(
        &self,
        key: &str,
        flag: Option<K>,
        file: Option<Spanned<K::File>>,
    ) -> Result<(Option<K>, Origin)> {
        // A bad value in the file is an error even where a flag overrides it: the file
        // is wrong either way.
        let file = match file {
            Some(value) => {
                let origin = self.file_origin(value.span().start);
                Some((
                    K::from_file(value.into_inner(), &|| origin.label(key))?,
                    origin,
                ))
            }
            None => None,
        };
        if let Some(value) = flag {
            return Ok((Some(value), Origin::Flag));
        }
        let var = env_var(key);
        if let Some(raw) = (self.env)(var).filter(|v| !v.trim().is_empty()) {
            return Ok((Some(K::from_env(var, &raw)?), Origin::Env(var)));
        }
        Ok(match file {
            Some((value, origin)) => (Some(value), origin),
            None => (None, Origin::Default),
        })
    }
}

/// The environment variable of a settings key.
pub fn env_var(key: &str) -> &'static str {
    KEYS.iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, var, _)| *var)
        .unwrap_or("MILVUS_CERT_UNKNOWN")
}

impl Settings {
    /// The effective settings as a `milvus-cert.toml`, each line commented with its origin;
    /// unset ones are commented out.
    pub fn to_toml(&self) -> String {
        let mut out = String::from(
            "# milvus-cert settings in effect (flag > MILVUS_CERT_* > milvus-cert.toml > default).\n\
             # Save as milvus-cert.toml to make them the defaults.\n",
        );
        match &self.config {
            Some(path) => out.push_str(&format!("# Settings file: {}\n", path.display())),
            None => out.push_str("# Settings file: none\n"),
        }
        for (key, value, origin) in self.entries() {
            let var = env_var(key);
            match value {
                Some(value) => out.push_str(&format!("{key} = {value}  # {origin}; {var}\n")),
                None => out.push_str(&format!("# {key} =  (not set); {var}\n")),
            }
        }
        out
    }

    /// The effective settings as JSON: `{key: {"value": …, "origin": …}}`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        for (key, value, origin) in self.entries() {
            let value = match value {
                Some(v) => serde_json::to_value(v).unwrap_or(serde_json::Value::Null),
                None => serde_json::Value::Null,
            };
            map.insert(
                key.to_string(),
                serde_json::json!({"value": value, "origin": origin.to_string(), "env": env_var(key)}),
            );
        }
        serde_json::json!({
            "config": self.config.as_ref().map(|p| p.display().to_string()),
            "settings": map,
        })
    }
}

/// Checks a base name for output files: a plain file name, not the CA's.
pub fn check_base_name(label: &str, name: &str) -> Result<()> {
    if name.is_empty()
        || name.starts_with('.')
        || name.contains(['/', '\\'])
        || name.chars().any(char::is_control)
    {
        bail!("{label} {name:?} must be a plain file name (no '/', not starting with '.')");
    }
    if name == crate::store::role::Role::Ca.default_name() {
        bail!("{label} {name:?} would overwrite the CA's files");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k: &str| map.get(k).cloned()
    }

    fn file(text: &str) -> Option<(&Path, &str)> {
        Some((Path::new("milvus-cert.toml"), text))
    }

    #[test]
    fn each_level_overrides_the_next() {
        let toml = "days = 30\ncn = \"file.example\"\nkey-type = \"ecdsa-p384\"\n";
        let none = Overrides::default();
        let s = resolve(&none, &env(&[]), None).unwrap();
        assert_eq!(s.days, Setting::new(DEFAULT_DAYS, Origin::Default));
        assert_eq!(s.cn.value, "localhost");
        let s = resolve(&none, &env(&[]), file(toml)).unwrap();
        assert_eq!(s.days.value, 30);
        assert_eq!(
            s.days.origin,
            Origin::File {
                path: "milvus-cert.toml".into(),
                line: 1
            }
        );
        assert_eq!(s.key_type.value, KeyType::EcdsaP384);
        let e = env(&[
            ("MILVUS_CERT_DAYS", "20"),
            ("MILVUS_CERT_CN", "env.example"),
        ]);
        let s = resolve(&none, &e, file(toml)).unwrap();
        assert_eq!(s.days, Setting::new(20, Origin::Env("MILVUS_CERT_DAYS")));
        assert_eq!(s.cn.value, "env.example");
        let flags = Overrides {
            days: Some(10),
            ..Overrides::default()
        };
        let s = resolve(&flags, &e, file(toml)).unwrap();
        assert_eq!(s.days, Setting::new(10, Origin::Flag));
        assert_eq!(s.cn.value, "env.example");
        assert_eq!(s.key_type.value, KeyType::EcdsaP384);
    }

    #[test]
    fn env_lists_are_comma_separated_and_empty_vars_unset() {
        let e = env(&[
            ("MILVUS_CERT_SAN", "a.example, 10.0.0.1,,"),
            ("MILVUS_CERT_CN", ""),
        ]);
        let s = resolve(&Overrides::default(), &e, None).unwrap();
        assert_eq!(s.san.value, ["a.example", "10.0.0.1"]);
        assert_eq!(s.cn.origin, Origin::Default);
    }

    #[test]
    fn file_errors_name_the_key_and_line() {
        let err = resolve(
            &Overrides::default(),
            &env(&[]),
            file("days = 3\n\nbogus = 1\n"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("milvus-cert.toml:3:") && err.contains("bogus"),
            "{err}"
        );
        let err = resolve(
            &Overrides::default(),
            &env(&[]),
            file("cn = \"x\"\ndays = \"ten\"\n"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("milvus-cert.toml:2: days:"), "{err}");
        let err = resolve(
            &Overrides::default(),
            &env(&[]),
            file("\nkey-type = \"dsa\"\n"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("milvus-cert.toml:2: key-type"), "{err}");
        let err = resolve(
            &Overrides::default(),
            &env(&[("MILVUS_CERT_KEY_BITS", "lots")]),
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("MILVUS_CERT_KEY_BITS"), "{err}");
    }

    #[test]
    fn printed_settings_parse_back_to_the_same_values() {
        let flags = Overrides {
            san: vec!["a.example".into(), "10.0.0.1".into()],
            country: Some("DE".into()),
            key_bits: Some(4096),
            ..Overrides::default()
        };
        let s = resolve(&flags, &env(&[]), None).unwrap();
        let text = s.to_toml();
        let back = resolve(&Overrides::default(), &env(&[]), file(&text)).unwrap();
        for ((k, a, _), (_, b, _)) in s.entries().into_iter().zip(back.entries()) {
            assert_eq!(a, b, "{k}");
        }
    }

    #[test]
    fn every_key_has_an_env_var_and_base_names_are_checked() {
        for (key, var, _) in KEYS {
            assert_eq!(
                var,
                format!("MILVUS_CERT_{}", key.to_uppercase().replace('-', "_"))
            );
        }
        check_base_name("--name", "app1").unwrap();
        for bad in ["", "../x", ".hidden", "ca"] {
            assert!(check_base_name("--name", bad).is_err(), "{bad}");
        }
    }
}
