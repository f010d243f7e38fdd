//! The open data file, shared by all commands. If it could not be opened the app still
//! starts, so the UI can explain what happened instead of crashing. The person can also
//! step into a demo database and back.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex, MutexGuard, PoisonError, TryLockError};
use std::time::{Duration, Instant};

use rusqlite::Connection;
use tauri::{AppHandle, Manager};
use waymark_core::backups::{self, BackupFile};
use waymark_core::db::{self, DataFileStatus, Upgrade, UpgradeProgress};
use waymark_core::{Error, ErrorPayload, Result, checkpoints, dates, demo, search};

use crate::changes;

const DEMO_FILE: &str = "waymark-demo.sqlite3";

/// How many times a data file was opened, or its data replaced by a backup, in this
/// process: live sync starts again from the file's pairing when this changes, and the
/// calendar file is written again.
static OPENED: AtomicU64 = AtomicU64::new(0);

/// Counts a file opened, or data replaced, and tells what watches the data.
fn opened_anew() {
    OPENED.fetch_add(1, Ordering::Relaxed);
    changes::tell();
}

/// When a command last asked for the data file, in milliseconds after [`STARTED`].
static LAST_ASKED: AtomicU64 = AtomicU64::new(0);
static STARTED: LazyLock<Instant> = LazyLock::new(Instant::now);

/// How long nobody must have asked for the data file before it is tidied, in
/// milliseconds. Letters typed into a search come closer together than this; a click that
/// comes meanwhile waits for one step at most.
const QUIET_MS: u64 = 1_000;

/// How long tidying waits when the app's own work in the background holds the file.
const BUSY_PAUSE: Duration = Duration::from_millis(200);

