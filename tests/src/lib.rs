//! End-to-end tests drive the real Waymark binary in a real window: Xvfb for the
//! display, `tauri-driver` + `WebKitWebDriver` for WebDriver, a temp database per test.

pub mod axe;
pub mod desktop_bus;
pub mod harness;
pub mod keyboard;
pub mod native_dialog;
pub mod seed;

pub use harness::{App, Result};

// Shared with the core's tests, which cannot depend on this crate.
#[path = "../../src-tauri/crates/core/tests/suite/common/write_protected.rs"]
mod write_protected;
pub use write_protected::WriteProtected;

/// The names of the files in `dir`, sorted.
pub fn file_names(dir: &std::path::Path) -> Result<Vec<String>> {
    let mut names = std::fs::read_dir(dir)?
        .map(|e| Ok(e?.file_name().to_string_lossy().into_owned()))
        .collect::<Result<Vec<_>>>()?;
    names.sort();
    Ok(names)
}

/// The text of the PDF at `path`, as poppler's `pdftotext` reads it.
pub fn pdf_text(path: &std::path::Path) -> Result<String> {
    let out = std::process::Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()?;
    if !out.status.success() {
        return Err(format!("pdftotext failed on {}", path.display()).into());
    }
    Ok(String::from_utf8(out.stdout)?)
}
