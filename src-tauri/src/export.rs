//! Exports chosen through the native save dialog. The dialog runs here, in Rust, so the
//! web side can never name a path: files go only where the person pointed, and only a
//! folder this session saved into can be shown.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::DialogExt;
use waymark_core::archive::{self, ImportSummary};
use waymark_core::exports::{self, ExportFormat, Exported, SavedFile, Scope};
use waymark_core::{Error, Result, dates, db, files, plans};
use waymark_report::{PrintOptions, safe_file_stem};

use crate::store::Store;

/// The files saved in this session: the only ones whose folder the UI may ask to open.
#[derive(Debug, Default)]
pub struct Saved(Mutex<Vec<PathBuf>>);

impl Saved {
    pub fn remember(&self, path: &Path) {
        if let Ok(mut saved) = self.0.lock() {
            saved.push(path.to_owned());
        }
    }
}

/// What the save dialog offers.
pub struct SaveAs<'a> {
    pub title: &'a str,
    pub file_name: String,
    pub filter: (&'a str, &'a str),
}

/// Asks where to save; None when the person cancels. The folder the dialog starts in is
/// one a person keeps documents in, not whatever folder the app ran from.
pub fn ask_where(app: &AppHandle, offer: SaveAs<'_>) -> Result<Option<PathBuf>> {
    let mut dialog = app.dialog().file().set_title(offer.title);
    if let Ok(dir) = app.path().document_dir().or_else(|_| app.path().home_dir()) {
        dialog = dialog.set_directory(dir);
    }
    let (label, ext) = offer.filter;
    let chosen = dialog
        .set_file_name(offer.file_name)
        .add_filter(label, &[ext])
        .blocking_save_file();
    chosen
        .map(|file| {
            file.into_path()
                .map_err(|e| Error::Io(format!("that location cannot be written to: {e}")))
        })
        .transpose()
}

/// Asks where to save, then writes the file whole. None when the person cancels, and
/// then nothing is written.
fn save(app: &AppHandle, offer: SaveAs<'_>, bytes: &[u8]) -> Result<Option<PathBuf>> {
    let Some(path) = ask_where(app, offer)? else {
        return Ok(None);
    };
    files::write_atomic(&path, bytes)?;
    app.state::<Saved>().remember(&path);
    Ok(Some(path))
}

pub fn milestones(
    app: &AppHandle,
    store: &Store,
    format: ExportFormat,
    plan_id: Option<i64>,
) -> Result<Option<Exported>> {
    let scope = plan_id.map_or(Scope::AllActivePlans, Scope::Plan);
    let (text, milestones, title) = store.with(|c| {
        let title = match plan_id {
            Some(id) => plans::get(c, id)?.title,
            None => "Active plans".to_owned(),
        };
        let (text, milestones) = exports::export(c, scope, format, chrono::Utc::now())?;
        Ok((text, milestones, title))
    })?;
    let (ext, label) = match format {
        ExportFormat::Csv => ("csv", "CSV spreadsheet"),
        ExportFormat::Ics => ("ics", "Calendar"),
    };
    let offer = SaveAs {
        title: "Export milestones",
        file_name: format!("{} - milestones.{ext}", safe_file_stem(&title)),
        filter: (label, ext),
    };
    Ok(save(app, offer, text.as_bytes())?.map(|path| Exported {
        path: path.display().to_string(),
        milestones,
    }))
}

/// The plan report, typeset before the dialog opens so a failure never leaves the
/// person choosing a file that will not be written.
pub fn plan_pdf(
    app: &AppHandle,
    store: &Store,
    plan_id: i64,
    locale: String,
) -> Result<Option<SavedFile>> {
    let (pdf, file_name) = typeset_plan(store, plan_id, locale)?;
    let offer = SaveAs {
        title: "Export plan as PDF",
        file_name,
        filter: ("PDF document", "pdf"),
    };
    Ok(save(app, offer, &pdf)?.map(saved_file))
}

/// Typesets the plan on screen ahead of an export and drops the PDF: Typst keeps what it
/// laid out, so the export itself then only lays out what changed since (about 8 ms for
/// the demo's largest plan, against some 50 ms the first time in a process).
pub fn prepare_plan_pdf(store: &Store, plan_id: i64, locale: String) -> Result<()> {
    typeset_plan(store, plan_id, locale).map(drop)
}

