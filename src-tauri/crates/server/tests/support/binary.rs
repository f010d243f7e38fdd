//! The real `waymark-server` binary in a child process: started on a loopback port,
//! administered through its command line, and killed with SIGKILL when a test says.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::postgres::Result;

const BIN: &str = env!("CARGO_BIN_EXE_waymark-server");

#[derive(Debug)]
pub struct ServerProcess {
    child: Child,
    pub addr: SocketAddr,
    database: String,
    log: Arc<Mutex<String>>,
}

impl ServerProcess {
    /// Starts a server on `database`, on `port` of loopback (0 for any free one).
    pub fn start(database: &str, port: u16) -> Result<Self> {
        let mut child = Command::new(BIN)
            .args(["--database", database, "serve", "--listen"])
            .arg(format!("127.0.0.1:{port}"))
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let log = Arc::new(Mutex::new(String::new()));
        for stream in [
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(|l| l.ok()) {
                    if let Ok(mut log) = log.lock() {
                        log.push_str(&line);
                        log.push('\n');
                    }
                }
            });
        }
        let deadline = Instant::now() + Duration::from_secs(20);
        let addr = loop {
            let said = log.lock().map(|l| l.clone()).unwrap_or_default();
            if let Some(at) = said.split("listening on http://").nth(1) {
                break at.split_whitespace().next().unwrap_or_default().parse()?;
            }
            if Instant::now() > deadline || child.try_wait()?.is_some() {
                return Err(format!("the server did not start: {said}").into());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        Ok(Self {
            child,
            addr,
            database: database.to_owned(),
            log,
        })
    }

    pub fn url(&self) -> String {
        format!("ws://{}", self.addr)
    }

    /// What the server has logged so far.
    pub fn log(&self) -> String {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Kills the server at once, as a power cut would, and starts it again on the same
    /// database and port.
    pub fn kill_and_restart(&mut self) -> Result<()> {
        self.child.kill()?;
        self.child.wait()?;
        let earlier = self.log();
        let restarted = Self::start(&self.database, self.addr.port())?;
        let old = std::mem::replace(self, restarted);
        if let Ok(mut log) = self.log.lock() {
            log.insert_str(0, &earlier);
        }
        drop(old);
        Ok(())
    }

    /// `waymark-server invite --name NAME`: the one-time code it prints.
    pub fn invite(&self, name: &str) -> Result<String> {
        let output = admin(&self.database, &["invite", "--name", name])?;
        Ok(output.trim().to_owned())
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs an administrator's command against `database`; its standard output.
pub fn admin(database: &str, args: &[&str]) -> Result<String> {
    let output = Command::new(BIN)
        .args(["--database", database])
        .args(args)
        .output()?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned().into());
    }
    Ok(String::from_utf8(output.stdout)?)
}

/// A SQLite database path for a server, in `dir`.
pub fn sqlite_in(dir: &Path) -> PathBuf {
    dir.join("server.sqlite3")
}
