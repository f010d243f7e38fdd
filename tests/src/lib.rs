//! End-to-end tests drive the real Waymark binary in a real window: Xvfb for the
//! display, `tauri-driver` + `WebKitWebDriver` for WebDriver, a temp database per test.

pub mod harness;
pub mod native_dialog;
pub mod seed;

pub use harness::{App, Result};

/// The names of the files in `dir`, sorted.
pub fn file_names(dir: &std::path::Path) -> Result<Vec<String>> {
    let mut names = std::fs::read_dir(dir)?
        .map(|e| Ok(e?.file_name().to_string_lossy().into_owned()))
        .collect::<Result<Vec<_>>>()?;
    names.sort();
    Ok(names)
}

/// A file that cannot be opened for writing, as on a write-protected disk: its mode for
/// anyone but root, its immutable attribute for root (who ignores modes). None when this
/// machine can do neither.
#[derive(Debug)]
pub struct WriteProtected(std::path::PathBuf);

impl WriteProtected {
    pub fn new(path: &std::path::Path) -> Option<Self> {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o400)).ok()?;
        let protected = Self(path.to_owned());
        let writable = || std::fs::OpenOptions::new().write(true).open(path).is_ok();
        if writable() {
            let immutable = std::process::Command::new("chattr")
                .arg("+i")
                .arg(path)
                .status();
            if !immutable.is_ok_and(|s| s.success()) || writable() {
                return None;
            }
        }
        Some(protected)
    }
}

impl Drop for WriteProtected {
    fn drop(&mut self) {
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&self.0)
            .status();
    }
}
