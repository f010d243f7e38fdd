//! The open data file, shared by all commands. If it could not be opened the app still
//! starts, so the UI can explain what happened instead of crashing.

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use rusqlite::Connection;
use waymark_core::db::{self, DataFileStatus};
use waymark_core::{Error, ErrorPayload, Result};

#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    conn: Result<Mutex<Connection>, ErrorPayload>,
}

impl Store {
    pub fn open(path: PathBuf) -> Self {
        let conn = db::open(&path).map(Mutex::new).map_err(|e| e.payload());
        Self { path, conn }
    }

    pub fn status(&self) -> DataFileStatus {
        DataFileStatus {
            path: self.path.display().to_string(),
            error: self.conn.as_ref().err().cloned(),
        }
    }

    /// Runs `f` with the connection. Core functions each commit their own transaction,
    /// so a panic cannot leave half a write behind and a poisoned lock is safe to reuse.
    pub fn with<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        let mutex = self.conn.as_ref().map_err(|_| Error::DbNotOpen)?;
        let mut conn = mutex.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut conn)
    }
}
