//! Desktop reminders: what is due (milestones due today or overdue, 1:1s due by each
//! mentee's cadence) and when to say so. Once a day, at the summary time, one summary is
//! raised rather than a flood; nothing is raised in quiet hours; a snoozed item stays
//! quiet until its snooze ends and is then raised again. A machine that slept through the
//! summary time raises the day's summary once when it wakes, never one per missed day.
//!
//! [`decide`] is the schedule, a pure function of the clock, the time zone and what is
//! due, so that daylight-saving changes and sleep are tested without waiting for them.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dates;
use crate::error::Result;
use crate::people::cadence::Cadence;
use crate::store::settings::{self, ReminderSettings};

/// At most this many items are named in a summary; the rest are counted.
const NAMED_IN_SUMMARY: usize = 4;

/// What clicking a reminder opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Opens {
    Milestone {
        mentee_id: i64,
        plan_id: i64,
        milestone_id: i64,
    },
    Mentee {
        mentee_id: i64,
    },
    /// The dashboard, where everything due today is listed.
    Today,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueKind {
    MilestoneToday,
    MilestoneOverdue,
    Session,
}

/// Something a reminder may be about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// Stable across runs: `milestone:<id>` or `session:<mentee id>`.
    pub key: String,
    pub kind: DueKind,
    pub mentee: String,
    /// The milestone's title; empty for a 1:1.
    pub title: String,
    pub opens: Opens,
}

/// A notification to raise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub body: String,
    pub opens: Opens,
    /// The items it is about, for snoozing them.
    pub keys: Vec<String>,
}

/// What the schedule remembers between runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    /// The local day the summary was last raised.
    pub summary_on: Option<NaiveDate>,
    /// Items kept quiet until the given instant.
    pub snoozed: BTreeMap<String, DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub notices: Vec<Notice>,
    pub state: State,
    /// When the schedule should run again, at the latest.
    pub next_run: DateTime<Utc>,
}

/// When reminders may come, with the times parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub milestones: bool,
    pub sessions: bool,
    pub summary_at: NaiveTime,
    pub quiet_from: NaiveTime,
    pub quiet_until: NaiveTime,
}

impl Schedule {
    pub fn from_settings(s: &ReminderSettings) -> Schedule {
        let time = |v: &str, default| NaiveTime::parse_from_str(v, "%H:%M").unwrap_or(default);
        let at = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap_or(NaiveTime::MIN);
        Schedule {
            milestones: s.milestones,
            sessions: s.sessions,
            summary_at: time(&s.summary_at, at(9)),
            quiet_from: time(&s.quiet_from, at(20)),
            quiet_until: time(&s.quiet_until, at(8)),
        }
    }

    fn wants(&self, kind: DueKind) -> bool {
        match kind {
            DueKind::MilestoneToday | DueKind::MilestoneOverdue => self.milestones,
            DueKind::Session => self.sessions,
        }
    }

    fn quiet_at(&self, time: NaiveTime) -> bool {
        let (from, until) = (self.quiet_from, self.quiet_until);
        if from == until {
            false
        } else if from < until {
            from <= time && time < until
        } else {
            time >= from || time < until
        }
    }
}

/// Whether [`decide`] at `now` looks at what is due: only when a snooze has ended, or the
/// day's summary is owed outside quiet hours. At any other minute it decides the same
/// with nothing due, so the schedule's every-minute look reads nothing more.
pub fn reads_due<Z: TimeZone>(
    now: DateTime<Utc>,
    zone: &Z,
    schedule: &Schedule,
    state: &State,
) -> bool {
    let local = now.with_timezone(zone);
    let today = local.date_naive();
    let summary_owed =
        state.summary_on != Some(today) && now >= instant(zone, today, schedule.summary_at);
    let snooze_ended = state.snoozed.values().any(|until| *until <= now);
    snooze_ended || (summary_owed && !schedule.quiet_at(local.time()))
}

