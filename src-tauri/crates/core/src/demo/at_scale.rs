//! A coaching organisation's worth of data for measuring Waymark at scale: per mentee
//! two assessments, one plan of ten goals with ten milestones each, and twenty 1:1s.
//! Dates run from each mentee's start to a little past today, and statuses follow the
//! dates the way real plans do (most past milestones done, a few overdue or dropped).
//! Rows are written with plain inserts in one transaction: the schema's checks still hold
//! every value, but the per-row validation of the app's forms would only cost time here.

use chrono::{Days, NaiveDate};
use rusqlite::{Connection, params};

use crate::catalogue::{COMPETENCY_KEYS, SPECTRUM_KEYS};
use crate::dates;
use crate::demo::summary::DemoSummary;
use crate::error::Result;
use crate::store::migrations;

const GOALS_PER_PLAN: usize = 10;
const MILESTONES_PER_GOAL: usize = 10;
const SESSIONS_PER_MENTEE: usize = 20;

const FIRST_NAMES: [&str; 40] = [
    "Amara",
    "Zoë",
    "Дмитрий",
    "Grace",
    "Sam",
    "Priya",
    "Jonas",
    "Mei",
    "Kwame",
    "Lucía",
    "Olu",
    "Ingrid",
    "Rahul",
    "Fatima",
    "Tomás",
    "Aiko",
    "Noah",
    "Chiara",
    "Emeka",
    "Sofia",
    "Youssef",
    "Hana",
    "Mateo",
    "Anika",
    "Lars",
    "Nadia",
    "Kenji",
    "Elif",
    "Diego",
    "Maya",
    "Ali",
    "Freya",
    "Wei",
    "Zanele",
    "Pierre",
    "Leila",
    "Oscar",
    "Ayşe",
    "Ravi",
    "Björn",
];
const LAST_NAMES: [&str; 40] = [
    "Okonkwo",
    "Ørsted",
    "Соколов",
    "Hopper",
    "Rivera",
    "Raman",
    "Berg",
    "Chen",
    "Mensah",
    "García",
    "Adeyemi",
    "Larsen",
    "Gupta",
    "Haddad",
    "Silva",
    "Tanaka",
    "Müller",
    "Rossi",
    "Eze",
    "Papadopoulos",
    "Benali",
    "Kim",
    "López",
    "Sharma",
    "Nilsson",
    "Petrova",
    "Sato",
    "Yılmaz",
    "Fernández",
    "Cohen",
    "Khan",
    "O'Brien",
    "Wang",
    "Dlamini",
    "Dubois",
    "Nasser",
    "Andersson",
    "Demir",
    "Iyer",
    "Johansson",
];
const ROLES: [&str; 8] = [
    "Senior Engineer",
    "Staff Engineer",
    "Tech Lead",
    "Engineering Manager",
    "Principal Engineer",
    "Platform Engineer",
    "Data Engineer",
    "Site Reliability Engineer",
];
const TRACKS: [&str; 3] = ["tech_lead", "technical_leader", "engineering_manager"];
const MILESTONE_STEPS: [&str; 7] = [
    "Agree what good looks like with the team",
    "Write a one-page proposal and circulate it",
    "Pair with a peer on the first iteration",
    "Present progress at the team meeting",
    "Collect feedback from two stakeholders",
    "Hand the routine part to a teammate",
    "Write up what was learned",
];
const SESSION_NOTES: [&str; 4] = [
    "## Progress\n- Moved forward on **{goal}**\n- Talked through a tricky stakeholder conversation",
    "Reviewed **{goal}**. *Blocked* on a decision from the architecture forum.",
    "## Wins\n- Shipped the first step of {goal}\n\n## Next\nAsk for feedback from the team.",
    "Short check-in. Energy is good; the team is settling into the new rota.",
];

/// A small, seeded generator, so every run of the same size writes the same data.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// A built-in goal template: what a generated goal is modelled on.
struct Template {
    id: i64,
    title: String,
    description: String,
    steps: Vec<String>,
}

