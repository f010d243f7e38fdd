//! What a report says, gathered from the core and resolved into display text: names
//! instead of keys, dates in the reader's locale. The templates receive this as JSON data
//! and only lay it out, so nothing a person typed is ever read as Typst markup.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use waymark_core::catalogue::{self, Catalogue};
use waymark_core::db::Connection;
use waymark_core::gaps::CompetencyGap;
use waymark_core::mentees::{self, ArchiveFilter, MenteeQuery};
use waymark_core::milestones::MilestoneStatus;
use waymark_core::plans::{self, Plan};
use waymark_core::progress::PlanProgress;
use waymark_core::{Result, balance, evidence, gaps, goals, plan_view, sessions, settings};

use crate::locale::{self, DateStyle};
use crate::notes::{self, Block};

/// How many of the latest 1:1s the plan report summarises.
const RECENT_SESSIONS: usize = 4;

/// The most evidence entries a plan report prints, newest kept; the rest are counted.
const EVIDENCE_PRINTED: usize = 500;

/// The most milestones a plan report prints, about forty pages. A plan far larger (a file
/// from elsewhere can hold any number) would take minutes to typeset and make a report
/// nobody reads; the rest is counted on the last page and the CSV export has every one.
pub const MILESTONES_PRINTED: usize = 1_000;

/// The most mentees the overview lists; the others are counted beneath the table.
pub const OVERVIEW_ROWS: usize = 500;

#[derive(Debug, Serialize)]
pub struct Printed {
    pub on: String,
    pub on_long: String,
    pub mentor: String,
}

#[derive(Debug, Serialize)]
pub struct PlanReport {
    pub printed: Printed,
    pub mentee: String,
    pub mentee_role: String,
    pub is_self: bool,
    pub plan: String,
    pub status: String,
    pub starts: String,
    pub target: String,
    pub horizon_months: i64,
    pub leader_type: String,
    pub family: String,
    pub leader_type_description: String,
    pub role_track: String,
    pub assessed_on: Option<String>,
    /// Catalogue order, for the radar.
    pub competencies: Vec<CompetencyRow>,
    /// Largest gap first, open gaps only.
    pub ranked_gaps: Vec<CompetencyRow>,
    pub spectrums: Vec<SpectrumRow>,
    pub progress: PlanProgress,
    pub goals: Vec<GoalRow>,
    pub sessions: Vec<SessionRow>,
    /// Oldest first, as a record reads.
    pub evidence: Vec<EvidenceRow>,
    /// Entries per competency, most first, for the section's summary line.
    pub evidence_counts: Vec<EvidenceCount>,
    /// Entries left out to stay within [`EVIDENCE_PRINTED`].
    pub evidence_omitted: usize,
    pub warnings: Vec<WarningRow>,
    /// What the report leaves out to stay within [`MILESTONES_PRINTED`].
    pub omitted: Omitted,
}

