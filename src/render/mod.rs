//! Turns command results into text or JSON. Results go to stdout, diagnostics to stderr.
//!
//! Also the terminal side of the CLI: colour decisions (`--color`, `NO_COLOR`), the
//! progress spinner for slow key generation, and the panic hook that turns a bug into a
//! short "internal error" line.

mod check;
mod inspect;
mod status;

pub use check::{probe, verify, verify_text};
pub use inspect::inspect;
pub use status::{StatusFormat, status, status_document, status_dry_run};

use crate::issue::role::Role;
use crate::issue::summary::{CaOrigin, FileKind, FileReport, InitSummary};
use anyhow::{Result, anyhow};
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::sync::OnceLock;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// How results are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// Human-readable text.
    Text,
    /// One JSON document on stdout.
    Json,
    /// Nothing on success.
    Quiet,
}

/// `text` with control characters (terminal escapes, newlines, tabs) written as `\x1b`,
/// `\n`…: for names and contents that come from certificates, requests or files.
pub fn printable(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            '\n' => "\\n".to_string(),
            '\r' => "\\r".to_string(),
            '\t' => "\\t".to_string(),
            c if c.is_control() => format!("\\x{:02x}", u32::from(c)),
            c => c.to_string(),
        })
        .collect()
}

/// Prints a note on stderr (what the command is about to rely on).
pub fn note(message: &str) {
    write_stderr(&format!("milvus-cert: {message}\n"));
}

/// Prints a warning on stderr.
pub fn warn(message: &str) {
    let label = paint(WARNING_STYLE, "warning:");
    write_stderr(&format!("milvus-cert: {label} {message}\n"));
}

/// Prints an error on stderr, the cause chain on one line.
pub fn error(error: &anyhow::Error) {
    let label = paint(ERROR_STYLE, "error:");
    write_stderr(&format!("milvus-cert: {label} {error:#}\n"));
}

/// The version of every `--json` document (docs/json.md, docs/json-schema.json). 2: every
/// document carries `schema`, `command` and `dry_run`; paths are absolute; replaced files
/// are listed under `backups` everywhere.
pub const JSON_SCHEMA: u32 = 2;

/// Every `--json` document: the same three fields first, then the command's own.
#[derive(Serialize)]
struct Envelope<'a, T: Serialize + ?Sized> {
    schema: u32,
    command: &'a str,
    dry_run: bool,
    /// The settings file that shaped this run (null: none), so a CI log shows it.
    settings_file: Option<&'a std::path::Path>,
    #[serde(flatten)]
    body: &'a T,
}

/// `body` as the `--json` document of `command`, pretty-printed, with a final newline.
pub fn json_document<T: Serialize + ?Sized>(
    command: &str,
    dry_run: bool,
    body: &T,
) -> Result<String> {
    let envelope = Envelope {
        schema: JSON_SCHEMA,
        command,
        dry_run,
        settings_file: crate::settings::file_in_effect(),
        body,
    };
    let mut json = serde_json::to_string_pretty(&envelope)
        .map_err(|e| anyhow!("cannot format the result as JSON: {e}"))?;
    json.push('\n');
    Ok(json)
}

/// Shows the result of `init`.
pub fn init(summary: &InitSummary, output: Output) -> Result<()> {
    for warning in &summary.warnings {
        warn(warning);
    }
    show("init", false, summary, output, init_text)
}

/// Shows a command's result: `value` as one pretty JSON document with `--json`, the text
/// `text(value)` otherwise, nothing with `--quiet`. Everything goes to stdout in one write;
/// a closed stdout (`milvus-cert … | head -c1`) is not an error.
pub fn show<T: Serialize + ?Sized>(
    command: &str,
    dry_run: bool,
    value: &T,
    output: Output,
    text: impl FnOnce(&T) -> String,
) -> Result<()> {
    match output {
        Output::Quiet => Ok(()),
        Output::Json => write_stdout(json_document(command, dry_run, value)?.as_bytes()),
        Output::Text => write_stdout(text(value).as_bytes()),
    }
}

/// Writes `bytes` to stdout and flushes: the one writer of every command's result, so
/// the one place a closed pipe is handled. A reader that went away (broken pipe) ends
/// the output quietly: the command's work is done, and nobody is left to tell.
pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(anyhow!(
            "cannot write to standard output: {}",
            crate::store::read::io_reason(&e)
        )),
        _ => Ok(()),
    }
}

