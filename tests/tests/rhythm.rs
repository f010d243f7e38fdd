//! The rhythm of mentoring in the real window: a desktop reminder raised on a private
//! session bus whose click opens the milestone, and whose button snoozes it; an agenda that
//! carries an open action item forward until a 1:1 ticks it off; and evidence captured
//! with Ctrl+E that the assessment form and the plan's PDF both show.

use std::path::Path;
use std::time::Duration;

use thirtyfour::Key;
use waymark_core::mentees::{self, RhythmInput};
use waymark_core::people::cadence::Cadence;
use waymark_core::sessions::{self, SessionInput};
use waymark_core::{dates, db, settings};
use waymark_e2e::desktop_bus::{Notifications, SessionBus};
use waymark_e2e::keyboard::{press, type_text};
use waymark_e2e::{App, Result, native_dialog, pdf_text, seed};

/// Amara's id in the seeded team.
const AMARA: i64 = 2;

/// Reminders with the summary due at once and no quiet hours, whatever the time of day.
fn remind_at_once(db: &Path) -> waymark_core::Result<()> {
    let mut conn = db::open(db)?;
    let mut chosen = settings::reminders(&conn)?;
    chosen.summary_at = "00:00".into();
    chosen.quiet_from = "00:00".into();
    chosen.quiet_until = "00:00".into();
    settings::update_reminders(&mut conn, &chosen)?;
    Ok(())
}

#[tokio::test]
async fn a_reminder_is_raised_and_clicking_it_opens_the_milestone() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team_with_plans(&db)?;
    remind_at_once(&db)?;
    let bus = SessionBus::start()?;
    let notifications = Notifications::serve(&bus).await?;
    let env = [("DBUS_SESSION_BUS_ADDRESS", bus.address.as_str())];
    let mut app = App::launch_with("reminder", &db, &env).await?;
    let outcome = async {
        // One milestone is overdue: one reminder about it, not a summary of one.
        let raised = notifications
            .wait_for("Milestone overdue", Duration::from_secs(30))
            .await?;
        assert_eq!(
            raised.body,
            "Amara Okonkwo: \u{201c}Interview five stakeholders\u{201d} is overdue"
        );
        assert!(
            raised.actions.chunks(2).any(|a| a[0] == "default")
                && raised
                    .actions
                    .chunks(2)
                    .any(|a| a == ["snooze", "Snooze 1 hour"]),
            "{:?}",
            raised.actions
        );

        // Clicking it brings the window to the plan, the milestone picked out.
        notifications.click(raised.id, "default").await?;
        app.find_text("[data-testid='plan-title']", "Toward Cloud Leader")
            .await?;
        let picked = app
            .find_text("[data-highlighted='true']", "Interview five stakeholders")
            .await?;
        assert!(
            app.text_of(&picked)
                .await?
                .contains("Interview five stakeholders")
        );
        app.screenshot("reminder-opened-the-milestone").await?;

        // Snoozing keeps it quiet for an hour on this device.
        notifications.click(raised.id, "snooze").await?;
        let conn = db::open(&db)?;
        let mut snoozed = String::new();
        for _ in 0..50 {
            snoozed = conn
                .query_row("SELECT group_concat(item) FROM reminder_snoozes", [], |r| {
                    r.get::<_, Option<String>>(0)
                })?
                .unwrap_or_default();
            if !snoozed.is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        assert!(snoozed.starts_with("milestone:"), "{snoozed:?}");
        assert_eq!(notifications.raised().len(), 1, "raised once, not again");
        Ok(())
    }
    .await;
    app.finish(outcome).await
}

#[tokio::test]
async fn an_agenda_carries_an_open_action_item_forward_until_it_is_ticked() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team_with_plans(&db)?;
    {
        let mut conn = db::open(&db)?;
        mentees::set_rhythm(
            &conn,
            AMARA,
            &RhythmInput {
                cadence: Cadence::Fortnightly,
                talking_points: "Wins since last time".into(),
            },
        )?;
        sessions::create(
            &mut conn,
            AMARA,
            &SessionInput {
                held_on: dates::shifted(-15),
                new_action_items: vec!["Book the architecture forum".into()],
                ..Default::default()
            },
        )?;
    }
    for (theme, env) in [
        ("light", None),
        ("dark", Some(("GTK_THEME", "Adwaita:dark"))),
    ] {
        let run = dir.path().join(format!("{theme}.sqlite3"));
        std::fs::copy(&db, &run)?;
        let env: Vec<(&str, &str)> = env.into_iter().collect();
        let mut app = App::launch_with(&format!("agenda-{theme}"), &run, &env).await?;
        let outcome = agenda_round(&mut app, theme == "light").await;
        app.finish(outcome).await?;
    }
    Ok(())
}

