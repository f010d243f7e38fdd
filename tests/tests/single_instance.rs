//! Only one Waymark runs at a time: a second launch hands over to the first and exits,
//! without opening the data file a second time. Linux finds the first instance through the
//! D-Bus session bus, so the test runs a private one.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use waymark_e2e::desktop_bus::SessionBus;
use waymark_e2e::harness::{app_binary, display};
use waymark_e2e::{App, Result, seed};

/// Starts the app again with `args` and waits for it to hand over and exit.
async fn second_launch(
    args: &[&std::ffi::OsStr],
    env: &[(&str, &str)],
) -> Result<std::process::ExitStatus> {
    let mut second = Command::new(app_binary())
        .args(args)
        .env("DISPLAY", display()?)
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = second.try_wait()? {
            return Ok(status);
        }
        if Instant::now() > deadline {
            let _ = second.kill();
            return Err("the second launch kept running beside the first".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
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
        let status = second_launch(&["--db".as_ref(), db.as_os_str()], &env).await?;
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

#[tokio::test]
async fn a_shared_plan_given_to_a_second_launch_opens_in_the_running_window() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mentor_db = dir.path().join("mentor.sqlite3");
    seed::team_with_plans(&mentor_db)?;
    let file = dir.path().join("Amara – Toward Cloud Leader.waymark");
    seed::shared_plan_file(&mentor_db, &file, None)?;
    let db = dir.path().join("mentee.sqlite3");
    let bus = SessionBus::start()?;
    let env = [("DBUS_SESSION_BUS_ADDRESS", bus.address.as_str())];
    let mut app = App::launch_with("single-shared-plan", &db, &env).await?;
    let outcome = async {
        // As a file manager would start it for a double-clicked file.
        let status = second_launch(&[file.as_os_str()], &env).await?;
        assert!(status.success(), "{status}");
        app.find_text(
            "[data-testid='merge-summary']",
            "Maria Lindqvist shared a plan of 1 goal and 2 milestones.",
        )
        .await?;
        app.screenshot("handed-over").await?;
        app.click("[data-testid='merge-confirm']").await?;
        app.click("[data-testid='nav-shared']").await?;
        app.find_text("[data-testid='shared-plan']", "Toward Cloud Leader")
            .await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}