/// What to raise at `now`, given what is `due`, and when to look again.
pub fn decide<Z: TimeZone>(
    now: DateTime<Utc>,
    zone: &Z,
    schedule: &Schedule,
    state: &State,
    due: &[Due],
) -> Decision {
    let local = now.with_timezone(zone);
    let today = local.date_naive();
    let mut next = State {
        summary_on: state.summary_on,
        snoozed: state
            .snoozed
            .iter()
            .filter(|(_, until)| **until > now)
            .map(|(k, v)| (k.clone(), *v))
            .collect(),
    };
    let woken: Vec<&Due> = due
        .iter()
        .filter(|d| state.snoozed.get(&d.key).is_some_and(|until| *until <= now))
        .collect();
    let wanted: Vec<&Due> = due
        .iter()
        .filter(|d| schedule.wants(d.kind) && !next.snoozed.contains_key(&d.key))
        .collect();

    let summary_time = instant(zone, today, schedule.summary_at);
    let summary_owed = state.summary_on != Some(today) && now >= summary_time;
    let mut notices = Vec::new();
    let mut next_run = if summary_owed || state.summary_on == Some(today) {
        instant(zone, today.succ_opt().unwrap_or(today), schedule.summary_at)
    } else {
        summary_time
    };
    if let Some(first_snooze_end) = next.snoozed.values().min() {
        next_run = next_run.min(*first_snooze_end);
    }

    if schedule.quiet_at(local.time()) {
        // Nothing is lost: the summary stays owed and woken snoozes stay woken.
        let quiet_end = next_occurrence(zone, now, schedule.quiet_until);
        next.snoozed
            .extend(woken.iter().map(|d| (d.key.clone(), quiet_end)));
        return Decision {
            notices,
            state: next,
            next_run: quiet_end,
        };
    }
    if summary_owed {
        next.summary_on = Some(today);
        if !wanted.is_empty() {
            notices.push(summary(&wanted));
        }
    } else {
        let again: Vec<&Due> = woken
            .into_iter()
            .filter(|d| schedule.wants(d.kind))
            .collect();
        if !again.is_empty() {
            notices.push(summary(&again));
        }
    }
    Decision {
        notices,
        state: next,
        next_run,
    }
}

/// One notification for `items`: the item itself when there is one, else a summary that
/// opens the dashboard.
fn summary(items: &[&Due]) -> Notice {
    let keys = items.iter().map(|d| d.key.clone()).collect();
    if let [one] = items {
        return Notice {
            title: headline(one),
            body: line(one),
            opens: one.opens.clone(),
            keys,
        };
    }
    let mut body: Vec<String> = items
        .iter()
        .take(NAMED_IN_SUMMARY)
        .map(|d| format!("• {}", line(d)))
        .collect();
    if items.len() > NAMED_IN_SUMMARY {
        body.push(format!("and {} more", items.len() - NAMED_IN_SUMMARY));
    }
    Notice {
        title: format!("{} things need you today", items.len()),
        body: body.join("\n"),
        opens: Opens::Today,
        keys,
    }
}

fn headline(d: &Due) -> String {
    match d.kind {
        DueKind::MilestoneToday => "Milestone due today".into(),
        DueKind::MilestoneOverdue => "Milestone overdue".into(),
        DueKind::Session => format!("1:1 with {} is due", d.mentee),
    }
}

fn line(d: &Due) -> String {
    match d.kind {
        DueKind::MilestoneToday => {
            format!("{}: \u{201c}{}\u{201d} is due today", d.mentee, d.title)
        }
        DueKind::MilestoneOverdue => {
            format!("{}: \u{201c}{}\u{201d} is overdue", d.mentee, d.title)
        }
        DueKind::Session => format!("{}: a 1:1 is due", d.mentee),
    }
}

/// The instant `time` falls on `day` in `zone`. A time that a daylight-saving change
/// skips moves on to the first moment that exists; one it repeats is the earlier.
fn instant<Z: TimeZone>(zone: &Z, day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let wall = day.and_time(time);
    for minutes in (0..=180).step_by(15) {
        match zone.from_local_datetime(&(wall + Duration::minutes(minutes))) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(earlier, _) => return earlier.with_timezone(&Utc),
            LocalResult::None => {}
        }
    }
    // No zone skips three hours; read the wall clock as UTC rather than fail.
    Utc.from_utc_datetime(&wall)
}

/// The first instant after `now` when the local clock shows `time`.
fn next_occurrence<Z: TimeZone>(zone: &Z, now: DateTime<Utc>, time: NaiveTime) -> DateTime<Utc> {
    let today = now.with_timezone(zone).date_naive();
    let at = instant(zone, today, time);
    if at > now {
        at
    } else {
        instant(zone, today.succ_opt().unwrap_or(today), time)
    }
}

