//! What the other side changed, in plain words: "Ana completed 3 milestones, added
//! evidence to 2 and added a self-assessment."

use std::collections::BTreeMap;

use super::engine::{Conflict, Contents, Record, Scalar, records};
use super::shape::{self, text};

/// What this copy held just before a merge, to tell what the other side changed.
#[derive(Debug, Default)]
pub(crate) struct Before {
    pub plan: Contents,
    pub progress: Contents,
}

/// One line per kind of change, comparing what this copy held before a merge with what it
/// holds after.
pub(crate) fn changes(before: &Before, plan: &Contents, progress: &Contents) -> Vec<String> {
    if before.plan.is_empty() {
        let goals = live(records(plan, "goals"));
        let milestones = live(records(plan, "milestones"));
        return vec![format!(
            "shared a plan of {} and {}",
            count(goals, "goal"),
            count(milestones, "milestone")
        )];
    }
    let mut lines = Vec::new();
    let (was, now) = (
        records(&before.progress, "milestones"),
        records(progress, "milestones"),
    );
    let state = |records: &BTreeMap<String, Record>, uid: &str| {
        records
            .get(uid)
            .and_then(|r| text(r, "state").map(str::to_owned))
    };
    let completed = now
        .keys()
        .filter(|uid| {
            state(now, uid).is_some_and(|s| s.starts_with("done"))
                && !state(was, uid).is_some_and(|s| s.starts_with("done"))
        })
        .count();
    let restated = now
        .keys()
        .filter(|uid| {
            let (a, b) = (state(was, uid), state(now, uid));
            a != b && !b.is_some_and(|s| s.starts_with("done"))
        })
        .count();
    let evidence = now
        .iter()
        .filter(|(uid, r)| {
            let new = text(r, "evidence").unwrap_or_default();
            !new.is_empty()
                && was
                    .get(*uid)
                    .and_then(|w| text(w, "evidence"))
                    .unwrap_or_default()
                    != new
        })
        .count();
    push(&mut lines, completed, |n| {
        format!("completed {}", count(n, "milestone"))
    });
    push(&mut lines, restated, |n| {
        format!("changed the status of {}", count(n, "milestone"))
    });
    push(&mut lines, evidence, |n| {
        format!("added evidence to {}", count(n, "milestone"))
    });
    let links = added(
        records(&before.progress, "links"),
        records(progress, "links"),
    );
    push(&mut lines, links, |n| format!("added {}", count(n, "link")));
    let (was, now) = (
        records(&before.progress, "assessments"),
        records(progress, "assessments"),
    );
    let new_by = |assessor: &str| {
        now.iter()
            .filter(|(k, r)| text(r, "assessor") == Some(assessor) && !was.contains_key(*k))
            .count()
    };
    push(&mut lines, new_by("self"), |n| match n {
        1 => "added a self-assessment".to_owned(),
        n => format!("added {n} self-assessments"),
    });
    push(&mut lines, new_by("mentor"), |n| {
        format!("shared {} of you", count(n, "assessment"))
    });
    let topics = added(
        records(&before.progress, "topics"),
        records(progress, "topics"),
    );
    push(&mut lines, topics, |n| {
        format!("added {} for the next 1:1", count(n, "topic"))
    });
    let logged = added(
        records(&before.progress, "evidence"),
        records(progress, "evidence"),
    );
    push(&mut lines, logged, |n| match n {
        1 => "logged a piece of evidence".to_owned(),
        n => format!("logged {n} pieces of evidence"),
    });
    let comments = added(
        records(&before.progress, "comments"),
        records(progress, "comments"),
    );
    push(&mut lines, comments, |n| {
        format!("wrote {}", count(n, "comment"))
    });
    let (was, now) = (
        records(&before.progress, "sessions"),
        records(progress, "sessions"),
    );
    let notes = now
        .iter()
        .filter(|(k, r)| {
            !text(r, "shared_notes").unwrap_or_default().is_empty()
                && was.get(*k).and_then(|w| text(w, "shared_notes")) != text(r, "shared_notes")
        })
        .count();
    push(&mut lines, notes, |n| {
        format!("shared notes of {}", count(n, "1:1"))
    });
    for (name, noun) in [("goals", "goal"), ("milestones", "milestone")] {
        let (was, now) = (records(&before.plan, name), records(plan, name));
        push(&mut lines, added(was, now), |n| {
            format!("added {}", count(n, noun))
        });
        let edited = now
            .iter()
            .filter(|(k, r)| was.get(*k).is_some_and(|w| w != *r))
            .count();
        push(&mut lines, edited, |n| {
            format!("changed {}", count(n, noun))
        });
    }
    let plan_changed = ["plan", "targets", "spectrum_targets"]
        .iter()
        .any(|name| records(&before.plan, name) != records(plan, name));
    if plan_changed {
        lines.push("changed the plan's details or targets".to_owned());
    }
    lines
}

