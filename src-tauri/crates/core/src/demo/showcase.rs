//! A realistic demo database: several mentees at different stages, assessments over
//! time, plans for different leader types (one with 12 goals and 60 milestones, one that
//! trips a balance warning), 1:1s with action items. Dates are relative to today so the
//! dashboard has something overdue, something upcoming and someone not seen lately.
//! The people and their stories are the tables below; the functions only write them, in
//! table order, so every run writes the same rows.

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::catalogue::built_in::{
    AGILE_LEADER, AI_LEADER, ALIGN_WITH_GOALS, BACKEND_LEADER, CLOUD_LEADER, DECISION_RECORDS,
    DELEGATE_OWN_WORK, DEVOPS_LEADER, EXPLAIN_TO_NON_ENGINEERS, HARDEST_COMPONENT,
    INFRASTRUCTURE_LEADER, KEY_INDICATORS, MENTOR_A_JUNIOR, QUARTERLY_ROADMAP, REGULAR_ONE_TO_ONES,
    RETROSPECTIVES, SOFTWARE_LEADER, TWO_YEAR_VISION, UNTANGLE_A_PROBLEM,
};
use crate::catalogue::{self, COMPETENCY_KEYS, SPECTRUM_KEYS};
use crate::dates;
use crate::demo::summary::DemoSummary;
use crate::error::Result;
use crate::people::assessments::{self, AssessmentInput, Assessor, Rating, SpectrumPosition};
use crate::people::cadence::Cadence;
use crate::people::mentees::{self, MenteeInput, RhythmInput};
use crate::plan::goals::{self, GoalInput};
use crate::plan::milestones::{self, MilestoneInput, MilestoneStatus};
use crate::plan::plans::{self, PlanInput, PlanStatus};
use crate::plan::sessions::{self, SessionInput};
use crate::plan::templates;
use crate::rhythm::evidence::{self, EvidenceInput};

/// Where each person is in `PEOPLE`, for the tables below that say whose row is whose.
const AMARA: usize = 0;
const ZOE: usize = 1;
const DMITRY: usize = 2;
const XIAOLONG: usize = 3;
const GRACE: usize = 4;
const SAM: usize = 5;
const PRIYA: usize = 6;

/// A mentee who started `since_days` ago; `archived` ones are archived once their
/// history is written, as when someone leaves.
struct Person {
    name: &'static str,
    role: &'static str,
    current: Option<i64>,
    target: i64,
    track: &'static str,
    since_days: u64,
    is_self: bool,
    notes: &'static str,
    archived: bool,
}

const PEOPLE: [Person; 7] = [
    Person {
        name: "Amara Okonkwo",
        role: "Tech Lead",
        current: Some(SOFTWARE_LEADER),
        target: CLOUD_LEADER,
        track: "technical_leader",
        since_days: 300,
        is_self: false,
        notes: "Leads the payments platform team. Wants to own the move to managed cloud services across three teams.",
        archived: false,
    },
    Person {
        name: "Zoë Ørsted-Villanueva",
        role: "Senior Engineer",
        current: None,
        target: SOFTWARE_LEADER,
        track: "tech_lead",
        since_days: 150,
        is_self: false,
        notes: "Strong reviewer; first time leading a team of five from next quarter.",
        archived: false,
    },
    Person {
        name: "Дмитрий Соколов",
        role: "IC",
        current: None,
        target: DEVOPS_LEADER,
        track: "tech_lead",
        since_days: 90,
        is_self: false,
        notes: "Runs the release train informally. Interested in DevOps leadership.",
        archived: false,
    },
    Person {
        name: "李小龍",
        role: "Staff Engineer",
        current: Some(BACKEND_LEADER),
        target: AI_LEADER,
        track: "technical_leader",
        since_days: 40,
        is_self: false,
        notes: "Moving from backend architecture toward leading the applied-AI group.",
        archived: false,
    },
    Person {
        name: "Grace Hopper",
        role: "Engineering Manager",
        current: Some(AGILE_LEADER),
        target: AGILE_LEADER,
        track: "engineering_manager",
        since_days: 700,
        is_self: false,
        notes: "Completed her first plan; now focusing on coaching other leads.",
        archived: false,
    },
    Person {
        name: "Sam Rivera",
        role: "Senior Engineer",
        current: None,
        target: BACKEND_LEADER,
        track: "tech_lead",
        since_days: 200,
        is_self: true,
        notes: "My own plan toward backend technical leadership.",
        archived: false,
    },
    Person {
        name: "Priya Raman",
        role: "Tech Lead",
        current: Some(INFRASTRUCTURE_LEADER),
        target: INFRASTRUCTURE_LEADER,
        track: "technical_leader",
        since_days: 500,
        is_self: false,
        notes: "Moved to another company; kept for the record.",
        archived: true,
    },
];