/// Diagnostics are best effort: a closed stderr must not turn into a panic.
fn write_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// The human summary of `init`: what was made, then how to wire it into Milvus.
pub fn init_text(summary: &InitSummary) -> String {
    let origin = match summary.ca {
        CaOrigin::Created => "a new CA",
        CaOrigin::Reused => "the existing CA",
    };
    let mut text = format!(
        "Made a Milvus TLS directory in {} ({} keys, signed by {origin}):\n",
        summary.dir.display(),
        summary.key
    );
    for file in &summary.files {
        text.push_str(&format!(
            "  {:<11} {}\n",
            file.name,
            describe(file, summary.ca)
        ));
    }
    let path = |role: Role, cert: bool| {
        let name = if cert {
            role.cert_file()
        } else {
            role.key_file()
        };
        summary.dir.join(name).display().to_string()
    };
    let dir = summary.dir.as_path();
    let emit = crate::check::advice::command(&["emit-config"], dir, &["--mode", "2"]);
    text.push_str(&format!(
        "\nNext, point milvus.yaml at them (paths on this machine; in a container, use\n\
         the paths the files are mounted at: see emit-config --format compose, helm-values):\n\
         \x20 tls:\n\
         \x20   serverPemPath: {}\n\
         \x20   serverKeyPath: {}\n\
         \x20   caPemPath: {}\n\
         \x20 common:\n\
         \x20   security:\n\
         \x20     tlsMode: 2   # 1 = server TLS only, 2 = mutual TLS (clients need client.pem/key)\n\
         \x20 proxy:\n\
         \x20   http:\n\
         \x20     port: {}   # required with TLS on: REST needs a port of its own\n\
         \nThen:\n\
         \x20 {}   # check them for every client\n\
         \x20 {emit}   # the settings (--milvus-yaml FILE merges them)\n\
         \x20 {}   # connection code for each SDK\n",
        path(Role::Server, true),
        path(Role::Server, false),
        path(Role::Ca, true),
        crate::milvus::DEFAULT_HTTP_PORT,
        crate::check::advice::quote_all(&["milvus-cert", "verify", &dir.display().to_string()]),
        crate::check::advice::command(&["emit-config"], dir, &["--mode", "2", "--format", "client"]),
    ));
    text
}

fn describe(file: &FileReport, ca: CaOrigin) -> String {
    let role = file.role.map(|r| match r {
        Role::Ca => "CA",
        Role::Server => "server",
        Role::Client => "client",
    });
    let unchanged = file.role == Some(Role::Ca) && ca == CaOrigin::Reused;
    let suffix = if unchanged { " (kept)" } else { "" };
    match file.kind {
        FileKind::PrivateKey => format!(
            "{} private key, {} {}{}, mode {}{suffix}",
            role.unwrap_or_default(),
            file.key.map_or_else(|| "?".to_string(), |k| k.to_string()),
            if file.encrypted { "encrypted " } else { "" },
            match file.key_format {
                Some(crate::pki::parse::KeyFormat::Pkcs1) => "PKCS#1",
                Some(crate::pki::parse::KeyFormat::Sec1) => "SEC1",
                _ => "PKCS#8",
            },
            file.mode
        ),
        FileKind::Csr => format!("{} certificate request", role.unwrap_or_default()),
        FileKind::Serial => format!(
            "last serial issued, {}",
            file.last_serial.as_deref().unwrap_or("?")
        ),
        FileKind::Certificate => {
            let Some(cert) = &file.certificate else {
                return String::new();
            };
            let sans = if cert.sans.is_empty() {
                String::new()
            } else {
                format!(", SANs {}", cert.sans.join(" "))
            };
            format!(
                "{} certificate: {}{sans}, expires {}{suffix}",
                role.unwrap_or_default(),
                cert.subject,
                cert.not_after.date()
            )
        }
    }
}

// ---------------------------------------------------------------------------------------
// Colour

