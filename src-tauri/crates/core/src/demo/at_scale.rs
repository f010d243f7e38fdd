//! A coaching organisation's worth of data for measuring Waymark at scale: per mentee
//! two assessments, one plan of ten goals with ten milestones each, twenty 1:1s and six
//! entries of evidence, and on each plan three topics for the next 1:1 and two comments.
//! Dates run from each mentee's start to a little past today, and statuses follow the
//! dates the way real plans do (most past milestones done, a few overdue or dropped).
//! Rows are written with plain inserts in one transaction: the schema's checks still hold
//! every value, but the per-row validation of the app's forms would only cost time here.

use chrono::{Days, NaiveDate};
use rusqlite::{Connection, params};

use crate::catalogue::built_in::LEADER_TYPES;
use crate::catalogue::{COMPETENCY_KEYS, SPECTRUM_KEYS};
use crate::dates;
use crate::demo::summary::DemoSummary;
use crate::error::Result;
use crate::store::migrations;

const GOALS_PER_PLAN: usize = 10;
const MILESTONES_PER_GOAL: usize = 10;
const SESSIONS_PER_MENTEE: usize = 20;
/// Seeds the generator, so every run of the same size writes the same data.
const SEED: u64 = 0x5741_594D_4152_4B21;
/// Each mentee's two assessments: days after their start (none later than today), by whom.
const ASSESSMENTS: [(i64, &str); 2] = [(7, "mentor"), (120, "self")];
const EVIDENCE: &str = "Shared the write-up with the team; see the wiki page.";
const ACTION_ITEM: &str = "Follow up on what we agreed";
/// Evidence entries a mentee has, one every four to eight weeks back from last week.
const EVIDENCE_PER_MENTEE: usize = 6;
const EVIDENCE_TITLES: [&str; 4] = [
    "Led the incident review and wrote up the actions",
    "Explained the migration plan to the product team",
    "Coached a new starter through their first release",
    "Delegated the on-call rota and checked in weekly",
];
const TOPICS: [&str; 3] = [
    "How the stakeholder review went",
    "Who takes the rota next quarter",
    "Feedback from the architecture forum",
];
const COMMENTS: [(&str, &str); 2] = [
    (
        "Mentor",
        "Good progress on this one; let us pick a stretch goal next.",
    ),
    (
        "Mentor",
        "Next time: ask whether the next goal should be about delegation.",
    ),
];

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

/// A small, seeded generator.
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
        .prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'
                AND name LIKE 'search_%_insert' AND tbl_name <> 'search_entries'",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &triggers {
        tx.execute_batch(&format!("DROP TRIGGER {name}"))?;
    }
    fill(&tx, mentees)?;
    tx.execute_batch(bulk_fill("INSERT INTO search_index"))?;
    tx.execute_batch(bulk_fill(
        "CREATE VIRTUAL TABLE temp.search_index_vocabulary",
    ))?;
    for (_, sql) in &triggers {
        tx.execute_batch(sql)?;
    }
    let summary = DemoSummary::counted(&tx)?;
    tx.commit()?;
    Ok(summary)
}

/// The statements that fill the search index, then its terms, from the rows already
/// written: the ones the last migration to fill each ends with, from the line that begins
/// with `first` (unlike the triggers' own, indented statements), so what each holds is
/// written in one place (the demo test checks that every row is indexed and counted).
fn bulk_fill(first: &str) -> &'static str {
    migrations::MIGRATIONS
        .iter()
        .rev()
        .find_map(|(_, sql)| sql.find(&format!("\n{first}")).map(|at| &sql[at + 1..]))
        .unwrap_or_default()
}

fn fill(tx: &Connection, mentees: usize) -> Result<()> {
    let templates = templates(tx)?;
    let mut writer = Writer {
        tx,
        rng: SplitMix(SEED),
        today: dates::today(),
        templates: &templates,
    };
    for n in 0..mentees {
        let mentee = writer.mentee(n)?;
        writer.assessments(&mentee)?;
        let (plan, goals) = writer.plan(&mentee)?;
        writer.sessions(mentee.id, &goals)?;
        writer.evidence(&mentee, plan, &goals)?;
        writer.talk(plan)?;
    }
    Ok(())
}

/// Mentee `n`'s name: first names cycle fastest, then last names, then a middle initial,
/// so the first 41,600 are all different.
fn name(n: usize) -> String {
    let first = FIRST_NAMES[n % FIRST_NAMES.len()];
    let last = LAST_NAMES[(n / FIRST_NAMES.len()) % LAST_NAMES.len()];
    let initial = char::from(b'A' + (n / (FIRST_NAMES.len() * LAST_NAMES.len()) % 26) as u8);
    format!("{first} {initial}. {last}")
}

/// What the rest of a mentee's rows are drawn from.
struct Mentee {
    id: i64,
    since: NaiveDate,
    target: i64,
    track: &'static str,
    archived: bool,
}

/// Writes one mentee's rows after another. Each draws from `rng` in a fixed order, so
/// the same size gives the same data; statements come from the connection's cache, so
/// each is prepared once.
struct Writer<'a> {
    tx: &'a Connection,
    rng: SplitMix,
    today: NaiveDate,
    templates: &'a [Template],
}