/// One assessment: levels in `COMPETENCY_KEYS` order, positions in `SPECTRUM_KEYS` order,
/// dated `days` from today.
struct Assessment {
    mentee: usize,
    days: i64,
    by: Assessor,
    levels: [i64; COMPETENCY_KEYS.len()],
    positions: [i64; SPECTRUM_KEYS.len()],
}

/// Two rounds for Amara (mentor and self each), one for most others, and a few mentees'
/// own ratings near their mentor's, so calibration has pairs to compare.
const ASSESSMENTS: [Assessment; 11] = [
    Assessment {
        mentee: AMARA,
        days: -200,
        by: Assessor::Mentor,
        levels: [4, 2, 3, 3, 2, 3, 4, 2, 3],
        positions: [2, 3, 2, 2, 2, 2, 2],
    },
    Assessment {
        mentee: AMARA,
        days: -190,
        by: Assessor::Myself,
        levels: [4, 3, 3, 3, 3, 4, 4, 3, 3],
        positions: [2, 3, 3, 2, 3, 2, 3],
    },
    Assessment {
        mentee: AMARA,
        days: -30,
        by: Assessor::Mentor,
        levels: [4, 3, 4, 4, 3, 4, 4, 3, 4],
        positions: [3, 4, 3, 3, 3, 3, 3],
    },
    Assessment {
        mentee: AMARA,
        days: -26,
        by: Assessor::Myself,
        levels: [4, 3, 4, 3, 3, 4, 4, 3, 3],
        positions: [3, 4, 3, 3, 3, 3, 3],
    },
    Assessment {
        mentee: ZOE,
        days: -112,
        by: Assessor::Myself,
        levels: [5, 3, 3, 3, 3, 3, 4, 3, 2],
        positions: [2, 2, 2, 2, 3, 1, 2],
    },
    Assessment {
        mentee: GRACE,
        days: -40,
        by: Assessor::Myself,
        levels: [3, 4, 4, 4, 4, 4, 3, 4, 4],
        positions: [3, 4, 3, 4, 2, 4, 4],
    },
    Assessment {
        mentee: ZOE,
        days: -120,
        by: Assessor::Mentor,
        levels: [5, 3, 2, 3, 3, 2, 4, 2, 2],
        positions: [2, 2, 2, 1, 3, 1, 2],
    },
    Assessment {
        mentee: DMITRY,
        days: -60,
        by: Assessor::Mentor,
        levels: [3, 2, 2, 3, 2, 3, 3, 2, 4],
        positions: [1, 2, 2, 1, 2, 1, 3],
    },
    Assessment {
        mentee: XIAOLONG,
        days: -20,
        by: Assessor::Myself,
        levels: [5, 4, 3, 4, 3, 3, 5, 3, 3],
        positions: [3, 3, 3, 3, 4, 2, 3],
    },
    Assessment {
        mentee: GRACE,
        days: -45,
        by: Assessor::Mentor,
        levels: [3, 4, 5, 4, 4, 5, 3, 5, 5],
        positions: [3, 5, 3, 4, 2, 4, 4],
    },
    Assessment {
        mentee: SAM,
        days: -100,
        by: Assessor::Myself,
        levels: [4, 2, 2, 3, 3, 2, 4, 2, 2],
        positions: [1, 2, 2, 1, 2, 1, 2],
    },
];

/// A plan running from `starts` to `ends` days from today, with goals copied from
/// built-in templates, then goals written out here.
struct Plan {
    mentee: usize,
    title: &'static str,
    leader_type: i64,
    track: &'static str,
    starts: i64,
    ends: i64,
    status: PlanStatus,
    templates: &'static [i64],
    goals: &'static [Goal],
}

/// A written goal with its one planned first step, due `due` days from today.
struct Goal {
    title: &'static str,
    competencies: &'static [&'static str],
    first_step: &'static str,
    due: i64,
}

/// The large plan: both halves of leadership, 5 milestones each.
const BIG_PLAN_TEMPLATES: [i64; 12] = [
    TWO_YEAR_VISION,
    QUARTERLY_ROADMAP,
    HARDEST_COMPONENT,
    REGULAR_ONE_TO_ONES,
    EXPLAIN_TO_NON_ENGINEERS,
    MENTOR_A_JUNIOR,
    ALIGN_WITH_GOALS,
    UNTANGLE_A_PROBLEM,
    DELEGATE_OWN_WORK,
    KEY_INDICATORS,
    RETROSPECTIVES,
    DECISION_RECORDS,
];
/// Where Amara's large plan is in `PLANS`: her 1:1s discuss its goals.
const BIG_PLAN: usize = 0;