/// Process-wide terminal settings, fixed once by `main` before the command runs.
#[derive(Debug, Clone, Copy, Default)]
struct Settings {
    quiet: bool,
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();

/// Makes `--color` the process-wide choice. clap resolves its own `Auto` through the same
/// global, so help, usage errors and our `error:`/`warning:` labels decide alike: a flag
/// wins, then `NO_COLOR`, `CLICOLOR_FORCE`, `CLICOLOR=0`, `TERM=dumb`, then whether the
/// stream is a terminal (anstream's rules). Call before clap prints anything.
pub fn set_color(choice: anstream::ColorChoice) {
    choice.write_global();
}

/// Records whether `--quiet` or `--json` silences the progress spinner. Called once by
/// `main`; later calls are ignored.
pub fn configure(quiet: bool) {
    let _ = SETTINGS.set(Settings { quiet });
}

fn terminal_settings() -> Settings {
    SETTINGS.get().copied().unwrap_or_default()
}

/// Whether text written to stderr now may carry colour: anstream's decision, the one
/// clap makes for its own output.
fn stderr_color() -> bool {
    anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
}

/// Style of the `error:` label.
pub const ERROR_STYLE: anstyle::Style = anstyle::AnsiColor::Red.on_default().bold();
/// Style of the `warning:` label.
pub const WARNING_STYLE: anstyle::Style = anstyle::AnsiColor::Yellow.on_default().bold();

/// `text` in `style` if stderr gets colour, else plain.
fn paint(style: anstyle::Style, text: &str) -> String {
    styled(stderr_color(), style, text)
}

/// `text` wrapped in `style`'s escape codes when `color` is true.
pub fn styled(color: bool, style: anstyle::Style, text: &str) -> String {
    if color {
        format!("{}{text}{}", style.render(), style.render_reset())
    } else {
        text.to_string()
    }
}

// ---------------------------------------------------------------------------------------
// Progress

/// A spinner on stderr while something slow runs (RSA 3072/4096 key generation can take
/// seconds). Drawn only when stderr is a terminal and output is not silenced, so pipes,
/// logs and `--json`/`--quiet` runs never see it. It stops and clears its line when the
/// guard is dropped.
///
/// ```no_run
/// let _progress = milvus_cert::term::Progress::start("generating RSA 4096 keys");
/// // slow work; the spinner goes away at the end of the scope
/// ```
#[derive(Debug)]
pub struct Progress {
    running: Option<(mpsc::Sender<()>, thread::JoinHandle<()>)>,
}

impl Progress {
    /// A spinner while `count` keys of `spec` are made, only for the slow ones (RSA 3072 and
    /// 4096 take seconds); fast keys get none, so nothing flickers.
    pub fn for_keys(spec: crate::pki::KeySpec, count: usize) -> Progress {
        match spec {
            crate::pki::KeySpec::Rsa(bits) if bits >= 3072 => {
                let plural = if count == 1 { "key" } else { "keys" };
                Progress::start(&format!("generating {count} RSA-{bits} {plural}"))
            }
            _ => Progress { running: None },
        }
    }
}

/// Time between spinner frames.
const FRAME_INTERVAL: Duration = Duration::from_millis(120);
const FRAMES: [char; 4] = ['|', '/', '-', '\\'];

impl Progress {
    /// Starts a spinner showing `message`, if stderr is a terminal and not silenced.
    pub fn start(message: &str) -> Progress {
        if terminal_settings().quiet || !std::io::stderr().is_terminal() {
            return Progress { running: None };
        }
        Progress::start_on(Box::new(std::io::stderr()), message)
    }

    /// Starts a spinner on any writer; the first frame is written before this returns.
    pub fn start_on(mut out: Box<dyn Write + Send>, message: &str) -> Progress {
        let message = message.to_string();
        let (stop, stopped) = mpsc::channel::<()>();
        let _ = out.write_all(progress_frame(0, &message).as_bytes());
        let _ = out.flush();
        let handle = thread::spawn(move || {
            let mut frame = 1;
            // Ends on a stop message or when the guard is gone (sender dropped).
            while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(FRAME_INTERVAL) {
                let _ = out.write_all(progress_frame(frame, &message).as_bytes());
                let _ = out.flush();
                frame += 1;
            }
            let _ = out.write_all(progress_clear(&message).as_bytes());
            let _ = out.flush();
        });
        Progress {
            running: Some((stop, handle)),
        }
    }

