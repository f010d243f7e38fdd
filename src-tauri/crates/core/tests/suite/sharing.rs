//! Sharing a plan as a file and merging it back: the documents, the merge, the rules of the
//! tables after it, and files that must be refused.

use rusqlite::Connection;
use rusqlite::types::Value;
use waymark_core::assessments::{self, Assessor};
use waymark_core::milestones::{self, EvidenceLink, MilestoneInput, MilestoneStatus};
use waymark_core::plan::{comments, topics};
use waymark_core::plans::{self, PlanStatus};
use waymark_core::sync::share::{self, Choice, Keep, MergeReport, ShareRequest};
use waymark_core::sync::{identity, overview};
use waymark_core::{Error, Result, db, evidence, goals};

use crate::common::{assessment, goal, plan_input, with_plan};

pub(crate) struct Mentor {
    pub conn: Connection,
    pub plan_id: i64,
    pub milestones: Vec<i64>,
}

/// A mentor's data file with a plan of two goals and three milestones.
pub(crate) fn a_mentor() -> Result<Mentor> {
    let (mut f, plan_id) = with_plan()?;
    let g1 = goals::create(
        &mut f.conn,
        plan_id,
        &goal("Lead the platform roadmap", &["technical_vision"]),
    )?;
    let g2 = goals::create(
        &mut f.conn,
        plan_id,
        &goal("Grow two engineers", &["technical_mentorship"]),
    )?;
    let mut ids = Vec::new();
    for (g, title) in [
        (g1.id, "Draft the roadmap"),
        (g1.id, "Review it with staff engineers"),
        (g2.id, "Pair weekly"),
    ] {
        let m = milestones::create(
            &mut f.conn,
            g,
            &MilestoneInput::planned(title, Some("2026-06-01".into())),
        )?;
        ids.push(m.id);
    }
    identity::set_name(&f.conn, "Maria Lindqvist")?;
    Ok(Mentor {
        conn: f.conn,
        plan_id,
        milestones: ids,
    })
}

pub(crate) fn request(plan_id: i64) -> ShareRequest {
    ShareRequest {
        plan_id,
        from_name: None,
        mentee_edits_plan: false,
        passphrase: None,
        include_assessments: false,
    }
}

/// Shares plan `plan_id` from `from` and merges the file into `to`.
pub(crate) fn exchange(
    from: &mut Connection,
    plan_id: i64,
    to: &mut Connection,
) -> Result<MergeReport> {
    let bytes = share::share(from, &request(plan_id))?;
    share::merge(to, &share::open_bytes(&bytes)?, &[], false)
}

/// What a shared plan's rows say, by global id, free of local ids and times: two copies
/// that agree give the same dump.
pub(crate) fn dump(conn: &Connection) -> Result<Vec<Vec<String>>> {
    let queries = [
        "SELECT p.uid, p.title, p.status, p.starts_on, p.target_on, m.uid, m.name
           FROM plans p JOIN mentees m ON m.id = p.mentee_id WHERE p.uid IS NOT NULL ORDER BY p.uid",
        "SELECT g.uid, p.uid, g.title, g.description, g.position, g.deleted_at IS NOT NULL,
                (SELECT group_concat(competency_key) FROM goal_competencies WHERE goal_id = g.id)
           FROM goals g JOIN plans p ON p.id = g.plan_id WHERE p.uid IS NOT NULL ORDER BY g.uid",
        "SELECT m.uid, g.uid, m.title, m.due_on, m.status, m.completed_on, m.evidence, m.position,
                m.deleted_at IS NOT NULL
           FROM milestones m JOIN goals g ON g.id = m.goal_id WHERE m.uid IS NOT NULL ORDER BY m.uid",
        "SELECT m.uid, l.url, l.label FROM milestone_links l JOIN milestones m ON m.id = l.milestone_id
          WHERE m.uid IS NOT NULL ORDER BY 1, 2",
        "SELECT uid, text, added_by, added_on, done, deleted_at IS NOT NULL FROM plan_topics ORDER BY uid",
        "SELECT a.uid, a.assessed_on, a.notes, r.competency_key, r.level FROM assessments a
           JOIN assessment_ratings r ON r.assessment_id = a.id WHERE a.uid IS NOT NULL ORDER BY 1, 4",
        "SELECT e.uid, p.uid, e.observed_on, e.title, e.added_by, m.uid,
                (SELECT group_concat(competency_key) FROM evidence_competencies WHERE evidence_id = e.id)
           FROM evidence e JOIN plans p ON p.id = e.plan_id
           LEFT JOIN milestones m ON m.id = e.milestone_id WHERE e.uid IS NOT NULL ORDER BY 1",
    ];
    let mut rows = Vec::new();
    for sql in queries {
        let mut statement = conn.prepare(sql)?;
        let width = statement.column_count();
        let found = statement.query_map([], |r| {
            (0..width)
                .map(|i| r.get::<_, Value>(i).map(|v| format!("{v:?}")))
                .collect()
        })?;
        for row in found {
            rows.push(row?);
        }
        rows.push(vec!["--".into()]);
    }
    Ok(rows)
}

