//! What the two documents of a shared plan hold, field by field, and the checks every
//! record from another copy passes before it may reach a table.
//!
//! - `plan` (written by the mentor, and by the mentee only when allowed): the plan's own
//!   fields, its competency and spectrum targets, its goals and its milestones.
//! - `progress` (written by both): each milestone's state (status and completion date as
//!   one value, so "done ⇔ completed" holds after any merge) and evidence, evidence links,
//!   the mentee's self-assessments (and the mentor's assessments when the mentor includes
//!   them; only the mentor changes those), topics for the next 1:1, comments, and the
//!   shared part of 1:1 notes.
//!
//! Goals, milestones and topics are never removed from a document, only flagged deleted,
//! so an edit made elsewhere to a deleted item is kept.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::engine::{Contents, Kind, Record, Scalar, records};
use crate::error::{Error, Result};
use crate::people::assessments;
use crate::plan::{comments, goals, milestones, plans, sessions, topics};
use crate::rhythm::evidence;
use crate::validate;

pub(crate) const PLAN: Kind = Kind {
    name: "plan",
    containers: &["plan", "targets", "spectrum_targets", "goals", "milestones"],
};

pub(crate) const PROGRESS: Kind = Kind {
    name: "progress",
    containers: &[
        "milestones",
        "links",
        "assessments",
        "topics",
        "comments",
        "sessions",
        "evidence",
    ],
};

/// The key of the one record in the plan document's `plan` container.
pub(crate) const PLAN_KEY: &str = "plan";

/// The built-in names a document may refer to, read from this data file's catalogue.
#[derive(Debug, Default)]
pub(crate) struct Catalogue {
    pub competencies: BTreeSet<String>,
    pub spectrums: BTreeSet<String>,
    pub themes: BTreeSet<String>,
    pub role_tracks: BTreeSet<String>,
    pub families: BTreeSet<String>,
}

/// A milestone's state as one value: `planned`, `in_progress`, `dropped` or `done <date>`.
pub(crate) fn state(status: &str, completed_on: Option<&str>) -> String {
    match completed_on {
        Some(date) => format!("done {date}"),
        None => status.to_owned(),
    }
}

/// The status and completion date a state stands for.
pub(crate) fn parse_state(state: &str) -> Option<(&'static str, Option<String>)> {
    match state {
        "planned" => Some(("planned", None)),
        "in_progress" => Some(("in_progress", None)),
        "dropped" => Some(("dropped", None)),
        _ => {
            let date = state.strip_prefix("done ")?;
            NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
            Some(("done", Some(date.to_owned())))
        }
    }
}

/// The key of an evidence link: its milestone and its address.
pub(crate) fn link_key(milestone: &str, url: &str) -> String {
    format!("{milestone} {url}")
}

pub(crate) fn text<'a>(record: &'a Record, field: &str) -> Option<&'a str> {
    match record.get(field) {
        Some(Scalar::Text(value)) => Some(value),
        _ => None,
    }
}

pub(crate) fn int(record: &Record, field: &str) -> Option<i64> {
    match record.get(field) {
        Some(Scalar::Int(value)) => Some(*value),
        _ => None,
    }
}

pub(crate) fn flag(record: &Record, field: &str) -> bool {
    matches!(record.get(field), Some(Scalar::Flag(true)))
}

