//! A file that cannot be opened for writing, as on a write-protected disk. Shared by the
//! core's tests and the end-to-end tests.

use std::path::{Path, PathBuf};

/// Write-protects a file by its mode for anyone but root, and by its immutable attribute
/// for root (who ignores modes); undone when dropped. None when this machine can do neither.
#[derive(Debug)]
pub struct WriteProtected(PathBuf);

impl WriteProtected {
    pub fn new(path: &Path) -> Option<Self> {
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
