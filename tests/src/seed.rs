//! Realistic data written straight through the core before the app starts.

use std::path::Path;

use waymark_core::db;
use waymark_core::mentees::{self, MenteeInput};

struct Person {
    name: &'static str,
    role: &'static str,
    current: Option<i64>,
    target: i64,
    track: &'static str,
    since: &'static str,
}

const TEAM: [Person; 6] = [
    Person {
        name: "Zoë Ørsted-Villanueva",
        role: "Senior Engineer",
        current: None,
        target: 1,
        track: "tech_lead",
        since: "2026-03-02",
    },
    Person {
        name: "Amara Okonkwo",
        role: "Tech Lead",
        current: Some(1),
        target: 13,
        track: "technical_leader",
        since: "2025-11-17",
    },
    Person {
        name: "李小龍",
        role: "Staff Engineer",
        current: Some(6),
        target: 17,
        track: "technical_leader",
        since: "2026-06-01",
    },
    Person {
        name: "Дмитрий Соколов",
        role: "IC",
        current: None,
        target: 3,
        track: "tech_lead",
        since: "2026-09-14",
    },
    Person {
        name: "Grace Hopper",
        role: "Engineering Manager",
        current: Some(9),
        target: 9,
        track: "engineering_manager",
        since: "2024-01-08",
    },
    Person {
        name: "Sam Rivera",
        role: "Senior Engineer",
        current: None,
        target: 6,
        track: "tech_lead",
        since: "2026-01-05",
    },
];

/// Six mentees with accented and non-Latin names at different stages; the last is "me".
pub fn team(path: &Path) -> waymark_core::Result<()> {
    let mut conn = db::open(path)?;
    for (i, p) in TEAM.iter().enumerate() {
        mentees::create(
            &mut conn,
            &MenteeInput {
                name: p.name.into(),
                current_role: p.role.into(),
                current_leader_type_id: p.current,
                target_leader_type_id: Some(p.target),
                role_track_key: Some(p.track.into()),
                start_date: Some(p.since.into()),
                notes: format!(
                    "{} asked for help growing into a broader leadership role.",
                    p.name
                ),
                is_self: i == TEAM.len() - 1,
            },
        )?;
    }
    Ok(())
}

/// The team, plus an active plan for Amara with an overdue and an upcoming milestone, and
/// a 1:1 with Grace long ago whose notes carry markup that must stay inert.
pub fn team_with_plans(path: &Path) -> waymark_core::Result<()> {
    use waymark_core::dates;
    use waymark_core::goals::{self, GoalInput};
    use waymark_core::milestones::{self, MilestoneInput};
    use waymark_core::plans::{self, PlanInput, PlanStatus};
    use waymark_core::sessions::{self, SessionInput};

    team(path)?;
    let mut conn = db::open(path)?;
    let shifted = dates::shifted;
    let plan = plans::create(
        &mut conn,
        2,
        &PlanInput {
            title: "Toward Cloud Leader".into(),
            leader_type_id: 13,
            role_track_key: "technical_leader".into(),
            starts_on: shifted(-60),
            target_on: shifted(300),
            status: PlanStatus::Active,
            targets: None,
        },
    )?;
    let goal = goals::create(
        &mut conn,
        plan.id,
        &GoalInput {
            title: "Write the platform's two-year technical vision".into(),
            description: String::new(),
            competency_keys: vec!["technical_vision".into(), "technical_mentorship".into()],
            theme_keys: vec!["vision".into()],
        },
    )?;
    milestones::create(
        &mut conn,
        goal.id,
        &MilestoneInput::planned("Interview five stakeholders", Some(shifted(-3))),
    )?;
    milestones::create(
        &mut conn,
        goal.id,
        &MilestoneInput::planned("Circulate the first draft", Some(shifted(5))),
    )?;
    sessions::create(
        &mut conn,
        5,
        &SessionInput {
            held_on: shifted(-40),
            notes: "## Catch-up\n- <img src=x onerror=\"document.title='pwned'\"> stays text\n- <script>document.title='pwned'</script>".into(),
            ..Default::default()
        },
    )?;
    Ok(())
}

/// Maria Lindqvist's plan for Amara from [`team_with_plans`] at `mentor_db`, shared as a
/// file at `out`, sealed with `passphrase` if one is given.
pub fn shared_plan_file(
    mentor_db: &Path,
    out: &Path,
    passphrase: Option<&str>,
) -> crate::Result<()> {
    use waymark_core::sync::share::{self, ShareRequest};

    let mut mentor = db::open(mentor_db)?;
    let plan_id: i64 = mentor.query_row("SELECT id FROM plans", [], |r| r.get(0))?;
    let request = ShareRequest {
        plan_id,
        from_name: Some("Maria Lindqvist".into()),
        mentee_edits_plan: false,
        passphrase: passphrase.map(str::to_owned),
        include_assessments: false,
    };
    std::fs::write(out, share::share(&mut mentor, &request)?)?;
    Ok(())
}