/// Words in a space-separated list field, such as a goal's competencies.
pub(crate) fn words(record: &Record, field: &str) -> Vec<String> {
    text(record, field)
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// Checks every record of both documents against the rules the commands apply, and every
/// reference against what the documents and the catalogue hold. Returns every problem
/// found, each with where it is, or nothing.
pub(crate) fn check(plan: &Contents, progress: &Contents, catalogue: &Catalogue) -> Result<()> {
    let mut problems = Problems::default();
    let mut note = |path: String, result: Result<()>| problems.note(path, result);

    let head = records(plan, "plan");
    match head.get(PLAN_KEY) {
        None => note(
            "plan".into(),
            Err(refusal("the plan's own record is missing")),
        ),
        Some(r) => {
            for field in ["uid", "mentee_uid"] {
                note(format!("plan.{field}"), uid(text(r, field)));
            }
            note("plan.mentee_name".into(), required(r, "mentee_name", 120));
            note("plan.title".into(), stored(r, "title", plans::check_stored));
            note(
                "plan.starts_on".into(),
                stored(r, "starts_on", plans::check_stored),
            );
            note(
                "plan.target_on".into(),
                stored(r, "target_on", plans::check_stored),
            );
            note("plan.leader_type".into(), required(r, "leader_type", 80));
            note(
                "plan.leader_family".into(),
                member(r, "leader_family", &catalogue.families),
            );
            note(
                "plan.role_track".into(),
                member(r, "role_track", &catalogue.role_tracks),
            );
            note(
                "plan.status".into(),
                one_of(r, "status", &["draft", "active", "completed", "abandoned"]),
            );
            if text(r, "starts_on") > text(r, "target_on") {
                note(
                    "plan.target_on".into(),
                    Err(refusal("the target date is before the start")),
                );
            }
        }
    }
    for (key, r) in records(plan, "targets") {
        note(
            format!("targets.{key}"),
            known(key, &catalogue.competencies),
        );
        note(format!("targets.{key}"), level(r.get("level"), 1, 5));
    }
    for (key, r) in records(plan, "spectrum_targets") {
        note(
            format!("spectrum_targets.{key}"),
            known(key, &catalogue.spectrums),
        );
        note(
            format!("spectrum_targets.{key}"),
            level(r.get("position"), 1, 5),
        );
    }
    let goal_ids = records(plan, "goals");
    for (key, r) in goal_ids {
        let at = |f: &str| format!("goals.{key}.{f}");
        note(at("uid"), uid(Some(key)));
        note(at("title"), stored(r, "title", goals::check_stored));
        note(
            at("description"),
            stored(r, "description", goals::check_stored),
        );
        note(at("position"), position(r));
        for word in words(r, "competencies") {
            note(at("competencies"), known(&word, &catalogue.competencies));
        }
        for word in words(r, "themes") {
            note(at("themes"), known(&word, &catalogue.themes));
        }
    }
    let milestone_ids = records(plan, "milestones");
    for (key, r) in milestone_ids {
        let at = |f: &str| format!("milestones.{key}.{f}");
        note(at("uid"), uid(Some(key)));
        note(at("title"), stored(r, "title", milestones::check_stored));
        if let Some(due) = text(r, "due_on").filter(|d| !d.is_empty()) {
            note(at("due_on"), milestones::check_stored("due_on", due));
        }
        note(at("position"), position(r));
        if !text(r, "goal").is_some_and(|g| goal_ids.contains_key(g)) {
            note(
                at("goal"),
                Err(refusal("it belongs to no goal of the plan")),
            );
        }
    }

    for (key, r) in records(progress, "milestones") {
        let at = |f: &str| format!("progress.{key}.{f}");
        if !milestone_ids.contains_key(key) {
            note(
                at("state"),
                Err(refusal("it is the progress of no milestone of the plan")),
            );
        }
        // A completion date is checked for its form only (parse_state): it was no later
        // than today where it was written, and that device's clock or time zone may be
        // ahead of this one's.
        if text(r, "state").and_then(parse_state).is_none() {
            note(at("state"), Err(refusal("it is not a milestone state")));
        }
        note(
            at("evidence"),
            stored(r, "evidence", milestones::check_stored),
        );
    }
    for (key, r) in records(progress, "links") {
        let at = format!("links.{key}");
        match key.split_once(' ') {
            Some((milestone, url)) if milestone_ids.contains_key(milestone) => {
                note(at.clone(), milestones::check_stored_link("url", url));
            }
            _ => note(
                at.clone(),
                Err(refusal("it is a link on no milestone of the plan")),
            ),
        }
        note(at, stored(r, "label", milestones::check_stored_link));
    }
    for (key, r) in records(progress, "assessments") {
        check_assessment(&mut note, key, r, catalogue);
    }
    for (key, r) in records(progress, "topics") {
        let at = |f: &str| format!("topics.{key}.{f}");
        note(at("uid"), uid(Some(key)));
        note(at("text"), stored(r, "text", topics::check_stored));
        note(at("added_by"), one_of(r, "added_by", &["mentor", "mentee"]));
        note(at("added_on"), stored(r, "added_on", topics::check_stored));
    }
    for (key, r) in records(progress, "evidence") {
        check_evidence(&mut note, key, r, catalogue);
    }
    for (key, r) in records(progress, "comments") {
        let at = |f: &str| format!("comments.{key}.{f}");
        note(at("uid"), uid(Some(key)));
        note(at("text"), stored(r, "text", comments::check_stored));
        note(at("author"), stored(r, "author", comments::check_stored));
        note(at("written_at"), timestamp(text(r, "written_at")));
    }
    for (key, r) in records(progress, "sessions") {
        let at = |f: &str| format!("sessions.{key}.{f}");
        note(at("uid"), uid(Some(key)));
        note(at("held_on"), stored(r, "held_on", sessions::check_stored));
        note(
            at("shared_notes"),
            stored(r, "shared_notes", sessions::check_stored),
        );
    }

    problems.verdict()
}

/// Every problem found in a document's records, each with where it is.
#[derive(Debug, Default)]
pub(crate) struct Problems(Vec<String>);

impl Problems {
    pub fn note(&mut self, path: String, result: Result<()>) {
        if let Err(e) = result {
            self.0.push(format!("{path}: {e}"));
        }
    }

    /// Nothing, or a refusal naming the first few problems.
    pub fn verdict(self) -> Result<()> {
        match self.0.len() {
            0 => Ok(()),
            n => {
                let shown: Vec<_> = self.0.into_iter().take(3).collect();
                let more = if n > 3 {
                    format!(" and {} more", n - 3)
                } else {
                    String::new()
                };
                Err(refusal(&format!(
                    "it holds what Waymark would not accept ({}{more})",
                    shown.join("; ")
                )))
            }
        }
    }
}

/// An assessment record, as the progress and mentee documents both carry them.
pub(crate) fn check_assessment(
    note: &mut impl FnMut(String, Result<()>),
    key: &str,
    r: &Record,
    catalogue: &Catalogue,
) {
    let at = |f: &str| format!("assessments.{key}.{f}");
    note(at("uid"), uid(Some(key)));
    note(at("assessor"), one_of(r, "assessor", &["self", "mentor"]));
    // As with completion dates, "not in the future" is the writer's today, not ours.
    note(at("assessed_on"), stored(r, "assessed_on", date_only));
    note(at("notes"), stored(r, "notes", assessments::check_stored));
    for (field, value) in r {
        let (kind, name) = field.split_once('.').unwrap_or((field, ""));
        let result = match kind {
            "rating" => known(name, &catalogue.competencies).and(level(Some(value), 1, 5)),
            "spectrum" => known(name, &catalogue.spectrums).and(level(Some(value), 1, 5)),
            "comment" => known(name, &catalogue.competencies).and(match value {
                Scalar::Text(t) => assessments::check_stored_rating("comment", t),
                _ => Err(refusal("it is not text")),
            }),
            "assessed_on" | "notes" | "assessor" => Ok(()),
            _ => Err(refusal("Waymark does not know this field")),
        };
        note(at(field), result);
    }
}

/// Checks an evidence record against the rules the evidence log applies.
pub(crate) fn check_evidence(
    note: &mut impl FnMut(String, Result<()>),
    key: &str,
    r: &Record,
    catalogue: &Catalogue,
) {
    let at = |f: &str| format!("evidence.{key}.{f}");
    note(at("uid"), uid(Some(key)));
    for field in ["observed_on", "title", "link", "note"] {
        note(at(field), stored(r, field, evidence::check_stored));
    }
    note(at("added_by"), one_of(r, "added_by", &["mentor", "mentee"]));
    let competencies = words(r, "competencies");
    if competencies.is_empty() {
        note(at("competencies"), Err(refusal("it shows no competency")));
    }
    for key in &competencies {
        note(at("competencies"), known(key, &catalogue.competencies));
    }
    if let Some(milestone) = text(r, "milestone").filter(|m| !m.is_empty()) {
        note(at("milestone"), uid(Some(milestone)));
    }
    for field in r.keys() {
        if ![
            "observed_on",
            "title",
            "link",
            "note",
            "added_by",
            "milestone",
            "deleted",
            "competencies",
        ]
        .contains(&field.as_str())
        {
            note(
                at(field),
                Err(Error::SyncRefused(
                    "Waymark does not know this field".into(),
                )),
            );
        }
    }
}

pub(crate) fn refusal(why: &str) -> Error {
    Error::SharedFileRefused(why.to_owned())
}

pub(crate) fn uid(value: Option<&str>) -> Result<()> {
    match value.map(uuid::Uuid::try_parse) {
        Some(Ok(id)) if id.hyphenated().to_string() == value.unwrap_or_default() => Ok(()),
        _ => Err(refusal("it is not a global id")),
    }
}

pub(crate) fn timestamp(value: Option<&str>) -> Result<()> {
    match value.map(chrono::DateTime::parse_from_rfc3339) {
        Some(Ok(_)) => Ok(()),
        _ => Err(refusal("it is not a time Waymark writes")),
    }
}

pub(crate) fn stored(
    record: &Record,
    field: &str,
    rule: fn(&str, &str) -> Result<()>,
) -> Result<()> {
    match text(record, field) {
        Some(value) => rule(field, value),
        None => Err(refusal("it is missing")),
    }
}

pub(crate) fn date_only(field: &str, value: &str) -> Result<()> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(drop)
        .map_err(|_| refusal(&format!("“{field}” is not a date")))
}

