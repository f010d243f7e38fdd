//! A realistic demo database: several mentees at different stages, assessments over
//! time, plans for different leader types (one with 12 goals and 60 milestones, one that
//! trips a balance warning), 1:1s with action items. Dates are relative to today so the
//! dashboard has something overdue, something upcoming and someone not seen lately.

use rusqlite::Connection;

use crate::catalogue::built_in::{
    AGILE_LEADER, AI_LEADER, BACKEND_LEADER, CLOUD_LEADER, DEVOPS_LEADER, INFRASTRUCTURE_LEADER,
    SOFTWARE_LEADER,
};
use crate::catalogue::{self, COMPETENCY_KEYS, SPECTRUM_KEYS};
use crate::dates;
use crate::demo::summary::DemoSummary;
use crate::error::Result;
use crate::people::assessments::{self, AssessmentInput, Assessor, Rating, SpectrumPosition};
use crate::people::mentees::{self, MenteeInput};
use crate::plan::goals::{self, GoalInput};
use crate::plan::milestones::{self, MilestoneInput, MilestoneStatus};
use crate::plan::plans::{self, PlanInput, PlanStatus};
use crate::plan::sessions::{self, SessionInput};
use crate::plan::templates;

struct Person {
    name: &'static str,
    role: &'static str,
    current: Option<i64>,
    target: i64,
    track: &'static str,
    since_days: u64,
    is_self: bool,
    notes: &'static str,
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
    },
];

/// Template ids (see migration 0004) for the large plan: both halves of leadership.
const BIG_PLAN_TEMPLATES: [i64; 12] = [4, 5, 1, 7, 10, 13, 16, 19, 22, 25, 8, 11];

