//! Live sync in the app: the sync loop runs over whichever data file is open, and tells
//! the window where it stands (`sync-status`) and what arrived (`sync-arrived`).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use rusqlite::Connection;
use tauri::{AppHandle, Emitter, Manager};

use waymark_core::Result;
use waymark_core::live::{self, Arrived, Pairing, SyncPhase, SyncStatus};
use waymark_sync::{DataFile, Events, Notify, Options, Syncer};

use crate::store::Store;

/// The running sync loop and the last status it reported.
#[derive(Debug)]
pub struct LiveSync {
    syncer: Syncer,
    last: Arc<Mutex<Option<SyncStatus>>>,
}

struct OpenFile {
    app: AppHandle,
    changed: Arc<Notify>,
}

impl DataFile for OpenFile {
    fn with(&self, work: &mut dyn FnMut(&mut Connection) -> Result<()>) -> Result<()> {
        self.app
            .state::<Store>()
            .in_background(|conn, _| work(conn))
    }

    fn generation(&self) -> u64 {
        self.app.state::<Store>().generation()
    }

    fn changed(&self) -> Option<Arc<Notify>> {
        Some(Arc::clone(&self.changed))
    }
}

/// How often the loop looks for edits when nothing told it of one: every edit does.
const LOOK_ANYWAY: Duration = Duration::from_secs(10);

struct Window {
    app: AppHandle,
    last: Arc<Mutex<Option<SyncStatus>>>,
}

impl Events for Window {
    fn status(&self, status: &SyncStatus) {
        *self.last.lock().unwrap_or_else(PoisonError::into_inner) = Some(status.clone());
        let _ = self.app.emit("sync-status", status);
    }

    fn arrived(&self, arrived: &Arrived) {
        let _ = self.app.emit("sync-arrived", arrived);
    }
}

impl LiveSync {
    /// Starts the loop; it connects once the open data file is paired.
    pub fn start(app: &AppHandle) -> Self {
        let last = Arc::default();
        let events = Window {
            app: app.clone(),
            last: Arc::clone(&last),
        };
        let changed = Arc::new(Notify::new());
        let told = Arc::clone(&changed);
        crate::changes::listen(move || told.notify_one());
        let file = OpenFile {
            app: app.clone(),
            changed,
        };
        let options = Options {
            tick: LOOK_ANYWAY,
            ..Options::default()
        };
        let syncer = Syncer::start(
            tauri::async_runtime::handle().inner(),
            Arc::new(file),
            Arc::new(events),
            options,
        );
        Self { syncer, last }
    }

    /// The status last reported, or read now if the loop has not reported yet.
    pub fn status(&self, store: &Store) -> Result<SyncStatus> {
        let last = self
            .last
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        match last {
            Some(status) => Ok(status),
            None => store.with(|c| SyncStatus::read(c, SyncPhase::Connecting, None)),
        }
    }

    /// Pairs the open data file with the server at `url` using a one-time code.
    pub async fn pair(
        &self,
        store: &Store,
        url: &str,
        code: &str,
        device: &str,
    ) -> Result<Pairing> {
        let (url, code, device) = live::pairing_input(url, code, device)?;
        let paired = waymark_sync::pair(&url, &code, &device).await?;
        let pairing = store.with(|c| live::save_pairing(c, &url, &paired))?;
        self.syncer.nudge();
        Ok(pairing)
    }

    /// Looks again at once: after pausing, resuming, forgetting or sharing live.
    pub fn nudge(&self) {
        self.syncer.nudge();
    }
}