    /// Whether a spinner is being drawn.
    pub fn is_active(&self) -> bool {
        self.running.is_some()
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some((stop, handle)) = self.running.take() {
            let _ = stop.send(());
            let _ = handle.join();
        }
    }
}

/// One spinner frame: back to the start of the line, the spinner, the message.
pub fn progress_frame(index: usize, message: &str) -> String {
    format!("\r{} {message}...", FRAMES[index % FRAMES.len()])
}

/// Blanks the spinner line with spaces (no escape codes, so dumb terminals are fine).
pub fn progress_clear(message: &str) -> String {
    let width = progress_frame(0, message).chars().count() - 1;
    format!("\r{}\r", " ".repeat(width))
}

// ---------------------------------------------------------------------------------------
// Panics

/// Replaces the panic message with one line asking for a bug report. A panic is a bug
/// in milvus-cert, never a user error, so the user gets no backtrace unless they asked
/// for one by setting RUST_BACKTRACE (then Rust's own report, with the backtrace, is
/// printed). A write to a closed stdout that panicked (a `println!` somewhere) is not a
/// bug worth reporting and stays silent.
pub fn install_panic_hook() {
    let explicit = backtrace_requested(std::env::var_os("RUST_BACKTRACE").as_deref());
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = panic_message(info.payload());
        if is_broken_pipe_panic(&message) {
            return;
        }
        if explicit {
            default_hook(info);
        } else {
            let location = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()));
            write_stderr(&internal_error_line(&message, location.as_deref()));
        }
    }));
}

/// Whether RUST_BACKTRACE asks for backtraces (set, and not "0").
pub fn backtrace_requested(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "0")
}

/// The text of a panic payload (`panic!("…")` gives a `&str` or a `String`).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// Whether a panic came from `print!` to a closed stdout.
pub fn is_broken_pipe_panic(message: &str) -> bool {
    message.starts_with("failed printing to stdout") && message.contains("Broken pipe")
}

/// The one line printed for a panic.
pub fn internal_error_line(message: &str, location: Option<&str>) -> String {
    let place = location.map(|l| format!(" at {l}")).unwrap_or_default();
    format!(
        "milvus-cert: internal error: {message}{place}; this is a bug, please report it \
         (set RUST_BACKTRACE=1 for a backtrace)\n"
    )
}

/// Shows the result of `emit-config`: with --json the report; otherwise the emitted text
/// (or the diff of a --dry-run), a summary of what was written, and notes on stderr.
pub fn emit_config(report: &crate::milvus::report::EmitReport, output: Output) -> Result<()> {
    for warning in &report.warnings {
        warn(warning);
    }
    match output {
        Output::Json => {
            return write_stdout(json_document("emit-config", report.dry_run, report)?.as_bytes());
        }
        // A summary is chatter; emitted text or a dry run's diff is the result itself.
        Output::Quiet
            if !report.dry_run && (report.written.is_some() || report.milvus_yaml.is_some()) =>
        {
            return Ok(());
        }
        _ => {}
    }
    if report.dry_run {
        match report.diff.as_deref() {
            Some("") | None => {
                note("no change: the file already has these settings");
            }
            Some(diff) => write_stdout(diff.as_bytes())?,
        }
    } else if let Some(summary) = report.summary() {
        write_stdout(summary.as_bytes())?;
    } else {
        write_stdout(report.text.as_bytes())?;
    }
    if output == Output::Text {
        for line in &report.notes {
            note(&format!("note: {line}"));
        }
    }
    Ok(())
}

/// Shows the result of an issuing command (`ca`, `server`, `client`, `sign`, `renew`, or
/// any of them with `--dry-run`).
pub fn issued(summary: &crate::issue::summary::IssueSummary, output: Output) -> Result<()> {
    for warning in &summary.warnings {
        warn(warning);
    }
    show(
        &summary.command,
        summary.dry_run,
        summary,
        output,
        issued_text,
    )
}

/// The human summary of an issuing command.
pub fn issued_text(summary: &crate::issue::summary::IssueSummary) -> String {
    let mut text = String::new();
    if summary.dry_run {
        text.push_str(&format!(
            "milvus-cert {} --dry-run: nothing was written. It would write:\n",
            summary.command
        ));
        for file in &summary.planned {
            let action = match file.action {
                crate::issue::summary::Action::Create => "create ",
                crate::issue::summary::Action::Replace => "replace",
                crate::issue::summary::Action::Backup => "backup ",
                crate::issue::summary::Action::Conflict => "refused",
            };
            let serial = file
                .serial
                .as_deref()
                .map(|s| format!(", serial {s}"))
                .unwrap_or_default();
            let expiry = file
                .not_after
                .map(|t| format!(", expires {}", t.date()))
                .unwrap_or_default();
            text.push_str(&format!(
                "  {action} {}{serial}{expiry}\n",
                file.path.display()
            ));
        }
        return text;
    }
    // Say where each file went: sign's certificate may land outside the CA directory.
    let outside = summary
        .files
        .iter()
        .any(|f| f.path.parent() != Some(summary.dir.as_path()));
    let count = match summary.files.len() {
        1 => "1 file".to_string(),
        n => format!("{n} files"),
    };
    if outside {
        text.push_str(&format!(
            "milvus-cert {}: wrote {count}:\n",
            summary.command
        ));
    } else {
        text.push_str(&format!(
            "milvus-cert {}: wrote {count} in {}:\n",
            summary.command,
            summary.dir.display()
        ));
    }
    for file in &summary.files {
        text.push_str(&format!(
            "  {}  {}\n",
            file.path.display(),
            file_detail(file)
        ));
    }
    text.push_str(&backups_text(&summary.backups));
    text
}

