//! Plans shared as files, through files the person chooses: the save dialog for a share,
//! the open dialog (or a `.waymark` file Waymark was opened with) for one that arrives.
//! A file that arrives is read and checked once, shown as what merging it would change,
//! and merged only when the person agrees; the data file is copied to `backups` first, so
//! Undo can put it back.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_dialog::DialogExt;
use waymark_core::exports::SavedFile;
use waymark_core::sync::overview;
use waymark_core::sync::share::{self, Choice, Incoming, MergeReport, Merged, ShareRequest};
use waymark_core::{Error, Result};
use waymark_report::safe_file_stem;

use crate::export::{SaveAs, ask_where};
use crate::store::Store;

/// The extension of a shared plan file.
pub const EXTENSION: &str = "waymark";
/// The event that tells the window a shared plan file is waiting to be looked at.
pub const ARRIVED: &str = "shared-plan-arrived";

/// The shared plan file that arrived last and is not merged yet.
#[derive(Debug, Default)]
pub struct Waiting(Mutex<Option<Arrival>>);

#[derive(Debug)]
enum Arrival {
    /// Read and checked; waiting for the person to agree to the merge.
    Ready(Incoming),
    /// Sealed with a passphrase the person has not given yet.
    Sealed(Vec<u8>),
    /// Refused; said once, then forgotten.
    Refused(Error),
}

/// Asks where to save, then shares the plan into that file. None when the person cancels;
/// then nothing is shared or written.
pub fn share_plan(
    app: &AppHandle,
    store: &Store,
    request: &ShareRequest,
) -> Result<Option<SavedFile>> {
    let preview = store.with(|c| overview::preview(c, request.plan_id))?;
    let name = format!(
        "{} – {}.{EXTENSION}",
        preview.mentee_name, preview.plan_title
    );
    let offer = SaveAs {
        title: match preview.status.as_ref().map(|s| s.side.as_str()) {
            Some("mentee") => "Send the plan back",
            _ => "Share the plan",
        },
        file_name: safe_file_stem(&name),
        filter: ("Waymark shared plan", EXTENSION),
    };
    let Some(chosen) = ask_where(app, offer)? else {
        return Ok(None);
    };
    let path = with_extension(chosen);
    store.with(|c| share::share_to_file(c, request, &path))?;
    app.state::<crate::export::Saved>().remember(&path);
    Ok(Some(SavedFile {
        path: path.display().to_string(),
    }))
}

/// A save dialog may return the name as typed; a shared plan always ends in `.waymark`.
fn with_extension(path: PathBuf) -> PathBuf {
    match path.extension().is_some_and(|e| e == EXTENSION) {
        true => path,
        false => {
            let mut name = path.into_os_string();
            name.push(format!(".{EXTENSION}"));
            PathBuf::from(name)
        }
    }
}

/// Asks for a shared plan file with the open dialog and says what merging it would do.
/// None when the person cancels.
pub fn open_shared_plan(app: &AppHandle, store: &Store) -> Result<Option<MergeReport>> {
    let chosen = app
        .dialog()
        .file()
        .set_title("Open a shared plan")
        .add_filter("Waymark shared plan", &[EXTENSION])
        .blocking_pick_file();
    let Some(chosen) = chosen else {
        return Ok(None);
    };
    let path = chosen
        .into_path()
        .map_err(|e| Error::Io(format!("that file cannot be opened: {e}")))?;
    keep_waiting(app, &path);
    waiting_report(app, store)
}

/// Reads a shared plan file Waymark was opened with, or given by a second launch, and
/// tells the window. Only a path ending in `.waymark` is ever taken this way.
pub fn arrive(app: &AppHandle, path: &Path) {
    keep_waiting(app, path);
    let _ = app.emit(ARRIVED, ());
}

/// Reads and checks a shared plan file and keeps it until the person decides.
fn keep_waiting(app: &AppHandle, path: &Path) {
    let arrival = match share::read_file(path) {
        Err(e) => Arrival::Refused(e),
        Ok(bytes) => match share::open_bytes(&bytes) {
            Ok(incoming) => Arrival::Ready(incoming),
            Err(Error::PassphraseNeeded) => Arrival::Sealed(bytes),
            Err(e) => Arrival::Refused(e),
        },
    };
    if let Ok(mut waiting) = app.state::<Waiting>().0.lock() {
        *waiting = Some(arrival);
    }
}

