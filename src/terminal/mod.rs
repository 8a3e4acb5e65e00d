//! The terminal side of the CLI: messages on stderr, the one writer of stdout (a closed
//! pipe ends the output quietly), colour decisions (`--color`, `NO_COLOR`), the progress
//! spinner for slow key generation, and the panic hook that turns a bug into a short
//! "internal error" line.

use anyhow::{Result, anyhow};
use std::io::{IsTerminal, Write};
use std::sync::OnceLock;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

// ---------------------------------------------------------------------------------------
// Messages and output

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

/// Writes `bytes` to stdout and flushes: the one writer of every command's result, so
/// the one place a closed pipe is handled. A reader that went away (broken pipe) ends
/// the output quietly: the command's work is done, and nobody is left to tell.
pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(anyhow!(
            "cannot write to standard output: {}",
            io_reason(&e)
        )),
        _ => Ok(()),
    }
}

/// Diagnostics are best effort: a closed stderr must not turn into a panic.
pub(crate) fn write_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
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

/// A short, lower-case reason for an I/O error ("permission denied").
pub fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match error.kind() {
        NotFound => "no such file".to_string(),
        PermissionDenied => "permission denied".to_string(),
        IsADirectory => "it is a directory".to_string(),
        ReadOnlyFilesystem => "read-only file system".to_string(),
        StorageFull => "no space left on device".to_string(),
        _ => {
            // Drop the "(os error N)" suffix and any path decoration tempfile adds.
            let text = error.to_string();
            let text = text.split(" at path ").next().unwrap_or(&text).to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_lowercase(),
                None => text,
            }
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

/// Time between spinner frames.
const FRAME_INTERVAL: Duration = Duration::from_millis(120);
const FRAMES: [char; 4] = ['|', '/', '-', '\\'];

impl Progress {
    /// No spinner (fast work).
    pub fn none() -> Progress {
        Progress { running: None }
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styling_is_plain_text_when_colour_is_off() {
        assert_eq!(styled(false, ERROR_STYLE, "error:"), "error:");
        let on = styled(true, ERROR_STYLE, "error:");
        assert!(on.starts_with("\x1b[") && on.contains("error:") && on.ends_with("\x1b[0m"));
    }
}