fn templates(conn: &Connection) -> Result<Vec<Template>> {
    let mut stmt = conn.prepare(
        "SELECT id, title, description FROM goal_templates WHERE built_in = 1 ORDER BY id",
    )?;
    let heads: Vec<(i64, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut steps = conn.prepare(
        "SELECT title FROM goal_template_milestones WHERE template_id = ?1 ORDER BY position",
    )?;
    heads
        .into_iter()
        .map(|(id, title, description)| {
            Ok(Template {
                steps: steps
                    .query_map([id], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?,
                id,
                title,
                description,
            })
        })
        .collect()
}

fn shift(date: NaiveDate, days: i64) -> NaiveDate {
    let moved = if days >= 0 {
        date.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    moved.unwrap_or(date)
}

/// Fills `conn` (an empty, migrated database) with `mentees` generated people in one
/// transaction.
pub fn populate(conn: &mut Connection, mentees: usize) -> Result<DemoSummary> {
    let tx = conn.transaction()?;
    // Indexing for search row by row through the triggers costs more than everything
    // else together; the rows are indexed in bulk at the end instead.
    let triggers: Vec<(String, String)> = tx
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_%_insert'")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &triggers {
        tx.execute_batch(&format!("DROP TRIGGER {name}"))?;
    }
    fill(&tx, mentees)?;
    tx.execute_batch(search_index_fill())?;
    for (_, sql) in &triggers {
        tx.execute_batch(sql)?;
    }
    let summary = DemoSummary::counted(&tx)?;
    tx.commit()?;
    Ok(summary)
}

/// The statements that fill the search index from the rows already written: the ones the
/// last migration to rebuild the index ends with, so what each entry holds is written in
/// one place (the demo test checks that every row is indexed).
fn search_index_fill() -> &'static str {
    migrations::MIGRATIONS
        .iter()
        .rev()
        .find_map(|(_, sql)| sql.find("INSERT INTO search_index").map(|at| &sql[at..]))
        .unwrap_or_default()
}

fn fill(tx: &Connection, mentees: usize) -> Result<()> {
    let templates = templates(tx)?;
    let today = dates::today();
    let mut rng = SplitMix(0x5741_594D_4152_4B21);

    let mut add_mentee = tx.prepare(
        "INSERT INTO mentees (name, current_role, target_leader_type_id, role_track_key,
                              start_date, notes, archived_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut add_assessment = tx.prepare(
        "INSERT INTO assessments (mentee_id, assessed_on, assessor) VALUES (?1, ?2, ?3)",
    )?;
    let mut add_rating = tx.prepare(
        "INSERT INTO assessment_ratings (assessment_id, competency_key, level) VALUES (?1, ?2, ?3)",
    )?;
    let mut add_position = tx.prepare(
        "INSERT INTO assessment_spectrums (assessment_id, spectrum_key, position)
         VALUES (?1, ?2, ?3)",
    )?;
    let mut add_plan = tx.prepare(
        "INSERT INTO plans (mentee_id, title, leader_type_id, role_track_key, starts_on,
                            target_on, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut copy_targets = tx.prepare(
        "INSERT INTO plan_competency_targets (plan_id, competency_key, level)
         SELECT ?1, competency_key, level FROM leader_type_competency_targets
          WHERE leader_type_id = ?2",
    )?;
    let mut copy_positions = tx.prepare(
        "INSERT INTO plan_spectrum_targets (plan_id, spectrum_key, position)
         SELECT ?1, spectrum_key, position FROM leader_type_spectrum_targets
          WHERE leader_type_id = ?2",
    )?;
    let mut add_goal = tx.prepare(
        "INSERT INTO goals (plan_id, title, description, position, template_id)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut copy_competencies = tx.prepare(
        "INSERT INTO goal_competencies (goal_id, competency_key)
         SELECT ?1, competency_key FROM goal_template_competencies WHERE template_id = ?2",
    )?;
    let mut copy_themes = tx.prepare(
        "INSERT INTO goal_themes (goal_id, theme_key)
         SELECT ?1, theme_key FROM goal_template_themes WHERE template_id = ?2",
    )?;
    let mut add_milestone = tx.prepare(
        "INSERT INTO milestones (goal_id, title, due_on, status, completed_on, evidence, position)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut add_session =
        tx.prepare("INSERT INTO sessions (mentee_id, held_on, notes) VALUES (?1, ?2, ?3)")?;
    let mut link_goal =
        tx.prepare("INSERT INTO session_goals (session_id, goal_id) VALUES (?1, ?2)")?;
    let mut add_action = tx.prepare(
        "INSERT INTO action_items (session_id, text, done, position) VALUES (?1, ?2, ?3, ?4)",
    )?;

    for n in 0..mentees {
        let first = FIRST_NAMES[n % FIRST_NAMES.len()];
        let last = LAST_NAMES[(n / FIRST_NAMES.len()) % LAST_NAMES.len()];
        let initial = char::from(b'A' + (n / (FIRST_NAMES.len() * LAST_NAMES.len()) % 26) as u8);
        let name = format!("{first} {initial}. {last}");
        let role = *rng.pick(&ROLES);
        let target = 1 + rng.below(20) as i64;
        let track = *rng.pick(&TRACKS);
        let since = shift(today, -(60 + rng.below(900) as i64));
        let archived = rng.chance(8);
        add_mentee.execute(params![
            name,
            role,
            target,
            track,
            dates::iso(since),
            format!("{role} working toward a wider technical leadership role."),
            archived.then(|| format!("{}T09:00:00Z", dates::iso(shift(today, -30)))),
        ])?;
        let mentee = tx.last_insert_rowid();

        for (offset, assessor) in [(7, "mentor"), (120, "self")] {
            let on = shift(since, offset).min(today);
            add_assessment.execute(params![mentee, dates::iso(on), assessor])?;
            let assessment = tx.last_insert_rowid();
            for key in COMPETENCY_KEYS {
                add_rating.execute(params![assessment, key, 1 + rng.below(4) as i64])?;
            }
            for key in SPECTRUM_KEYS {
                add_position.execute(params![assessment, key, 1 + rng.below(5) as i64])?;
            }
        }

        let starts = shift(since, 14);
        let ends = shift(starts, 270 + rng.below(360) as i64);
        let status = match (archived, rng.below(100)) {
            (true, _) | (false, 0..5) => "completed",
            (false, 5..15) => "draft",
            _ => "active",
        };
        add_plan.execute(params![
            mentee,
            format!("Toward {}", track.replace('_', " ")),
            target,
            track,
            dates::iso(starts),
            dates::iso(ends),
            status,
        ])?;
        let plan = tx.last_insert_rowid();
        copy_targets.execute(params![plan, target])?;
        copy_positions.execute(params![plan, target])?;

        let span = (ends - starts).num_days().max(1);
        let mut goal_ids = Vec::with_capacity(GOALS_PER_PLAN);
        for position in 0..GOALS_PER_PLAN {
            let template = rng.pick(&templates);
            add_goal.execute(params![
                plan,
                template.title,
                template.description,
                position as i64,
                template.id
            ])?;
            let goal = tx.last_insert_rowid();
            copy_competencies.execute(params![goal, template.id])?;
            copy_themes.execute(params![goal, template.id])?;
            goal_ids.push((goal, &template.title));
            for step in 0..MILESTONES_PER_GOAL {
                let title = template.steps.get(step).map_or(
                    MILESTONE_STEPS[(step + position) % MILESTONE_STEPS.len()],
                    |s| s.as_str(),
                );
                let due = shift(starts, rng.below(span as u64) as i64);
                let (state, completed) = milestone_state(&mut rng, due, today, status);
                add_milestone.execute(params![
                    goal,
                    title,
                    dates::iso(due),
                    state,
                    completed.map(dates::iso),
                    if completed.is_some() && rng.chance(30) {
                        "Shared the write-up with the team; see the wiki page."
                    } else {
                        ""
                    },
                    step as i64,
                ])?;
            }
        }

        // Every two to four weeks, back from the last one a week or so ago.
        let mut held = shift(today, -(rng.below(40) as i64));
        for _ in 0..SESSIONS_PER_MENTEE {
            let (goal, title) = *rng.pick(&goal_ids);
            let notes = rng.pick(&SESSION_NOTES).replace("{goal}", title);
            add_session.execute(params![mentee, dates::iso(held), notes])?;
            let session = tx.last_insert_rowid();
            link_goal.execute(params![session, goal])?;
            for position in 0..1 + rng.below(2) as i64 {
                add_action.execute(params![
                    session,
                    "Follow up on what we agreed",
                    rng.chance(60),
                    position
                ])?;
            }
            held = shift(held, -(14 + rng.below(15) as i64));
        }
    }
    Ok(())
}

/// Past milestones are mostly done, some dropped, a few overdue (fewer the older they
/// are); future ones mostly planned, some under way. Completed plans have nothing left open.
fn milestone_state(
    rng: &mut SplitMix,
    due: NaiveDate,
    today: NaiveDate,
    plan_status: &str,
) -> (&'static str, Option<NaiveDate>) {
    let done = |rng: &mut SplitMix| {
        let on = shift(due, rng.below(10) as i64 - 5).min(today);
        ("done", Some(on))
    };
    if plan_status == "completed" {
        return if rng.chance(90) {
            done(rng)
        } else {
            ("dropped", None)
        };
    }
    let roll = rng.below(100);
    if due < shift(today, -90) {
        // Long past: settled one way or the other, with the odd straggler.
        match roll {
            0..88 => done(rng),
            88..98 => ("dropped", None),
            _ => ("in_progress", None),
        }
    } else if due < today {
        match roll {
            0..75 => done(rng),
            75..82 => ("dropped", None),
            _ => ("in_progress", None),
        }
    } else {
        match roll {
            0..5 => done(rng),
            5..25 => ("in_progress", None),
            _ => ("planned", None),
        }
    }
}
