//! Where the data file lives: `--db PATH` or `WAYMARK_DB` for tests and power users,
//! otherwise `waymark.sqlite3` in the platform's app-data folder; or, for a session, a
//! file the person picks when theirs cannot be opened.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "waymark.sqlite3";

/// The path given by `--db PATH` / `--db=PATH`, else by the environment variable.
pub fn override_from(args: impl Iterator<Item = String>, env: Option<OsString>) -> Option<PathBuf> {
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        if arg == "--db" {
            return args.next().map(PathBuf::from);
        }
        if let Some(path) = arg.strip_prefix("--db=") {
            return Some(PathBuf::from(path));
        }
    }
    env.filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// Asks, with the native open dialog, for an existing Waymark data file.
pub fn choose(app: &tauri::AppHandle) -> waymark_core::Result<Option<PathBuf>> {
    use tauri_plugin_dialog::DialogExt;
    let chosen = app
        .dialog()
        .file()
        .set_title("Choose a Waymark data file")
        .add_filter("Waymark data", &["sqlite3", "sqlite", "db"])
        .blocking_pick_file();
    chosen
        .map(|file| {
            file.into_path()
                .map_err(|e| waymark_core::Error::Io(format!("that file cannot be opened: {e}")))
        })
        .transpose()
}

/// The app's own data file; its folder is created private to the person.
pub fn default_path(app_data_dir: &Path) -> std::io::Result<PathBuf> {
    waymark_core::files::create_private_dir(app_data_dir)?;
    Ok(app_data_dir.join(FILE_NAME))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str], env: Option<&str>) -> Option<PathBuf> {
        override_from(args.iter().map(|s| s.to_string()), env.map(OsString::from))
    }

    #[test]
    fn the_flag_wins_over_the_environment() {
        assert_eq!(
            parse(&["--db", "/a.db"], Some("/b.db")),
            Some("/a.db".into())
        );
        assert_eq!(parse(&["--db=/c.db"], None), Some("/c.db".into()));
        assert_eq!(parse(&[], Some("/b.db")), Some("/b.db".into()));
        assert_eq!(parse(&[], Some("")), None);
        assert_eq!(parse(&["--other"], None), None);
    }
}