/// Goals and milestones a bounded report does not print.
#[derive(Debug, Default, Serialize)]
pub struct Omitted {
    pub goals: usize,
    pub milestones: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct CompetencyRow {
    pub name: String,
    pub target: i64,
    pub current: Option<i64>,
    pub self_level: Option<i64>,
    pub mentor_level: Option<i64>,
    pub gap: i64,
}

#[derive(Debug, Serialize)]
pub struct SpectrumRow {
    pub name: String,
    pub low: String,
    pub high: String,
    pub target: i64,
    pub current: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct GoalRow {
    pub title: String,
    pub description: Vec<Block>,
    pub competencies: Vec<String>,
    pub themes: Vec<String>,
    pub milestones: Vec<MilestoneRow>,
}

#[derive(Debug, Serialize)]
pub struct MilestoneRow {
    pub title: String,
    /// `planned`, `in_progress`, `done` or `dropped`, for the status mark.
    pub status: &'static str,
    pub status_label: &'static str,
    pub due: Option<String>,
    pub completed: Option<String>,
    pub evidence: String,
    pub links: Vec<LinkRow>,
}

#[derive(Debug, Serialize)]
pub struct LinkRow {
    pub label: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct SessionRow {
    pub held_on: String,
    pub notes: Vec<Block>,
    pub goals: Vec<String>,
    pub actions: Vec<ActionRow>,
}

#[derive(Debug, Serialize)]
pub struct EvidenceRow {
    pub on: String,
    pub title: String,
    pub note: String,
    pub link: String,
    pub competencies: Vec<String>,
    pub milestone: Option<String>,
    /// Added by the mentee through the shared plan.
    pub by_mentee: bool,
}

#[derive(Debug, Serialize)]
pub struct EvidenceCount {
    pub name: String,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct ActionRow {
    pub text: String,
    pub done: bool,
}

#[derive(Debug, Serialize)]
pub struct WarningRow {
    pub name: String,
    pub warning: String,
    pub advice: String,
}

/// The plan report's content for one plan.
pub fn plan_report(
    conn: &Connection,
    plan_id: i64,
    style: &DateStyle,
    today: NaiveDate,
) -> Result<PlanReport> {
    let view = plan_view::load(conn, plan_id)?;
    let catalogue = catalogue::load(conn)?;
    let names = Names::of(&catalogue);
    let plan = &view.plan;
    let mentee = mentees::get(conn, plan.mentee_id)?;
    let leader_type = catalogue::leader_type(conn, plan.leader_type_id)?;

    let row = |g: &CompetencyGap| CompetencyRow {
        name: names.get(&g.competency_key),
        target: g.target,
        current: g.current,
        self_level: g.self_level,
        mentor_level: g.mentor_level,
        gap: g.gap,
    };
    // The analysis ranks largest gap first; the radar wants catalogue order.
    let competencies = catalogue
        .competencies
        .iter()
        .filter_map(|c| {
            view.gaps
                .competencies
                .iter()
                .find(|g| g.competency_key == c.key)
        })
        .map(row)
        .collect();
    let ranked_gaps = view
        .gaps
        .competencies
        .iter()
        .filter(|g| g.gap > 0)
        .map(row)
        .collect();
    let spectrums = catalogue
        .spectrums
        .iter()
        .filter_map(|s| {
            let gap = view
                .gaps
                .spectrums
                .iter()
                .find(|g| g.spectrum_key == s.key)?;
            Some(SpectrumRow {
                name: s.name.clone(),
                low: s.low_pole.clone(),
                high: s.high_pole.clone(),
                target: gap.target,
                current: gap.current,
            })
        })
        .collect();

    let goal_titles: HashMap<i64, &str> = view
        .goals
        .iter()
        .map(|g| (g.id, g.title.as_str()))
        .collect();
    let sessions = sessions::list(conn, mentee.id)?
        .into_iter()
        .take(RECENT_SESSIONS)
        .map(|s| SessionRow {
            held_on: style.short_iso(&s.held_on),
            notes: notes::blocks(&s.notes),
            goals: s
                .goal_ids
                .iter()
                .filter_map(|id| goal_titles.get(id))
                .map(|t| (*t).to_owned())
                .collect(),
            actions: s
                .action_items
                .into_iter()
                .map(|a| ActionRow {
                    text: a.text,
                    done: a.done,
                })
                .collect(),
        })
        .collect();

    let (goals, omitted) = goal_rows(&view.goals, &names, style);
    let (evidence, evidence_counts, evidence_omitted) =
        evidence_rows(evidence::for_plan(conn, plan_id)?, &names, style);
    Ok(PlanReport {
        printed: printed(conn, style, today)?,
        mentee: mentee.name,
        mentee_role: mentee.current_role,
        is_self: mentee.is_self,
        plan: plan.title.clone(),
        status: status_label(plan).to_owned(),
        starts: style.long_iso(&plan.starts_on),
        target: style.long_iso(&plan.target_on),
        horizon_months: horizon_months(plan),
        family: names.get(&leader_type.family_key),
        leader_type: leader_type.name,
        leader_type_description: leader_type.description,
        role_track: names.get(&plan.role_track_key),
        assessed_on: view.gaps.assessed_on.as_deref().map(|d| style.short_iso(d)),
        competencies,
        ranked_gaps,
        spectrums,
        progress: view.progress,
        goals,
        omitted,
        sessions,
        evidence,
        evidence_counts,
        evidence_omitted,
        warnings: view
            .warnings
            .iter()
            .map(|w| WarningRow {
                name: w.name.clone(),
                warning: w.warning.clone(),
                advice: w.advice.clone(),
            })
            .collect(),
    })
}

/// The plan's evidence as printed rows (the newest [`EVIDENCE_PRINTED`], oldest first),
/// the count of entries per competency over all of it, and how many were left out.
fn evidence_rows(
    all: Vec<evidence::Evidence>,
    names: &Names,
    style: &DateStyle,
) -> (Vec<EvidenceRow>, Vec<EvidenceCount>, usize) {
    let mut counts: Vec<EvidenceCount> = Vec::new();
    for key in all.iter().flat_map(|e| &e.competency_keys) {
        let name = names.get(key);
        match counts.iter_mut().find(|c| c.name == name) {
            Some(c) => c.count += 1,
            None => counts.push(EvidenceCount { name, count: 1 }),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.count));
    let omitted = all.len().saturating_sub(EVIDENCE_PRINTED);
    let rows = all
        .into_iter()
        .skip(omitted)
        .map(|e| EvidenceRow {
            on: style.short_iso(&e.observed_on),
            title: e.title,
            note: e.note,
            link: e.link,
            competencies: e.competency_keys.iter().map(|k| names.get(k)).collect(),
            milestone: e.milestone_title,
            by_mentee: e.added_by == "mentee",
        })
        .collect();
    (rows, counts, omitted)
}

/// The plan's goals in order, until [`MILESTONES_PRINTED`] milestones are in; what does
/// not fit is counted instead.
fn goal_rows(goals: &[goals::Goal], names: &Names, style: &DateStyle) -> (Vec<GoalRow>, Omitted) {
    let mut room = MILESTONES_PRINTED;
    let mut rows = Vec::new();
    let mut omitted = Omitted::default();
    for g in goals {
        if room == 0 {
            omitted.goals += 1;
            omitted.milestones += g.milestones.len();
            continue;
        }
        let shown = g.milestones.len().min(room);
        room -= shown;
        omitted.milestones += g.milestones.len() - shown;
        rows.push(GoalRow {
            title: g.title.clone(),
            description: notes::blocks(&g.description),
            competencies: g.competency_keys.iter().map(|k| names.get(k)).collect(),
            themes: g.theme_keys.iter().map(|k| names.get(k)).collect(),
            milestones: g.milestones[..shown]
                .iter()
                .map(|m| MilestoneRow {
                    title: m.title.clone(),
                    status: m.status.as_str(),
                    status_label: milestone_label(m.status),
                    due: m.due_on.as_deref().map(|d| style.short_iso(d)),
                    completed: m.completed_on.as_deref().map(|d| style.short_iso(d)),
                    evidence: m.evidence.clone(),
                    links: m
                        .links
                        .iter()
                        .map(|l| LinkRow {
                            label: l.label.clone(),
                            url: l.url.clone(),
                        })
                        .collect(),
                })
                .collect(),
        });
    }
    (rows, omitted)
}

#[derive(Debug, Serialize)]
pub struct Overview {
    pub printed: Printed,
    pub mentees: Vec<OverviewRow>,
    pub totals: OverviewTotals,
    /// Mentees beyond [`OVERVIEW_ROWS`], counted but not listed.
    pub omitted_mentees: usize,
}

#[derive(Debug, Serialize)]
pub struct OverviewRow {
    pub name: String,
    pub role: String,
    pub is_self: bool,
    pub target_type: Option<String>,
    pub plan: Option<String>,
    pub target_on: Option<String>,
    pub progress: Option<PlanProgress>,
    pub overdue: usize,
    pub next: Option<NextMilestone>,
    pub largest_gap: Option<String>,
    pub last_session: Option<String>,
    pub days_since_session: Option<i64>,
    pub drift: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct NextMilestone {
    pub title: String,
    pub due: String,
}

#[derive(Debug, Serialize)]
pub struct OverviewTotals {
    pub mentees: usize,
    pub active_plans: usize,
    pub overdue: usize,
    pub drifting: usize,
}

/// One line per mentee who is not archived, with their active plan at a glance; the
/// first [`OVERVIEW_ROWS`] of them, counted in the totals, and how many more there are.
pub fn overview(conn: &Connection, style: &DateStyle, today: NaiveDate) -> Result<Overview> {
    let catalogue = catalogue::load(conn)?;
    let names = Names::of(&catalogue);
    let rules = balance::rules(conn)?;
    let today_iso = waymark_core::dates::iso(today);
    let query = MenteeQuery {
        search: String::new(),
        archive: ArchiveFilter::Active,
        limit: u32::try_from(OVERVIEW_ROWS).ok(),
        ..Default::default()
    };
    let mut rows = Vec::new();
    let listed = mentees::page(conn, &query)?;
    let omitted_mentees =
        usize::try_from(listed.total).map_or(0, |total| total.saturating_sub(listed.rows.len()));
    for m in listed.rows {
        let last = sessions::last(conn, m.id)?;
        let mut row = OverviewRow {
            name: m.name,
            role: m.current_role,
            is_self: m.is_self,
            target_type: m.target_leader_type,
            plan: None,
            target_on: None,
            progress: None,
            overdue: 0,
            next: None,
            largest_gap: None,
            last_session: last.as_ref().map(|s| style.short_iso(&s.held_on)),
            days_since_session: last.map(|s| s.days_ago),
            drift: Vec::new(),
        };
        if let Some(plan) = plans::active(conn, m.id)? {
            let open: Vec<_> = goals::for_plan(conn, plan.id)?
                .into_iter()
                .flat_map(|g| g.milestones)
                .filter(|ms| {
                    matches!(
                        ms.status,
                        MilestoneStatus::Planned | MilestoneStatus::InProgress
                    )
                })
                .filter_map(|ms| Some((ms.due_on?, ms.title)))
                .collect();
            row.overdue = open.iter().filter(|(due, _)| *due < today_iso).count();
            row.next =
                open.iter()
                    .filter(|(due, _)| *due >= today_iso)
                    .min()
                    .map(|(due, title)| NextMilestone {
                        title: title.clone(),
                        due: style.short_iso(due),
                    });
            row.largest_gap = gaps::of_plan(conn, &plan)?
                .competencies
                .first()
                .filter(|g| g.gap > 0)
                .map(|g| names.get(&g.competency_key));
            row.drift = balance::evaluate(&rules, &goals::covered_competencies(conn, plan.id)?)
                .into_iter()
                .map(|w| w.name)
                .collect();
            row.progress = Some(waymark_core::progress::for_plan(conn, plan.id)?);
            row.target_on = Some(style.short_iso(&plan.target_on));
            row.plan = Some(plan.title);
        }
        rows.push(row);
    }
    let totals = OverviewTotals {
        mentees: rows.len(),
        active_plans: rows.iter().filter(|r| r.plan.is_some()).count(),
        overdue: rows.iter().map(|r| r.overdue).sum(),
        drifting: rows.iter().filter(|r| !r.drift.is_empty()).count(),
    };
    Ok(Overview {
        printed: printed(conn, style, today)?,
        mentees: rows,
        totals,
        omitted_mentees,
    })
}

fn printed(conn: &Connection, style: &DateStyle, today: NaiveDate) -> Result<Printed> {
    Ok(Printed {
        on: style.short(today),
        on_long: style.long(today),
        mentor: settings::get(conn)?.mentor_name,
    })
}

fn status_label(plan: &Plan) -> &'static str {
    match plan.status {
        plans::PlanStatus::Draft => "Draft",
        plans::PlanStatus::Active => "Active",
        plans::PlanStatus::Completed => "Completed",
        plans::PlanStatus::Abandoned => "Abandoned",
    }
}

fn milestone_label(status: MilestoneStatus) -> &'static str {
    match status {
        MilestoneStatus::Planned => "Planned",
        MilestoneStatus::InProgress => "In progress",
        MilestoneStatus::Done => "Done",
        MilestoneStatus::Dropped => "Dropped",
    }
}

/// Whole months between the plan's start and its target date.
fn horizon_months(plan: &Plan) -> i64 {
    use chrono::Datelike;
    match (
        locale::parse(&plan.starts_on),
        locale::parse(&plan.target_on),
    ) {
        (Some(a), Some(b)) => {
            let months =
                i64::from(b.year() - a.year()) * 12 + i64::from(b.month()) - i64::from(a.month());
            months.max(0)
        }
        _ => 0,
    }
}

/// Display names for every catalogue key a report mentions.
struct Names(HashMap<String, String>);

impl Names {
    fn of(c: &Catalogue) -> Self {
        let pairs = c
            .competencies
            .iter()
            .map(|x| (&x.key, &x.name))
            .chain(c.families.iter().map(|x| (&x.key, &x.name)))
            .chain(c.role_tracks.iter().map(|x| (&x.key, &x.name)))
            .chain(c.themes.iter().map(|x| (&x.key, &x.name)));
        Self(pairs.map(|(k, n)| (k.clone(), n.clone())).collect())
    }

    /// The name for a key; a key the catalogue no longer has prints as itself.
    fn get(&self, key: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| key.to_owned())
    }
}