/// The first `.waymark` file among a launch's arguments (the program's name first),
/// a relative one taken from `cwd`. Options and the value of `--db` are never taken.
pub fn arguments(args: &[String], cwd: &Path) -> Option<PathBuf> {
    let mut rest = args.iter().skip(1);
    while let Some(arg) = rest.next() {
        if arg == "--db" {
            rest.next();
            continue;
        }
        let path = Path::new(arg);
        if !arg.starts_with('-') && path.extension().is_some_and(|e| e == EXTENSION) {
            return Some(cwd.join(path));
        }
    }
    None
}

/// What merging the waiting file would do (nothing is written), or why it was refused.
/// None when no file is waiting.
pub fn waiting_report(app: &AppHandle, store: &Store) -> Result<Option<MergeReport>> {
    let state = app.state::<Waiting>();
    let mut waiting = state
        .0
        .lock()
        .map_err(|_| Error::Io("the waiting file was lost".into()))?;
    match waiting.take() {
        None => Ok(None),
        Some(Arrival::Refused(e)) => Err(e),
        Some(Arrival::Sealed(bytes)) => {
            *waiting = Some(Arrival::Sealed(bytes));
            Err(Error::PassphraseNeeded)
        }
        Some(Arrival::Ready(incoming)) => {
            let report = store.with(|c| share::merge(c, &incoming, &[], true))?;
            *waiting = Some(Arrival::Ready(incoming));
            Ok(Some(report))
        }
    }
}

/// Opens the waiting sealed file with `passphrase`; a wrong one leaves it waiting.
pub fn unlock_waiting(app: &AppHandle, store: &Store, passphrase: &str) -> Result<MergeReport> {
    {
        let state = app.state::<Waiting>();
        let mut waiting = state
            .0
            .lock()
            .map_err(|_| Error::Io("the waiting file was lost".into()))?;
        let Some(Arrival::Sealed(bytes)) = waiting.as_ref() else {
            return Err(Error::NotFound {
                what: "Protected file",
            });
        };
        *waiting = Some(Arrival::Ready(share::open_sealed(bytes, passphrase)?));
    }
    waiting_report(app, store)?.ok_or(Error::NotFound {
        what: "Shared plan file",
    })
}

/// Merges the waiting file as the person chose, after copying the data file aside.
pub fn merge_waiting(app: &AppHandle, store: &Store, choices: &[Choice]) -> Result<Merged> {
    let state = app.state::<Waiting>();
    let mut waiting = state
        .0
        .lock()
        .map_err(|_| Error::Io("the waiting file was lost".into()))?;
    let Some(Arrival::Ready(incoming)) = waiting.as_ref() else {
        return Err(Error::NotFound {
            what: "Shared plan file",
        });
    };
    let (backup, report) = store.after_backup(|c| share::merge(c, incoming, choices, false))?;
    *waiting = None;
    Ok(Merged { report, backup })
}

pub fn forget_waiting(app: &AppHandle) {
    if let Ok(mut waiting) = app.state::<Waiting>().0.lock() {
        *waiting = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|a| (*a).to_owned()).collect()
    }

    #[test]
    fn only_a_shared_plan_file_is_taken_from_a_launch() {
        let cwd = Path::new("/home/ana");
        let found = |list: &[&str]| arguments(&args(list), cwd);
        assert_eq!(
            found(&["waymark-app", "Ana – Plan.waymark"]),
            Some(PathBuf::from("/home/ana/Ana – Plan.waymark"))
        );
        assert_eq!(
            found(&["waymark-app", "/tmp/x.waymark"]),
            Some(PathBuf::from("/tmp/x.waymark"))
        );
        assert_eq!(found(&["waymark-app", "--db", "data.waymark"]), None);
        assert_eq!(found(&["waymark-app", "--db=data.waymark"]), None);
        assert_eq!(found(&["waymark-app", "notes.txt"]), None);
        assert_eq!(found(&["waymark-app.waymark"]), None);
    }
}
