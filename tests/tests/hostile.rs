//! Text that looks like markup is stored and shown as text on every screen; nothing runs.

use waymark_core::db;
use waymark_core::evidence::{self, EvidenceInput};
use waymark_core::goals::{self, GoalInput};
use waymark_core::mentees::{self, MenteeInput};
use waymark_core::milestones::{self, MilestoneInput};
use waymark_core::plans::{self, PlanInput, PlanStatus};
use waymark_core::sessions::{self, SessionInput};
use waymark_e2e::{App, Result, native_dialog};

const NAME: &str = "<img src=x onerror=\"document.title='pwned'\">Eve";
const SCRIPT: &str = "<script>document.title='pwned'</script>";

fn hostile_data(path: &std::path::Path) -> waymark_core::Result<()> {
    let mut conn = db::open(path)?;
    let eve = mentees::create(
        &mut conn,
        &MenteeInput {
            name: NAME.into(),
            current_role: SCRIPT.into(),
            target_leader_type_id: Some(1),
            notes: format!("{SCRIPT} <b onmouseover=\"document.title='pwned'\">notes</b>"),
            ..Default::default()
        },
    )?;
    let plan = plans::create(
        &mut conn,
        eve.id,
        &PlanInput {
            title: format!("{SCRIPT} plan"),
            leader_type_id: 1,
            role_track_key: "tech_lead".into(),
            starts_on: "2026-01-01".into(),
            target_on: "2027-01-01".into(),
            status: PlanStatus::Active,
            targets: None,
        },
    )?;
    let goal = goals::create(
        &mut conn,
        plan.id,
        &GoalInput {
            title: format!("{NAME} goal"),
            description: SCRIPT.into(),
            competency_keys: vec!["project_oversight".into()],
            theme_keys: vec![],
        },
    )?;
    milestones::create(
        &mut conn,
        goal.id,
        &MilestoneInput::planned(format!("{NAME} milestone"), Some("2026-01-10".into())),
    )?;
    sessions::create(
        &mut conn,
        eve.id,
        &SessionInput {
            held_on: "2026-01-05".into(),
            notes: format!("{NAME}\n\n{SCRIPT}\n\n[x](javascript:document.title='pwned')"),
            shared_notes: format!("{SCRIPT}\n\n[y](javascript:document.title='pwned')"),
            goal_ids: vec![goal.id],
            new_action_items: vec![SCRIPT.into()],
            agenda: Vec::new(),
        },
    )?;
    evidence::create(
        &mut conn,
        eve.id,
        &EvidenceInput {
            observed_on: "2026-01-06".into(),
            title: format!("{NAME} evidence"),
            note: SCRIPT.into(),
            competency_keys: vec!["problem_solving".into()],
            ..Default::default()
        },
    )?;
    Ok(())
}

async fn assert_inert(app: &App) -> Result<()> {
    assert_eq!(
        app.eval("return document.title;").await?,
        serde_json::json!("Waymark")
    );
    let injected = app
        .eval("return document.querySelectorAll('img[src=x], main script, [onerror], [onmouseover]').length;")
        .await?;
    assert_eq!(injected, serde_json::json!(0));
    Ok(())
}

#[tokio::test]
async fn markup_in_names_and_notes_is_shown_as_text_everywhere() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    hostile_data(&db)?;
    let pdf = dir.path().join("eve.pdf");
    let mut app = App::launch("hostile", &db).await?;
    let outcome = async {
        app.find_text("[data-testid='overdue']", "onerror").await?;
        assert_inert(&app).await?;
        app.screenshot("dashboard").await?;

        app.click("[data-testid='nav-mentees']").await?;
        app.click_text("[data-testid='mentee-row']", "Eve").await?;
        app.find_text("[data-testid='mentee-name']", "<img src=x")
            .await?;
        assert_inert(&app).await?;
        app.screenshot("overview").await?;
        for tab in ["assessments", "plan", "sessions"] {
            app.click(&format!("[data-testid='mentee-tab-{tab}']"))
                .await?;
            app.find(&format!("[data-testid='{tab}-tab']")).await?;
            assert_inert(&app).await?;
        }
        app.find_text("[data-testid='session-notes']", "<img src=x")
            .await?;
        app.screenshot("sessions").await?;

        // The plan's PDF prints the markup as text too.
        app.click("[data-testid='mentee-tab-plan']").await?;
        app.find("[data-testid='plan-title']").await?;
        app.ctrl("p").await?;
        native_dialog::save_as("Export plan as PDF", &pdf).await?;
        app.find_text("[data-testid='toast']", "PDF saved").await?;
        assert_inert(&app).await?;

        app.ctrl("k").await?;
        app.find("[data-testid='search-input']").await?;
        app.driver
            .active_element()
            .await?
            .send_keys("onerror")
            .await?;
        app.find("[data-testid='search-hit']").await?;
        assert_inert(&app).await?;
        app.screenshot("search").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await?;
    let out = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()?;
    let text = String::from_utf8(out.stdout)?;
    for literal in [NAME, SCRIPT, "<script>document.title='pwned'</script> plan"] {
        assert!(
            text.contains(literal),
            "{literal} missing from the PDF:\n{text}"
        );
    }
    Ok(())
}
