//! Only one Waymark runs at a time: a second launch hands over to the first and exits,
//! without opening the data file a second time. Linux finds the first instance through the
//! D-Bus session bus, so the test runs a private one.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use std::io::{BufRead, BufReader};

use waymark_e2e::harness::{app_binary, display};
use waymark_e2e::{App, Result, seed};

/// A private session bus; killed when dropped.
struct SessionBus {
    daemon: Child,
    address: String,
}

impl SessionBus {
    fn start() -> Result<Self> {
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdout = daemon.stdout.take().ok_or("dbus-daemon gave no output")?;
        let mut address = String::new();
        BufReader::new(stdout).read_line(&mut address)?;
        Ok(Self {
            daemon,
            address: address.trim().to_owned(),
        })
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

#[tokio::test]
async fn a_second_launch_hands_over_to_the_running_window() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team(&db)?;
    let bus = SessionBus::start()?;
    let env = [("DBUS_SESSION_BUS_ADDRESS", bus.address.as_str())];
    let app = App::launch_with("single", &db, &env).await?;
    let outcome = async {
        let mut second = Command::new(app_binary())
            .arg("--db")
            .arg(&db)
            .env("DISPLAY", display()?)
            .envs(env)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = second.try_wait()? {
                break status;
            }
            if Instant::now() > deadline {
                let _ = second.kill();
                return Err("the second launch kept running beside the first".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert!(
            status.success(),
            "the second launch handed over and exited cleanly: {status}"
        );
        // The first window is still there and working.
        app.click("[data-testid='nav-mentees']").await?;
        app.wait_for_count("[data-testid='mentee-row']", 6).await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}