/// Fills `conn` (an empty, migrated database) with the demo data in one transaction.
pub fn populate(conn: &mut Connection) -> Result<DemoSummary> {
    let tx = conn.transaction()?;
    let today = dates::today();
    let day = dates::shifted;
    let mut ids = Vec::new();
    for p in &PEOPLE {
        let m = mentees::insert(
            &tx,
            &MenteeInput {
                name: p.name.into(),
                current_role: p.role.into(),
                current_leader_type_id: p.current,
                target_leader_type_id: Some(p.target),
                role_track_key: Some(p.track.into()),
                start_date: Some(day(-(p.since_days as i64))),
                notes: p.notes.into(),
                is_self: p.is_self,
            },
        )?;
        ids.push(m);
    }
    let [amara, zoe, dmitry, xiaolong, grace, sam, priya] = ids[..] else {
        return DemoSummary::counted(&tx);
    };

    // Assessments: two rounds for Amara (self and mentor), one for most others.
    let rate = |levels: [i64; 9], spectrum: [i64; 7], on: String, who: Assessor| AssessmentInput {
        assessed_on: on,
        assessor: who,
        notes: String::new(),
        ratings: COMPETENCY_KEYS
            .iter()
            .zip(levels)
            .map(|(k, level)| Rating {
                competency_key: (*k).into(),
                level,
                comment: String::new(),
            })
            .collect(),
        spectrums: SPECTRUM_KEYS
            .iter()
            .zip(spectrum)
            .map(|(k, position)| SpectrumPosition {
                spectrum_key: (*k).into(),
                position,
            })
            .collect(),
    };
    for (mentee, levels, spectrum, offset, who) in [
        (
            amara,
            [4, 2, 3, 3, 2, 3, 4, 2, 3],
            [2, 3, 2, 2, 2, 2, 2],
            -200,
            Assessor::Mentor,
        ),
        (
            amara,
            [4, 3, 3, 3, 3, 4, 4, 3, 3],
            [2, 3, 3, 2, 3, 2, 3],
            -190,
            Assessor::Myself,
        ),
        (
            amara,
            [4, 3, 4, 4, 3, 4, 4, 3, 4],
            [3, 4, 3, 3, 3, 3, 3],
            -30,
            Assessor::Mentor,
        ),
        (
            zoe,
            [5, 3, 2, 3, 3, 2, 4, 2, 2],
            [2, 2, 2, 1, 3, 1, 2],
            -120,
            Assessor::Mentor,
        ),
        (
            dmitry,
            [3, 2, 2, 3, 2, 3, 3, 2, 4],
            [1, 2, 2, 1, 2, 1, 3],
            -60,
            Assessor::Mentor,
        ),
        (
            xiaolong,
            [5, 4, 3, 4, 3, 3, 5, 3, 3],
            [3, 3, 3, 3, 4, 2, 3],
            -20,
            Assessor::Myself,
        ),
        (
            grace,
            [3, 4, 5, 4, 4, 5, 3, 5, 5],
            [3, 5, 3, 4, 2, 4, 4],
            -45,
            Assessor::Mentor,
        ),
        (
            sam,
            [4, 2, 2, 3, 3, 2, 4, 2, 2],
            [1, 2, 2, 1, 2, 1, 2],
            -100,
            Assessor::Myself,
        ),
    ] {
        assessments::insert(&tx, mentee, &rate(levels, spectrum, day(offset), who))?;
    }

    let plan = |mentee: i64,
                title: &str,
                type_id: i64,
                track: &str,
                start: i64,
                end: i64,
                status: PlanStatus| {
        (
            mentee,
            PlanInput {
                title: title.into(),
                leader_type_id: type_id,
                role_track_key: track.into(),
                starts_on: day(start),
                target_on: day(end),
                status,
                targets: None,
            },
        )
    };

    // Amara: the large plan, 12 goals from the library, 5 milestones each.
    let input = plan(
        amara,
        "Toward Cloud Leader",
        CLOUD_LEADER,
        "technical_leader",
        -180,
        185,
        PlanStatus::Active,
    );
    let big = plans::insert(&tx, input.0, &input.1)?;
    for (g, template_id) in BIG_PLAN_TEMPLATES.iter().enumerate() {
        let t = templates::get(&tx, *template_id)?;
        let goal_id = goals::insert(
            &tx,
            big,
            &GoalInput {
                title: t.title.clone(),
                description: t.description.clone(),
                competency_keys: t.competency_keys.clone(),
                theme_keys: t.theme_keys.clone(),
            },
        )?;
        let mut steps: Vec<String> = t.milestones.iter().map(|m| m.title.clone()).collect();
        steps.push("Share what changed with the team".into());
        steps.push("Reflect on it in a 1:1".into());
        for (k, title) in steps.iter().take(5).enumerate() {
            // Spread the 60 milestones across the plan: the early ones done, a few overdue,
            // some due in the next two weeks, the rest later.
            let offset = -170 + (g as i64) * 24 + (k as i64) * 18;
            let status = match (offset < -14, offset < 0, (g + k) % 7) {
                (true, _, 0) => MilestoneStatus::Dropped,
                (true, _, _) => MilestoneStatus::Done,
                (false, true, 1 | 2) => MilestoneStatus::InProgress,
                (false, true, _) => MilestoneStatus::Planned,
                _ if (g + k) % 5 == 0 => MilestoneStatus::InProgress,
                _ => MilestoneStatus::Planned,
            };
            let due = day(offset);
            milestones::insert(
                &tx,
                goal_id,
                &MilestoneInput {
                    title: title.clone(),
                    due_on: Some(due.clone()),
                    status,
                    completed_on: (status == MilestoneStatus::Done)
                        .then(|| day(offset + 2).min(dates::iso(today))),
                    evidence: if status == MilestoneStatus::Done {
                        "Discussed and confirmed in our 1:1.".into()
                    } else {
                        String::new()
                    },
                    links: Vec::new(),
                },
            )?;
        }
    }

    // Zoë: a balanced, younger plan.
    let input = plan(
        zoe,
        "First year as a tech lead",
        SOFTWARE_LEADER,
        "tech_lead",
        -100,
        265,
        PlanStatus::Active,
    );
    let zoe_plan = plans::insert(&tx, input.0, &input.1)?;
    for (title, keys, due) in [
        (
            "Hold regular one-to-ones with the whole team",
            &["team_management"][..],
            10,
        ),
        (
            "Write the team's first architecture decision records",
            &["technical_communication", "technical_expertise"][..],
            -5,
        ),
        (
            "Delegate the release coordination",
            &["task_delegation"][..],
            25,
        ),
        (
            "Set the team's technical direction for the year",
            &["technical_vision", "technical_mentorship"][..],
            60,
        ),
    ] {
        let goal_id = goals::insert(&tx, zoe_plan, &goal(title, keys))?;
        milestones::insert(
            &tx,
            goal_id,
            &MilestoneInput::planned("Agree the first step", Some(day(due))),
        )?;
    }

    // Dmitry: a plan that reads as a project manager's (oversight and tracking only).
    let input = plan(
        dmitry,
        "Run delivery better",
        DEVOPS_LEADER,
        "tech_lead",
        -60,
        120,
        PlanStatus::Active,
    );
    let pm_plan = plans::insert(&tx, input.0, &input.1)?;
    for (title, key, due) in [
        ("Run the weekly release review", "project_oversight", -2),
        (
            "Own the deployment KPI dashboard",
            "performance_monitoring",
            12,
        ),
    ] {
        let goal_id = goals::insert(&tx, pm_plan, &goal(title, &[key]))?;
        milestones::insert(
            &tx,
            goal_id,
            &MilestoneInput::planned("First version", Some(day(due))),
        )?;
    }

    // 李小龍: a draft; Grace: one completed plan and a new active one; Sam: his own plan.
    let input = plan(
        xiaolong,
        "Toward AI Leader",
        AI_LEADER,
        "technical_leader",
        0,
        365,
        PlanStatus::Draft,
    );
    plans::insert(&tx, input.0, &input.1)?;
    let input = plan(
        grace,
        "Agile leadership, year one",
        AGILE_LEADER,
        "engineering_manager",
        -700,
        -340,
        PlanStatus::Completed,
    );
    plans::insert(&tx, input.0, &input.1)?;
    let input = plan(
        grace,
        "Coaching other leads",
        AGILE_LEADER,
        "engineering_manager",
        -30,
        330,
        PlanStatus::Active,
    );
    let grace_plan = plans::insert(&tx, input.0, &input.1)?;
    let goal_id = goals::insert(
        &tx,
        grace_plan,
        &goal(
            "Mentor two new tech leads",
            &[
                "technical_mentorship",
                "team_management",
                "technical_expertise",
            ],
        ),
    )?;
    milestones::insert(
        &tx,
        goal_id,
        &MilestoneInput::planned("Agree goals with both mentees", Some(day(7))),
    )?;
    let input = plan(
        sam,
        "Toward Backend Leader",
        BACKEND_LEADER,
        "tech_lead",
        -90,
        270,
        PlanStatus::Active,
    );
    let sam_plan = plans::insert(&tx, input.0, &input.1)?;
    let goal_id = goals::insert(
        &tx,
        sam_plan,
        &goal(
            "Lead the API versioning redesign",
            &["technical_expertise", "technical_vision", "task_delegation"],
        ),
    )?;
    milestones::insert(
        &tx,
        goal_id,
        &MilestoneInput::planned("Publish the design for review", Some(day(3))),
    )?;

    // 1:1s: Amara fortnightly, Zoë recently, Dmitry and Grace long ago.
    let big_goals = goals::for_plan(&tx, big)?;
    for (i, offset) in [-84, -70, -56, -42, -28, -14, -4].iter().enumerate() {
        let discussed: Vec<i64> = big_goals.iter().skip(i).take(2).map(|g| g.id).collect();
        sessions::insert(
            &tx,
            amara,
            &SessionInput {
                held_on: day(*offset),
                notes: format!(
                    "## Progress\n- Moved forward on **{}**\n- Talked through a tricky stakeholder conversation\n\n## Next\nPrepare the summary for the architecture forum.",
                    big_goals.get(i).map_or("the plan", |g| g.title.as_str())
                ),
                goal_ids: discussed,
                new_action_items: vec![format!("Follow up on session {} notes", i + 1)],
            },
        )?;
    }
    for (mentee, offset, notes) in [
        (
            zoe,
            -6,
            "First team retro went well. *Nervous* about the quarterly planning.",
        ),
        (
            dmitry,
            -35,
            "Talked about moving from running releases to shaping them.",
        ),
        (
            grace,
            -50,
            "Grace will pair with both new leads on their first plans.",
        ),
        (priya, -400, "Farewell conversation."),
    ] {
        sessions::insert(
            &tx,
            mentee,
            &SessionInput {
                held_on: day(offset),
                notes: notes.into(),
                ..Default::default()
            },
        )?;
    }
    mentees::set_archived(&tx, priya, true)?;
    let summary = DemoSummary::counted(&tx)?;
    tx.commit()?;
    Ok(summary)
}

fn goal(title: &str, keys: &[&str]) -> GoalInput {
    GoalInput {
        title: title.into(),
        description: String::new(),
        competency_keys: keys.iter().map(|k| (*k).to_owned()).collect(),
        theme_keys: Vec::new(),
    }
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
