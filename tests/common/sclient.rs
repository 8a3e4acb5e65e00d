//! `openssl s_client` against a [`SServer`] started with `-www`: the other openssl CLI
//! of a handshake, run bounded, its output kept for the assertion messages.

use super::sserver::SServer;
use std::fs::{self, File};
use std::io::Write;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Upper bound for one `openssl s_client` run.
const CLIENT_DEADLINE: Duration = Duration::from_secs(20);

/// The result of one `openssl s_client` run.
#[derive(Debug)]
pub struct ClientRun {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl ClientRun {
    /// Asserts that s_client succeeded (showing both sides' logs otherwise).
    pub fn ok(&self, server: &SServer) -> &Self {
        assert!(
            self.status.success(),
            "s_client failed ({:?}):\nstdout: {}\nstderr: {}\ns_server log:\n{}",
            self.status,
            self.stdout,
            self.stderr,
            server.log_text()
        );
        self
    }

    /// Asserts that s_client failed and no application data crossed.
    pub fn failed(&self) -> &Self {
        assert!(
            !self.status.success(),
            "s_client should have failed:\nstdout: {}\nstderr: {}",
            self.stdout,
            self.stderr
        );
        // It never got the -www page, so no application data crossed.
        assert!(!self.stdout.contains("HTTP/1.0 200 ok"), "{}", self.stdout);
        self
    }

    /// Whether the handshake held and s_server's -www page came back.
    pub fn got_page(&self) -> bool {
        self.status.success() && self.stdout.starts_with("HTTP/1.0 200 ok")
    }
}

/// `openssl s_client -connect 127.0.0.1:PORT -brief -ign_eof <args>` in `dir` (its output
/// in files under `log_dir`); sends an HTTP GET for s_server's -www status page and waits
/// (bounded) until the server closes.
pub fn s_client(dir: &Path, log_dir: &Path, server: &SServer, args: &[&str]) -> ClientRun {
    let out_path = log_dir.join("s_client.out");
    let err_path = log_dir.join("s_client.err");
    let mut child = Command::new("openssl")
        .current_dir(dir)
        .arg("s_client")
        .args(["-connect", &format!("127.0.0.1:{}", server.port)])
        .args(["-brief", "-ign_eof"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(File::create(&out_path).expect("s_client log"))
        .stderr(File::create(&err_path).expect("s_client log"))
        .spawn()
        .expect("openssl must be installed");
    {
        let mut stdin = child.stdin.take().expect("stdin");
        // May fail with EPIPE if s_client already gave up; its exit status tells.
        let _ = stdin.write_all(b"GET / HTTP/1.0\r\n\r\n");
    }
    let deadline = Instant::now() + CLIENT_DEADLINE;
    let status = loop {
        if let Some(status) = child.try_wait().expect("poll s_client") {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "s_client {args:?} did not finish within {CLIENT_DEADLINE:?}; s_server log:\n{}",
                server.log_text()
            );
        }
        thread::sleep(Duration::from_millis(20));
    };
    ClientRun {
        status,
        stdout: fs::read_to_string(out_path).unwrap_or_default(),
        stderr: fs::read_to_string(err_path).unwrap_or_default(),
    }
}