fn since_started() -> u64 {
    u64::try_from(STARTED.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// How much longer until nobody will have asked for the data file for [`QUIET_MS`]; none
/// once they have not.
fn quiet_for() -> Option<Duration> {
    let idle = since_started().saturating_sub(LAST_ASKED.load(Ordering::Relaxed));
    (idle < QUIET_MS).then(|| Duration::from_millis(QUIET_MS - idle))
}

fn sleep_until_quiet() {
    while let Some(left) = quiet_for() {
        std::thread::sleep(left);
    }
}

/// How a turn of tidying ended.
enum Tidying {
    /// The index is tidy, no file is open, or a step failed: wait for the next change.
    Done,
    /// Someone asked for the data file: wait until they are done.
    Asked,
    /// The app's own work in the background holds the file: try again shortly.
    Busy,
}

#[derive(Debug)]
pub struct Store {
    /// The person's own data file; the demo file lives beside it. Choosing another file
    /// makes that one home for the rest of the session.
    home: Mutex<PathBuf>,
    open: Mutex<Open>,
}

#[derive(Debug)]
struct Open {
    path: PathBuf,
    demo: bool,
    conn: Result<Connection, ErrorPayload>,
    /// Set while a file from an earlier Waymark is upgraded on its own thread.
    upgrading: Option<UpgradeProgress>,
}

impl Open {
    fn at(path: PathBuf, demo: bool) -> Self {
        Self::with_upgrade(path, demo, Upgrade::OnOpen, &mut |_| {})
    }

    /// A file the person picked: nothing in it changes until it has passed every check and,
    /// if it comes from an older Waymark, until they agree to upgrade it.
    fn chosen(path: PathBuf) -> Self {
        Self::with_upgrade(path, false, Upgrade::AskFirst, &mut |_| {})
    }

    /// Not open yet: an upgrade is about to start on its own thread.
    fn upgrading(path: PathBuf, demo: bool) -> Self {
        Self {
            path,
            demo,
            conn: Err(Error::DbUpgrading.payload()),
            upgrading: Some(UpgradeProgress::default()),
        }
    }

    fn with_upgrade(
        path: PathBuf,
        demo: bool,
        upgrade: Upgrade,
        report: &mut dyn FnMut(UpgradeProgress),
    ) -> Self {
        let mut conn = db::open_reporting(&path, upgrade, report).map_err(|e| e.payload());
        if let Ok(conn) = &mut conn
            && let Err(e) = checkpoints::move_off_writer(conn, &path)
        {
            eprintln!("Waymark: checkpoints stay with the app's own connection: {e}");
        }
        opened_anew();
        if conn.is_ok() && !demo {
            back_up_daily_beside(path.clone());
        }
        Self {
            path,
            demo,
            conn,
            upgrading: None,
        }
    }

    /// Refused only for coming from an older Waymark, so upgrading it is all it needs.
    fn waits_for_upgrade(&self) -> bool {
        self.conn
            .as_ref()
            .is_err_and(|e| e.code == "db_older_than_app")
    }
}

/// The first start of each day copies the whole file, which for a large one takes
/// seconds: it runs on its own read-only connection beside the app instead of holding up
/// the window. A failed copy must not keep anyone from their data; it is retried at the
/// next start, and "Back up now" reports its own errors.
fn back_up_daily_beside(path: PathBuf) {
    std::thread::spawn(move || {
        let copied =
            db::open_reader(&path).and_then(|conn| backups::daily(&conn, &path, dates::today()));
        if let Err(e) = copied {
            eprintln!("Waymark: the daily backup failed: {e}");
        }
    });
}

impl Store {
    /// The person's data file. One from an earlier Waymark is not opened here but by
    /// [`Store::finish_upgrade`], so the window can show the upgrade's progress.
    pub fn open(path: PathBuf) -> Self {
        let open = if db::needs_upgrade(&path) {
            Open::upgrading(path.clone(), false)
        } else {
            Open::at(path.clone(), false)
        };
        Self {
            open: Mutex::new(open),
            home: Mutex::new(path),
        }
    }

    /// Upgrades and opens a data file from an earlier Waymark on a thread of its own (on
    /// 10,000 mentees it takes seconds); until it is done every command answers
    /// `db_upgrading` and the status tells how far it has come.
    pub fn finish_upgrade(app: &AppHandle) {
        let store = app.state::<Store>();
        let (path, demo) = {
            let open = store.lock();
            if open.upgrading.is_none() {
                return;
            }
            (open.path.clone(), open.demo)
        };
        let app = app.clone();
        std::thread::spawn(move || {
            let store = app.state::<Store>();
            let opened = Open::with_upgrade(path, demo, Upgrade::OnOpen, &mut |progress| {
                store.lock().upgrading = Some(progress);
            });
            *store.lock() = opened;
            // Told again now that the store holds it: the tell as it opened came before.
            changes::tell();
        });
    }

    fn home(&self) -> PathBuf {
        self.home
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Opens the current file again, after whatever kept it from opening was put right
    /// (another program let go of it, its permissions were fixed).
    pub fn retry(&self) -> DataFileStatus {
        let mut open = self.lock();
        // Close it first, so the new connection is the only one.
        open.conn = Err(Error::DbNotOpen.payload());
        *open = Open::at(open.path.clone(), open.demo);
        drop(open);
        self.status()
    }

    /// Makes `path`, picked by the person, the data file for the rest of this session.
    pub fn switch_to(&self, path: PathBuf) -> DataFileStatus {
        *self.home.lock().unwrap_or_else(PoisonError::into_inner) = path.clone();
        let mut open = self.lock();
        open.conn = Err(Error::DbNotOpen.payload());
        *open = Open::chosen(path);
        drop(open);
        self.status()
    }

    /// Upgrades a chosen file from an older Waymark, now that the person has agreed; a
    /// copy of it as it was goes to `backups/` first.
    pub fn upgrade(&self) -> Result<DataFileStatus> {
        let mut open = self.lock();
        if !open.waits_for_upgrade() {
            return Err(Error::conflict(
                None,
                "This data file does not need an upgrade.",
            ));
        }
        *open = Open::at(open.path.clone(), open.demo);
        drop(open);
        Ok(self.status())
    }

    // Core functions each commit their own transaction, so a panic cannot leave half a
    // write behind and a poisoned lock is safe to reuse. Asking is noted before waiting,
    // so that tidying stops between two of its steps rather than taking the file again.
    fn lock(&self) -> MutexGuard<'_, Open> {
        LAST_ASKED.store(since_started(), Ordering::Relaxed);
        self.lock_unasked()
    }

    fn lock_unasked(&self) -> MutexGuard<'_, Open> {
        self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps the search index tidy while nobody is clicking (`search::tidy_index_step`),
    /// on a thread of its own: a step at a time, each taking the data file only if it is
    /// free, until a command asks for the file again. Once the index is tidy it waits for
    /// the next change to the data.
    pub fn tidy_when_quiet(app: &AppHandle) {
        let (wake, woken) = std::sync::mpsc::channel();
        changes::listen(move || {
            let _ = wake.send(());
        });
        let app = app.clone();
        std::thread::spawn(move || {
            let store = app.state::<Store>();
            let mut tidy_at: Option<(u64, u64)> = None;
            // What an earlier session left untidy goes first.
            let mut untidy = true;
            loop {
                if !untidy {
                    if woken.recv().is_err() {
                        return;
                    }
                    while woken.try_recv().is_ok() {}
                }
                sleep_until_quiet();
                untidy = match store.tidy_while_quiet(&mut tidy_at) {
                    Tidying::Done => false,
                    Tidying::Asked => true,
                    Tidying::Busy => {
                        std::thread::sleep(BUSY_PAUSE);
                        true
                    }
                };
            }
        });
    }

    /// Tidies a step at a time while nobody asks for the data file.
    fn tidy_while_quiet(&self, tidy_at: &mut Option<(u64, u64)>) -> Tidying {
        while quiet_for().is_none() {
            match self.tidy_step(tidy_at) {
                Ok(Some(true)) => {}
                Ok(Some(false)) => return Tidying::Done,
                Ok(None) => return Tidying::Busy,
                Err(e) => {
                    eprintln!("Waymark: tidying the search index failed: {e}");
                    return Tidying::Done;
                }
            }
        }
        Tidying::Asked
    }

    /// One step of tidying, if the file is open and written since it was last found tidy,
    /// or since a step failed (`tidy_at`: the opening and the connection's count of
    /// changes then); says whether to go on, or none while the file is held elsewhere.
    fn tidy_step(&self, tidy_at: &mut Option<(u64, u64)>) -> Result<Option<bool>> {
        let mut open = match self.open.try_lock() {
            Ok(open) => open,
            Err(TryLockError::Poisoned(e)) => e.into_inner(),
            Err(TryLockError::WouldBlock) => return Ok(None),
        };
        let Ok(conn) = open.conn.as_mut() else {
            return Ok(Some(false));
        };
        let now = (OPENED.load(Ordering::Relaxed), conn.total_changes());
        if *tidy_at == Some(now) {
            return Ok(Some(false));
        }
        let step = db::within(db::ACTION_LIMIT, || search::tidy_index_step(conn));
        if !matches!(step, Ok(true)) {
            *tidy_at = Some((OPENED.load(Ordering::Relaxed), conn.total_changes()));
        }
        step.map(Some)
    }

    pub fn status(&self) -> DataFileStatus {
        let open = self.lock();
        DataFileStatus {
            path: open.path.display().to_string(),
            error: open.conn.as_ref().err().cloned(),
            demo: open.demo,
            upgrading: open.upgrading,
        }
    }

    /// Which opening of a data file is current; see [`OPENED`].
    pub fn generation(&self) -> u64 {
        OPENED.load(Ordering::Relaxed)
    }

    /// Runs `f` with the connection, stopped if its SQLite work outruns the action limit.
    pub fn with<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        self.with_limit(db::ACTION_LIMIT, f)
    }

    /// `with`, for work as large as what the person chose to bring in.
    pub fn with_limit<T>(
        &self,
        limit: std::time::Duration,
        f: impl FnOnce(&mut Connection) -> Result<T>,
    ) -> Result<T> {
        self.within(limit, |conn, _| f(conn))
    }

    /// `with`, also given the open file's path (for work that opens a reader beside it),
    /// for the app's own work in the background: live sync's worker and the calendar
    /// file's look. It does not count as someone asking for the file, so the search index
    /// is tidied beside it (`tidy_when_quiet`).
    pub fn in_background<T>(
        &self,
        f: impl FnOnce(&mut Connection, &Path) -> Result<T>,
    ) -> Result<T> {
        Self::run(&mut self.lock_unasked(), db::ACTION_LIMIT, f)
    }

    fn within<T>(
        &self,
        limit: std::time::Duration,
        f: impl FnOnce(&mut Connection, &Path) -> Result<T>,
    ) -> Result<T> {
        Self::run(&mut self.lock(), limit, f)
    }

    fn run<T>(
        open: &mut Open,
        limit: std::time::Duration,
        f: impl FnOnce(&mut Connection, &Path) -> Result<T>,
    ) -> Result<T> {
        let Open { path, conn, .. } = open;
        let conn = conn.as_mut().map_err(|_| Error::DbNotOpen)?;
        let before = conn.total_changes();
        let done = db::within(limit, || f(conn, path));
        if conn.total_changes() != before {
            changes::tell();
        }
        done
    }

    /// A consistent copy of the open file in the `backups` folder beside it.
    pub fn back_up_now(&self) -> Result<BackupFile> {
        let open = self.lock();
        let conn = open.conn.as_ref().map_err(|_| Error::DbNotOpen)?;
        backups::back_up_now(conn, &open.path)
    }

    /// Copies the open file to `backups`, then runs `f` under the same lock, so nothing
    /// else is written between the copy and the work it makes undoable.
    pub fn after_backup<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T>,
    ) -> Result<(BackupFile, T)> {
        let mut open = self.lock();
        let conn = open.conn.as_ref().map_err(|_| Error::DbNotOpen)?;
        let backup = backups::back_up_now(conn, &open.path)?;
        let done = Self::run(&mut open, db::ACTION_LIMIT, |conn, _| f(conn))?;
        Ok((backup, done))
    }

    /// Replaces the open data with a backup from its `backups` folder, after checking the
    /// backup and copying the current data aside; returns that copy.
    pub fn restore(&self, backup: &Path) -> Result<BackupFile> {
        let mut open = self.lock();
        if open.demo {
            return Err(Error::conflict(
                None,
                "Leave the demo before restoring a backup of your own data.",
            ));
        }
        let path = open.path.clone();
        match open.conn.as_mut() {
            Ok(conn) => {
                let restored = db::within(db::BULK_LIMIT, || backups::restore(conn, &path, backup));
                // Other data in the same file, even from a restore that failed after its
                // pages were copied in: what watches it (the calendar file, live sync's
                // pairing) starts again, as after opening a file.
                opened_anew();
                restored
            }
            // A file that would not open is replaced by the backup (and kept aside).
            Err(_) => {
                let aside = backups::replace_unusable(&path, backup)?;
                *open = Open::at(path, false);
                Ok(aside)
            }
        }
    }

    /// The backups beside the open file, newest first.
    pub fn backups(&self) -> Result<Vec<BackupFile>> {
        backups::list(&self.lock().path)
    }

    /// Builds a fresh demo database beside the person's file and switches to it.
    pub fn explore_demo(&self) -> Result<DataFileStatus> {
        let home = self.home();
        let path = home.with_file_name(DEMO_FILE);
        let mut open = self.lock();
        // Close the current file before the demo one replaces anything.
        open.conn = Err(Error::DbNotOpen.payload());
        match demo::write_file(&path, demo::DemoSize::Showcase) {
            Ok(_) => *open = Open::at(path, true),
            Err(e) => {
                *open = Open::at(home, false);
                return Err(e);
            }
        }
        drop(open);
        Ok(self.status())
    }

    /// Returns to the person's own data file.
    pub fn leave_demo(&self) -> DataFileStatus {
        *self.lock() = Open::at(self.home(), false);
        self.status()
    }
}
