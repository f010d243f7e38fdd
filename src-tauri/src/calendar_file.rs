//! "Keep a calendar file up to date": the person picks a file once, through the save
//! dialog; from then on, whenever the data changes, the calendar of every active plan's
//! milestones and every 1:1 schedule is written to it again, whole and atomically, for
//! calendar apps that subscribe to a file. Nothing is written while the calendar is
//! unchanged, so the file's time says when something in it last changed.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::Utc;
use tauri::{AppHandle, Manager};
use waymark_core::db::{self, Connection};
use waymark_core::exports::{self, CalendarFileStatus, Scope};
use waymark_core::{Result, files, settings};

use crate::alarm::{self, Nudge};
use crate::changes;
use crate::store::Store;

/// How often the data file is looked at when nothing says it changed: a change wakes the
/// thread at once (`changes`), so this only guards against one that does not.
const LOOK_EVERY: Duration = Duration::from_secs(60);

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
        let changed = wake.handle();
        changes::listen(move || {
            let _ = changed.send(());
        });
        let status = Arc::<Mutex<CalendarFileStatus>>::default();
        let (app, shared) = (app.clone(), Arc::clone(&status));
        std::thread::spawn(move || {
            let mut seen = None;
            // Written calendars without their time stamps, to skip writing the same again.
            let mut last = String::new();
            loop {
                let outcome = keep(&app.state::<Store>(), &mut seen, &mut last);
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
fn keep(store: &Store, seen: &mut Option<Seen>, last: &mut String) -> Result<Option<PathBuf>> {
    let Some((now, reader)) = look(store, seen.as_ref())? else {
        return Ok(None);
    };
    let calendar = reader
        .map(|reader| exports::calendar_of(&reader, Scope::AllActivePlans, Utc::now()))
        .transpose()?;
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

/// What the data and the chosen file are now and, when that is news and a file is
/// chosen, a reader of the data as it is now. Only this look holds the store, which every
/// command waits for; the calendar itself (seconds at 10,000 mentees) is read from the
/// reader beside it.
fn look(store: &Store, seen: Option<&Seen>) -> Result<Option<(Seen, Option<Connection>)>> {
    store.in_background(|c, file| {
        let now = Seen {
            generation: store.generation(),
            changes: c.total_changes(),
            path: settings::calendar_file(c)?,
        };
        if seen == Some(&now) {
            return Ok(None);
        }
        let reader = match &now.path {
            Some(_) => Some(reader_of_now(file)?),
            None => None,
        };
        Ok(Some((now, reader)))
    })
}

/// A reader held to the data as the store has it at this moment, so what it reads is
/// what `Seen` counted, however much is written meanwhile. Taken while the store is held
/// and open, it never sees half of an upgrade or a restore: those finish before the store
/// lets go, and while a file is upgraded on its own thread the store is not open.
fn reader_of_now(file: &Path) -> Result<Connection> {
    let reader = db::open_reader(file)?;
    // A read transaction keeps the snapshot its first read takes until the reader is dropped.
    reader.execute_batch("BEGIN")?;
    reader.query_row("PRAGMA schema_version", [], |_| Ok(()))?;
    Ok(reader)
}

fn without_stamps(calendar: &str) -> String {
    calendar
        .split("\r\n")
        .filter(|line| !line.starts_with("DTSTAMP:"))
        .collect::<Vec<_>>()
        .join("\r\n")
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc;

    use waymark_core::demo::{self, DemoSize};

    use super::*;

    type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

    /// The showcase data, its calendar kept in `Waymark.ics` beside it.
    fn kept_showcase(
        dir: &Path,
    ) -> std::result::Result<(Store, PathBuf), Box<dyn std::error::Error>> {
        let data = dir.join("waymark.sqlite3");
        demo::write_file(&data, DemoSize::Showcase)?;
        let store = Store::open(data);
        let calendar = dir.join("Waymark.ics");
        store.with(|c| settings::set_calendar_file(c, Some(&calendar)))?;
        Ok((store, calendar))
    }

    const RENAME_EVERYONE: &str = "UPDATE mentees SET name = name || ' (moved)'";

    #[test]
    fn the_store_takes_commands_while_the_calendar_is_read() -> TestResult {
        let dir = tempfile::tempdir()?;
        let (store, _) = kept_showcase(dir.path())?;
        let store = Arc::new(store);
        let now = Utc::now();
        let before = store.with(|c| exports::calendar_of(c, Scope::AllActivePlans, now))?;

        let (_, reader) = look(&store, None)?.ok_or("the first look reads")?;
        let mut reader = reader.ok_or("a file is chosen")?;
        // A command in the middle of the calendar's read: it would wait for ever if the
        // read held the store, so it gets a minute before the test gives up on it.
        let answered = Arc::new(AtomicBool::new(false));
        let (store_in_read, answered_in_read) = (Arc::clone(&store), Arc::clone(&answered));
        let mut asked = false;
        reader.progress_handler(
            100,
            Some(move || {
                if !std::mem::replace(&mut asked, true) {
                    let (tx, rx) = mpsc::channel();
                    let store = Arc::clone(&store_in_read);
                    std::thread::spawn(move || {
                        let _ = tx.send(store.with(|c| Ok(c.execute(RENAME_EVERYONE, [])?)));
                    });
                    let renamed = rx.recv_timeout(Duration::from_secs(60));
                    answered_in_read
                        .store(matches!(renamed, Ok(Ok(n)) if n > 0), Ordering::Relaxed);
                }
                false
            }),
        )?;
        let read = exports::calendar_of(&reader, Scope::AllActivePlans, now)?;

        assert!(
            answered.load(Ordering::Relaxed),
            "the store answered mid-read"
        );
        assert!(!read.0.is_empty());
        assert!(
            read == before,
            "the read is of the data as looked at, not renamed"
        );
        Ok(())
    }

    #[test]
    fn nothing_is_written_while_the_calendar_is_unchanged() -> TestResult {
        let dir = tempfile::tempdir()?;
        let (store, calendar) = kept_showcase(dir.path())?;
        let (mut seen, mut last) = (None, String::new());

        assert_eq!(keep(&store, &mut seen, &mut last)?, Some(calendar.clone()));
        let written = std::fs::read_to_string(&calendar)?;
        assert_eq!(
            keep(&store, &mut seen, &mut last)?,
            None,
            "no change, no read"
        );
        // A change the calendar does not show is read, and not written.
        store.with(|c| {
            let mut s = settings::get(c)?;
            s.not_seen_days += 1;
            settings::update(c, &s)
        })?;
        assert_eq!(keep(&store, &mut seen, &mut last)?, None);
        assert_eq!(std::fs::read_to_string(&calendar)?, written);

        store.with(|c| Ok(c.execute(RENAME_EVERYONE, [])?))?;
        assert_eq!(keep(&store, &mut seen, &mut last)?, Some(calendar.clone()));
        assert!(std::fs::read_to_string(&calendar)?.contains("(moved)"));
        Ok(())
    }

    /// A restore copies pages in, which no count of changed rows sees.
    #[test]
    fn a_restored_backup_is_written_to_the_calendar() -> TestResult {
        let dir = tempfile::tempdir()?;
        let (store, calendar) = kept_showcase(dir.path())?;
        let (mut seen, mut last) = (None, String::new());
        let backup = store.back_up_now()?;
        store.with(|c| Ok(c.execute(RENAME_EVERYONE, [])?))?;
        assert_eq!(keep(&store, &mut seen, &mut last)?, Some(calendar.clone()));
        assert!(std::fs::read_to_string(&calendar)?.contains("(moved)"));

        store.restore(Path::new(&backup.path))?;
        assert_eq!(keep(&store, &mut seen, &mut last)?, Some(calendar.clone()));
        assert!(!std::fs::read_to_string(&calendar)?.contains("(moved)"));
        Ok(())
    }

    #[test]
    fn a_file_being_upgraded_is_not_read() -> TestResult {
        let dir = tempfile::tempdir()?;
        let data = dir.path().join("waymark.sqlite3");
        // As a file from the first Waymark looks to the store: upgraded on a thread of its own.
        rusqlite::Connection::open(&data)?.pragma_update(None, "user_version", 1)?;
        let store = Store::open(data);
        assert!(store.status().upgrading.is_some());

        let (mut seen, mut last) = (None, String::new());
        assert!(keep(&store, &mut seen, &mut last).is_err());
        assert_eq!(seen, None);
        Ok(())
    }
}