/// One written file, described for the text reports of the issuing commands.
fn file_detail(file: &FileReport) -> String {
    match (&file.certificate, &file.last_serial, &file.key) {
        (Some(cert), _, _) => format!(
            "certificate {}, serial {}, expires {}",
            cert.subject,
            cert.serial,
            cert.not_after.date()
        ),
        (_, Some(last), _) => format!("last serial issued, {last}"),
        (_, _, Some(key)) if file.encrypted => {
            format!("private key, {key}, encrypted, mode {}", file.mode)
        }
        (_, _, Some(key)) => format!("private key, {key}, mode {}", file.mode),
        _ => "certificate request".to_string(),
    }
}

fn backups_text(backups: &[crate::issue::summary::BackupReport]) -> String {
    backups
        .iter()
        .map(|b| {
            format!(
                "  kept the old {} as {}\n",
                b.path.display(),
                b.backup.display()
            )
        })
        .collect()
}

/// Shows the result of `rotate-ca`.
pub fn rotated(summary: &crate::issue::rotate::RotateSummary, output: Output) -> Result<()> {
    for warning in &summary.warnings {
        warn(warning);
    }
    show("rotate-ca", summary.dry_run, summary, output, rotated_text)
}

/// The human report of `rotate-ca`: what it wrote (or would), then the roll-out.
pub fn rotated_text(s: &crate::issue::rotate::RotateSummary) -> String {
    let mut text = String::new();
    if s.dry_run {
        text.push_str(&format!(
            "milvus-cert rotate-ca --dry-run: nothing was written. It would replace the CA \
             {} (expires {}) in {}:\n",
            s.old_ca.subject,
            s.old_ca.not_after.date(),
            s.dir.display()
        ));
        for file in &s.planned {
            let action = match file.action {
                crate::issue::summary::Action::Create => "create ",
                crate::issue::summary::Action::Replace => "replace",
                crate::issue::summary::Action::Backup => "keep as",
                crate::issue::summary::Action::Conflict => "conflict",
            };
            text.push_str(&format!("  {action} {}\n", file.path.display()));
        }
    } else {
        let new = s.new_ca.as_ref().map(|c| c.subject.as_str()).unwrap_or("?");
        text.push_str(&format!(
            "milvus-cert rotate-ca: new CA {new} in {}, replacing {}\n",
            s.dir.display(),
            s.old_ca.subject
        ));
        for file in &s.files {
            let detail = match file.name == crate::issue::rotate::BUNDLE_FILE {
                true => "trust bundle: the new CA, then the old one".to_string(),
                false => file_detail(file),
            };
            text.push_str(&format!("  {}  {detail}\n", file.path.display()));
        }
        text.push_str(&backups_text(&s.backups));
    }
    text.push_str("\nRoll it out in three steps:\n");
    for step in &s.next_steps {
        text.push_str(&format!("  {step}\n"));
    }
    text
}

/// Prints the effective settings (`--print-config`): TOML, or JSON with `--json`.
pub fn settings(settings: &crate::settings::Settings, output: Output) -> Result<()> {
    match output {
        Output::Json => {
            let json = json_document("print-config", false, &settings.to_json())?;
            write_stdout(json.as_bytes())
        }
        _ => write_stdout(settings.to_toml().as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(printable("CN=a.example"), "CN=a.example");
        assert_eq!(printable("CN=\x1b[31mx\ny\u{85}"), "CN=\\x1b[31mx\\ny\\x85");
    }

    #[test]
    fn styling_is_plain_text_when_colour_is_off() {
        assert_eq!(styled(false, ERROR_STYLE, "error:"), "error:");
        let on = styled(true, ERROR_STYLE, "error:");
        assert!(on.starts_with("\x1b[") && on.contains("error:") && on.ends_with("\x1b[0m"));
    }
}
