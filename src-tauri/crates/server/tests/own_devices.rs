//! One person's two data files (a laptop and a desktop) paired with one account on a real
//! `waymark-server` on loopback: everything the person writes reaches the other device,
//! edits made on both while one was offline converge, and nothing of it reaches another
//! account. Every wait is bounded.

mod support;

use std::sync::Arc;

use support::app::{File, Heard, a_mentors_plan, eventually, pair, start};
use support::postgres::Result;
use support::server;
use waymark_core::agenda;
use waymark_core::assessments::{self, AssessmentInput, Assessor, Rating, SpectrumPosition};
use waymark_core::evidence::{self, EvidenceInput};
use waymark_core::live;
use waymark_core::mentees::{self, MenteeInput, RhythmInput};
use waymark_core::milestones::{self, MilestoneInput, MilestoneStatus};
use waymark_core::people::cadence::Cadence;
use waymark_core::sessions::{self, SessionInput};
use waymark_core::settings;
use waymark_core::sync::conflicts;
use waymark_core::sync::share::Keep;
use waymark_core::templates;
use waymark_sync::{DataFile, Events, Notify, Options, Syncer};

/// What the person wrote, as one line per row in a fixed order: two devices that converged
/// give the same lines.
const EVERYTHING: [&str; 14] = [
    "SELECT uid || '|' || name || '|' || current_role || '|' || is_self || '|' || cadence
            || '|' || talking_points FROM mentees
      WHERE shared_by IS NULL ORDER BY uid",
    "SELECT p.uid || '|' || m.uid || '|' || p.title || '|' || p.status FROM plans p
       JOIN mentees m ON m.id = p.mentee_id ORDER BY p.uid",
    "SELECT uid || '|' || title FROM goals ORDER BY uid",
    "SELECT uid || '|' || title || '|' || status || '|' || coalesce(completed_on, '')
       FROM milestones ORDER BY uid",
    "SELECT uid || '|' || held_on || '|' || notes || '|' || shared_notes FROM sessions
      ORDER BY uid",
    "SELECT s.uid || '|' || a.text || '|' || a.done FROM action_items a
       JOIN sessions s ON s.id = a.session_id ORDER BY s.uid, a.position",
    "SELECT s.uid || '|' || g.uid FROM session_goals x JOIN sessions s ON s.id = x.session_id
       JOIN goals g ON g.id = x.goal_id ORDER BY 1",
    "SELECT a.uid || '|' || a.assessor || '|' || r.competency_key || '|' || r.level
       FROM assessments a JOIN assessment_ratings r ON r.assessment_id = a.id ORDER BY 1",
    "SELECT uid || '|' || title FROM goal_templates WHERE built_in = 0 ORDER BY uid",
    "SELECT t.uid || '|' || m.position || '|' || m.title FROM goal_template_milestones m
       JOIN goal_templates t ON t.id = m.template_id WHERE t.built_in = 0 ORDER BY 1",
    "SELECT key || '|' || value FROM settings WHERE key IN ('mentor_name', 'not_seen_days')
      ORDER BY key",
    "SELECT s.uid || '|' || a.position || '|' || a.kind || '|' || a.text || '|' || a.ticked
       FROM session_agenda a JOIN sessions s ON s.id = a.session_id ORDER BY 1",
    "SELECT e.uid || '|' || coalesce(p.uid, '') || '|' || e.observed_on || '|' || e.title
            || '|' || e.link || '|' || e.added_by || '|' || (e.deleted_at IS NOT NULL)
       FROM evidence e LEFT JOIN plans p ON p.id = e.plan_id ORDER BY e.uid",
    "SELECT e.uid || '|' || c.competency_key FROM evidence_competencies c
       JOIN evidence e ON e.id = c.evidence_id ORDER BY 1",
];

fn everything(file: &File) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    for sql in EVERYTHING {
        lines.push(format!(
            "-- {}",
            sql.split_whitespace().take(4).collect::<Vec<_>>().join(" ")
        ));
        lines.extend(file.query(sql)?);
    }
    Ok(lines)
}

/// One person's laptop and desktop, each a new data file, and a pairing code for each.
async fn laptop_and_desktop(server: &server::TestServer) -> Result<[(File, String); 2]> {
    Ok([
        (File::new()?, server.invite("maria").await?),
        (File::new()?, server.invite("maria").await?),
    ])
}