const PLANS: [Plan; 7] = [
    Plan {
        mentee: AMARA,
        title: "Toward Cloud Leader",
        leader_type: CLOUD_LEADER,
        track: "technical_leader",
        starts: -180,
        ends: 185,
        status: PlanStatus::Active,
        templates: &BIG_PLAN_TEMPLATES,
        goals: &[],
    },
    // A balanced, younger plan.
    Plan {
        mentee: ZOE,
        title: "First year as a tech lead",
        leader_type: SOFTWARE_LEADER,
        track: "tech_lead",
        starts: -100,
        ends: 265,
        status: PlanStatus::Active,
        templates: &[],
        goals: &[
            Goal {
                title: "Hold regular one-to-ones with the whole team",
                competencies: &["team_management"],
                first_step: "Agree the first step",
                due: 10,
            },
            Goal {
                title: "Write the team's first architecture decision records",
                competencies: &["technical_communication", "technical_expertise"],
                first_step: "Agree the first step",
                due: -5,
            },
            Goal {
                title: "Delegate the release coordination",
                competencies: &["task_delegation"],
                first_step: "Agree the first step",
                due: 25,
            },
            Goal {
                title: "Set the team's technical direction for the year",
                competencies: &["technical_vision", "technical_mentorship"],
                first_step: "Agree the first step",
                due: 60,
            },
        ],
    },
    // A plan that reads as a project manager's (oversight and tracking only).
    Plan {
        mentee: DMITRY,
        title: "Run delivery better",
        leader_type: DEVOPS_LEADER,
        track: "tech_lead",
        starts: -60,
        ends: 120,
        status: PlanStatus::Active,
        templates: &[],
        goals: &[
            Goal {
                title: "Run the weekly release review",
                competencies: &["project_oversight"],
                first_step: "First version",
                due: -2,
            },
            Goal {
                title: "Own the deployment KPI dashboard",
                competencies: &["performance_monitoring"],
                first_step: "First version",
                due: 12,
            },
        ],
    },
    Plan {
        mentee: XIAOLONG,
        title: "Toward AI Leader",
        leader_type: AI_LEADER,
        track: "technical_leader",
        starts: 0,
        ends: 365,
        status: PlanStatus::Draft,
        templates: &[],
        goals: &[],
    },
    Plan {
        mentee: GRACE,
        title: "Agile leadership, year one",
        leader_type: AGILE_LEADER,
        track: "engineering_manager",
        starts: -700,
        ends: -340,
        status: PlanStatus::Completed,
        templates: &[],
        goals: &[],
    },
    Plan {
        mentee: GRACE,
        title: "Coaching other leads",
        leader_type: AGILE_LEADER,
        track: "engineering_manager",
        starts: -30,
        ends: 330,
        status: PlanStatus::Active,
        templates: &[],
        goals: &[Goal {
            title: "Mentor two new tech leads",
            competencies: &[
                "technical_mentorship",
                "team_management",
                "technical_expertise",
            ],
            first_step: "Agree goals with both mentees",
            due: 7,
        }],
    },
    Plan {
        mentee: SAM,
        title: "Toward Backend Leader",
        leader_type: BACKEND_LEADER,
        track: "tech_lead",
        starts: -90,
        ends: 270,
        status: PlanStatus::Active,
        templates: &[],
        goals: &[Goal {
            title: "Lead the API versioning redesign",
            competencies: &["technical_expertise", "technical_vision", "task_delegation"],
            first_step: "Publish the design for review",
            due: 3,
        }],
    },
];

/// Steps after a template's own, so every big-plan goal has five milestones.
const EXTRA_STEPS: [&str; 2] = ["Share what changed with the team", "Reflect on it in a 1:1"];
const STEPS_PER_GOAL: usize = 5;

/// Amara's fortnightly 1:1s, in days from today; each moves one big-plan goal forward.
const AMARA_SESSIONS: [i64; 7] = [-84, -70, -56, -42, -28, -14, -4];

/// A single 1:1 `days` from today.
struct Talk {
    mentee: usize,
    days: i64,
    notes: &'static str,
}

/// Zoë seen recently, Dmitry and Grace long ago, Priya before she left.
const TALKS: [Talk; 4] = [
    Talk {
        mentee: ZOE,
        days: -6,
        notes: "First team retro went well. *Nervous* about the quarterly planning.",
    },
    Talk {
        mentee: DMITRY,
        days: -35,
        notes: "Talked about moving from running releases to shaping them.",
    },
    Talk {
        mentee: GRACE,
        days: -50,
        notes: "Grace will pair with both new leads on their first plans.",
    },
    Talk {
        mentee: PRIYA,
        days: -400,
        notes: "Farewell conversation.",
    },
];