/// Everything a data file holds, to show a refused file changed nothing.
fn everything(conn: &Connection) -> Result<String> {
    waymark_core::archive::export(conn)
}

fn received(mentor: &mut Mentor) -> Result<(Connection, i64)> {
    let mut mentee = db::open_in_memory()?;
    let report = exchange(&mut mentor.conn, mentor.plan_id, &mut mentee)?;
    Ok((mentee, report.plan_id))
}

fn milestone_ids(conn: &Connection, plan_id: i64) -> Result<Vec<i64>> {
    let mut statement = conn.prepare(
        "SELECT m.id FROM milestones m JOIN goals g ON g.id = m.goal_id
          WHERE g.plan_id = ?1 ORDER BY g.position, m.position",
    )?;
    let ids = statement.query_map([plan_id], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

fn set_evidence(conn: &mut Connection, id: i64, evidence: &str) -> Result<()> {
    let m = milestones::get(conn, id)?;
    let input = MilestoneInput {
        title: m.title,
        due_on: m.due_on,
        status: m.status,
        completed_on: m.completed_on,
        evidence: evidence.into(),
        links: m.links,
    };
    milestones::update(conn, id, &input)?;
    Ok(())
}

#[test]
fn a_shared_plan_arrives_whole_under_shared_with_me() {
    let mut mentor = a_mentor().unwrap();
    let mut mentee = db::open_in_memory().unwrap();
    let report = exchange(&mut mentor.conn, mentor.plan_id, &mut mentee).unwrap();

    assert!(report.new_plan);
    assert_eq!(
        report.summary,
        "Maria Lindqvist shared a plan of 2 goals and 3 milestones."
    );
    let shared_by: String = mentee
        .query_row(
            "SELECT shared_by FROM mentees WHERE name = 'Amara Okonkwo'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(shared_by, "Maria Lindqvist");
    assert_eq!(dump(&mentee).unwrap(), dump(&mentor.conn).unwrap());
    let plan = plans::get(&mentee, report.plan_id).unwrap();
    assert_eq!(
        (plan.title.as_str(), plan.status),
        ("Toward cloud leadership", PlanStatus::Active)
    );
    assert_eq!(
        plan.targets,
        plans::get(&mentor.conn, mentor.plan_id).unwrap().targets
    );
}

#[test]
fn progress_comes_back_and_is_told_in_plain_words() {
    let mut mentor = a_mentor().unwrap();
    let (mut mentee, plan_id) = received(&mut mentor).unwrap();
    let ids = milestone_ids(&mentee, plan_id).unwrap();
    milestones::set_status(&mut mentee, ids[0], MilestoneStatus::Done).unwrap();
    milestones::set_status(&mut mentee, ids[1], MilestoneStatus::Done).unwrap();
    set_evidence(
        &mut mentee,
        ids[0],
        "Roadmap v1 shared in the architecture forum.",
    )
    .unwrap();
    topics::add(&mut mentee, plan_id, "How do I say no to a staff engineer?").unwrap();
    let me: i64 = plans::get(&mentee, plan_id).unwrap().mentee_id;
    let logged = evidence::create(
        &mut mentee,
        me,
        &evidence::EvidenceInput {
            plan_id: Some(plan_id),
            milestone_id: Some(ids[0]),
            observed_on: "2026-03-01".into(),
            title: "Presented the roadmap at the architecture forum".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(logged.added_by, "mentee", "logged through the shared plan");
    assessments::create(
        &mut mentee,
        me,
        &assessment("2026-03-02", Assessor::Myself, [3; 9]),
    )
    .unwrap();

    let report = exchange(&mut mentee, plan_id, &mut mentor.conn).unwrap();

    assert_eq!(
        report.summary,
        "Amara Okonkwo completed 2 milestones, added evidence to 1 milestone, added a self-assessment, added 1 topic for the next 1:1 and logged a piece of evidence."
    );
    assert!(report.conflicts.is_empty());
    let done: Vec<_> = mentor
        .milestones
        .iter()
        .map(|id| milestones::get(&mentor.conn, *id).unwrap().status)
        .collect();
    assert_eq!(
        done,
        [
            MilestoneStatus::Done,
            MilestoneStatus::Done,
            MilestoneStatus::Planned
        ]
    );
    let topics = topics::list(&mentor.conn, mentor.plan_id).unwrap();
    assert_eq!(topics.len(), 1);
    assert_eq!(topics[0].added_by, "mentee");
    let mentee_id: i64 = plans::get(&mentor.conn, mentor.plan_id).unwrap().mentee_id;
    let arrived = evidence::list(&mentor.conn, mentee_id).unwrap();
    assert_eq!(arrived.len(), 1);
    assert_eq!(
        (arrived[0].title.as_str(), arrived[0].added_by.as_str()),
        ("Presented the roadmap at the architecture forum", "mentee")
    );
    assert_eq!(arrived[0].milestone_id, Some(mentor.milestones[0]));
    assert_eq!(
        arrived[0].competency_keys,
        ["technical_vision"],
        "the milestone's goal's competency"
    );
    let current = assessments::current(&mentor.conn, mentee_id).unwrap();
    assert_eq!(
        current.latest_self.map(|a| a.assessed_on).as_deref(),
        Some("2026-03-02")
    );
    assert_eq!(dump(&mentor.conn).unwrap(), dump(&mentee).unwrap());
    // What the merge wrote is counted for search as any edit is.
    for side in [&mentor.conn, &mentee] {
        let (indexed, counted) = crate::common::counted_terms(side).unwrap();
        assert_eq!(counted, indexed);
    }
}

#[test]
fn merging_a_file_again_or_an_older_one_changes_nothing() {
    let mut mentor = a_mentor().unwrap();
    let (mut mentee, plan_id) = received(&mut mentor).unwrap();
    let ids = milestone_ids(&mentee, plan_id).unwrap();
    milestones::set_status(&mut mentee, ids[0], MilestoneStatus::InProgress).unwrap();
    let older = share::share(&mut mentee, &request(plan_id)).unwrap();
    milestones::set_status(&mut mentee, ids[0], MilestoneStatus::Done).unwrap();
    let newer = share::share(&mut mentee, &request(plan_id)).unwrap();

    let open = |bytes: &[u8]| share::open_bytes(bytes).unwrap();
    share::merge(&mut mentor.conn, &open(&newer), &[], false).unwrap();
    let merged = everything(&mentor.conn).unwrap();
    for file in [&newer, &older] {
        let report = share::merge(&mut mentor.conn, &open(file), &[], false).unwrap();
        assert_eq!(
            report.summary,
            "Nothing has changed since you last exchanged this plan."
        );
        assert_eq!(everything(&mentor.conn).unwrap(), merged);
    }
    assert_eq!(
        milestones::get(&mentor.conn, mentor.milestones[0])
            .unwrap()
            .status,
        MilestoneStatus::Done
    );
}

#[test]
fn a_field_both_changed_is_shown_with_both_values_and_settled_by_choice() {
    let mut mentor = a_mentor().unwrap();
    let (mut mentee, plan_id) = received(&mut mentor).unwrap();
    let ids = milestone_ids(&mentee, plan_id).unwrap();
    set_evidence(
        &mut mentee,
        ids[2],
        "Paired with Jun on the billing service.",
    )
    .unwrap();
    set_evidence(
        &mut mentor.conn,
        mentor.milestones[2],
        "Pairing started in March.",
    )
    .unwrap();
    let file = share::share(&mut mentee, &request(plan_id)).unwrap();
    let incoming = share::open_bytes(&file).unwrap();

    let preview = share::merge(&mut mentor.conn, &incoming, &[], true).unwrap();
    assert_eq!(preview.conflicts.len(), 1, "{:?}", preview.conflicts);
    let conflict = &preview.conflicts[0];
    assert_eq!(conflict.what, "Evidence of milestone “Pair weekly”");
    assert_eq!(conflict.yours, "Pairing started in March.");
    assert_eq!(conflict.theirs, "Paired with Jun on the billing service.");
    assert_eq!(
        milestones::get(&mentor.conn, mentor.milestones[2])
            .unwrap()
            .evidence,
        "Pairing started in March.",
        "a dry run keeps nothing"
    );

    let choose = |keep| {
        [Choice {
            id: conflict.id.clone(),
            keep,
        }]
    };
    let theirs = share::merge(&mut mentor.conn, &incoming, &choose(Keep::Theirs), true).unwrap();
    assert_eq!(theirs.conflicts[0].kept, Keep::Theirs);
    let report = share::merge(&mut mentor.conn, &incoming, &choose(Keep::Yours), false).unwrap();
    assert_eq!(report.conflicts[0].kept, Keep::Yours);
    assert_eq!(
        milestones::get(&mentor.conn, mentor.milestones[2])
            .unwrap()
            .evidence,
        "Pairing started in March."
    );
    // The choice travels: the mentee takes it in with no conflict of their own.
    let report = exchange(&mut mentor.conn, mentor.plan_id, &mut mentee).unwrap();
    assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
    assert_eq!(
        milestones::get(&mentee, ids[2]).unwrap().evidence,
        "Pairing started in March."
    );
    assert_eq!(dump(&mentee).unwrap(), dump(&mentor.conn).unwrap());
}

#[test]
fn a_mentee_changes_the_plan_itself_only_when_allowed() {
    let mut mentor = a_mentor().unwrap();
    let allowed = ShareRequest {
        mentee_edits_plan: true,
        ..request(mentor.plan_id)
    };
    let file = share::share(&mut mentor.conn, &allowed).unwrap();
    let mut mentee = db::open_in_memory().unwrap();
    let plan_id = share::merge(&mut mentee, &share::open_bytes(&file).unwrap(), &[], false)
        .unwrap()
        .plan_id;
    let goal_id: i64 = mentee
        .query_row(
            "SELECT id FROM goals WHERE plan_id = ?1 ORDER BY position",
            [plan_id],
            |r| r.get(0),
        )
        .unwrap();
    goals::update(
        &mut mentee,
        goal_id,
        &goal("Own the platform roadmap", &["technical_vision"]),
    )
    .unwrap();
    let back = share::share(&mut mentee, &request(plan_id)).unwrap();

    // The mentor withdraws the right before the file comes back: it is refused whole.
    share::share(&mut mentor.conn, &request(mentor.plan_id)).unwrap();
    let before = everything(&mentor.conn).unwrap();
    let refused = share::merge(
        &mut mentor.conn,
        &share::open_bytes(&back).unwrap(),
        &[],
        false,
    )
    .unwrap_err();
    assert_eq!(refused.code(), "shared_file_refused");
    assert!(
        refused.to_string().contains("changes the plan itself"),
        "{refused}"
    );
    assert_eq!(everything(&mentor.conn).unwrap(), before);

    share::share(&mut mentor.conn, &allowed).unwrap();
    let report = share::merge(
        &mut mentor.conn,
        &share::open_bytes(&back).unwrap(),
        &[],
        false,
    )
    .unwrap();
    assert_eq!(report.summary, "Amara Okonkwo changed 1 goal.");
}

#[test]
fn files_that_are_not_what_they_claim_are_refused_and_change_nothing() {
    let mut mentor = a_mentor().unwrap();
    let (mut mentee, plan_id) = received(&mut mentor).unwrap();
    let first_milestone = milestone_ids(&mentee, plan_id).unwrap()[0];
    milestones::set_status(&mut mentee, first_milestone, MilestoneStatus::Done).unwrap();
    let good = share::share(&mut mentee, &request(plan_id)).unwrap();

    // Someone else with a copy of the first file answers first: their key is not the one
    // the mentor learns, so once the mentee has answered they are refused by name.
    share::merge(
        &mut mentor.conn,
        &share::open_bytes(&good).unwrap(),
        &[],
        false,
    )
    .unwrap();
    let mut stranger = db::open_in_memory().unwrap();
    let first = share::share(&mut mentor.conn, &request(mentor.plan_id)).unwrap();
    let stranger_plan = share::merge(
        &mut stranger,
        &share::open_bytes(&first).unwrap(),
        &[],
        false,
    )
    .unwrap()
    .plan_id;
    let forged = share::share(&mut stranger, &request(stranger_plan)).unwrap();

    // A plan this mentor never shared, sent back by its mentee.
    let mut other = a_mentor().unwrap();
    let (mut other_mentee, other_plan) = received(&mut other).unwrap();
    let unknown = share::share(&mut other_mentee, &request(other_plan)).unwrap();

    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x40;
    let mut newer = good.clone();
    newer[7] = 2;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated",
            good[..good.len() - 100].to_vec(),
            "shared_file_refused",
        ),
        (
            "random bytes",
            (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect(),
            "shared_file_refused",
        ),
        ("changed on the way", flipped, "shared_file_refused"),
        ("from a newer Waymark", newer, "shared_file_newer"),
        ("from someone else", forged, "shared_file_wrong_sender"),
        ("another mentor's plan", unknown, "shared_file_refused"),
        ("the mentor's own file", first, "shared_file_refused"),
        ("empty", Vec::new(), "shared_file_refused"),
    ];
    let before = everything(&mentor.conn).unwrap();
    for (case, bytes, code) in cases {
        let result = share::open_bytes(&bytes)
            .and_then(|incoming| share::merge(&mut mentor.conn, &incoming, &[], false));
        let e: Error = result.expect_err(case);
        assert_eq!(e.code(), code, "{case}: {e}");
        assert_eq!(everything(&mentor.conn).unwrap(), before, "{case}");
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused_from_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.waymark");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(share_limit() + 1)
        .unwrap();
    let e = share::open_file(&path).unwrap_err();
    assert_eq!(e.code(), "shared_file_refused");
}

fn share_limit() -> u64 {
    waymark_core::sync::package::SIZE_LIMIT
}

#[test]
fn links_and_deletions_travel_and_an_edit_to_a_deleted_milestone_is_kept() {
    let mut mentor = a_mentor().unwrap();
    let (mut mentee, plan_id) = received(&mut mentor).unwrap();
    let ids = milestone_ids(&mentee, plan_id).unwrap();
    let m = milestones::get(&mentee, ids[1]).unwrap();
    let input = MilestoneInput {
        links: vec![EvidenceLink {
            url: "https://example.org/roadmap".into(),
            label: "Roadmap".into(),
        }],
        evidence: "Reviewed with Priya and Tom.".into(),
        ..MilestoneInput::planned(m.title, m.due_on)
    };
    milestones::update(&mut mentee, ids[1], &input).unwrap();
    milestones::delete(&mut mentor.conn, mentor.milestones[1]).unwrap();

    exchange(&mut mentee, plan_id, &mut mentor.conn).unwrap();
    exchange(&mut mentor.conn, mentor.plan_id, &mut mentee).unwrap();
    assert_eq!(dump(&mentor.conn).unwrap(), dump(&mentee).unwrap());
    let deleted: (bool, String) = mentor
        .conn
        .query_row(
            "SELECT deleted_at IS NOT NULL, evidence FROM milestones WHERE id = ?1",
            [mentor.milestones[1]],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(deleted, (true, "Reviewed with Priya and Tom.".to_owned()));
}

#[test]
fn a_second_plan_shared_for_one_mentee_lands_beside_the_first() {
    let mut mentor = a_mentor().unwrap();
    let (mut mentee, _) = received(&mut mentor).unwrap();
    let mentee_id: i64 = plans::get(&mentor.conn, mentor.plan_id).unwrap().mentee_id;
    let second = plans::create(
        &mut mentor.conn,
        mentee_id,
        &plan_input("Toward staff engineer", PlanStatus::Draft),
    )
    .unwrap();
    exchange(&mut mentor.conn, second.id, &mut mentee).unwrap();
    let people: i64 = mentee
        .query_row("SELECT count(*) FROM mentees", [], |r| r.get(0))
        .unwrap();
    let plans: i64 = mentee
        .query_row("SELECT count(*) FROM plans", [], |r| r.get(0))
        .unwrap();
    assert_eq!((people, plans), (1, 2));
}

#[test]
fn on_the_mentees_side_progress_changes_and_the_plan_itself_does_not() {
    let mut mentor = a_mentor().unwrap();
    let (mut mentee, plan_id) = received(&mut mentor).unwrap();
    let ids = milestone_ids(&mentee, plan_id).unwrap();
    let goal_id: i64 = mentee
        .query_row(
            "SELECT goal_id FROM milestones WHERE id = ?1",
            [ids[0]],
            |r| r.get(0),
        )
        .unwrap();

    let refused = [
        goals::create(
            &mut mentee,
            plan_id,
            &goal("Another goal", &["technical_vision"]),
        )
        .map(drop),
        goals::update(
            &mut mentee,
            goal_id,
            &goal("Renamed", &["technical_vision"]),
        )
        .map(drop),
        goals::delete(&mut mentee, goal_id),
        milestones::create(&mut mentee, goal_id, &MilestoneInput::planned("More", None)).map(drop),
        milestones::update(
            &mut mentee,
            ids[0],
            &MilestoneInput::planned("Renamed", None),
        )
        .map(drop),
        milestones::delete(&mut mentee, ids[0]),
        plans::set_status(&mut mentee, plan_id, PlanStatus::Completed).map(drop),
    ];
    for result in refused {
        let e = result.unwrap_err();
        assert_eq!(e.code(), "read_only", "{e}");
        assert!(
            e.to_string()
                .starts_with("Maria Lindqvist shared this plan with you"),
            "{e}"
        );
    }
    milestones::set_status(&mut mentee, ids[0], MilestoneStatus::InProgress).unwrap();
    set_evidence(&mut mentee, ids[0], "Drafted the first half.").unwrap();
    topics::add(&mut mentee, plan_id, "Review my draft together").unwrap();

    // The person a received plan is about is listed under "Shared with me" only.
    let listed = waymark_core::mentees::list(&mentee, &Default::default()).unwrap();
    assert!(listed.is_empty(), "{listed:?}");
    let shared = overview::shared_with_me(&mentee).unwrap();
    assert_eq!(shared.len(), 1);
    assert_eq!(
        (shared[0].plan_id, shared[0].shared_by.as_str()),
        (plan_id, "Maria Lindqvist")
    );
}

#[test]
fn the_share_preview_says_what_goes_and_what_stays() {
    let mut mentor = a_mentor().unwrap();
    let preview = overview::preview(&mentor.conn, mentor.plan_id).unwrap();
    assert_eq!(
        (preview.goals, preview.milestones, preview.topics),
        (2, 3, 0)
    );
    assert_eq!(preview.from_name.as_deref(), Some("Maria Lindqvist"));
    assert!(
        preview
            .left_out
            .contains(&"your assessments of Amara Okonkwo".to_owned())
    );
    assert!(preview.status.is_none());

    let (mut mentee, plan_id) = received(&mut mentor).unwrap();
    let status = overview::status(&mentor.conn, mentor.plan_id)
        .unwrap()
        .unwrap();
    assert_eq!((status.side.as_str(), status.peer_known), ("mentor", false));
    exchange(&mut mentee, plan_id, &mut mentor.conn).unwrap();
    let status = overview::status(&mentor.conn, mentor.plan_id)
        .unwrap()
        .unwrap();
    assert_eq!(
        (status.peer_name.as_str(), status.peer_known),
        ("Amara Okonkwo", true)
    );
}

#[test]
fn moving_your_data_keeps_your_shared_plans() {
    let mut mentor = a_mentor().unwrap();
    let (mut mentee, plan_id) = received(&mut mentor).unwrap();
    exchange(&mut mentee, plan_id, &mut mentor.conn).unwrap();
    let ids = milestone_ids(&mentee, plan_id).unwrap();
    milestones::set_status(&mut mentee, ids[2], MilestoneStatus::Done).unwrap();
    let back = share::share(&mut mentee, &request(plan_id)).unwrap();

    let archive = waymark_core::archive::export(&mentor.conn).unwrap();
    let mut moved = db::open_in_memory().unwrap();
    waymark_core::archive::import(&mut moved, &archive).unwrap();
    let report = share::merge(&mut moved, &share::open_bytes(&back).unwrap(), &[], false).unwrap();
    assert_eq!(report.summary, "Amara Okonkwo completed 1 milestone.");
}

#[test]
fn a_file_sealed_with_a_passphrase_opens_only_with_it() {
    let mut mentor = a_mentor().unwrap();
    let sealed = ShareRequest {
        passphrase: Some("correct horse battery".into()),
        ..request(mentor.plan_id)
    };
    let bytes = share::share(&mut mentor.conn, &sealed).unwrap();
    assert!(
        !bytes.windows(b"Maria".len()).any(|w| w == b"Maria"),
        "names are sealed too"
    );

    let code = |r: Result<share::Incoming>| r.map(drop).unwrap_err().code();
    assert_eq!(code(share::open_bytes(&bytes)), "passphrase_needed");
    assert_eq!(
        code(share::open_sealed(&bytes, "wrong horse battery")),
        "wrong_passphrase"
    );
    let mut changed = bytes.clone();
    let last = changed.len() - 1;
    changed[last] ^= 1;
    assert_eq!(
        code(share::open_sealed(&changed, "correct horse battery")),
        "wrong_passphrase"
    );
    // A file asking for gigabytes of work to open is refused before any is done.
    let mut greedy = bytes.clone();
    greedy[8..12].copy_from_slice(&u32::MAX.to_be_bytes());
    assert_eq!(
        code(share::open_sealed(&greedy, "correct horse battery")),
        "shared_file_refused"
    );
    assert_eq!(
        code(share::open_sealed(&bytes[..40], "correct horse battery")),
        "shared_file_refused"
    );

    let incoming = share::open_sealed(&bytes, "correct horse battery").unwrap();
    let mut mentee = db::open_in_memory().unwrap();
    let report = share::merge(&mut mentee, &incoming, &[], false).unwrap();
    assert!(report.new_plan);

    let short = ShareRequest {
        passphrase: Some("short".into()),
        ..request(mentor.plan_id)
    };
    let e = share::share(&mut mentor.conn, &short).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_input", Some("passphrase")));
}

#[test]
fn comments_and_the_shared_part_of_1_1_notes_travel_and_private_notes_stay() {
    let mut mentor = a_mentor().unwrap();
    let mentee_id: i64 = plans::get(&mentor.conn, mentor.plan_id).unwrap().mentee_id;
    let one_to_one = |shared: &str| waymark_core::sessions::SessionInput {
        held_on: "2026-03-02".into(),
        notes: "Private: worried about the reorg.".into(),
        shared_notes: shared.into(),
        ..Default::default()
    };
    waymark_core::sessions::create(
        &mut mentor.conn,
        mentee_id,
        &one_to_one("Agreed: draft the roadmap by April."),
    )
    .unwrap();
    waymark_core::sessions::create(&mut mentor.conn, mentee_id, &one_to_one("")).unwrap();
    comments::add(
        &mut mentor.conn,
        mentor.plan_id,
        "Start with the platform team.",
    )
    .unwrap();

    let (mut mentee, plan_id) = received(&mut mentor).unwrap();
    let me: i64 = plans::get(&mentee, plan_id).unwrap().mentee_id;
    let sessions = waymark_core::sessions::list(&mentee, me).unwrap();
    assert_eq!(sessions.len(), 1, "only the 1:1 with shared notes goes");
    assert_eq!(
        sessions[0].shared_notes,
        "Agreed: draft the roadmap by April."
    );
    assert_eq!(sessions[0].notes, "", "private notes never leave");
    let said = comments::list(&mentee, plan_id).unwrap();
    assert_eq!(
        (said[0].author.as_str(), said[0].mine),
        ("Maria Lindqvist", false)
    );
    let refused = comments::delete(&mut mentee, said[0].id).unwrap_err();
    assert_eq!(refused.code(), "read_only");

    comments::add(&mut mentee, plan_id, "Which team first?").unwrap();
    let mut input = one_to_one("Agreed: draft the roadmap by April. I will bring a first outline.");
    input.notes = String::new();
    waymark_core::sessions::update(&mut mentee, sessions[0].id, &input).unwrap();
    let report = exchange(&mut mentee, plan_id, &mut mentor.conn).unwrap();
    assert_eq!(
        report.summary,
        "Amara Okonkwo wrote 1 comment and shared notes of 1 1:1."
    );
    let back = waymark_core::sessions::list(&mentor.conn, mentee_id).unwrap();
    let shared: Vec<_> = back.iter().filter(|s| !s.shared_notes.is_empty()).collect();
    assert_eq!(
        shared[0].notes, "Private: worried about the reorg.",
        "the mentor's private notes stay"
    );
    assert!(
        shared[0]
            .shared_notes
            .ends_with("I will bring a first outline.")
    );
    let conversation: Vec<_> = comments::list(&mentor.conn, mentor.plan_id)
        .unwrap()
        .into_iter()
        .map(|c| (c.author, c.mine))
        .collect();
    assert_eq!(
        conversation,
        [
            ("Maria Lindqvist".to_owned(), true),
            ("Amara Okonkwo".to_owned(), false)
        ]
    );
}

#[test]
fn the_mentors_assessments_go_only_when_included_and_stay_the_mentors() {
    let mut mentor = a_mentor().unwrap();
    let mentee_id: i64 = plans::get(&mentor.conn, mentor.plan_id).unwrap().mentee_id;
    assessments::create(
        &mut mentor.conn,
        mentee_id,
        &assessment("2026-02-01", Assessor::Mentor, [2; 9]),
    )
    .unwrap();
    let (mut mentee, plan_id) = received(&mut mentor).unwrap();
    let me: i64 = plans::get(&mentee, plan_id).unwrap().mentee_id;
    assert!(
        assessments::list(&mentee, me).unwrap().is_empty(),
        "not included: not sent"
    );

    let included = ShareRequest {
        include_assessments: true,
        ..request(mentor.plan_id)
    };
    let file = share::share(&mut mentor.conn, &included).unwrap();
    let report = share::merge(&mut mentee, &share::open_bytes(&file).unwrap(), &[], false).unwrap();
    assert_eq!(
        report.summary,
        "Maria Lindqvist shared 1 assessment of you."
    );
    let theirs = assessments::list(&mentee, me).unwrap();
    assert_eq!(theirs.len(), 1);
    let e = assessments::delete(&mut mentee, theirs[0].id).unwrap_err();
    assert_eq!(e.code(), "read_only", "{e}");

    // A file that changes the mentor's assessment anyway (written past the app) is refused.
    mentee
        .execute(
            "UPDATE assessment_ratings SET level = 5 WHERE assessment_id = ?1",
            [theirs[0].id],
        )
        .unwrap();
    let forged = share::share(&mut mentee, &request(plan_id)).unwrap();
    let before = everything(&mentor.conn).unwrap();
    let e = share::merge(
        &mut mentor.conn,
        &share::open_bytes(&forged).unwrap(),
        &[],
        false,
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("changes your own assessments"),
        "{e}"
    );
    assert_eq!(everything(&mentor.conn).unwrap(), before);
}

#[test]
fn a_merge_touches_only_the_rows_that_changed() {
    let mut mentor = a_mentor().unwrap();
    let (mut mentee, plan_id) = received(&mut mentor).unwrap();
    let first = milestone_ids(&mentee, plan_id).unwrap()[0];
    milestones::set_status(&mut mentee, first, MilestoneStatus::Done).unwrap();
    let old = "2000-01-01T00:00:00Z";
    for table in ["goals", "milestones"] {
        mentor
            .conn
            .execute(&format!("UPDATE {table} SET updated_at = ?1"), [old])
            .unwrap();
    }
    exchange(&mut mentee, plan_id, &mut mentor.conn).unwrap();
    let stamps: Vec<bool> = mentor
        .milestones
        .iter()
        .map(|id| {
            mentor
                .conn
                .query_row(
                    "SELECT updated_at <> ?2 FROM milestones WHERE id = ?1",
                    rusqlite::params![id, old],
                    |r| r.get(0),
                )
                .unwrap()
        })
        .collect();
    assert_eq!(stamps, [true, false, false]);
    let goals_touched: i64 = mentor
        .conn
        .query_row(
            "SELECT count(*) FROM goals WHERE updated_at <> ?1",
            [old],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(goals_touched, 0);
}