/// Starts `first`'s sync, waits until the server has all of it, then starts `second`'s:
/// the second device finds the first's documents there, as a device added later does.
async fn in_turn(first: &File, second: &File, heard: &Arc<Heard>) -> Result<[Syncer; 2]> {
    let first_sync = start(first, heard);
    eventually("the first device's records reach the server", || {
        in_sync(first)
    })
    .await?;
    Ok([first_sync, start(second, heard)])
}

/// Whether the server has everything `file` wrote, its own documents made.
fn in_sync(file: &File) -> Result<bool> {
    Ok(file.run(|conn| live::waiting(conn))? == 0
        && !file.query("SELECT doc FROM owned_documents")?.is_empty())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_persons_two_devices_converge_after_edits_on_both_while_one_was_offline() -> Result<()>
{
    let server = server::start().await?;
    let [(laptop, laptop_code), (desktop, desktop_code)] = laptop_and_desktop(&server).await?;

    // The laptop has the person's mentee, a plan, a 1:1 with private notes, an assessment,
    // a template of their own and their name; the desktop has a mentee of its own.
    let (plan_id, milestone_ids) = a_mentors_plan(&laptop)?;
    let amara: i64 = laptop.query("SELECT id FROM mentees")?.concat().parse()?;
    let goal: i64 = laptop
        .query(&format!("SELECT id FROM goals WHERE plan_id = {plan_id}"))?
        .concat()
        .parse()?;
    laptop.run(|conn| {
        sessions::create(
            conn,
            amara,
            &SessionInput {
                held_on: "2026-11-20".into(),
                notes: "Worried about the reorg; keep this between us.".into(),
                shared_notes: "Draft the roadmap before the offsite.".into(),
                goal_ids: vec![goal],
                new_action_items: vec!["Book a slot with the staff engineers".into()],
                agenda: Vec::new(),
            },
        )?;
        // A rhythm, a 1:1 held to its agenda with one entry ticked, and evidence on the
        // plan and on none.
        mentees::set_rhythm(
            conn,
            amara,
            &RhythmInput {
                cadence: Cadence::Fortnightly,
                talking_points: "Wins since last time\nBlockers".into(),
            },
        )?;
        let next = agenda::next(conn, amara, waymark_core::dates::today())?;
        let held = sessions::create(
            conn,
            amara,
            &SessionInput {
                held_on: "2026-12-04".into(),
                agenda: next.agenda.iter().map(|i| i.entry()).collect(),
                ..Default::default()
            },
        )?;
        sessions::tick_agenda(conn, held.id, 0, true)?;
        for (on, title, plan) in [
            ("2026-11-28", "Led the incident review", Some(plan_id)),
            (
                "2026-11-30",
                "Coached Jonas through his first release",
                None,
            ),
        ] {
            evidence::create(
                conn,
                amara,
                &EvidenceInput {
                    plan_id: plan,
                    observed_on: on.into(),
                    title: title.into(),
                    link: "https://wiki.example.org/x".into(),
                    competency_keys: vec!["problem_solving".into(), "technical_mentorship".into()],
                    ..Default::default()
                },
            )?;
        }
        let ratings = all_ratings(conn, 3)?;
        assessments::create(
            conn,
            amara,
            &AssessmentInput {
                assessed_on: "2026-11-02".into(),
                assessor: Assessor::Mentor,
                notes: "Strong on vision, quiet in reviews.".into(),
                ratings,
                spectrums: all_spectrums(conn)?,
            },
        )?;
        templates::save_goal(conn, goal)?;
        let mut chosen = settings::get(conn)?;
        chosen.mentor_name = "Maria Lindqvist".into();
        chosen.not_seen_days = 14;
        settings::update(conn, &chosen)
    })?;
    desktop.run(|conn| {
        mentees::create(
            conn,
            &MenteeInput {
                name: "Inês Duarte".into(),
                current_role: "Senior engineer".into(),
                ..Default::default()
            },
        )
    })?;

    pair(&laptop, &server.url(), &laptop_code, "Maria's laptop").await?;
    pair(&desktop, &server.url(), &desktop_code, "Maria's desktop").await?;
    let heard = Arc::new(Heard::default());
    let [laptop_sync, desktop_sync] = in_turn(&laptop, &desktop, &heard).await?;

    eventually("the two devices hold the same records", || {
        Ok(everything(&laptop)? == everything(&desktop)?)
    })
    .await?;
    let both = everything(&desktop)?;
    // The desktop's settings were still the defaults: nothing of its own to choose from.
    let listed = desktop.run(|conn| conflicts::list(conn))?;
    assert!(listed.is_empty(), "{listed:#?}");
    for expected in [
        "Amara Okonkwo",
        "Inês Duarte",
        "Toward cloud leadership",
        "Worried about the reorg; keep this between us.",
        "Book a slot with the staff engineers",
        "Lead the platform roadmap",
        "mentor_name|Maria Lindqvist",
        "not_seen_days|14",
        "|fortnightly|Wins since last time\nBlockers",
        "|0|action_item|Book a slot with the staff engineers|1",
        "|talking_point|Blockers|0",
        "|2026-11-28|Led the incident review|https://wiki.example.org/x|mentor|0",
        "|2026-11-30|Coached Jonas through his first release|",
        "|technical_mentorship",
    ] {
        assert!(
            both.iter().any(|line| line.contains(expected)),
            "missing on both: {expected}\n{both:#?}"
        );
    }
    assert!(
        both.iter()
            .any(|l| l.contains("|mentor|technical_vision|3"))
    );

    // The desktop goes offline; both devices change things meanwhile.
    drop(desktop_sync);
    let on_desktop: i64 = desktop
        .query("SELECT id FROM milestones WHERE title = 'Draft the roadmap'")?
        .concat()
        .parse()?;
    desktop.run(|conn| {
        milestones::set_status(conn, on_desktop, MilestoneStatus::Done)?;
        mentees::create(
            conn,
            &MenteeInput {
                name: "Jon Berg".into(),
                ..Default::default()
            },
        )
    })?;
    let ines: i64 = laptop
        .query("SELECT id FROM mentees WHERE name = 'Inês Duarte'")?
        .concat()
        .parse()?;
    let assessment: i64 = laptop
        .query("SELECT id FROM assessments")?
        .concat()
        .parse()?;
    laptop.run(|conn| {
        let mut input = mentee_input(&mentees::get(conn, ines)?);
        input.current_role = "Staff engineer".into();
        mentees::update(conn, ines, &input)?;
        assessments::delete(conn, assessment)?;
        milestones::set_status(conn, milestone_ids[1], MilestoneStatus::InProgress)
    })?;
    eventually("the laptop's changes reach the server", || in_sync(&laptop)).await?;

    let _desktop_sync = start(&desktop, &heard);
    eventually("both devices converge again", || {
        Ok(everything(&laptop)? == everything(&desktop)?)
    })
    .await?;
    let both = everything(&laptop)?;
    assert!(both.iter().any(|l| l.contains("Jon Berg")), "{both:#?}");
    assert!(
        both.iter()
            .any(|l| l.contains("Inês Duarte|Staff engineer"))
    );
    assert!(both.iter().any(|l| l.contains("Draft the roadmap|done|")));
    assert!(
        both.iter()
            .any(|l| l.contains("Review it with staff engineers|in_progress|"))
    );
    assert!(
        !both.iter().any(|l| l.contains("|mentor|technical_vision|")),
        "the deleted assessment stays deleted"
    );
    drop(laptop_sync);
    Ok(())
}

/// Both devices rename one milestone while apart: each shows the same name, each lists the
/// conflict with both names, and choosing the other name on one device settles it on both.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_field_changed_on_both_devices_apart_is_shown_with_both_values_and_a_choice() -> Result<()>
{
    let server = server::start().await?;
    let [(laptop, laptop_code), (desktop, desktop_code)] = laptop_and_desktop(&server).await?;
    let (_, milestone_ids) = a_mentors_plan(&laptop)?;
    pair(&laptop, &server.url(), &laptop_code, "Maria's laptop").await?;
    pair(&desktop, &server.url(), &desktop_code, "Maria's desktop").await?;
    let heard = Arc::new(Heard::default());
    let [laptop_sync, desktop_sync] = in_turn(&laptop, &desktop, &heard).await?;
    let titles = "SELECT title FROM milestones ORDER BY title";
    eventually("the plan reaches the desktop", || {
        Ok(desktop.query(titles)?.len() == 2)
    })
    .await?;
    drop((laptop_sync, desktop_sync));

    let rename = |file: &File, title: &str| -> Result<()> {
        let id: i64 = file
            .query("SELECT id FROM milestones WHERE title = 'Draft the roadmap'")?
            .concat()
            .parse()?;
        file.run(|conn| milestones::update(conn, id, &MilestoneInput::planned(title, None)))?;
        Ok(())
    };
    rename(&laptop, "Draft the roadmap with Priya")?;
    rename(&desktop, "Draft the roadmap alone")?;
    let [_laptop_sync, _desktop_sync] = in_turn(&laptop, &desktop, &heard).await?;

    let listed = |file: &File| file.run(|conn| conflicts::list(conn));
    eventually("both devices list the conflict", || {
        Ok(listed(&laptop)?.len() == 1 && listed(&desktop)?.len() == 1)
    })
    .await?;
    eventually("both show the same name", || {
        Ok(laptop.query(titles)? == desktop.query(titles)?)
    })
    .await?;
    let conflict = listed(&laptop)?.remove(0);
    assert_eq!(
        conflict.what,
        "Title of milestone “Draft the roadmap with Priya”".replace(
            "Draft the roadmap with Priya",
            &laptop
                .query(&format!(
                    "SELECT title FROM milestones WHERE id = {}",
                    milestone_ids[0]
                ))?
                .concat(),
        )
    );
    assert_eq!(conflict.yours, "Draft the roadmap with Priya");
    assert_eq!(conflict.theirs, "Draft the roadmap alone");
    let other = match conflict.kept {
        Keep::Yours => Keep::Theirs,
        Keep::Theirs => Keep::Yours,
    };
    let wanted = match other {
        Keep::Yours => conflict.yours.clone(),
        Keep::Theirs => conflict.theirs.clone(),
    };
    laptop.run(|conn| conflicts::choose(conn, conflict.id, other))?;
    assert!(listed(&laptop)?.is_empty());
    eventually(
        "the chosen name is on both devices, and the conflict gone from both",
        || {
            Ok(laptop.query(titles)?.contains(&wanted)
                && desktop.query(titles)?.contains(&wanted)
                && listed(&desktop)?.is_empty())
        },
    )
    .await?;

    // Apart again, each gives the other milestone a different status; on the desktop the
    // person keeps the one shown, and the laptop stops asking too.
    drop((_laptop_sync, _desktop_sync));
    let status = |file: &File, to: MilestoneStatus| -> Result<()> {
        let id: i64 = file
            .query("SELECT id FROM milestones WHERE title = 'Review it with staff engineers'")?
            .concat()
            .parse()?;
        file.run(|conn| milestones::set_status(conn, id, to))?;
        Ok(())
    };
    status(&laptop, MilestoneStatus::InProgress)?;
    status(&desktop, MilestoneStatus::Dropped)?;
    let [_laptop_sync, _desktop_sync] = in_turn(&laptop, &desktop, &heard).await?;
    eventually("both devices list the new conflict", || {
        Ok(listed(&laptop)?.len() == 1 && listed(&desktop)?.len() == 1)
    })
    .await?;
    let conflict = listed(&desktop)?.remove(0);
    assert!(
        conflict.what.starts_with("Status of milestone"),
        "{conflict:?}"
    );
    let statuses = "SELECT status FROM milestones ORDER BY title";
    let shown = desktop.query(statuses)?;
    desktop.run(|conn| conflicts::choose(conn, conflict.id, conflict.kept))?;
    eventually(
        "the laptop stops asking once the desktop has chosen",
        || Ok(listed(&laptop)?.is_empty() && listed(&desktop)?.is_empty()),
    )
    .await?;
    assert_eq!(laptop.query(statuses)?, shown);
    assert_eq!(desktop.query(statuses)?, shown);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_account_never_receives_a_persons_own_records() -> Result<()> {
    let server = server::start().await?;
    let (maria_code, amara_code) = (server.invite("maria").await?, server.invite("amara").await?);
    let (maria, amara) = (File::new()?, File::new()?);
    a_mentors_plan(&maria)?;
    pair(&maria, &server.url(), &maria_code, "Maria's laptop").await?;
    pair(&amara, &server.url(), &amara_code, "Amara's laptop").await?;
    let heard = Arc::new(Heard::default());
    let _syncing = in_turn(&maria, &amara, &heard).await?;
    eventually("Amara's device has synced", || {
        Ok(amara.query("SELECT synced_at IS NOT NULL FROM sync_server")? == ["1"])
    })
    .await?;
    assert!(amara.query("SELECT name FROM mentees")?.is_empty());
    assert!(amara.query("SELECT title FROM plans")?.is_empty());
    let held = amara.query("SELECT doc FROM owned_documents")?;
    assert!(
        held.iter().all(|doc| doc.starts_with("person/")),
        "{held:?}"
    );
    Ok(())
}

/// A data file that tells its sync loop of each change, as the app's does.
struct Told {
    file: File,
    changed: Arc<Notify>,
}

impl DataFile for Told {
    fn with(
        &self,
        work: &mut dyn FnMut(&mut rusqlite::Connection) -> waymark_core::Result<()>,
    ) -> waymark_core::Result<()> {
        self.file.with(work)
    }

    fn changed(&self) -> Option<Arc<Notify>> {
        Some(Arc::clone(&self.changed))
    }
}

/// A loop that is told of each change looks at once, not at its next tick: with an hour
/// between the laptop's ticks, a mentee added there waits, unwritten, until the loop is
/// told, then reaches the desktop.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_the_loop_is_told_of_goes_out_without_waiting_for_a_tick() -> Result<()> {
    let server = server::start().await?;
    let [(laptop, laptop_code), (desktop, desktop_code)] = laptop_and_desktop(&server).await?;
    pair(&laptop, &server.url(), &laptop_code, "Maria's laptop").await?;
    pair(&desktop, &server.url(), &desktop_code, "Maria's desktop").await?;
    let heard = Arc::new(Heard::default());
    let changed = Arc::new(Notify::new());
    let told = Told {
        file: laptop.clone(),
        changed: Arc::clone(&changed),
    };
    let hourly = Options {
        tick: std::time::Duration::from_secs(60 * 60),
        ..support::app::fast()
    };
    let _laptop_sync = Syncer::start(
        &tokio::runtime::Handle::current(),
        Arc::new(told),
        Arc::clone(&heard) as Arc<dyn Events>,
        hourly,
    );
    eventually("the laptop's records reach the server", || in_sync(&laptop)).await?;
    let desktop_sync = start(&desktop, &heard);
    eventually("the two devices hold the same records", || {
        Ok(in_sync(&desktop)? && everything(&laptop)? == everything(&desktop)?)
    })
    .await?;
    // With the desktop gone the server has nothing to send the laptop, and a message is
    // the one other thing that makes its loop look before the hour is up.
    drop(desktop_sync);
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;

    laptop.run(|conn| {
        mentees::create(
            conn,
            &MenteeInput {
                name: "Kwame Mensah".into(),
                ..Default::default()
            },
        )
    })?;
    let marked = || -> Result<bool> {
        Ok(!laptop
            .query("SELECT mentee_id FROM sync_changed")?
            .is_empty())
    };
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert!(
        marked()?,
        "an edit nothing told of was written before the tick"
    );
    changed.notify_one();
    eventually("the told edit is written and goes out", || {
        Ok(!marked()? && in_sync(&laptop)?)
    })
    .await?;
    let _desktop_sync = start(&desktop, &heard);
    eventually("the mentee added on the laptop reaches the desktop", || {
        Ok(desktop.query("SELECT name FROM mentees")? == ["Kwame Mensah"])
    })
    .await?;
    Ok(())
}

fn all_ratings(conn: &rusqlite::Connection, level: i64) -> waymark_core::Result<Vec<Rating>> {
    let mut statement = conn.prepare("SELECT key FROM competencies ORDER BY position")?;
    let keys = statement.query_map([], |r| r.get::<_, String>(0))?;
    Ok(keys
        .map(|key| {
            Ok(Rating {
                competency_key: key?,
                level,
                comment: String::new(),
            })
        })
        .collect::<rusqlite::Result<_>>()?)
}

fn all_spectrums(conn: &rusqlite::Connection) -> waymark_core::Result<Vec<SpectrumPosition>> {
    let mut statement = conn.prepare("SELECT key FROM spectrums ORDER BY position")?;
    let keys = statement.query_map([], |r| r.get::<_, String>(0))?;
    Ok(keys
        .map(|key| {
            Ok(SpectrumPosition {
                spectrum_key: key?,
                position: 2,
            })
        })
        .collect::<rusqlite::Result<_>>()?)
}

fn mentee_input(mentee: &mentees::Mentee) -> MenteeInput {
    MenteeInput {
        name: mentee.name.clone(),
        current_role: mentee.current_role.clone(),
        current_leader_type_id: mentee.current_leader_type_id,
        target_leader_type_id: mentee.target_leader_type_id,
        role_track_key: mentee.role_track_key.clone(),
        start_date: mentee.start_date.clone(),
        notes: mentee.notes.clone(),
        is_self: mentee.is_self,
    }
}
