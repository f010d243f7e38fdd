//! Pairing with a sync server: what the person typed, checked before anything is sent;
//! and the outbox of grants and withdrawals, which the server confirms in order.

use waymark_core::Error;
use waymark_core::live::{pairing_input, server_url};

#[test]
fn a_server_address_is_kept_in_one_form() -> waymark_core::Result<()> {
    assert_eq!(
        server_url("https://sync.example.org/")?,
        "wss://sync.example.org"
    );
    assert_eq!(server_url("sync.example.org")?, "wss://sync.example.org");
    assert_eq!(
        server_url(" http://127.0.0.1:7311 ")?,
        "ws://127.0.0.1:7311"
    );
    for typed in [
        "ftp://sync.example.org",
        "https://sync.example.org/v1/sync",
        "https://x.org/?a=1",
        "https://",
    ] {
        assert!(
            matches!(
                server_url(typed),
                Err(Error::InvalidInput { field: "url", .. })
            ),
            "{typed}"
        );
    }
    Ok(())
}

#[test]
fn a_blank_code_or_an_overlong_device_name_is_refused_by_field() -> waymark_core::Result<()> {
    let (url, code, device) = pairing_input("sync.example.org", " K7QM2-XPD4Z ", " Ana's laptop ")?;
    assert_eq!(
        (url.as_str(), code.as_str(), device.as_str()),
        ("wss://sync.example.org", "K7QM2-XPD4Z", "Ana's laptop")
    );
    let field = |r: waymark_core::Result<(String, String, String)>| match r {
        Err(Error::InvalidInput { field, .. }) => field,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        field(pairing_input("sync.example.org", "  ", "laptop")),
        "code"
    );
    assert_eq!(
        field(pairing_input("sync.example.org", "K7QM2", &"x".repeat(81))),
        "device"
    );
    assert_eq!(
        field(pairing_input("sync.example.org", "K7QM2", "lap\u{7}top")),
        "device"
    );
    Ok(())
}

/// Stopping a live share while the server's confirmation of the grant is on its way: the
/// confirmation must not take the withdrawal out of the outbox with it.
#[test]
fn a_withdrawal_queued_while_its_grant_is_confirmed_is_still_sent() -> waymark_core::Result<()> {
    use waymark_core::live::{self, LiveShareRequest, Session};
    use waymark_wire::FromDevice;

    let (mut f, plan_id) = crate::common::with_plan()?;
    pair_as_maria(&mut f.conn)?;
    let request = LiveShareRequest {
        plan_id,
        account: "amara".into(),
        mentee_edits_plan: false,
    };
    live::share_live(&mut f.conn, &request)?;
    let mut session = Session::new();
    let sent = session.grants(&f.conn)?;
    assert!(
        !sent.is_empty() && sent.iter().all(|m| matches!(m, FromDevice::Share { .. })),
        "{sent:?}"
    );

    // The person stops sharing before the server's confirmations arrive.
    live::stop_live(&mut f.conn, plan_id)?;
    for message in &sent {
        let FromDevice::Share { doc, with, .. } = message else {
            continue;
        };
        session.granted(&f.conn, doc, with)?;
    }
    let withdrawals = session.grants(&f.conn)?;
    assert_eq!(withdrawals.len(), sent.len(), "{withdrawals:?}");
    assert!(
        withdrawals
            .iter()
            .all(|m| matches!(m, FromDevice::Unshare { with, .. } if with == "amara"))
    );

    // A confirmation of what this connection never sent takes nothing out.
    for message in &withdrawals {
        let FromDevice::Unshare { doc, with } = message else {
            continue;
        };
        Session::new().granted(&f.conn, doc, with)?;
    }
    assert_eq!(Session::new().grants(&f.conn)?, withdrawals);

    // Once the server confirms them, nothing is left to send.
    for message in &withdrawals {
        let FromDevice::Unshare { doc, with } = message else {
            continue;
        };
        session.granted(&f.conn, doc, with)?;
    }
    assert!(Session::new().grants(&f.conn)?.is_empty());
    Ok(())
}

/// A paired file of `mentees` generated mentees, with every record written into its
/// documents by as many rounds as that takes; returns the file and its connection's session.
fn paired_and_synced(
    dir: &std::path::Path,
    mentees: usize,
) -> waymark_core::Result<(rusqlite::Connection, waymark_core::live::Session, usize)> {
    use waymark_core::live::Session;

    let path = dir.join("w.sqlite3");
    waymark_core::demo::write_file(&path, waymark_core::demo::DemoSize::Mentees(mentees))?;
    let mut conn = waymark_core::db::open(&path)?;
    pair_as_maria(&mut conn)?;
    let mut session = Session::new();
    for rounds in 1..=10_000 {
        if !session.outgoing(&mut conn)?.more {
            return Ok((conn, session, rounds));
        }
    }
    Err(waymark_core::Error::Io(
        "the rounds after pairing never ended".into(),
    ))
}

type Outcome = Result<(), Box<dyn std::error::Error>>;

/// Pairs the file as Maria's laptop, as the server's answer to a code would.
fn pair_as_maria(conn: &mut rusqlite::Connection) -> waymark_core::Result<()> {
    waymark_core::live::save_pairing(
        conn,
        "ws://127.0.0.1:7311",
        &waymark_wire::Paired {
            account: "maria".into(),
            device: "Maria's laptop".into(),
            token: "t".repeat(43),
        },
    )
    .map(drop)
}

/// How many mentees and plans are still to be written into their documents.
const UNWRITTEN: &str =
    "SELECT (SELECT count(*) FROM sync_changed) + (SELECT count(*) FROM sync_changed_plans)";

fn count(conn: &rusqlite::Connection, sql: &str) -> rusqlite::Result<i64> {
    conn.query_row(sql, [], |r| r.get(0))
}

/// Renames the `nth` mentee in the file (by id, from 0), as an edit in the app would.
fn rename(conn: &rusqlite::Connection, nth: i64, name: &str) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE mentees SET name = ?2 WHERE id = (SELECT id FROM mentees ORDER BY id LIMIT 1 OFFSET ?1)",
        rusqlite::params![nth, name],
    )
}

