//! "Keep a calendar file up to date": the person picks a file once, through the save
//! dialog; from then on, whenever the data changes, the calendar of every active plan's
//! milestones and every 1:1 schedule is written to it again, whole and atomically, for
//! calendar apps that subscribe to a file. Nothing is written while the calendar is
//! unchanged, so the file's time says when something in it last changed.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::Utc;
use tauri::{AppHandle, Manager};
use waymark_core::exports::{self, CalendarFileStatus, Scope};
use waymark_core::{Result, files, settings};

use crate::alarm::{self, Nudge};
use crate::store::Store;

/// How often the data file is looked at for changes; reading its change count is cheap.
const LOOK_EVERY: Duration = Duration::from_secs(2);

#[derive(Debug)]
pub struct CalendarFile {
    wake: Nudge,
    status: Arc<Mutex<CalendarFileStatus>>,
}

/// What the file was last written from, so an unchanged data file is not read again.
#[derive(Debug, Default, PartialEq, Eq)]
struct Seen {
    generation: u64,
    changes: u64,
    path: Option<PathBuf>,
}

impl CalendarFile {
    pub fn start(app: &AppHandle) -> Self {
        let (wake, alarm) = alarm::pair();
        let status = Arc::<Mutex<CalendarFileStatus>>::default();
        let (app, shared) = (app.clone(), Arc::clone(&status));
        std::thread::spawn(move || {
            let mut seen = None;
            // Written calendars without their time stamps, to skip writing the same again.
            let mut last = String::new();
            loop {
                let outcome = keep(&app, &mut seen, &mut last);
                let mut status = shared.lock().unwrap_or_else(PoisonError::into_inner);
                match outcome {
                    Ok(Some(path)) => {
                        status.path = Some(path.display().to_string());
                        status.written_at = Some(Utc::now().to_rfc3339());
                        status.problem = None;
                    }
                    Ok(None) => {}
                    Err(e) => status.problem = Some(e.to_string()),
                }
                drop(status);
                if !alarm.sleep(LOOK_EVERY) {
                    return;
                }
            }
        });
        Self { wake, status }
    }

    /// Looks again now, as after the file was chosen or forgotten.
    pub fn nudge(&self) {
        self.wake.nudge();
    }

    pub fn status(&self, store: &Store) -> Result<CalendarFileStatus> {
        let path = store.with(|c| settings::calendar_file(c))?;
        let mut status = self
            .status
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if status.path.as_deref() != path.as_ref().and_then(|p| p.to_str()) {
            status = CalendarFileStatus {
                path: path.map(|p| p.display().to_string()),
                ..CalendarFileStatus::default()
            };
        }
        Ok(status)
    }
}

/// Writes the calendar when the data or the chosen file changed and the calendar with it;
/// returns the file written, if one was.
fn keep(app: &AppHandle, seen: &mut Option<Seen>, last: &mut String) -> Result<Option<PathBuf>> {
    let store = app.state::<Store>();
    let generation = store.generation();
    let found = store.with(|c| {
        let now = Seen {
            generation,
            changes: c.total_changes(),
            path: settings::calendar_file(c)?,
        };
        if seen.as_ref() == Some(&now) {
            return Ok(None);
        }
        // Only the reading holds the data file; the calendar is written out after.
        let calendar = match &now.path {
            Some(_) => Some(exports::calendar_of(c, Scope::AllActivePlans, Utc::now())?),
            None => None,
        };
        Ok(Some((now, calendar)))
    })?;
    let Some((now, calendar)) = found else {
        return Ok(None);
    };
    if seen.as_ref().map(|s| &s.path) != Some(&now.path) {
        last.clear();
    }
    let path = now.path.clone();
    *seen = Some(now);
    let (Some(path), Some((rows, schedules))) = (path, calendar) else {
        return Ok(None);
    };
    let calendar = exports::ics(&rows, &schedules, Utc::now());
    let unstamped = without_stamps(&calendar);
    if unstamped == *last {
        return Ok(None);
    }
    if let Err(e) = files::write_atomic(&path, calendar.as_bytes()) {
        // Tried again at the next look, so a folder that comes back is written to.
        *seen = None;
        return Err(e);
    }
    *last = unstamped;
    Ok(Some(path))
}

fn without_stamps(calendar: &str) -> String {
    calendar
        .split("\r\n")
        .filter(|line| !line.starts_with("DTSTAMP:"))
        .collect::<Vec<_>>()
        .join("\r\n")
}