/// Everything due on `today`: open milestones of active plans due today or before, and
/// 1:1s due by cadence, for mentees who are not archived.
pub fn due(conn: &Connection, today: NaiveDate) -> Result<Vec<Due>> {
    let today_text = dates::iso(today);
    let mut found = Vec::new();
    let mut milestones = conn.prepare_cached(
        "SELECT m.id, m.title, m.due_on, p.id, me.id, me.name FROM milestones m
           JOIN goals g ON g.id = m.goal_id JOIN plans p ON p.id = g.plan_id
           JOIN mentees me ON me.id = p.mentee_id
          WHERE m.deleted_at IS NULL AND g.deleted_at IS NULL AND p.deleted_at IS NULL
            AND p.status = 'active' AND me.archived_at IS NULL
            AND m.status IN ('planned', 'in_progress') AND m.due_on <= ?1
          ORDER BY m.due_on, m.id",
    )?;
    let mut rows = milestones.query([&today_text])?;
    while let Some(r) = rows.next()? {
        let milestone_id: i64 = r.get(0)?;
        let due_on: String = r.get(2)?;
        found.push(Due {
            key: format!("milestone:{milestone_id}"),
            kind: if due_on == today_text {
                DueKind::MilestoneToday
            } else {
                DueKind::MilestoneOverdue
            },
            title: r.get(1)?,
            mentee: r.get(5)?,
            opens: Opens::Milestone {
                mentee_id: r.get(4)?,
                plan_id: r.get(3)?,
                milestone_id,
            },
        });
    }
    let mut mentees = conn.prepare_cached(
        "SELECT me.id, me.name, me.cadence, l.held_on
           FROM mentees me JOIN mentee_last_session l ON l.mentee_id = me.id
          WHERE me.archived_at IS NULL AND me.cadence != 'none' AND me.shared_by IS NULL
          ORDER BY me.name COLLATE NOCASE, me.id",
    )?;
    let mut rows = mentees.query([])?;
    while let Some(r) = rows.next()? {
        let cadence = Cadence::parse(&r.get::<_, String>(2)?).unwrap_or_default();
        let last: Option<String> = r.get(3)?;
        let due_on = match last {
            None => Some(today),
            Some(held) => NaiveDate::parse_from_str(&held, "%Y-%m-%d")
                .ok()
                .and_then(|d| cadence.after(d)),
        };
        if due_on.is_some_and(|d| d <= today) {
            let mentee_id: i64 = r.get(0)?;
            found.push(Due {
                key: format!("session:{mentee_id}"),
                kind: DueKind::Session,
                title: String::new(),
                mentee: r.get(1)?,
                opens: Opens::Mentee { mentee_id },
            });
        }
    }
    Ok(found)
}

/// This device's schedule state, as stored.
pub fn state(conn: &Connection) -> Result<State> {
    let mut statement = conn.prepare_cached("SELECT item, until FROM reminder_snoozes")?;
    let snoozed = statement
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .filter_map(|row| {
            let (item, until) = row.ok()?;
            let until = DateTime::parse_from_rfc3339(&until).ok()?;
            Some((item, until.with_timezone(&Utc)))
        })
        .collect();
    Ok(State {
        summary_on: settings::summary_raised_on(conn)?,
        snoozed,
    })
}

/// Stores the state a decision left, in one transaction.
pub fn save_state(conn: &mut Connection, state: &State) -> Result<()> {
    let tx = conn.transaction()?;
    if let Some(day) = state.summary_on {
        settings::set_summary_raised_on(&tx, day)?;
    }
    tx.execute("DELETE FROM reminder_snoozes", [])?;
    let mut insert =
        tx.prepare_cached("INSERT INTO reminder_snoozes (item, until) VALUES (?1, ?2)")?;
    for (item, until) in &state.snoozed {
        insert.execute(params![item, until.to_rfc3339()])?;
    }
    drop(insert);
    tx.commit()?;
    Ok(())
}

/// Keeps `keys` quiet until `until`.
pub fn snooze(conn: &mut Connection, keys: &[String], until: DateTime<Utc>) -> Result<()> {
    let tx = conn.transaction()?;
    let mut upsert = tx.prepare_cached(
        "INSERT INTO reminder_snoozes (item, until) VALUES (?1, ?2)
         ON CONFLICT (item) DO UPDATE SET until = excluded.until",
    )?;
    for key in keys {
        upsert.execute(params![key, until.to_rfc3339()])?;
    }
    drop(upsert);
    tx.commit()?;
    Ok(())
}
