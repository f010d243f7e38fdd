//! Exports chosen through the native save dialog. The dialog runs here, in Rust, so the
//! web side can never name a path: files go only where the person pointed.

use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::DialogExt;
use waymark_core::exports::{self, ExportFormat, Exported, Scope};
use waymark_core::{Error, Result, files};

use crate::store::Store;

/// Asks where to save, then writes the file whole. None when the person cancels.
pub fn milestones(
    app: &AppHandle,
    store: &Store,
    format: ExportFormat,
    plan_id: Option<i64>,
) -> Result<Option<Exported>> {
    let scope = plan_id.map_or(Scope::AllActivePlans, Scope::Plan);
    let (rows, title) = store.with(|c| {
        let title = match plan_id {
            Some(id) => waymark_core::plans::get(c, id)?.title,
            None => "Active plans".to_owned(),
        };
        Ok((exports::rows(c, scope)?, title))
    })?;
    let (ext, label, text) = match format {
        ExportFormat::Csv => ("csv", "CSV spreadsheet", exports::csv(&rows)),
        ExportFormat::Ics => (
            "ics",
            "Calendar",
            exports::ics(&rows, &exports::stamp_now()),
        ),
    };
    let mut dialog = app.dialog().file().set_title("Export milestones");
    // Start somewhere a person keeps documents, not in whatever folder the app ran from.
    if let Ok(dir) = app.path().document_dir().or_else(|_| app.path().home_dir()) {
        dialog = dialog.set_directory(dir);
    }
    let chosen = dialog
        .set_file_name(format!("{} – milestones.{ext}", safe_file_name(&title)))
        .add_filter(label, &[ext])
        .blocking_save_file();
    let Some(chosen) = chosen else {
        return Ok(None);
    };
    let path = chosen
        .into_path()
        .map_err(|e| Error::Io(format!("that location cannot be written to: {e}")))?;
    files::write_atomic(&path, text.as_bytes())?;
    Ok(Some(Exported {
        path: path.display().to_string(),
        milestones: rows.len(),
    }))
}

/// A plan title made safe to offer as a file name.
fn safe_file_name(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| {
            let reserved = matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|');
            if c.is_control() || reserved { ' ' } else { c }
        })
        .collect();
    match cleaned.trim() {
        "" => "Waymark".to_owned(),
        name => name.chars().take(80).collect(),
    }
}
