//! The native GTK save dialog the app opens from Rust. WebDriver cannot reach it, so it
//! is driven like a person would: find its window on the X display, focus it, type a
//! path, press Enter (or Escape), with `xdotool`. Keys go through XTEST as real key
//! presses: GTK ignores synthetic events sent to a window (`key --window`) once the
//! dialog has been shown before.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::Result;
use crate::harness::display;

/// Waits for the dialog titled `title`, types `path` into its name field and saves.
pub async fn save_as(title: &str, path: &Path) -> Result<()> {
    let window = wait_for(title).await?;
    xdotool(&["windowfocus", "--sync", &window])?;
    xdotool(&["key", "ctrl+a"])?;
    let text = path.to_str().ok_or("the path is not UTF-8")?;
    xdotool(&["type", "--delay", "15", text])?;
    xdotool(&["key", "Return"])?;
    wait_until_closed(title, &window, "Return").await
}

/// Waits for the open dialog titled `title` and picks `path` by typing it into GTK's
/// location field (Ctrl+L; typing `/` would open it too, but eats the next key).
pub async fn open(title: &str, path: &Path) -> Result<()> {
    let window = wait_for(title).await?;
    xdotool(&["windowfocus", "--sync", &window])?;
    xdotool(&["key", "ctrl+l"])?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    xdotool(&["key", "ctrl+a"])?;
    let text = path.to_str().ok_or("the path is not UTF-8")?;
    xdotool(&["type", "--delay", "15", text])?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    xdotool(&["key", "Return"])?;
    wait_until_closed(title, &window, "Return").await
}

/// Waits for the dialog titled `title` and dismisses it with Escape.
pub async fn cancel(title: &str) -> Result<()> {
    let window = wait_for(title).await?;
    xdotool(&["windowfocus", "--sync", &window])?;
    xdotool(&["key", "Escape"])?;
    wait_until_closed(title, &window, "Escape").await
}

/// Waits for the dialog to go, pressing `key` again if a first press was lost while
/// GTK was still settling the dialog's focus.
async fn wait_until_closed(title: &str, window: &str, key: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut next_press = Instant::now() + Duration::from_secs(2);
    while find(title).is_some() {
        if Instant::now() > deadline {
            return Err(format!("the dialog titled {title:?} did not close").into());
        }
        if Instant::now() > next_press {
            xdotool(&["windowfocus", "--sync", window])?;
            xdotool(&["key", key])?;
            next_press = Instant::now() + Duration::from_secs(2);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

/// The window id of the visible dialog titled `title`.
fn find(title: &str) -> Option<String> {
    let out = xdotool(&["search", "--onlyvisible", "--name", &format!("^{title}$")]).ok()?;
    String::from_utf8(out.stdout)
        .ok()?
        .lines()
        .next()
        .map(str::to_owned)
}

async fn wait_for(title: &str) -> Result<String> {
    let pattern = format!("^{title}$");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found = xdotool(&["search", "--onlyvisible", "--name", &pattern]);
        if let Some(id) = found
            .ok()
            .and_then(|out| String::from_utf8(out.stdout).ok())
            .and_then(|s| s.lines().next().map(str::to_owned))
        {
            // Give GTK a moment to focus the name field before typing.
            tokio::time::sleep(Duration::from_millis(400)).await;
            return Ok(id);
        }
        if Instant::now() > deadline {
            return Err(format!("no dialog titled {title:?} appeared").into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn xdotool(args: &[&str]) -> Result<Output> {
    let out = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display()?)
        .output()?;
    if out.status.success() {
        Ok(out)
    } else {
        Err(format!(
            "xdotool {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into())
    }
}
