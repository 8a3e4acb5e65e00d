//! `openssl s_server` as a test peer: on 127.0.0.1, on a free port, killed on drop.

use std::fs::{self, File};
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Upper bound for the server's start-up.
const START_TIMEOUT: Duration = Duration::from_secs(10);

/// A running `openssl s_server`; killed (and reaped) on drop, whatever happens.
pub struct SServer {
    child: Child,
    /// The port it listens on (127.0.0.1).
    pub port: u16,
    log: PathBuf,
}

impl Drop for SServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl SServer {
    /// [`SServer::start`] with `-www` (answers `GET /` with a status page).
    pub fn start_www(dir: &Path, log_dir: &Path, args: &[&str]) -> SServer {
        let mut all = vec!["-www"];
        all.extend_from_slice(args);
        SServer::start(dir, log_dir, &all)
    }

    /// Starts `openssl s_server -accept 127.0.0.1:PORT <args>` in `dir`, logging to
    /// files in `log_dir`, and waits (bounded) until it prints ACCEPT. Retries with another
    /// port if the one picked was taken in the meantime.
    pub fn start(dir: &Path, log_dir: &Path, args: &[&str]) -> SServer {
        let mut last_log = String::new();
        for attempt in 0..3 {
            let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
                .and_then(|l| l.local_addr())
                .expect("pick a free port")
                .port();
            let log = log_dir.join(format!("s_server.{port}.{attempt}.log"));
            let out = File::create(&log).expect("s_server log");
            let err = out.try_clone().expect("s_server log");
            let child = Command::new("openssl")
                .current_dir(dir)
                .arg("s_server")
                .args(["-accept", &format!("127.0.0.1:{port}")])
                .args(args)
                .stdin(Stdio::null())
                .stdout(out)
                .stderr(err)
                .spawn()
                .expect("openssl must be installed");
            let mut server = SServer { child, port, log };
            let deadline = Instant::now() + START_TIMEOUT;
            loop {
                last_log = server.log_text();
                if last_log.contains("ACCEPT") {
                    return server;
                }
                if server.child.try_wait().expect("poll s_server").is_some() {
                    break; // e.g. the port was taken: try another one
                }
                assert!(
                    Instant::now() < deadline,
                    "s_server did not start within {START_TIMEOUT:?}:\n{last_log}"
                );
                thread::sleep(Duration::from_millis(20));
            }
        }
        panic!("s_server failed to start three times; last log:\n{last_log}");
    }

    /// What it printed so far.
    pub fn log_text(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }
}