/// Fields the other side changed where this side did too; whichever value was kept, they
/// are news.
pub(crate) fn also_changed(n: usize) -> String {
    match n {
        1 => "changed 1 thing you changed too".to_owned(),
        n => format!("changed {n} things you changed too"),
    }
}

/// The changes as one sentence about `who`.
pub(crate) fn sentence(who: &str, changes: &[String]) -> String {
    match changes {
        [] => "Nothing has changed since you last exchanged this plan.".to_owned(),
        [one] => format!("{who} {one}."),
        [rest @ .., last] => format!("{who} {} and {last}.", rest.join(", ")),
    }
}

/// Where a conflict is, in words: "Evidence of milestone “Run a design review”".
pub(crate) fn describe(conflict: &Conflict, titles: &BTreeMap<String, String>) -> String {
    let field = match conflict.field.as_str() {
        "state" => "Status",
        "evidence" => "Evidence",
        "title" => "Title",
        "description" => "Description",
        "due_on" => "Due date",
        "position" => "Place in the list",
        "deleted" => "Whether it is deleted",
        "competencies" => "Competencies",
        "themes" => "Themes",
        "label" => "Label",
        "status" => "Status",
        "text" => "Text",
        "done" => "Whether it is done",
        "shared_notes" => "Shared notes",
        "notes" => "Notes",
        "name" => "Name",
        "current_role" => "Current role",
        "held_on" => "Date",
        "archived_at" => "Whether they are archived",
        "value" => "Value",
        other => other,
    };
    let item = match conflict.container {
        "plan" => "the plan".to_owned(),
        "targets" | "spectrum_targets" => {
            format!("the target for {}", conflict.key.replace('_', " "))
        }
        "links" => {
            let (milestone, url) = conflict.key.split_once(' ').unwrap_or_default();
            format!(
                "link {url} on {}",
                titles.get(milestone).map_or("a milestone", String::as_str)
            )
        }
        "topics" => "a topic for the next 1:1".to_owned(),
        "evidence" => "a piece of evidence".to_owned(),
        "assessments" => "an assessment".to_owned(),
        "comments" => "a comment".to_owned(),
        "sessions" => titles
            .get(&conflict.key)
            .cloned()
            .unwrap_or_else(|| "a 1:1".to_owned()),
        "settings" => format!("the setting “{}”", conflict.key.replace('_', " ")),
        _ => titles
            .get(&conflict.key)
            .cloned()
            .unwrap_or_else(|| "an item".to_owned()),
    };
    format!("{field} of {item}")
}

/// Goal and milestone global ids → how a person recognises them.
pub(crate) fn titles(plan: &Contents) -> BTreeMap<String, String> {
    let mut titles = BTreeMap::new();
    for (name, noun, field) in [
        ("goals", "goal", "title"),
        ("milestones", "milestone", "title"),
        ("mentees", "", "name"),
        ("sessions", "the 1:1 of", "held_on"),
    ] {
        for (uid, r) in plan.get(name).into_iter().flatten() {
            let Some(title) = text(r, field) else {
                continue;
            };
            let title = match noun {
                "" => title.to_owned(),
                "the 1:1 of" => format!("{noun} {title}"),
                _ => format!("{noun} “{title}”"),
            };
            titles.insert(uid.clone(), title);
        }
    }
    titles
}

/// A value as a person reads it.
pub(crate) fn shown(value: &Scalar) -> String {
    match value {
        Scalar::Text(text) => match shape::parse_state(text) {
            Some((_, Some(date))) if text.starts_with("done ") => format!("done on {date}"),
            Some(("in_progress", _)) => "in progress".to_owned(),
            _ if text.is_empty() => "(empty)".to_owned(),
            _ => text.clone(),
        },
        Scalar::Int(n) => n.to_string(),
        Scalar::Flag(true) => "yes".to_owned(),
        Scalar::Flag(false) => "no".to_owned(),
    }
}

fn live(records: &BTreeMap<String, Record>) -> usize {
    records
        .values()
        .filter(|r| !shape::flag(r, "deleted"))
        .count()
}

fn added(was: &BTreeMap<String, Record>, now: &BTreeMap<String, Record>) -> usize {
    now.keys().filter(|k| !was.contains_key(*k)).count()
}

fn push(lines: &mut Vec<String>, n: usize, line: impl Fn(usize) -> String) {
    if n > 0 {
        lines.push(line(n));
    }
}

fn count(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}