/// Fills `conn` (an empty, migrated database) with the demo data in one transaction.
pub fn populate(conn: &mut Connection) -> Result<DemoSummary> {
    let tx = conn.transaction()?;
    let today = dates::today();
    let mut people = [0; PEOPLE.len()];
    for (id, p) in people.iter_mut().zip(&PEOPLE) {
        *id = mentees::insert(&tx, &p.input())?;
    }
    for a in &ASSESSMENTS {
        assessments::insert(&tx, people[a.mentee], &a.input())?;
    }
    let mut plan_ids = [0; PLANS.len()];
    for (id, p) in plan_ids.iter_mut().zip(&PLANS) {
        *id = write_plan(&tx, people[p.mentee], p, today)?;
    }
    write_sessions(&tx, &people, plan_ids[BIG_PLAN])?;
    write_rhythm(&tx, &people, plan_ids[BIG_PLAN])?;
    for (id, _) in people.iter().zip(&PEOPLE).filter(|(_, p)| p.archived) {
        mentees::set_archived(&tx, *id, true)?;
    }
    let summary = DemoSummary::counted(&tx)?;
    tx.commit()?;
    Ok(summary)
}

impl Person {
    fn input(&self) -> MenteeInput {
        MenteeInput {
            name: self.name.into(),
            current_role: self.role.into(),
            current_leader_type_id: self.current,
            target_leader_type_id: Some(self.target),
            role_track_key: Some(self.track.into()),
            start_date: Some(dates::shifted(-(self.since_days as i64))),
            notes: self.notes.into(),
            is_self: self.is_self,
        }
    }
}

impl Assessment {
    fn input(&self) -> AssessmentInput {
        AssessmentInput {
            assessed_on: dates::shifted(self.days),
            assessor: self.by,
            notes: String::new(),
            ratings: COMPETENCY_KEYS
                .iter()
                .zip(self.levels)
                .map(|(k, level)| Rating {
                    competency_key: (*k).into(),
                    level,
                    comment: String::new(),
                })
                .collect(),
            spectrums: SPECTRUM_KEYS
                .iter()
                .zip(self.positions)
                .map(|(k, position)| SpectrumPosition {
                    spectrum_key: (*k).into(),
                    position,
                })
                .collect(),
        }
    }
}

fn write_plan(tx: &Connection, mentee: i64, p: &Plan, today: NaiveDate) -> Result<i64> {
    let plan = plans::insert(
        tx,
        mentee,
        &PlanInput {
            title: p.title.into(),
            leader_type_id: p.leader_type,
            role_track_key: p.track.into(),
            starts_on: dates::shifted(p.starts),
            target_on: dates::shifted(p.ends),
            status: p.status,
            targets: None,
        },
    )?;
    for (g, template_id) in p.templates.iter().enumerate() {
        let t = templates::get(tx, *template_id)?;
        let goal = goals::insert(
            tx,
            plan,
            &GoalInput {
                title: t.title,
                description: t.description,
                competency_keys: t.competency_keys,
                theme_keys: t.theme_keys,
            },
        )?;
        let steps = t.milestones.iter().map(|m| m.title.as_str());
        for (k, title) in steps.chain(EXTRA_STEPS).take(STEPS_PER_GOAL).enumerate() {
            milestones::insert(tx, goal, &spread_milestone(title, g, k, today))?;
        }
    }
    for written in p.goals {
        let goal = goals::insert(
            tx,
            plan,
            &GoalInput {
                title: written.title.into(),
                description: String::new(),
                competency_keys: written.competencies.iter().map(|k| (*k).into()).collect(),
                theme_keys: Vec::new(),
            },
        )?;
        let due = Some(dates::shifted(written.due));
        milestones::insert(tx, goal, &MilestoneInput::planned(written.first_step, due))?;
    }
    Ok(plan)
}

