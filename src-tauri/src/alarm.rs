//! A background thread's alarm clock: it sleeps until its time or until someone nudges
//! it, as when a setting it follows changed.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// The side that nudges; held by the state a command reaches.
#[derive(Debug)]
pub struct Nudge(Mutex<Sender<()>>);

/// The side that sleeps; moved into the thread.
#[derive(Debug)]
pub struct Alarm(Receiver<()>);

pub fn pair() -> (Nudge, Alarm) {
    let (sender, receiver) = mpsc::channel();
    (Nudge(Mutex::new(sender)), Alarm(receiver))
}

impl Nudge {
    /// Wakes the thread now.
    pub fn nudge(&self) {
        let _ = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .send(());
    }

    /// Another handle, for a callback that nudges from elsewhere.
    pub fn handle(&self) -> Sender<()> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Alarm {
    /// Sleeps for `limit` or until nudged; false once nothing can nudge it any more (the
    /// app is closing), and the thread should end. Nudges that came together wake it once:
    /// a burst of edits is one look, not one each.
    pub fn sleep(&self, limit: Duration) -> bool {
        let woken = self.0.recv_timeout(limit);
        while self.0.try_recv().is_ok() {}
        !matches!(woken, Err(RecvTimeoutError::Disconnected))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nudges_that_came_together_wake_the_thread_once() {
        let (nudge, alarm) = pair();
        let handle = nudge.handle();
        nudge.nudge();
        let _ = handle.send(());
        nudge.nudge();
        assert!(alarm.sleep(Duration::from_secs(60)));
        assert!(
            alarm.0.try_recv().is_err(),
            "a nudge was left to wake it again"
        );
        drop((nudge, handle));
        assert!(
            !alarm.sleep(Duration::from_secs(60)),
            "nothing can nudge it now"
        );
    }
}