/// The open action item is on the next agenda, stays there through a 1:1 that leaves it
/// unticked, and goes once a 1:1 ticks it. `tick` false stops after the screenshots.
async fn agenda_round(app: &mut App, tick: bool) -> Result<()> {
    app.click("[data-testid='nav-mentees']").await?;
    app.click_text("[data-testid='mentee-row']", "Amara Okonkwo")
        .await?;
    app.click("[data-testid='mentee-tab-sessions']").await?;
    app.find_text("[data-testid='next-session-due']", "Overdue by 1 day")
        .await?;
    app.find_text("[data-testid='agenda-item']", "Book the architecture forum")
        .await?;
    app.find_text("[data-testid='agenda-item']", "Wins since last time")
        .await?;
    app.find_text("[data-testid='agenda-item']", "Interview five stakeholders")
        .await?;
    app.screenshot("next-1-1").await?;
    if !tick {
        return Ok(());
    }

    // A 1:1 held to that agenda, the action item left open: it carries forward.
    app.click("[data-testid='start-session']").await?;
    app.find_text(
        "[data-testid='session-agenda-item']",
        "Book the architecture forum",
    )
    .await?;
    app.click_text(
        "[data-testid='session-form'] [data-testid='session-agenda-item']",
        "Wins since last time",
    )
    .await?;
    app.find_text("[data-testid='session-form'] h4", "1 of 4 done")
        .await?;
    app.screenshot("agenda-in-the-1-1").await?;
    app.click("[data-testid='save-session']").await?;
    app.find_text("[data-testid='next-session-due']", "Due")
        .await?;
    app.find_text("[data-testid='agenda-item']", "Book the architecture forum")
        .await?;

    // The next 1:1 ticks it off: it is gone from the agenda after that. The 1:1 held before
    // shows the same item further down, so the tick goes to the open form's.
    app.click("[data-testid='start-session']").await?;
    app.click_text(
        "[data-testid='session-form'] [data-testid='session-agenda-item']",
        "Book the architecture forum",
    )
    .await?;
    app.find_text("[data-testid='session-form'] h4", "1 of 4 done")
        .await?;
    app.click("[data-testid='save-session']").await?;
    // The agenda reads again after the save; until then it still shows the item.
    app.find("[data-testid='agenda-item']").await?;
    app.wait_until_none_contains("[data-testid='agenda-item']", "Book the architecture forum")
        .await?;
    Ok(())
}

