//! Desktop reminders while Waymark runs. A thread runs the schedule of
//! `waymark_core::reminders` over the open data file and raises what it decides through the
//! notification plugin. Clicking a reminder brings the window forward on the item
//! (`open-reminder`); its "Snooze" button keeps the items quiet for an hour.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::{Local, Utc};
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_notification::{Action, ActionPerformed, ActionType, NotificationExt};
use waymark_core::reminders::{self, Notice, Opens, Schedule};
use waymark_core::{Result, dates, settings};

use crate::alarm::{self, Nudge};
use crate::store::Store;

/// The schedule runs at least this often, so that a clock changed by hand or a machine
/// woken from sleep is noticed within a minute.
const LONGEST_WAIT: Duration = Duration::from_secs(60);
const SNOOZE: chrono::Duration = chrono::Duration::hours(1);
const ACTIONS: &str = "reminder";
const SNOOZE_ACTION: &str = "snooze";
/// The event the window hears when a reminder is clicked, with what to open.
pub const OPEN_REMINDER: &str = "open-reminder";

/// The running reminder thread.
#[derive(Debug)]
pub struct Reminders {
    wake: Nudge,
}

/// What each raised notification is about, by its id.
type Raised = Arc<Mutex<HashMap<i32, Notice>>>;

impl Reminders {
    pub fn start(app: &AppHandle) -> Self {
        let (wake, alarm) = alarm::pair();
        let raised: Raised = Arc::default();
        let notifications = app.notification();
        let _ = notifications.register_action_types(vec![
            ActionType::builder(ACTIONS)
                .actions(vec![
                    Action::builder(SNOOZE_ACTION, "Snooze 1 hour").build(),
                ])
                .build(),
        ]);
        let (handle, shown, nudge) = (app.clone(), Arc::clone(&raised), wake.handle());
        let _ = notifications.on_action(move |performed| {
            performed_on(&handle, &shown, performed);
            let _ = nudge.send(());
        });
        let app = app.clone();
        std::thread::spawn(move || {
            let mut next_id = 0;
            loop {
                let wait = run_once(&app, &raised, &mut next_id).unwrap_or(LONGEST_WAIT);
                if !alarm.sleep(wait.min(LONGEST_WAIT)) {
                    return;
                }
            }
        });
        Self { wake }
    }

    /// Runs the schedule again now, as after its settings changed.
    pub fn nudge(&self) {
        self.wake.nudge();
    }
}

/// Decides and raises what is due; returns how long to wait before looking again.
fn run_once(app: &AppHandle, raised: &Raised, next_id: &mut i32) -> Result<Duration> {
    let now = Utc::now();
    let decision = app.state::<Store>().with(|c| {
        let schedule = Schedule::from_settings(&settings::reminders(c)?);
        let state = reminders::state(c)?;
        let due = if reminders::reads_due(now, &Local, &schedule, &state) {
            reminders::due(c, dates::today())?
        } else {
            Vec::new()
        };
        let decision = reminders::decide(now, &Local, &schedule, &state, &due);
        // Written only when it changed: a quiet minute writes nothing to the data file.
        if decision.state != state {
            reminders::save_state(c, &decision.state)?;
        }
        Ok(decision)
    })?;
    for notice in decision.notices {
        *next_id += 1;
        let shown = app
            .notification()
            .builder()
            .id(*next_id)
            .title(&notice.title)
            .body(&notice.body)
            .action_type_id(ACTIONS)
            .show();
        if shown.is_ok() {
            raised
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(*next_id, notice);
        }
    }
    Ok((decision.next_run - Utc::now())
        .to_std()
        .unwrap_or(Duration::ZERO))
}

/// A click on a reminder opens what it is about; its button snoozes it.
fn performed_on(app: &AppHandle, raised: &Raised, performed: &ActionPerformed) {
    let Some(id) = performed.notification().map(|n| n.id()) else {
        return;
    };
    let Some(notice) = raised
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&id)
        .cloned()
    else {
        return;
    };
    match performed.action_id() {
        SNOOZE_ACTION => {
            let until = Utc::now() + SNOOZE;
            let _ = app
                .state::<Store>()
                .with(|c| reminders::snooze(c, &notice.keys, until));
        }
        _ => open(app, &notice.opens),
    }
}

fn open(app: &AppHandle, opens: &Opens) {
    crate::focus_main_window(app);
    let _ = app.emit(OPEN_REMINDER, opens);
}