/// The plan report as PDF bytes, with the file name to offer. Only gathering the content
/// holds the data file; typesetting runs after, so the rest of the app keeps working.
fn typeset_plan(store: &Store, plan_id: i64, locale: String) -> Result<(Vec<u8>, String)> {
    let options = PrintOptions {
        locale,
        today: dates::today(),
    };
    let (report, file_name) = store.with(|c| {
        Ok((
            waymark_report::plan_content(c, plan_id, &options)?,
            waymark_report::plan_file_name(c, plan_id)?,
        ))
    })?;
    Ok((
        waymark_report::render_plan(&report, options.today)?,
        file_name,
    ))
}

pub fn overview_pdf(app: &AppHandle, store: &Store, locale: String) -> Result<Option<SavedFile>> {
    let today = dates::today();
    let options = PrintOptions { locale, today };
    let overview = store.with(|c| waymark_report::overview_content(c, &options))?;
    let pdf = waymark_report::render_overview(&overview, today)?;
    let offer = SaveAs {
        title: "Export mentoring overview",
        file_name: format!("Mentoring overview {}.pdf", dates::iso(today)),
        filter: ("PDF document", "pdf"),
    };
    Ok(save(app, offer, &pdf)?.map(saved_file))
}

/// Everything the person wrote, as the versioned JSON archive.
pub fn archive(app: &AppHandle, store: &Store) -> Result<Option<SavedFile>> {
    let json = store.with(|c| archive::export(c))?;
    let offer = SaveAs {
        title: "Export everything",
        file_name: format!("Waymark archive {}.json", dates::iso(dates::today())),
        filter: ("Waymark archive", "json"),
    };
    Ok(save(app, offer, json.as_bytes())?.map(saved_file))
}

/// Asks for an archive with the native open dialog and imports it into the open file,
/// which must hold no one yet. None when the person cancels.
pub fn import_archive(app: &AppHandle, store: &Store) -> Result<Option<ImportSummary>> {
    let chosen = app
        .dialog()
        .file()
        .set_title("Import a Waymark archive")
        .add_filter("Waymark archive", &["json"])
        .blocking_pick_file();
    let Some(chosen) = chosen else {
        return Ok(None);
    };
    let path = chosen
        .into_path()
        .map_err(|e| Error::Io(format!("that file cannot be opened: {e}")))?;
    store
        .with_limit(db::BULK_LIMIT, |c| archive::import_file(c, &path))
        .map(Some)
}

fn saved_file(path: PathBuf) -> SavedFile {
    SavedFile {
        path: path.display().to_string(),
    }
}

/// Opens the file manager on the folder of a file saved in this session.
pub fn show_in_folder(app: &AppHandle, path: &str) -> Result<()> {
    let path = Path::new(path);
    let known = app
        .state::<Saved>()
        .0
        .lock()
        .map(|saved| saved.iter().any(|p| p == path))
        .unwrap_or(false);
    let folder = path.parent().filter(|_| known).ok_or(Error::NotFound {
        what: "Exported file",
    })?;
    still_a_folder(folder)?;
    open_folder(folder).map_err(|e| Error::Io(format!("The file manager could not be opened: {e}")))
}

/// What stands at a saved file's folder now may not be what stood there when it was
/// saved: the file manager is only asked to open a real folder, never a link or a file
/// (which the system opener would open, or run, with whatever program it names).
fn still_a_folder(folder: &Path) -> Result<()> {
    match std::fs::symlink_metadata(folder) {
        Ok(m) if m.is_dir() => Ok(()),
        _ => Err(Error::NotFound {
            what: "Folder of the exported file",
        }),
    }
}

fn open_folder(folder: &Path) -> std::io::Result<()> {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    let mut child = std::process::Command::new(opener).arg(folder).spawn()?;
    // Reap it when the file manager's launcher exits, so no zombie is left behind.
    std::thread::spawn(move || child.wait());
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::still_a_folder;

    #[test]
    fn only_a_real_folder_is_shown() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let folder = dir.path().join("exports");
        std::fs::create_dir(&folder)?;
        assert!(still_a_folder(&folder).is_ok());

        // Replaced by a link to elsewhere, then by a file: neither is opened.
        std::fs::remove_dir(&folder)?;
        std::os::unix::fs::symlink("/etc", &folder)?;
        assert!(still_a_folder(&folder).is_err());
        std::fs::remove_file(&folder)?;
        std::fs::write(&folder, "#!/bin/sh\n")?;
        assert!(still_a_folder(&folder).is_err());
        Ok(())
    }
}