/// Waits until the control `testid` shows `text`: a field its value, a list its choice.
async fn shows(app: &App, testid: &str, text: &str) -> Result<()> {
    let script = format!(
        "const el = document.querySelector(\"[data-testid='{testid}']\");
         return el?.selectedOptions ? el.selectedOptions[0]?.textContent : el?.value;"
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let now = app.eval(&script).await?;
        if now.as_str() == Some(text) {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("{testid} shows {now}, not {text:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn evidence_captured_with_the_shortcut_shows_on_the_assessment_form_and_in_the_pdf()
-> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team_with_plans(&db)?;
    let out = dir.path().join("exports");
    std::fs::create_dir(&out)?;
    let mut app = App::launch("evidence", &db).await?;
    let outcome = async {
        app.click("[data-testid='nav-mentees']").await?;
        app.click_text("[data-testid='mentee-row']", "Amara Okonkwo")
            .await?;
        app.click("[data-testid='mentee-tab-plan']").await?;
        app.find_text("[data-testid='plan-title']", "Toward Cloud Leader")
            .await?;

        // Ctrl+E from the plan: the mentee and their active plan are already chosen.
        app.ctrl("e").await?;
        app.find("[data-testid='evidence-dialog']").await?;
        shows(&app, "evidence-mentee", "Amara Okonkwo").await?;
        shows(&app, "evidence-plan", "Toward Cloud Leader").await?;

        // The mentee picker searches as typed and is driven by keys: Escape closes its
        // list (not the dialog), and Enter takes the name found, someone else and back.
        app.click("[data-testid='evidence-mentee']").await?;
        type_text(&app, "hop").await?;
        app.wait_for_count("[data-testid='mentee-option']", 1)
            .await?;
        app.find_text(
            "[data-testid='mentee-option'][aria-selected='true']",
            "Grace Hopper",
        )
        .await?;
        app.screenshot("choosing-whom-evidence-is-for").await?;
        press(&app, Key::Escape, "Escape in the mentee picker").await?;
        app.find("[data-testid='evidence-mentee'][aria-expanded='false']")
            .await?;
        shows(&app, "evidence-mentee", "Amara Okonkwo").await?;
        type_text(&app, "xyz").await?;
        app.find_text(
            "[data-testid='mentee-picker-nothing']",
            "No active mentee matches “xyz”.",
        )
        .await?;
        app.screenshot("no-mentee-matches").await?;
        press(&app, Key::Escape, "Escape in the mentee picker").await?;
        shows(&app, "evidence-mentee", "Amara Okonkwo").await?;
        type_text(&app, "дми").await?;
        app.find_text("[data-testid='mentee-option']", "Дмитрий Соколов")
            .await?;
        press(&app, Key::Enter, "Enter on a found mentee").await?;
        shows(&app, "evidence-mentee", "Дмитрий Соколов").await?;
        shows(&app, "evidence-plan", "No plan yet").await?;
        type_text(&app, "amara").await?;
        app.find_text("[data-testid='mentee-option']", "Amara Okonkwo")
            .await?;
        press(&app, Key::Enter, "Enter on a found mentee").await?;
        shows(&app, "evidence-mentee", "Amara Okonkwo").await?;
        shows(&app, "evidence-plan", "Toward Cloud Leader").await?;
        app.type_into("[data-testid='evidence-title']", "Led the incident review")
            .await?;
        app.click("[data-testid='evidence-competency-problem_solving']")
            .await?;
        app.type_into(
            "[data-testid='evidence-link']",
            "https://wiki.example.org/incident-42",
        )
        .await?;
        app.screenshot("capturing-evidence").await?;
        app.click("[data-testid='evidence-save']").await?;
        app.find_text("[data-testid='toast']", "Evidence saved")
            .await?;

        // The evidence log lists it.
        app.click("[data-testid='evidence-tab']").await?;
        app.find_text("[data-testid='evidence-item']", "Led the incident review")
            .await?;
        app.screenshot("evidence-log").await?;

        // A new assessment shows it beside the competency it shows.
        app.click("[data-testid='mentee-tab-assessments']").await?;
        app.click("[data-testid='new-assessment']").await?;
        let beside = app
            .find_text(
                "[data-testid='assessment-evidence-problem_solving']",
                "Led the incident review",
            )
            .await?;
        app.driver
            .execute(
                "arguments[0].scrollIntoView({block: 'center'});",
                vec![beside.to_json()?],
            )
            .await?;
        app.screenshot("assessment-with-evidence").await?;
        app.press_escape().await?;

        // And the plan's PDF has it.
        app.click("[data-testid='mentee-tab-plan']").await?;
        app.find("[data-testid='plan-title']").await?;
        app.ctrl("p").await?;
        native_dialog::save_as("Export plan as PDF", &out.join("amara.pdf")).await?;
        app.find_text("[data-testid='toast']", "PDF saved to")
            .await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await?;
    let text = pdf_text(&out.join("amara.pdf"))?;
    for expected in [
        "Evidence of growth",
        "Led the incident review",
        "https://wiki.example.org/incident-42",
        "Problem Solving",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn starting_at_login_is_off_until_turned_on_and_then_starts_minimised() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team(&db)?;
    let home = dir.path().join("home");
    std::fs::create_dir(&home)?;
    let home_text = home.to_str().ok_or("the path is not UTF-8")?;
    let entry_dir = home.join(".config/autostart");
    let mut app = App::launch_with("start-at-login", &db, &[("HOME", home_text)]).await?;
    let outcome = async {
        app.click("[data-testid='nav-settings']").await?;
        app.reveal("[data-testid='start-at-login']").await?;
        let switch = app.find("[data-testid='start-at-login']").await?;
        assert!(!switch.is_selected().await?, "off by default");
        assert!(!entry_dir.exists() || waymark_e2e::file_names(&entry_dir)?.is_empty());

        app.click("[data-testid='start-at-login']").await?;
        let mut entries = Vec::new();
        for _ in 0..50 {
            if entry_dir.exists() {
                entries = waymark_e2e::file_names(&entry_dir)?;
            }
            if !entries.is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let [entry] = entries.as_slice() else {
            return Err(format!("one login entry, found {entries:?}").into());
        };
        let text = std::fs::read_to_string(entry_dir.join(entry))?;
        let exec = text
            .lines()
            .find(|l| l.starts_with("Exec="))
            .ok_or("the entry has no Exec line")?;
        assert!(exec.ends_with(" --minimized"), "{exec}");
        app.screenshot("start-at-login-on").await?;

        app.click("[data-testid='start-at-login']").await?;
        for _ in 0..50 {
            if waymark_e2e::file_names(&entry_dir)?.is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(
            waymark_e2e::file_names(&entry_dir)?.is_empty(),
            "turned off again"
        );
        Ok(())
    }
    .await;
    app.finish(outcome).await
}

/// Waits, at most ten seconds, until the file at `path` holds `text`; returns what it holds.
async fn file_holding(path: &Path, text: &str) -> Result<String> {
    let mut held = String::new();
    for _ in 0..100 {
        held = std::fs::read_to_string(path).unwrap_or_default();
        if held.contains(text) {
            return Ok(held);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("{} never held {text:?}; it holds:\n{held}", path.display()).into())
}

#[tokio::test]
async fn a_kept_calendar_file_follows_the_data() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team_with_plans(&db)?;
    mentees::set_rhythm(
        &db::open(&db)?,
        AMARA,
        &RhythmInput {
            cadence: Cadence::Fortnightly,
            talking_points: String::new(),
        },
    )?;
    let calendar = dir.path().join("calendars").join("Waymark.ics");
    std::fs::create_dir(dir.path().join("calendars"))?;
    let mut app = App::launch("calendar-file", &db).await?;
    let outcome = async {
        app.click("[data-testid='nav-settings']").await?;
        app.reveal("[data-testid='calendar-file']").await?;
        app.click("[data-testid='calendar-file-keep']").await?;
        native_dialog::save_as("Keep a calendar file up to date", &calendar).await?;
        app.find_text("[data-testid='calendar-file-path']", "Waymark.ics")
            .await?;
        let held = file_holding(&calendar, "FREQ=WEEKLY;INTERVAL=2").await?;
        for expected in [
            "SUMMARY:1:1 with Amara Okonkwo",
            "SUMMARY:Amara Okonkwo: Interview five stakeholders",
            "SUMMARY:Amara Okonkwo: Circulate the first draft",
        ] {
            assert!(
                held.contains(expected),
                "{expected:?} missing from:\n{held}"
            );
        }
        app.screenshot("calendar-file-kept").await?;

        // A change in the app reaches the file: weekly 1:1s now.
        app.click("[data-testid='nav-mentees']").await?;
        app.click_text("[data-testid='mentee-row']", "Amara Okonkwo")
            .await?;
        app.click("[data-testid='mentee-tab-sessions']").await?;
        app.click("[data-testid='edit-rhythm']").await?;
        thirtyfour::components::SelectElement::new(
            &app.find("[data-testid='rhythm-cadence']").await?,
        )
        .await?
        .select_by_value("weekly")
        .await?;
        app.click("[data-testid='rhythm-save']").await?;
        let held = file_holding(&calendar, "RRULE:FREQ=WEEKLY\r\n").await?;
        assert!(!held.contains("INTERVAL=2"), "{held}");

        // Stopped, the file stays as it was and is no longer written.
        app.click("[data-testid='nav-settings']").await?;
        app.reveal("[data-testid='calendar-file']").await?;
        app.click("[data-testid='calendar-file-stop']").await?;
        app.find("[data-testid='calendar-file-keep']").await?;
        assert_eq!(std::fs::read_to_string(&calendar)?, held);
        Ok(())
    }
    .await;
    app.finish(outcome).await
}

#[tokio::test]
async fn the_forecast_calibration_and_evidence_log_in_light_and_dark() -> Result<()> {
    let dir = tempfile::tempdir()?;
    for (theme, env) in [
        ("light", None),
        ("dark", Some(("GTK_THEME", "Adwaita:dark"))),
    ] {
        let db = dir.path().join(format!("{theme}.sqlite3"));
        waymark_core::demo::write_file(&db, waymark_core::demo::DemoSize::Showcase)?;
        let env: Vec<(&str, &str)> = env.into_iter().collect();
        let mut app = App::launch_with(&format!("rhythm-{theme}"), &db, &env).await?;
        let outcome = async {
            app.find("[data-testid='calibration-chart']").await?;
            app.reveal("[data-testid='calibration']").await?;
            app.screenshot("calibration").await?;

            app.click("[data-testid='nav-mentees']").await?;
            app.click_text("[data-testid='mentee-row']", "Amara Okonkwo")
                .await?;
            app.click("[data-testid='mentee-tab-plan']").await?;
            app.find("[data-testid='forecast-row']").await?;
            app.find("[data-testid='radar'] svg").await?;
            app.reveal("[data-testid='forecast']").await?;
            let top = app
                .eval(
                    "return document.querySelector('[data-testid=forecast]')
                       .getBoundingClientRect().top;",
                )
                .await?;
            assert!(
                top.as_f64().is_some_and(|t| t.abs() < 40.0),
                "scrolled to it: {top}"
            );
            app.screenshot("forecast").await?;

            app.click("[data-testid='evidence-tab']").await?;
            app.wait_for_count("[data-testid='evidence-item']", 5)
                .await?;
            app.screenshot("evidence-log").await?;

            app.click("[data-testid='mentee-tab-sessions']").await?;
            app.find("[data-testid='next-session']").await?;
            app.screenshot("next-1-1").await?;
            Ok(())
        }
        .await;
        app.finish(outcome).await?;
    }
    Ok(())
}