/// Milestone `k` of template goal `g`, spread across the plan: the early ones done, a few
/// overdue, some due in the next two weeks, the rest later.
fn spread_milestone(title: &str, g: usize, k: usize, today: NaiveDate) -> MilestoneInput {
    let offset = -170 + (g as i64) * 24 + (k as i64) * 18;
    let status = match (offset < -14, offset < 0, (g + k) % 7) {
        (true, _, 0) => MilestoneStatus::Dropped,
        (true, _, _) => MilestoneStatus::Done,
        (false, true, 1 | 2) => MilestoneStatus::InProgress,
        (false, true, _) => MilestoneStatus::Planned,
        _ if (g + k).is_multiple_of(5) => MilestoneStatus::InProgress,
        _ => MilestoneStatus::Planned,
    };
    let done = status == MilestoneStatus::Done;
    MilestoneInput {
        title: title.into(),
        due_on: Some(dates::shifted(offset)),
        status,
        completed_on: done.then(|| dates::shifted(offset + 2).min(dates::iso(today))),
        evidence: if done {
            "Discussed and confirmed in our 1:1.".into()
        } else {
            String::new()
        },
        links: Vec::new(),
    }
}

fn write_sessions(tx: &Connection, people: &[i64; PEOPLE.len()], big_plan: i64) -> Result<()> {
    let big_goals = goals::for_plan(tx, big_plan)?;
    for (i, days) in AMARA_SESSIONS.iter().enumerate() {
        sessions::insert(
            tx,
            people[AMARA],
            &SessionInput {
                held_on: dates::shifted(*days),
                notes: format!(
                    "## Progress\n- Moved forward on **{}**\n- Talked through a tricky stakeholder conversation\n\n## Next\nPrepare the summary for the architecture forum.",
                    big_goals.get(i).map_or("the plan", |g| g.title.as_str())
                ),
                shared_notes: format!(
                    "Agreed next step: a one-page summary of **{}** for the architecture forum.",
                    big_goals.get(i).map_or("the plan", |g| g.title.as_str())
                ),
                goal_ids: big_goals.iter().skip(i).take(2).map(|g| g.id).collect(),
                new_action_items: vec![format!("Follow up on session {} notes", i + 1)],
                ..Default::default()
            },
        )?;
    }
    for talk in &TALKS {
        sessions::insert(
            tx,
            people[talk.mentee],
            &SessionInput {
                held_on: dates::shifted(talk.days),
                notes: talk.notes.into(),
                ..Default::default()
            },
        )?;
    }
    Ok(())
}

/// Evidence Amara's mentor logged over the last months: (days ago, what, competencies).
const AMARA_EVIDENCE: [(i64, &str, &str, &[&str]); 5] = [
    (
        -80,
        "Ran the platform team's first architecture review",
        "Kept the room on decisions, not opinions.",
        &["technical_vision", "technical_communication"],
    ),
    (
        -52,
        "Handed the release rota to Jonas and coached him through it",
        "",
        &["task_delegation", "technical_mentorship"],
    ),
    (
        -33,
        "Led the incident review for the storage outage",
        "A blameless timeline everyone signed off.",
        &["problem_solving", "technical_communication"],
    ),
    (
        -19,
        "Wrote the two-year platform vision draft",
        "Circulated to staff engineers for comment.",
        &["technical_vision"],
    ),
    (
        -6,
        "Set up the team's delivery dashboard",
        "",
        &["performance_monitoring", "project_oversight"],
    ),
];

/// A 1:1 rhythm for the mentors' regulars, and Amara's evidence log.
fn write_rhythm(tx: &Connection, people: &[i64; PEOPLE.len()], big_plan: i64) -> Result<()> {
    mentees::set_rhythm(
        tx,
        people[AMARA],
        &RhythmInput {
            cadence: Cadence::Fortnightly,
            talking_points: "Wins since last time\nWhat is blocking you".into(),
        },
    )?;
    // Amara follows up: only the last two 1:1s' action items are still open.
    tx.execute(
        "UPDATE action_items SET done = 1 WHERE session_id IN (
             SELECT id FROM sessions WHERE mentee_id = ?1
              ORDER BY held_on DESC LIMIT -1 OFFSET 2)",
        [people[AMARA]],
    )?;
    for (days, title, note, keys) in AMARA_EVIDENCE {
        evidence::insert(
            tx,
            people[AMARA],
            &EvidenceInput {
                plan_id: Some(big_plan),
                milestone_id: None,
                observed_on: dates::shifted(days),
                title: title.into(),
                link: String::new(),
                note: note.into(),
                competency_keys: keys.iter().map(|k| (*k).to_owned()).collect(),
            },
        )?;
    }
    Ok(())
}

/// Whether the keys the generator rates match the catalogue (a test keeps them in step).
pub fn keys_match_catalogue(conn: &Connection) -> Result<bool> {
    let cat = catalogue::load(conn)?;
    Ok(cat
        .competencies
        .iter()
        .map(|c| c.key.as_str())
        .eq(COMPETENCY_KEYS)
        && cat
            .spectrums
            .iter()
            .map(|s| s.key.as_str())
            .eq(SPECTRUM_KEYS))
}