impl<'a> Writer<'a> {
    fn mentee(&mut self, n: usize) -> Result<Mentee> {
        let role = *self.rng.pick(&ROLES);
        let target = self.rng.pick(&LEADER_TYPES).0;
        let track = *self.rng.pick(&TRACKS);
        let since = shift(self.today, -(60 + self.rng.below(900) as i64));
        let archived = self.rng.chance(8);
        self.tx
            .prepare_cached(
                "INSERT INTO mentees (name, current_role, target_leader_type_id, role_track_key,
                                      start_date, notes, archived_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                name(n),
                role,
                target,
                track,
                dates::iso(since),
                format!("{role} working toward a wider technical leadership role."),
                archived.then(|| format!("{}T09:00:00Z", dates::iso(shift(self.today, -30)))),
            ])?;
        Ok(Mentee {
            id: self.tx.last_insert_rowid(),
            since,
            target,
            track,
            archived,
        })
    }

    fn assessments(&mut self, mentee: &Mentee) -> Result<()> {
        let tx = self.tx;
        for (after, assessor) in ASSESSMENTS {
            let on = shift(mentee.since, after).min(self.today);
            tx.prepare_cached(
                "INSERT INTO assessments (mentee_id, assessed_on, assessor) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![mentee.id, dates::iso(on), assessor])?;
            let assessment = tx.last_insert_rowid();
            let mut rating = tx.prepare_cached(
                "INSERT INTO assessment_ratings (assessment_id, competency_key, level)
                 VALUES (?1, ?2, ?3)",
            )?;
            for key in COMPETENCY_KEYS {
                rating.execute(params![assessment, key, 1 + self.rng.below(4) as i64])?;
            }
            let mut position = tx.prepare_cached(
                "INSERT INTO assessment_spectrums (assessment_id, spectrum_key, position)
                 VALUES (?1, ?2, ?3)",
            )?;
            for key in SPECTRUM_KEYS {
                position.execute(params![assessment, key, 1 + self.rng.below(5) as i64])?;
            }
        }
        Ok(())
    }

    /// The mentee's plan, its targets copied from the leader type, and its goals; returns
    /// the plan's id, and the goals' ids and titles for the 1:1s to discuss.
    fn plan(&mut self, mentee: &Mentee) -> Result<(i64, Vec<(i64, &'a str)>)> {
        let tx = self.tx;
        let starts = shift(mentee.since, 14);
        let ends = shift(starts, 270 + self.rng.below(360) as i64);
        let status = match (mentee.archived, self.rng.below(100)) {
            (true, _) | (false, 0..5) => "completed",
            (false, 5..15) => "draft",
            _ => "active",
        };
        tx.prepare_cached(
            "INSERT INTO plans (mentee_id, title, leader_type_id, role_track_key, starts_on,
                                target_on, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            mentee.id,
            format!("Toward {}", mentee.track.replace('_', " ")),
            mentee.target,
            mentee.track,
            dates::iso(starts),
            dates::iso(ends),
            status,
        ])?;
        let plan = tx.last_insert_rowid();
        tx.prepare_cached(
            "INSERT INTO plan_competency_targets (plan_id, competency_key, level)
             SELECT ?1, competency_key, level FROM leader_type_competency_targets
              WHERE leader_type_id = ?2",
        )?
        .execute(params![plan, mentee.target])?;
        tx.prepare_cached(
            "INSERT INTO plan_spectrum_targets (plan_id, spectrum_key, position)
             SELECT ?1, spectrum_key, position FROM leader_type_spectrum_targets
              WHERE leader_type_id = ?2",
        )?
        .execute(params![plan, mentee.target])?;
        let span = (ends - starts).num_days().max(1);
        let goals = (0..GOALS_PER_PLAN)
            .map(|position| self.goal(plan, position, starts, span, status))
            .collect::<Result<_>>()?;
        Ok((plan, goals))
    }

    /// Goal `position` of `plan`, modelled on a template, with milestones due across the
    /// `span` days from `starts`.
    fn goal(
        &mut self,
        plan: i64,
        position: usize,
        starts: NaiveDate,
        span: i64,
        plan_status: &str,
    ) -> Result<(i64, &'a str)> {
        let tx = self.tx;
        let template = self.rng.pick(self.templates);
        tx.prepare_cached(
            "INSERT INTO goals (plan_id, title, description, position, template_id)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            plan,
            template.title,
            template.description,
            position as i64,
            template.id
        ])?;
        let goal = tx.last_insert_rowid();
        tx.prepare_cached(
            "INSERT INTO goal_competencies (goal_id, competency_key)
             SELECT ?1, competency_key FROM goal_template_competencies WHERE template_id = ?2",
        )?
        .execute(params![goal, template.id])?;
        tx.prepare_cached(
            "INSERT INTO goal_themes (goal_id, theme_key)
             SELECT ?1, theme_key FROM goal_template_themes WHERE template_id = ?2",
        )?
        .execute(params![goal, template.id])?;
        let mut add_milestone = tx.prepare_cached(
            "INSERT INTO milestones (goal_id, title, due_on, status, completed_on, evidence,
                                     position)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for step in 0..MILESTONES_PER_GOAL {
            let title = template.steps.get(step).map_or(
                MILESTONE_STEPS[(step + position) % MILESTONE_STEPS.len()],
                |s| s.as_str(),
            );
            let due = shift(starts, self.rng.below(span as u64) as i64);
            let (state, completed) = milestone_state(&mut self.rng, due, self.today, plan_status);
            let evidence = if completed.is_some() && self.rng.chance(30) {
                EVIDENCE
            } else {
                ""
            };
            add_milestone.execute(params![
                goal,
                title,
                dates::iso(due),
                state,
                completed.map(dates::iso),
                evidence,
                step as i64,
            ])?;
        }
        Ok((goal, template.title.as_str()))
    }

    /// Every two to four weeks, back from the last one a week or so ago, each on one goal.
    fn sessions(&mut self, mentee: i64, goals: &[(i64, &str)]) -> Result<()> {
        let tx = self.tx;
        let mut held = shift(self.today, -(self.rng.below(40) as i64));
        for _ in 0..SESSIONS_PER_MENTEE {
            let (goal, title) = *self.rng.pick(goals);
            let notes = self.rng.pick(&SESSION_NOTES).replace("{goal}", title);
            tx.prepare_cached(
                "INSERT INTO sessions (mentee_id, held_on, notes) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![mentee, dates::iso(held), notes])?;
            let session = tx.last_insert_rowid();
            tx.prepare_cached("INSERT INTO session_goals (session_id, goal_id) VALUES (?1, ?2)")?
                .execute(params![session, goal])?;
            let mut add_action = tx.prepare_cached(
                "INSERT INTO action_items (session_id, text, done, position)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for position in 0..1 + self.rng.below(2) as i64 {
                add_action.execute(params![session, ACTION_ITEM, self.rng.chance(60), position])?;
            }
            held = shift(held, -(14 + self.rng.below(15) as i64));
        }
        Ok(())
    }

    /// Evidence of growth, logged by the mentor (a mentee's own comes only through a
    /// shared plan), each entry on one or two competencies; half of it on a goal's first
    /// milestone done, the rest on the plan alone. None is older than the plan.
    fn evidence(&mut self, mentee: &Mentee, plan: i64, goals: &[(i64, &str)]) -> Result<()> {
        let tx = self.tx;
        let plan_starts = shift(mentee.since, 14);
        let mut observed = shift(self.today, -(7 + self.rng.below(14) as i64));
        for _ in 0..EVIDENCE_PER_MENTEE {
            let on = observed.max(plan_starts);
            let (goal, _) = *self.rng.pick(goals);
            let on_milestone = self.rng.chance(50);
            tx.prepare_cached(
                "INSERT INTO evidence (mentee_id, plan_id, milestone_id, observed_on, title,
                                       note, added_by)
                 VALUES (?1, ?2, CASE WHEN ?3 THEN (SELECT id FROM milestones
                                      WHERE goal_id = ?4 AND status = 'done'
                                      ORDER BY position LIMIT 1) END,
                         ?5, ?6, ?7, 'mentor')",
            )?
            .execute(params![
                mentee.id,
                plan,
                on_milestone,
                goal,
                dates::iso(on),
                self.rng.pick(&EVIDENCE_TITLES),
                EVIDENCE,
            ])?;
            let entry = tx.last_insert_rowid();
            let first = self.rng.below(COMPETENCY_KEYS.len() as u64) as usize;
            let mut add_competency = tx.prepare_cached(
                "INSERT INTO evidence_competencies (evidence_id, competency_key) VALUES (?1, ?2)",
            )?;
            for n in 0..1 + self.rng.below(2) as usize {
                let key = COMPETENCY_KEYS[(first + n) % COMPETENCY_KEYS.len()];
                add_competency.execute(params![entry, key])?;
            }
            observed = shift(observed, -(28 + self.rng.below(29) as i64));
        }
        Ok(())
    }

    /// What the mentor has put down to talk about at the next 1:1, and said about the plan
    /// (the mentee's own come only through a shared plan).
    fn talk(&mut self, plan: i64) -> Result<()> {
        let tx = self.tx;
        let mut add_topic = tx.prepare_cached(
            "INSERT INTO plan_topics (plan_id, text, added_by, added_on, done)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (n, topic) in TOPICS.iter().enumerate() {
            let added = shift(self.today, -(self.rng.below(30) as i64));
            add_topic.execute(params![plan, topic, "mentor", dates::iso(added), n == 0])?;
        }
        let mut add_comment = tx.prepare_cached(
            "INSERT INTO plan_comments (plan_id, author, text, written_at) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (n, (author, text)) in COMMENTS.iter().enumerate() {
            let on = shift(self.today, -(20 - 5 * n as i64));
            let written = format!("{}T10:00:00Z", dates::iso(on));
            add_comment.execute(params![plan, author, text, written])?;
        }
        Ok(())
    }
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