pub(crate) fn required(record: &Record, field: &'static str, max: usize) -> Result<()> {
    validate::required_text(field, field, text(record, field).unwrap_or_default(), max).map(drop)
}

pub(crate) fn member(record: &Record, field: &str, known_names: &BTreeSet<String>) -> Result<()> {
    known(text(record, field).unwrap_or_default(), known_names)
}

pub(crate) fn known(name: &str, known_names: &BTreeSet<String>) -> Result<()> {
    match known_names.contains(name) {
        true => Ok(()),
        false => Err(refusal("Waymark knows no such name")),
    }
}

pub(crate) fn one_of(record: &Record, field: &str, allowed: &[&str]) -> Result<()> {
    match text(record, field).is_some_and(|v| allowed.contains(&v)) {
        true => Ok(()),
        false => Err(refusal("it is not one of the values Waymark writes")),
    }
}

pub(crate) fn level(value: Option<&Scalar>, low: i64, high: i64) -> Result<()> {
    match value {
        Some(Scalar::Int(n)) if (low..=high).contains(n) => Ok(()),
        _ => Err(refusal("it is not a level from 1 to 5")),
    }
}

pub(crate) fn position(record: &Record) -> Result<()> {
    match int(record, "position") {
        Some(n) if (0..=1_000_000).contains(&n) => Ok(()),
        _ => Err(refusal("it has no place in its list")),
    }
}
