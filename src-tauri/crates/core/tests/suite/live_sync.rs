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

fn count(conn: &rusqlite::Connection, sql: &str) -> rusqlite::Result<i64> {
    conn.query_row(sql, [], |r| r.get(0))
}

/// A planned milestone with nothing but its title and date, so renaming it changes its
/// plan's plan document alone: its id, plan, mentee, the plan's global id and its date.
fn plain_milestone(
    conn: &rusqlite::Connection,
) -> rusqlite::Result<(i64, i64, i64, String, Option<String>)> {
    conn.query_row(
        "SELECT m.id, p.id, p.mentee_id, p.uid, m.due_on FROM milestones m
           JOIN goals g ON g.id = m.goal_id JOIN plans p ON p.id = g.plan_id
          WHERE m.status = 'planned' AND m.evidence = '' AND m.completed_on IS NULL
            AND NOT EXISTS (SELECT 1 FROM milestone_links l WHERE l.milestone_id = m.id)
          ORDER BY m.id DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
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
    assert_eq!(count(&conn, "SELECT count(*) FROM sync_changed")?, 0);
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

    // One milestone renamed: its mentee alone is marked, and one round writes their plan.
    let (milestone, plan_id, mentee_id, uid, due_on) = plain_milestone(&conn)?;
    milestones::update(
        &mut conn,
        milestone,
        &MilestoneInput::planned("Present the roadmap to the guild", due_on),
    )?;
    assert_eq!(count(&conn, "SELECT count(*) FROM sync_changed")?, 1);
    assert_eq!(
        count(&conn, "SELECT mentee_id FROM sync_changed")?,
        mentee_id
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
    assert_eq!(count(&conn, "SELECT count(*) FROM sync_changed")?, 0);

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

/// Every kind of row a mentee's documents carry marks that mentee when it changes, and
/// the person's own records mark the person's document; nothing is marked before pairing.
#[test]
fn a_change_to_any_synced_row_marks_whose_records_changed() -> waymark_core::Result<()> {
    let (mut f, plan_id) = crate::common::with_plan()?;
    let marked = |conn: &rusqlite::Connection| -> rusqlite::Result<(String, bool)> {
        conn.query_row(
            "SELECT coalesce((SELECT group_concat(mentee_id) FROM sync_changed), ''),
                    coalesce((SELECT person_changed FROM sync_server), 0)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    };
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
        (String::new(), false),
        "not paired: nothing marked"
    );

    pair_as_maria(&mut f.conn)?;
    let mentee = f.mentee_id.to_string();
    assert_eq!(
        marked(&f.conn)?,
        (mentee.clone(), true),
        "pairing marks all"
    );
    let status =
        waymark_core::live::SyncStatus::read(&f.conn, waymark_core::live::SyncPhase::Synced, None)?;
    assert_eq!(
        (status.phase, status.preparing),
        (waymark_core::live::SyncPhase::Syncing, 1),
        "the mentee is still to prepare"
    );

    let mentee_rows = [
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
        "UPDATE sessions SET notes = 'Talked about the guild' WHERE id = 902",
        "INSERT INTO session_goals (session_id, goal_id) VALUES (902, 900)",
        "INSERT INTO session_agenda (session_id, position, kind, text) VALUES (902, 0, 'topic', 'Guild')",
        "INSERT INTO action_items (session_id, text, position) VALUES (902, 'Book the room', 0)",
        "INSERT INTO assessment_ratings (assessment_id, competency_key, level) VALUES (903, 'technical_vision', 3)",
        "INSERT INTO assessment_spectrums (assessment_id, spectrum_key, position) SELECT 903, key, 3 FROM spectrums LIMIT 1",
        "DELETE FROM goals WHERE id = 900",
    ];
    for sql in mentee_rows {
        f.conn
            .execute_batch("DELETE FROM sync_changed; UPDATE sync_server SET person_changed = 0")?;
        f.conn.execute_batch(sql)?;
        assert_eq!(marked(&f.conn)?, (mentee.clone(), false), "{sql}");
    }
    // A statement that upserts, on a mentee marked already, neither fails nor marks twice
    // (a trigger's OR IGNORE would give way to the upsert's policy and fail).
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
        assert_eq!(marked(&f.conn)?.0, mentee);
    }
    let person_rows = [
        "UPDATE mentees SET notes = 'Moving to the platform team' WHERE id = 1",
        "INSERT INTO settings (key, value) VALUES ('mentor_name', 'Maria')
             ON CONFLICT (key) DO UPDATE SET value = 'Maria'",
        "INSERT INTO goal_templates (title, description, built_in, created_at)
             VALUES ('Run a guild', '', 0, '2026-03-02')",
        "INSERT INTO goal_template_milestones (template_id, position, title, offset_days)
             SELECT max(id), 0, 'First meeting', 14 FROM goal_templates",
    ];
    for sql in person_rows {
        f.conn
            .execute_batch("DELETE FROM sync_changed; UPDATE sync_server SET person_changed = 0")?;
        f.conn.execute_batch(sql)?;
        assert!(marked(&f.conn)?.1, "{sql}");
    }
    // A setting that stays on this device does not.
    f.conn
        .execute_batch("DELETE FROM sync_changed; UPDATE sync_server SET person_changed = 0")?;
    f.conn.execute_batch(
        "INSERT INTO settings (key, value) VALUES ('window_size', '1200x800')
             ON CONFLICT (key) DO UPDATE SET value = '1200x800'",
    )?;
    assert_eq!(marked(&f.conn)?, (String::new(), false));
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
    let (milestone, _, _, _, due_on) = plain_milestone(&conn)?;
    milestones::update(
        &mut conn,
        milestone,
        &MilestoneInput::planned("Write the migration guide", due_on),
    )?;
    while Session::record_edits(&mut conn)? {}
    assert_eq!(live::waiting(&conn)?, waiting + 1);
    assert_eq!(count(&conn, "SELECT count(*) FROM sync_changed")?, 0);
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
    while Session::record_edits(&mut f.conn)? {}
    let plan_waiting =
        format!("SELECT coalesce(sum(changes), 0) FROM sync_waiting WHERE doc LIKE '%{uid}'");
    assert!(count(&f.conn, &plan_waiting)? > 0, "made here, never sent");

    f.conn.execute(
        "UPDATE plans SET deleted_at = '2026-03-03T10:00:00Z' WHERE id = ?1",
        [plan_id],
    )?;
    while Session::record_edits(&mut f.conn)? {}
    assert_eq!(count(&f.conn, &plan_waiting)?, 0);
    Ok(())
}
