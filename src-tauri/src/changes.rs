//! What the app's background threads wait for, instead of looking every few hundred
//! milliseconds: a command wrote to the open data file, or another file was opened in its
//! place. Left open all day, Waymark then wakes the processor only when there is
//! something to do (25 wake-ups a second before, with nothing to do).

use std::sync::{Mutex, PoisonError};

type Listener = Box<dyn Fn() + Send>;

static LISTENERS: Mutex<Vec<Listener>> = Mutex::new(Vec::new());

/// Calls `tell` after every change from now on. It runs while the data file is held, so
/// it only wakes the thread that listens.
pub fn listen(tell: impl Fn() + Send + 'static) {
    lock().push(Box::new(tell));
}

/// Tells every listener that the data may have changed.
pub fn tell() {
    for listener in lock().iter() {
        listener();
    }
}

fn lock() -> std::sync::MutexGuard<'static, Vec<Listener>> {
    LISTENERS.lock().unwrap_or_else(PoisonError::into_inner)
}