/// A planned milestone with nothing but its title and date, so renaming it changes its
/// plan's plan document alone: its id, plan, the plan's global id and its date.
fn plain_milestone(
    conn: &rusqlite::Connection,
) -> rusqlite::Result<(i64, i64, String, Option<String>)> {
    conn.query_row(
        "SELECT m.id, p.id, p.uid, m.due_on FROM milestones m
           JOIN goals g ON g.id = m.goal_id JOIN plans p ON p.id = g.plan_id
          WHERE m.status = 'planned' AND m.evidence = '' AND m.completed_on IS NULL
            AND NOT EXISTS (SELECT 1 FROM milestone_links l WHERE l.milestone_id = m.id)
          ORDER BY m.id DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
}

/// Every document this device keeps, by name, with its bytes.
fn stored(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<(String, Vec<u8>)>> {
    conn.prepare(
        "SELECT doc, bytes FROM owned_documents
          UNION ALL SELECT plan_id || '/' || kind, bytes FROM plan_documents ORDER BY 1",
    )?
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}

/// After pairing, every record is written into its documents, in rounds short enough for
/// clicks to go between them; then a round writes only what an edit changed, and the count
/// of changes waiting for the server follows, without reading every document again.
#[test]
fn after_pairing_a_round_writes_only_what_changed() -> Outcome {
    use waymark_core::live::{self, SyncPhase, SyncStatus};
    use waymark_core::milestones::{self, MilestoneInput};
    use waymark_wire::DocKind;

    let dir = tempfile::tempdir()?;
    let (mut conn, mut session, rounds) = paired_and_synced(dir.path(), 12)?;
    assert!(
        rounds > 1,
        "12 mentees' documents were made in one long round"
    );
    assert_eq!(count(&conn, UNWRITTEN)?, 0);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM owned_documents")?,
        count(
            &conn,
            "SELECT count(*) + 1 FROM mentees WHERE shared_by IS NULL"
        )?,
        "the person's document and one per mentee"
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM plan_documents")?,
        count(&conn, "SELECT 2 * count(*) FROM plans")?,
    );
    let waiting = SyncStatus::read(&conn, SyncPhase::Synced, None)?.waiting;
    assert!(waiting > 0, "nothing has reached a server yet");
    assert_eq!(u64::from(waiting), live::waiting(&conn)?);

    // Nothing changed: nothing is written, nothing sent.
    let before = stored(&conn)?;
    let round = session.outgoing(&mut conn)?;
    assert!(round.frames.is_empty() && !round.more, "{round:?}");
    assert!(stored(&conn)? == before);

    // One milestone renamed: its plan alone is marked, and one round writes it.
    let (milestone, plan_id, uid, due_on) = plain_milestone(&conn)?;
    milestones::update(
        &mut conn,
        milestone,
        &MilestoneInput::planned("Present the roadmap to the guild", due_on),
    )?;
    assert_eq!(count(&conn, UNWRITTEN)?, 1);
    assert_eq!(
        count(&conn, "SELECT plan_id FROM sync_changed_plans")?,
        plan_id
    );
    let round = session.outgoing(&mut conn)?;
    assert!(!round.more);
    let after = stored(&conn)?;
    let changed: Vec<&str> = before
        .iter()
        .zip(&after)
        .filter(|(a, b)| a != b)
        .map(|(_, (name, _))| name.as_str())
        .collect();
    assert_eq!(
        changed,
        [format!("{plan_id}/plan")],
        "only the plan's document"
    );
    let sent: Vec<String> = round.frames.iter().map(|f| f.doc.to_string()).collect();
    assert_eq!(sent, [format!("{}/{uid}", DocKind::Plan.as_str())]);
    assert_eq!(live::waiting(&conn)?, u64::from(waiting) + 1);
    assert_eq!(count(&conn, UNWRITTEN)?, 0);

    // A new connection offers every document once, over rounds of its own.
    let mut fresh = live::Session::new();
    let mut offered = Vec::new();
    for _ in 0..10_000 {
        let round = fresh.outgoing(&mut conn)?;
        offered.extend(round.frames.iter().map(|f| f.doc.to_string()));
        if !round.more {
            break;
        }
    }
    let mut expected: Vec<String> = conn
        .prepare(
            "SELECT doc FROM owned_documents
              UNION ALL SELECT kind || '/' || p.uid FROM plan_documents d
               JOIN plans p ON p.id = d.plan_id",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    expected.sort();
    offered.sort();
    assert_eq!(offered, expected);

    // A document the server lost track of is offered again in the same connection.
    let person = waymark_wire::DocId::person_of("maria");
    fresh.start_over(&person);
    let round = fresh.outgoing(&mut conn)?;
    let again: Vec<_> = round.frames.iter().map(|f| f.doc).collect();
    assert_eq!(again, [person]);
    Ok(())
}

/// Every kind of row a plan's documents carry marks that plan when it changes, every
/// kind a mentee's own document carries marks that mentee (and so, when written, their
/// plans), and the person's own records mark the person's document; nothing is marked
/// before pairing.
#[test]
fn a_change_to_any_synced_row_marks_whose_records_changed() -> waymark_core::Result<()> {
    let (mut f, plan_id) = crate::common::with_plan()?;
    let marked = |conn: &rusqlite::Connection| -> rusqlite::Result<(String, String, bool)> {
        conn.query_row(
            "SELECT coalesce((SELECT group_concat(mentee_id) FROM sync_changed), ''),
                    coalesce((SELECT group_concat(plan_id) FROM sync_changed_plans), ''),
                    coalesce((SELECT person_changed FROM sync_server), 0)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
    };
    let unmark = "DELETE FROM sync_changed; DELETE FROM sync_changed_plans;
                  UPDATE sync_server SET person_changed = 0";
    let setup = format!(
        "INSERT INTO goals (id, plan_id, title, position) VALUES (900, {plan_id}, 'Lead the guild', 9);
         INSERT INTO milestones (id, goal_id, title, position) VALUES (901, 900, 'Run a session', 0);
         INSERT INTO sessions (id, mentee_id, held_on) VALUES (902, {m}, '2026-03-02');
         INSERT INTO assessments (id, mentee_id, assessed_on, assessor) VALUES (903, {m}, '2026-03-02', 'mentor');
         INSERT INTO evidence (id, mentee_id, plan_id, observed_on, title, added_by)
              VALUES (904, {m}, {plan_id}, '2026-03-02', 'Guild talk', 'mentor');",
        m = f.mentee_id
    );
    f.conn.execute_batch(&setup)?;
    assert_eq!(
        marked(&f.conn)?,
        (String::new(), String::new(), false),
        "not paired: nothing marked"
    );

    pair_as_maria(&mut f.conn)?;
    let mentee = f.mentee_id.to_string();
    let plan = plan_id.to_string();
    assert_eq!(
        marked(&f.conn)?,
        (mentee.clone(), plan.clone(), true),
        "pairing marks all"
    );
    let status =
        waymark_core::live::SyncStatus::read(&f.conn, waymark_core::live::SyncPhase::Synced, None)?;
    assert_eq!(
        (status.phase, status.preparing, status.preparing_plans),
        (waymark_core::live::SyncPhase::Syncing, 1, 1),
        "the mentee and their plan are still to prepare"
    );

    let plan_rows = [
        "UPDATE plans SET title = 'Toward the guild' WHERE id = 1",
        "INSERT INTO goal_competencies (goal_id, competency_key) VALUES (900, 'technical_vision')",
        "INSERT INTO goal_themes (goal_id, theme_key) SELECT 900, key FROM themes LIMIT 1",
        "UPDATE milestones SET title = 'Run two sessions' WHERE id = 901",
        "INSERT INTO milestone_links (milestone_id, url, label) VALUES (901, 'https://example.org', 'Notes')",
        "INSERT OR REPLACE INTO plan_competency_targets (plan_id, competency_key, level)
             VALUES (1, 'technical_vision', 4)",
        "INSERT INTO plan_comments (plan_id, author, text, written_at) VALUES (1, 'Maria', 'Nice', '2026-03-02')",
        "INSERT INTO plan_topics (plan_id, text, added_by, added_on) VALUES (1, 'Roadmap', 'mentor', '2026-03-02')",
        "INSERT INTO evidence_competencies (evidence_id, competency_key) VALUES (904, 'technical_vision')",
    ];
    for sql in plan_rows {
        f.conn.execute_batch(unmark)?;
        f.conn.execute_batch(sql)?;
        assert_eq!(
            marked(&f.conn)?,
            (String::new(), plan.clone(), false),
            "{sql}"
        );
    }
    let mentee_rows = [
        "UPDATE sessions SET notes = 'Talked about the guild' WHERE id = 902",
        "INSERT INTO session_goals (session_id, goal_id) VALUES (902, 900)",
        "INSERT INTO session_agenda (session_id, position, kind, text) VALUES (902, 0, 'topic', 'Guild')",
        "INSERT INTO action_items (session_id, text, position) VALUES (902, 'Book the room', 0)",
        "INSERT INTO assessment_ratings (assessment_id, competency_key, level) VALUES (903, 'technical_vision', 3)",
        "INSERT INTO assessment_spectrums (assessment_id, spectrum_key, position) SELECT 903, key, 3 FROM spectrums LIMIT 1",
    ];
    for sql in mentee_rows {
        f.conn.execute_batch(unmark)?;
        f.conn.execute_batch(sql)?;
        assert_eq!(
            marked(&f.conn)?,
            (mentee.clone(), String::new(), false),
            "{sql}"
        );
    }
    // Evidence moved off its plan leaves that plan's progress for the mentee's own
    // document; then it is the mentee's alone.
    for (sql, plans) in [
        (
            "UPDATE evidence SET plan_id = NULL WHERE id = 904",
            plan.clone(),
        ),
        (
            "DELETE FROM evidence_competencies WHERE evidence_id = 904",
            String::new(),
        ),
    ] {
        f.conn.execute_batch(unmark)?;
        f.conn.execute_batch(sql)?;
        assert_eq!(marked(&f.conn)?, (mentee.clone(), plans, false), "{sql}");
    }
    f.conn.execute_batch(unmark)?;
    f.conn.execute_batch("DELETE FROM goals WHERE id = 900")?;
    assert_eq!(
        marked(&f.conn)?,
        (mentee.clone(), plan.clone(), false),
        "a goal gone, and the 1:1 that named it"
    );
    // A statement that upserts, on a plan marked already, neither fails nor marks twice
    // (a trigger's OR IGNORE would give way to the upsert's policy and fail). A share
    // marks its mentee: it says which of their 1:1s and assessments travel.
    for _ in 0..2 {
        f.conn.execute_batch(
            "INSERT INTO plan_competency_targets (plan_id, competency_key, level)
                 VALUES (1, 'technical_vision', 2)
                 ON CONFLICT (plan_id, competency_key) DO UPDATE SET level = 2",
        )?;
        let request = waymark_core::live::LiveShareRequest {
            plan_id,
            account: "amara".into(),
            mentee_edits_plan: false,
        };
        waymark_core::live::share_live(&mut f.conn, &request)?;
        let (mentees, plans, _) = marked(&f.conn)?;
        assert_eq!((mentees, plans), (mentee.clone(), plan.clone()));
    }
    let person_rows = [
        "INSERT INTO settings (key, value) VALUES ('mentor_name', 'Maria')
             ON CONFLICT (key) DO UPDATE SET value = 'Maria'",
        "INSERT INTO goal_templates (title, description, built_in, created_at)
             VALUES ('Run a guild', '', 0, '2026-03-02')",
        "INSERT INTO goal_template_milestones (template_id, position, title, offset_days)
             SELECT max(id), 0, 'First meeting', 14 FROM goal_templates",
    ];
    for sql in person_rows {
        f.conn.execute_batch(unmark)?;
        f.conn.execute_batch(sql)?;
        assert!(marked(&f.conn)?.2, "{sql}");
    }
    // A mentee's own fields mark their record in the person's document, by global id: a
    // change to it, to the name of their target leader type, or their deletion.
    let person_marks = |conn: &rusqlite::Connection| -> rusqlite::Result<String> {
        conn.query_row(
            "SELECT coalesce(group_concat(uid), '') FROM sync_person_mentees",
            [],
            |r| r.get(0),
        )
    };
    let uid = "01a23af4-ecc8-775f-abf6-447fa0268a00";
    f.conn.execute_batch(&format!(
        "UPDATE mentees SET uid = '{uid}' WHERE id = 1;
         INSERT INTO leader_types (id, family_key, name, description, built_in)
              SELECT 900, family_key, 'Guild lead', '', 0 FROM leader_types LIMIT 1;
         UPDATE mentees SET target_leader_type_id = 900 WHERE id = 1;"
    ))?;
    // Only their name (and global id, and whose they are) is in their other documents.
    for (sql, in_their_documents) in [
        (
            "UPDATE mentees SET notes = 'Moving to the platform team' WHERE id = 1",
            false,
        ),
        ("UPDATE mentees SET cadence = 'monthly' WHERE id = 1", false),
        ("UPDATE mentees SET name = 'Amara O.' WHERE id = 1", true),
        (
            "UPDATE leader_types SET name = 'Guild leader' WHERE id = 900",
            false,
        ),
        ("DELETE FROM mentees WHERE id = 1", true),
    ] {
        f.conn
            .execute_batch("DELETE FROM sync_person_mentees; DELETE FROM sync_changed")?;
        f.conn.execute_batch(sql)?;
        assert_eq!(person_marks(&f.conn)?, uid, "{sql}");
        assert_eq!(marked(&f.conn)?.0 == mentee, in_their_documents, "{sql}");
    }
    // A setting that stays on this device does not.
    f.conn.execute_batch(unmark)?;
    f.conn.execute_batch(
        "INSERT INTO settings (key, value) VALUES ('window_size', '1200x800')
             ON CONFLICT (key) DO UPDATE SET value = '1200x800'",
    )?;
    assert_eq!(marked(&f.conn)?, (String::new(), String::new(), false));
    Ok(())
}

/// A 1:1 of a mentee with many plans goes into each plan's progress over several short
/// rounds, a plan at a time; edits made between those rounds, to a plan written already
/// and to one still to write, are in the documents when the rounds end.
#[test]
fn many_plans_of_one_mentee_go_over_short_rounds_and_no_edit_between_is_lost() -> Outcome {
    let dir = tempfile::tempdir()?;
    let (mut conn, mut session, _) = paired_and_synced(dir.path(), 3)?;
    let (mentee_id, session_id): (i64, i64) = conn.query_row(
        "SELECT mentee_id, id FROM sessions ORDER BY id LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    conn.execute(
        "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
         INSERT INTO plans (mentee_id, title, leader_type_id, role_track_key, starts_on, target_on)
         SELECT p.mentee_id, 'Option ' || n.i, p.leader_type_id, p.role_track_key, p.starts_on,
                p.target_on
           FROM n, (SELECT * FROM plans WHERE mentee_id = ?1 LIMIT 1) p",
        [mentee_id],
    )?;
    while session.outgoing(&mut conn)?.more {}
    assert_eq!(count(&conn, UNWRITTEN)?, 0);

    conn.execute(
        "UPDATE sessions SET shared_notes = 'Agreed on the guild' WHERE id = ?1",
        [session_id],
    )?;
    assert!(session.outgoing(&mut conn)?.more, "61 plans in one round");
    let left = count(&conn, "SELECT count(*) FROM sync_changed_plans")?;
    let plans = count(
        &conn,
        &format!("SELECT count(*) FROM plans WHERE mentee_id = {mentee_id}"),
    )?;
    assert!(0 < left && left < plans, "{left} of {plans} plans left");

    // One plan written already (the mentee's first), one still to write (the last).
    let (milestone, written): (i64, i64) = conn.query_row(
        "SELECT m.id, g.plan_id FROM milestones m JOIN goals g ON g.id = m.goal_id
           JOIN plans p ON p.id = g.plan_id
          WHERE p.mentee_id = ?1 ORDER BY p.id, m.id LIMIT 1",
        [mentee_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    assert_eq!(
        count(
            &conn,
            &format!("SELECT count(*) FROM sync_changed_plans WHERE plan_id = {written}")
        )?,
        0
    );
    conn.execute_batch(&format!(
        "UPDATE milestones SET title = 'Present to the guild' WHERE id = {milestone};
         INSERT INTO goals (plan_id, title, position)
         SELECT max(id), 'Run the guild', 0 FROM plans WHERE mentee_id = {mentee_id};"
    ))?;
    for _ in 0..1_000 {
        if !session.outgoing(&mut conn)?.more {
            break;
        }
    }
    assert_eq!(count(&conn, UNWRITTEN)?, 0);

    // Every document already says what its rows say: writing them all again changes none.
    let before = stored(&conn)?;
    conn.execute_batch(
        "INSERT INTO sync_changed (mentee_id) SELECT id FROM mentees;
         INSERT INTO sync_changed_plans (plan_id) SELECT id FROM plans;",
    )?;
    while session.outgoing(&mut conn)?.more {}
    assert!(stored(&conn)? == before, "a document was behind its rows");
    Ok(())
}

/// A plan's documents kept loaded between rounds are used only while the data file still
/// holds them as saved: written meanwhile from elsewhere (another session here, a merged
/// file), they are loaded again, and that write stays in their history.
#[test]
fn kept_plan_documents_give_way_to_what_was_saved_since() -> Outcome {
    use automerge::ReadDoc;
    use waymark_core::live::Session;

    let dir = tempfile::tempdir()?;
    let (mut conn, mut session, _) = paired_and_synced(dir.path(), 12)?;
    let (milestone, plan_id, _, _) = plain_milestone(&conn)?;
    let saved =
        |conn: &rusqlite::Connection| -> Result<automerge::AutoCommit, Box<dyn std::error::Error>> {
            let bytes: Vec<u8> = conn.query_row(
                "SELECT bytes FROM plan_documents WHERE plan_id = ?1 AND kind = 'plan'",
                [plan_id],
                |r| r.get(0),
            )?;
            Ok(automerge::AutoCommit::load(&bytes)?)
        };
    let rename = |conn: &rusqlite::Connection, title: &str| {
        conn.execute(
            "UPDATE milestones SET title = ?2 WHERE id = ?1",
            rusqlite::params![milestone, title],
        )
    };
    rename(&conn, "Kept by the first session")?;
    while session.outgoing(&mut conn)?.more {}

    let mut elsewhere = Session::new();
    rename(&conn, "Written elsewhere")?;
    while elsewhere.outgoing(&mut conn)?.more {}
    let written_elsewhere = saved(&conn)?.get_heads();

    rename(&conn, "Written again by the first")?;
    while session.outgoing(&mut conn)?.more {}
    let after = saved(&conn)?;
    for head in written_elsewhere {
        assert!(
            after.get_change_by_hash(&head).is_some(),
            "the write from elsewhere is gone from the plan's history"
        );
    }
    Ok(())
}

/// Round after round of edits to one mentee's 1:1 notes adds one actor of this device's
/// to their document, not one a round: loading a document grows with its actors.
#[test]
fn rounds_of_edits_write_into_a_document_under_one_actor() -> Outcome {
    let dir = tempfile::tempdir()?;
    let (mut conn, mut session, _) = paired_and_synced(dir.path(), 3)?;
    let (session_id, uid): (i64, String) = conn.query_row(
        "SELECT s.id, m.uid FROM sessions s JOIN mentees m ON m.id = s.mentee_id
          ORDER BY s.id LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let doc = format!("mentee/{uid}");
    let actors = |conn: &rusqlite::Connection| -> Result<usize, Box<dyn std::error::Error>> {
        let mut bytes: Vec<u8> = conn.query_row(
            "SELECT bytes FROM owned_documents WHERE doc = ?1",
            [&doc],
            |r| r.get(0),
        )?;
        let mut since =
            conn.prepare("SELECT bytes FROM owned_document_changes WHERE doc = ?1 ORDER BY seq")?;
        for part in since.query_map([&doc], |r| r.get::<_, Vec<u8>>(0))? {
            bytes.extend(part?);
        }
        let mut loaded = automerge::AutoCommit::load(&bytes)?;
        let changes = loaded.get_changes_meta(&[]);
        let writers: std::collections::BTreeSet<_> = changes.iter().map(|c| &c.actor).collect();
        Ok(writers.len())
    };
    let before = actors(&conn)?;
    for round in 0..30 {
        conn.execute(
            "UPDATE sessions SET notes = ?2 WHERE id = ?1",
            rusqlite::params![
                session_id,
                format!("Notes, as they stood after edit {round}")
            ],
        )?;
        while session.outgoing(&mut conn)?.more {}
    }
    assert!(
        actors(&conn)? <= before + 1,
        "{before} actors before 30 rounds, {} after",
        actors(&conn)?
    );
    Ok(())
}

/// Offline, edits are still written into the documents and counted as waiting.
#[test]
fn offline_edits_are_written_and_counted() -> Outcome {
    use waymark_core::live::{self, Session};
    use waymark_core::milestones::{self, MilestoneInput};

    let dir = tempfile::tempdir()?;
    let (mut conn, _, _) = paired_and_synced(dir.path(), 12)?;
    let waiting = live::waiting(&conn)?;
    let (milestone, _, _, due_on) = plain_milestone(&conn)?;
    milestones::update(
        &mut conn,
        milestone,
        &MilestoneInput::planned("Write the migration guide", due_on),
    )?;
    let mut offline = Session::new();
    while offline.record_edits(&mut conn)? {}
    assert_eq!(live::waiting(&conn)?, waiting + 1);
    assert_eq!(count(&conn, UNWRITTEN)?, 0);
    Ok(())
}

/// A plan shared with this person that stops syncing (deleted) leaves nothing waiting.
#[test]
fn a_received_plan_that_stops_syncing_leaves_nothing_waiting() -> Outcome {
    use waymark_core::live::Session;

    let (mut f, plan_id) = crate::common::with_plan()?;
    let uid = "01a23af4-eda6-74eb-8c79-19bec914293b";
    f.conn.execute_batch(&format!(
        "UPDATE mentees SET shared_by = 'maria', uid = '01a23af4-ecc8-775f-abf6-447fa0268a00';
         UPDATE plans SET uid = '{uid}' WHERE id = {plan_id};
         INSERT INTO plan_shares (plan_id, role, peer_name, shared_at, live_account)
              VALUES ({plan_id}, 'mentee', 'Maria', '2026-03-02', 'maria');"
    ))?;
    pair_as_maria(&mut f.conn)?;
    let mut offline = Session::new();
    while offline.record_edits(&mut f.conn)? {}
    let plan_waiting =
        format!("SELECT coalesce(sum(changes), 0) FROM sync_waiting WHERE doc LIKE '%{uid}'");
    assert!(count(&f.conn, &plan_waiting)? > 0, "made here, never sent");

    f.conn.execute(
        "UPDATE plans SET deleted_at = '2026-03-03T10:00:00Z' WHERE id = ?1",
        [plan_id],
    )?;
    while offline.record_edits(&mut f.conn)? {}
    assert_eq!(count(&f.conn, &plan_waiting)?, 0);
    Ok(())
}

/// The name in each mentee's record of the person's document, by global id, as this
/// device saved it: the whole document, then the changes saved after it.
fn person_document_names(
    conn: &rusqlite::Connection,
) -> Result<std::collections::BTreeMap<String, String>, Box<dyn std::error::Error>> {
    use automerge::ReadDoc;

    let mut bytes: Vec<u8> = conn.query_row(
        "SELECT bytes FROM owned_documents WHERE doc LIKE 'person/%'",
        [],
        |r| r.get(0),
    )?;
    let mut changes = conn.prepare(
        "SELECT bytes FROM owned_document_changes WHERE doc LIKE 'person/%' ORDER BY seq",
    )?;
    for part in changes.query_map([], |r| r.get::<_, Vec<u8>>(0))? {
        bytes.extend(part?);
    }
    let doc = automerge::AutoCommit::load(&bytes)?;
    let (_, mentees) = doc
        .get(automerge::ROOT, "mentees")?
        .ok_or("the person's document has no mentees")?;
    let mut names = std::collections::BTreeMap::new();
    for uid in doc.keys(&mentees) {
        let (_, record) = doc.get(&mentees, uid.as_str())?.ok_or("no record")?;
        let (name, _) = doc.get(&record, "name")?.ok_or("no name")?;
        names.insert(uid, name.into_string().map_err(|v| format!("{v:?}"))?);
    }
    Ok(names)
}

fn own_mentees(
    conn: &rusqlite::Connection,
) -> rusqlite::Result<std::collections::BTreeMap<String, String>> {
    conn.prepare("SELECT uid, name FROM mentees WHERE shared_by IS NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

/// The person's own document holds a record for each of their mentees. After pairing the
/// records go in a few at a time; after an edit only the edited one is written, and only
/// that change saved. The copy a session keeps between rounds is read again when another
/// writer saved over it, so neither's edit is lost.
#[test]
fn the_person_document_is_written_record_by_record() -> Outcome {
    use waymark_core::live::Session;

    let dir = tempfile::tempdir()?;
    let (mut conn, mut session, rounds) = paired_and_synced(dir.path(), 150)?;
    assert!(rounds > 3, "150 mentees' records in {rounds} rounds");
    assert_eq!(count(&conn, "SELECT count(*) FROM sync_person_mentees")?, 0);
    assert_eq!(person_document_names(&conn)?, own_mentees(&conn)?);

    let whole = |conn: &rusqlite::Connection| -> rusqlite::Result<Vec<u8>> {
        conn.query_row(
            "SELECT bytes FROM owned_documents WHERE doc LIKE 'person/%'",
            [],
            |r| r.get(0),
        )
    };
    let changes_saved =
        |conn: &rusqlite::Connection| count(conn, "SELECT count(*) FROM owned_document_changes");

    // One mentee renamed: one record written, its change saved beside the whole, sent.
    // (The records written after pairing may first be folded into the whole.)
    rename(&conn, 2, "Femi Okafor")?;
    while session.outgoing(&mut conn)?.more {}
    let (saved, changes) = (whole(&conn)?, changes_saved(&conn)?);
    rename(&conn, 3, "Ngozi Adeyemi-Clark")?;
    assert_eq!(count(&conn, "SELECT count(*) FROM sync_person_mentees")?, 1);
    let mut sent = Vec::new();
    for _ in 0..100 {
        let round = session.outgoing(&mut conn)?;
        sent.extend(round.frames.iter().map(|f| f.doc.to_string()));
        if !round.more {
            break;
        }
    }
    assert!(
        sent.iter().any(|doc| doc.starts_with("person/")),
        "{sent:?}"
    );
    assert!(whole(&conn)? == saved, "the whole document was saved again");
    assert_eq!(changes_saved(&conn)?, changes + 1);
    assert_eq!(person_document_names(&conn)?, own_mentees(&conn)?);

    // Another connection's session saves over the copy this one keeps; this one's next
    // edit goes on from what was saved.
    rename(&conn, 4, "Tomás Ferreira")?;
    let mut other = Session::new();
    while other.outgoing(&mut conn)?.more {}
    rename(&conn, 5, "Aiko Tanaka")?;
    while session.outgoing(&mut conn)?.more {}
    assert_eq!(person_document_names(&conn)?, own_mentees(&conn)?);

    // A deleted mentee's record goes; a new one's comes with its global id.
    conn.execute(
        "DELETE FROM mentees WHERE id = (SELECT id FROM mentees ORDER BY id LIMIT 1 OFFSET 6)",
        [],
    )?;
    conn.execute(
        "INSERT INTO mentees (name, current_role) VALUES ('Lena Fischer', 'Senior engineer')",
        [],
    )?;
    while session.outgoing(&mut conn)?.more {}
    let names = person_document_names(&conn)?;
    assert_eq!(names, own_mentees(&conn)?);
    assert!(names.values().any(|n| n == "Lena Fischer"));

    // Changes saved one by one are folded into the whole before they outgrow it.
    for nth in 10..90 {
        rename(&conn, nth, &format!("Renamed mentee {nth}"))?;
        while session.outgoing(&mut conn)?.more {}
    }
    assert!(changes_saved(&conn)? <= 64);
    assert_eq!(person_document_names(&conn)?, own_mentees(&conn)?);
    Ok(())
}

/// The sync loop loads the person's document before a connection's first round, holding
/// the data file only to read it. The copy loaded ahead is used while it is the one saved;
/// one saved over meanwhile is read again, so neither edit is lost.
#[test]
fn the_persons_document_loaded_ahead_is_kept_only_while_it_is_the_one_saved() -> Outcome {
    use waymark_core::live::Session;

    let dir = tempfile::tempdir()?;
    let (mut conn, _, _) = paired_and_synced(dir.path(), 20)?;
    let mut ahead = Session::new();
    let saved = ahead
        .saved_person(&conn)?
        .ok_or("no person document saved")?;
    ahead.warm(saved)?;
    assert!(
        ahead.saved_person(&conn)?.is_none(),
        "it holds the document now"
    );
    rename(&conn, 2, "Femi Okafor")?;
    while ahead.outgoing(&mut conn)?.more {}
    assert_eq!(person_document_names(&conn)?, own_mentees(&conn)?);

    // Loaded ahead again, then another session saves over it before this one's round.
    let mut ahead = Session::new();
    let saved = ahead
        .saved_person(&conn)?
        .ok_or("no person document saved")?;
    ahead.warm(saved)?;
    rename(&conn, 3, "Ngozi Adeyemi-Clark")?;
    let mut other = Session::new();
    while other.outgoing(&mut conn)?.more {}
    // Enough edits after it that this session saves the whole document again.
    for n in 0..70 {
        rename(&conn, 5 + n % 15, &format!("Renamed mentee {n}"))?;
        while ahead.outgoing(&mut conn)?.more {}
    }
    assert_eq!(person_document_names(&conn)?, own_mentees(&conn)?);
    Ok(())
}

/// The changes saved after the person's whole document are written into it again beside
/// the data file, as the sync loop starts: at 10,000 mentees that takes longer than a
/// round may hold the file. A round that saved meanwhile has the last word.
#[test]
fn the_persons_document_is_written_whole_again_beside_the_data_file() -> Outcome {
    use waymark_core::live::{self, Session};

    let dir = tempfile::tempdir()?;
    let (mut conn, mut session, _) = paired_and_synced(dir.path(), 20)?;
    let changes = "SELECT count(*) FROM owned_document_changes WHERE doc LIKE 'person/%'";
    // (The records written after pairing may first be folded into the whole.)
    for (nth, name) in [(1, "Zoë Ørsted"), (2, "Femi Okafor")] {
        rename(&conn, nth, name)?;
        while session.outgoing(&mut conn)?.more {}
    }
    assert!(count(&conn, changes)? > 0);

    let mut started = Session::new();
    let saved = started.saved_person(&conn)?.ok_or("no person document")?;
    let folded = started.warm(saved)?.ok_or("nothing to write whole")?;
    assert!(live::store_folded(&mut conn, &folded)?);
    assert_eq!(count(&conn, changes)?, 0);
    assert_eq!(person_document_names(&conn)?, own_mentees(&conn)?);
    // The copy it loaded is the one saved: the next edit saves only its change.
    rename(&conn, 3, "Ngozi Adeyemi-Clark")?;
    while started.outgoing(&mut conn)?.more {}
    assert_eq!(count(&conn, changes)?, 1);
    assert_eq!(person_document_names(&conn)?, own_mentees(&conn)?);

    // Written whole while a round saves an edit: the round's save stands.
    let mut late = Session::new();
    let saved = late.saved_person(&conn)?.ok_or("no person document")?;
    let folded = late.warm(saved)?.ok_or("nothing to write whole")?;
    rename(&conn, 4, "Tomás Ferreira")?;
    while started.outgoing(&mut conn)?.more {}
    assert!(!live::store_folded(&mut conn, &folded)?);
    assert_eq!(person_document_names(&conn)?, own_mentees(&conn)?);
    Ok(())
}

/// Changes saved after the person's whole document that do not load (damaged, or planted
/// in the data file) are dropped, and every record written again from the rows: the
/// document ends as the rows say, and the rounds go on.
#[test]
fn damaged_changes_saved_after_the_persons_document_are_written_again_from_the_rows() -> Outcome {
    use waymark_core::live::Session;

    let dir = tempfile::tempdir()?;
    let (mut conn, mut session, _) = paired_and_synced(dir.path(), 12)?;
    for (nth, name) in [(2, "Femi Okafor"), (3, "Ngozi Adeyemi-Clark")] {
        rename(&conn, nth, name)?;
        while session.outgoing(&mut conn)?.more {}
    }
    assert!(count(&conn, "SELECT count(*) FROM owned_document_changes")? > 0);
    conn.execute(
        "UPDATE owned_document_changes SET bytes = x'856f4a83deadbeef0000' WHERE seq = 1",
        [],
    )?;
    let mut session = Session::new();
    for _ in 0..100 {
        if !session.outgoing(&mut conn)?.more {
            break;
        }
    }
    let names = person_document_names(&conn)?;
    assert_eq!(names, own_mentees(&conn)?);
    assert!(names.values().any(|n| n == "Ngozi Adeyemi-Clark"));
    assert_eq!(count(&conn, "SELECT count(*) FROM sync_person_mentees")?, 0);
    Ok(())
}

/// A mentee deleted while no mark could be made (unpaired here, or under the version
/// before marks) leaves the person's document when the device is paired again; documents
/// saved by that version, without their heads, are saved whole once and kept from then on.
#[test]
fn pairing_again_removes_the_records_of_mentees_deleted_meanwhile() -> Outcome {
    use waymark_core::live::{self, Session};

    let dir = tempfile::tempdir()?;
    let (mut conn, _, _) = paired_and_synced(dir.path(), 12)?;
    live::forget_pairing(&mut conn)?;
    conn.execute(
        "DELETE FROM mentees WHERE id = (SELECT max(id) FROM mentees WHERE shared_by IS NULL)",
        [],
    )?;
    conn.execute("UPDATE owned_documents SET heads = NULL", [])?;
    assert_ne!(person_document_names(&conn)?, own_mentees(&conn)?);

    pair_as_maria(&mut conn)?;
    let mut session = Session::new();
    for _ in 0..1_000 {
        if !session.outgoing(&mut conn)?.more {
            break;
        }
    }
    assert_eq!(person_document_names(&conn)?, own_mentees(&conn)?);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM owned_documents WHERE heads IS NULL
                AND (doc LIKE 'person/%' OR substr(doc, 8) IN (SELECT uid FROM mentees))"
        )?,
        0,
        "the documents of the person and of every mentee here were written again"
    );
    Ok(())
}

/// One of the person's devices: its data file and its sync session.
struct Device {
    conn: rusqlite::Connection,
    session: waymark_core::live::Session,
}

/// A second device holding a copy of `conn`'s file, as a data file copied to a new machine.
fn second_device(
    conn: &rusqlite::Connection,
    dir: &std::path::Path,
) -> Result<Device, Box<dyn std::error::Error>> {
    let copy = dir.join("second.sqlite3");
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    std::fs::copy(conn.path().ok_or("an in-memory database")?, &copy)?;
    Ok(Device {
        conn: waymark_core::db::open(&copy)?,
        session: waymark_core::live::Session::new(),
    })
}

fn person_frames(frames: Vec<waymark_wire::SyncFrame>) -> Vec<waymark_wire::SyncFrame> {
    frames
        .into_iter()
        .filter(|f| f.doc.kind == waymark_wire::DocKind::Person)
        .collect()
}

/// Writes each device's changes into the person's document and passes its messages
/// between the two, as the server would, until neither has more to say.
fn settle_person(a: &mut Device, b: &mut Device) -> Outcome {
    let (mut to_a, mut to_b) = (Vec::new(), Vec::new());
    for _ in 0..200 {
        to_b.extend(person_frames(a.session.outgoing(&mut a.conn)?.frames));
        to_a.extend(person_frames(b.session.outgoing(&mut b.conn)?.frames));
        if to_a.is_empty() && to_b.is_empty() {
            return Ok(());
        }
        for frame in std::mem::take(&mut to_b) {
            to_a.extend(person_frames(
                b.session.incoming(&mut b.conn, &frame)?.replies,
            ));
        }
        for frame in std::mem::take(&mut to_a) {
            to_b.extend(person_frames(
                a.session.incoming(&mut a.conn, &frame)?.replies,
            ));
        }
    }
    Err("the person's document never settled between the two devices".into())
}

fn nth_mentee(conn: &rusqlite::Connection, nth: i64) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT id FROM mentees WHERE shared_by IS NULL ORDER BY id LIMIT 1 OFFSET ?1",
        [nth],
        |r| r.get(0),
    )
}

/// What the rows say of the person's own mentees, to compare two devices by.
fn own_rows(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<String>> {
    conn.prepare(
        "SELECT m.uid || '|' || m.name || '|' || m.notes || '|' || m.is_self || '|'
                || coalesce(t.name, '')
           FROM mentees m LEFT JOIN leader_types t ON t.id = m.target_leader_type_id
          WHERE m.shared_by IS NULL ORDER BY m.uid",
    )?
    .query_map([], |r| r.get(0))?
    .collect()
}

/// Changes made to the person's records on another of their devices come in as the
/// records they touched: each checked and written into its row. Renames, deletions, new
/// mentees, who is the person themselves, a leader type of their own, and a field both
/// devices changed apart all arrive; a record that breaks the rules is refused, and the
/// rows stay as they were.
#[test]
fn another_devices_changes_to_the_persons_records_arrive() -> Outcome {
    use waymark_core::catalogue;
    use waymark_core::sync::conflicts;

    let dir = tempfile::tempdir()?;
    let (conn, session, _) = paired_and_synced(dir.path(), 40)?;
    let mut laptop = Device { conn, session };
    let mut desktop = second_device(&laptop.conn, dir.path())?;
    settle_person(&mut laptop, &mut desktop)?;
    assert_eq!(own_rows(&laptop.conn)?, own_rows(&desktop.conn)?);

    // On the desktop: one mentee renamed, one deleted, one added, another made the person
    // themselves, and a leader type of the person's own that one mentee now aims at.
    let [renamed, deleted, me, aiming] = [3, 5, 7, 9].map(|n| nth_mentee(&desktop.conn, n));
    let model = catalogue::leader_types(&desktop.conn)?
        .into_iter()
        .find(|t| t.built_in)
        .ok_or("no built-in leader type")?;
    let steward = catalogue::create_leader_type(
        &mut desktop.conn,
        &catalogue::LeaderTypeInput {
            family_key: model.family_key,
            name: "Platform steward".into(),
            description: "Keeps the platform whole.".into(),
            profile: model.profile,
        },
    )?
    .id;
    desktop.conn.execute_batch(&format!(
        "UPDATE mentees SET name = 'Femi Okafor-Reyes' WHERE id = {renamed};
         DELETE FROM mentees WHERE id = {deleted};
         INSERT INTO mentees (name, current_role) VALUES ('Lena Fischer', 'Staff engineer');
         UPDATE mentees SET is_self = 0 WHERE is_self = 1;
         UPDATE mentees SET is_self = 1 WHERE id = {me};
         UPDATE mentees SET target_leader_type_id = ({steward}) WHERE id = {aiming};",
        renamed = renamed?,
        deleted = deleted?,
        me = me?,
        aiming = aiming?,
    ))?;
    assert!(
        nth_mentee(&desktop.conn, 39).is_ok(),
        "Lena Fischer was added"
    );
    settle_person(&mut laptop, &mut desktop)?;
    let rows = own_rows(&laptop.conn)?;
    assert_eq!(rows, own_rows(&desktop.conn)?);
    for expected in ["|Femi Okafor-Reyes|", "|Lena Fischer|", "|Platform steward"] {
        assert!(rows.iter().any(|r| r.contains(expected)), "{expected}");
    }
    assert_eq!(rows.iter().filter(|r| r.contains("|1|")).count(), 1);
    assert_eq!(rows.len(), 40);

    // Both change one mentee's notes apart: each lists the conflict, naming the mentee.
    let both = nth_mentee(&laptop.conn, 11)?;
    let notes = |device: &Device, notes: &str| {
        device.conn.execute(
            "UPDATE mentees SET notes = ?2 WHERE id = ?1",
            rusqlite::params![both, notes],
        )
    };
    notes(&laptop, "Wants to lead the data platform.")?;
    notes(&desktop, "Moving to the security guild.")?;
    settle_person(&mut laptop, &mut desktop)?;
    assert_eq!(own_rows(&laptop.conn)?, own_rows(&desktop.conn)?);
    let name: String =
        laptop
            .conn
            .query_row("SELECT name FROM mentees WHERE id = ?1", [both], |r| {
                r.get(0)
            })?;
    for device in [&laptop, &desktop] {
        let listed = conflicts::list(&device.conn)?;
        assert_eq!(listed.len(), 1, "{listed:#?}");
        assert!(listed[0].what.contains(&name), "{listed:#?}");
    }

    // A device that writes a record against the rules is refused; nothing here changes.
    let before = own_rows(&laptop.conn)?;
    let forged = nth_mentee(&laptop.conn, 13)?;
    let err = forged_start_date(&mut laptop, forged)
        .err()
        .ok_or("a start date that is not a date was taken in")?;
    assert!(
        matches!(err, waymark_core::Error::SyncRefused(_)),
        "{err:?}"
    );
    assert_eq!(own_rows(&laptop.conn)?, before);
    assert_eq!(before.iter().filter(|r| r.contains("|1|")).count(), 1);
    Ok(())
}

/// Sends `device` a change to the person's document that gives mentee `id` a start date
/// that is not a date, from a copy of the document as `device` saved it, over Automerge's
/// sync protocol; the error that refused it.
fn forged_start_date(device: &mut Device, id: i64) -> Result<(), waymark_core::Error> {
    use automerge::sync::{Message, State, SyncDoc};
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ROOT, ReadDoc};

    let forge = |e: &dyn std::fmt::Display| waymark_core::Error::Io(e.to_string());
    let (doc, mut bytes): (String, Vec<u8>) = device
        .conn
        .query_row(
            "SELECT doc, bytes FROM owned_documents WHERE doc LIKE 'person/%'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|e| forge(&e))?;
    let changes: Vec<Vec<u8>> = device
        .conn
        .prepare("SELECT bytes FROM owned_document_changes WHERE doc = ?1 ORDER BY seq")
        .and_then(|mut changes| changes.query_map([&doc], |r| r.get(0))?.collect())
        .map_err(|e| forge(&e))?;
    bytes.extend(changes.concat());
    let uid: String = device
        .conn
        .query_row("SELECT uid FROM mentees WHERE id = ?1", [id], |r| r.get(0))
        .map_err(|e| forge(&e))?;
    let mut forged = AutoCommit::load(&bytes).map_err(|e| forge(&e))?;
    let (_, mentees) = forged
        .get(ROOT, "mentees")
        .map_err(|e| forge(&e))?
        .ok_or_else(|| forge(&"no mentees"))?;
    let (_, record) = forged
        .get(&mentees, uid.as_str())
        .map_err(|e| forge(&e))?
        .ok_or_else(|| forge(&"no record"))?;
    forged
        .put(&record, "start_date", "next week")
        .map_err(|e| forge(&e))?;
    forged.commit();
    let id: waymark_wire::DocId = doc.parse().map_err(|e| forge(&e))?;
    let mut state = State::new();
    for _ in 0..10 {
        let Some(message) = forged.sync().generate_sync_message(&mut state) else {
            break;
        };
        let frame = waymark_wire::SyncFrame {
            doc: id,
            message: message.encode(),
        };
        for reply in device.session.incoming(&mut device.conn, &frame)?.replies {
            let message = Message::decode(&reply.message).map_err(|e| forge(&e))?;
            forged
                .sync()
                .receive_sync_message(&mut state, message)
                .map_err(|e| forge(&e))?;
        }
    }
    Ok(())
}

/// A mentee's notes changed on both of the person's devices apart: each lists the conflict.
/// Choosing on one device takes it off that device's list at once, with the chosen value
/// in the rows; the next rounds write it into the person's document, and the other device
/// stops asking and shows the same value. Whichever value is kept.
#[test]
fn a_choice_in_the_persons_own_document_settles_it_on_both_devices() -> Outcome {
    use waymark_core::sync::conflicts;
    use waymark_core::sync::share::Keep;

    let dir = tempfile::tempdir()?;
    let (conn, session, _) = paired_and_synced(dir.path(), 12)?;
    let mut laptop = Device { conn, session };
    let mut desktop = second_device(&laptop.conn, dir.path())?;
    settle_person(&mut laptop, &mut desktop)?;
    let mentee = nth_mentee(&laptop.conn, 4)?;
    let notes = |device: &Device| -> rusqlite::Result<String> {
        device
            .conn
            .query_row("SELECT notes FROM mentees WHERE id = ?1", [mentee], |r| {
                r.get(0)
            })
    };
    for (keep, n) in [(Keep::Yours, 1), (Keep::Theirs, 2)] {
        for (device, text) in [
            (&laptop, "Wants to lead the data platform"),
            (&desktop, "Moving to the security guild"),
        ] {
            device.conn.execute(
                "UPDATE mentees SET notes = ?2 WHERE id = ?1",
                rusqlite::params![mentee, format!("{text} ({n}).")],
            )?;
        }
        settle_person(&mut laptop, &mut desktop)?;
        let listed = conflicts::list(&laptop.conn)?;
        assert_eq!(listed.len(), 1, "{listed:#?}");
        assert_eq!(conflicts::list(&desktop.conn)?.len(), 1);
        let wanted = match keep {
            Keep::Yours => listed[0].yours.clone(),
            Keep::Theirs => listed[0].theirs.clone(),
        };

        conflicts::choose(&mut laptop.conn, listed[0].id, keep)?;
        assert!(conflicts::list(&laptop.conn)?.is_empty());
        assert_eq!(notes(&laptop)?, wanted);
        settle_person(&mut laptop, &mut desktop)?;
        assert!(
            conflicts::list(&desktop.conn)?.is_empty(),
            "the desktop still asks"
        );
        assert!(
            conflicts::list(&laptop.conn)?.is_empty(),
            "the laptop asks again"
        );
        assert_eq!(notes(&desktop)?, wanted);
        assert_eq!(notes(&laptop)?, wanted);
        assert_eq!(count(&laptop.conn, "SELECT count(*) FROM sync_choices")?, 0);
    }

    // Choices the data file holds for no container, or for a field no record has, are
    // passed over: the rounds go on and write nothing of them.
    let uid: String =
        laptop
            .conn
            .query_row("SELECT uid FROM mentees WHERE id = ?1", [mentee], |r| {
                r.get(0)
            })?;
    laptop.conn.execute(
        "INSERT INTO sync_choices (doc, container, key, field, value)
         SELECT doc, 'nowhere', ?1, 'notes', 'tx' FROM owned_documents WHERE doc LIKE 'person/%'
          UNION ALL
         SELECT doc, 'mentees', ?1, 'colour', 'tred' FROM owned_documents WHERE doc LIKE 'person/%'",
        [&uid],
    )?;
    // Another mentee's edit has the next round write the document.
    let other = nth_mentee(&laptop.conn, 6)?;
    laptop.conn.execute(
        "UPDATE mentees SET notes = 'Back from leave.' WHERE id = ?1",
        [other],
    )?;
    settle_person(&mut laptop, &mut desktop)?;
    let arrived: String =
        desktop
            .conn
            .query_row("SELECT notes FROM mentees WHERE id = ?1", [other], |r| {
                r.get(0)
            })?;
    assert_eq!(arrived, "Back from leave.");
    assert_eq!(count(&laptop.conn, "SELECT count(*) FROM sync_choices")?, 0);
    let fields = person_record_fields(&laptop.conn, &uid)?;
    assert!(fields.contains(&"notes".to_owned()), "{fields:?}");
    assert!(!fields.contains(&"colour".to_owned()), "{fields:?}");

    // A conflict whose mentee was deleted here meanwhile leaves the list when chosen.
    let gone = nth_mentee(&laptop.conn, 8)?;
    for (device, text) in [(&laptop, "Mentoring two juniors."), (&desktop, "On leave.")] {
        device.conn.execute(
            "UPDATE mentees SET notes = ?2 WHERE id = ?1",
            rusqlite::params![gone, text],
        )?;
    }
    settle_person(&mut laptop, &mut desktop)?;
    let listed = conflicts::list(&laptop.conn)?;
    assert_eq!(listed.len(), 1, "{listed:#?}");
    laptop
        .conn
        .execute("DELETE FROM mentees WHERE id = ?1", [gone])?;
    conflicts::choose(&mut laptop.conn, listed[0].id, Keep::Theirs)?;
    assert!(conflicts::list(&laptop.conn)?.is_empty());
    Ok(())
}

/// The fields of mentee `uid`'s record in the person's document, as this device saved it.
fn person_record_fields(
    conn: &rusqlite::Connection,
    uid: &str,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    use automerge::ReadDoc;

    let (doc, mut bytes): (String, Vec<u8>) = conn.query_row(
        "SELECT doc, bytes FROM owned_documents WHERE doc LIKE 'person/%'",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let changes: Vec<Vec<u8>> = conn
        .prepare("SELECT bytes FROM owned_document_changes WHERE doc = ?1 ORDER BY seq")?
        .query_map([doc], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    bytes.extend(changes.concat());
    let doc = automerge::AutoCommit::load(&bytes)?;
    let (_, mentees) = doc
        .get(automerge::ROOT, "mentees")?
        .ok_or("the person's document has no mentees")?;
    let (_, record) = doc.get(&mentees, uid)?.ok_or("no record")?;
    Ok(doc.keys(&record).collect())
}
