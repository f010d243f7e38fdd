//! Copying the write-ahead log back into the data file off the writer's path.
//!
//! By default SQLite copies the log back (a checkpoint) once it passes 1,000 pages, on the
//! connection that committed last, before that commit returns: every few hundred writes
//! one click waited for the copy and its fsync, 4–6 ms on a large file, and the first sync
//! after pairing at 10,000 mentees paid it every dozen rounds. Here a thread with a
//! connection of its own makes the checkpoint as the log passes that size, beside the
//! writer. SQLite starts the log over only when a write begins after a whole checkpoint,
//! which writes that never pause would put off for ever; so past four times that size the
//! writer copies what the thread has not yet, the last thousand pages or so.

use std::ffi::c_int;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::thread::JoinHandle;

use rusqlite::Connection;
use rusqlite::wal::CheckpointMode;

use crate::error::{Error, Result};
use crate::store::db;

/// Log pages after which the thread makes a checkpoint: SQLite's own threshold.
const CHECKPOINT_PAGES: c_int = 1_000;

/// Log pages after which the writer makes one itself, so that the log starts over.
const WRITER_CHECKPOINT_PAGES: c_int = 4 * CHECKPOINT_PAGES;

/// Moves `conn`'s checkpoints to a thread of its own with a connection on `path`, the
/// file `conn` has open; the thread ends when `conn` closes. The thread opens its
/// connection itself, off the caller's path; should it not open, or the thread not start,
/// `conn` goes on making its own checkpoints.
pub fn move_off_writer(conn: &mut Connection, path: &Path) -> Result<()> {
    let (signal, asked) = mpsc::sync_channel(1);
    let path = path.to_owned();
    let thread = std::thread::Builder::new()
        .name("waymark-checkpoints".into())
        .spawn(move || match db::open_checkpointer(&path) {
            Ok(checkpointer) => checkpoint_when_asked(&checkpointer, &asked),
            // Dropping `asked` tells the writer to make its own checkpoints.
            Err(e) => eprintln!("Waymark: checkpoints stay with the app's own connection: {e}"),
        })
        .map_err(|e| Error::Io(format!("could not start the checkpoint thread: {e}")))?;
    let thread = Thread {
        signal: Some(signal),
        thread: Some(thread),
    };
    // The log's size when the thread was last asked: it is asked again once the log has
    // grown as much again, so writes in quick succession do not each bring a checkpoint
    // (and its fsync) beside them.
    let mut asked_at = 0;
    conn.wal_hook(Some(move |wal: &mut rusqlite::hooks::Wal, pages: c_int| {
        if pages < asked_at {
            asked_at = 0; // the log started over
        }
        let mut copy_here = pages >= WRITER_CHECKPOINT_PAGES;
        if !copy_here && pages >= asked_at + CHECKPOINT_PAGES {
            asked_at = pages;
            copy_here = !thread.ask();
        }
        if copy_here {
            // The commit is made whatever happens here, so an error must not be reported
            // as its own: a checkpoint that cannot run now (the thread's is running) is
            // made after a later commit.
            let _ = wal.checkpoint_v2(CheckpointMode::PASSIVE);
        }
        Ok(())
    }))?;
    Ok(())
}

fn checkpoint_when_asked(conn: &Connection, asked: &Receiver<()>) {
    while asked.recv().is_ok() {
        // PASSIVE copies what no reader still needs and never waits for the writer.
        if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
            eprintln!("Waymark: a checkpoint of the data file failed: {e}");
        }
    }
}

/// The checkpoint thread, owned by the writer's hook: when the writer closes, the thread
/// is told to end and waited for, so its connection is closed by the time the writer's is.
struct Thread {
    signal: Option<SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Thread {
    /// Asks for a checkpoint; false when the thread is gone, so the writer makes it.
    fn ask(&self) -> bool {
        self.signal.as_ref().is_some_and(|signal| {
            // Full: a checkpoint is asked for already, and it will copy this commit too.
            !matches!(signal.try_send(()), Err(TrySendError::Disconnected(())))
        })
    }
}

impl Drop for Thread {
    fn drop(&mut self) {
        self.signal.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
