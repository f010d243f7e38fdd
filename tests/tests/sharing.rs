//! Two-sided mentoring through files, with two app instances on two data files and the
//! real dialogs: the mentor shares a plan, the mentee works on it in their own Waymark and
//! sends it back, the mentor merges it and sees it on Today and in the PDF. A field both
//! changed is shown with both values and settled by choice; a hostile file is refused; a
//! sealed file opens with its passphrase only.
//! axe checks each screen and dialog only sharing shows, in both themes (WCAG 2.2 AA, as
//! `accessibility.rs` does for the rest).

use std::path::Path;

use waymark_core::milestones::{self, MilestoneInput};
use waymark_core::sync::share::{self, ShareRequest};
use waymark_core::{archive, db};
use waymark_e2e::axe::Axe;
use waymark_e2e::{App, Result, native_dialog, pdf_text, seed};

const MENTEE: &str = "Amara Okonkwo";
const PLAN: &str = "Toward Cloud Leader";

async fn open_plan(app: &App) -> Result<()> {
    app.click("[data-testid='nav-mentees']").await?;
    app.click_text("[data-testid='mentee-row']", MENTEE).await?;
    app.click("[data-testid='mentee-tab-plan']").await?;
    app.find_text("[data-testid='plan-title']", PLAN).await?;
    Ok(())
}

/// Opens a shared plan file through the open dialog and waits for the merge dialog.
async fn open_shared(app: &App, file: &Path) -> Result<()> {
    app.click("[data-testid='open-shared-plan']").await?;
    native_dialog::open("Open a shared plan", file).await?;
    Ok(())
}

#[tokio::test]
async fn a_plan_goes_to_the_mentee_and_comes_back_merged() -> Result<()> {
    let axe = Axe::load()?;
    let dir = tempfile::tempdir()?;
    let mentor_db = dir.path().join("mentor.sqlite3");
    let mentee_db = dir.path().join("mentee.sqlite3");
    seed::team_with_plans(&mentor_db)?;
    let to_mentee = dir.path().join("to-amara.waymark");
    let back = dir.path().join("from-amara.waymark");

    // The mentor shares the plan.
    let mut app = App::launch("share-mentor", &mentor_db).await?;
    let outcome = async {
        open_plan(&app).await?;
        app.click("[data-testid='share-plan']").await?;
        let dialog = app.find("[data-testid='share-dialog']").await?;
        let shown = app.text_of(&dialog).await?;
        assert!(
            shown.contains("1 goal") && shown.contains("2 milestones"),
            "{shown}"
        );
        assert!(
            shown.contains("your assessments of Amara Okonkwo"),
            "{shown}"
        );
        app.type_into("[data-testid='share-from-name']", "Maria Lindqvist")
            .await?;
        app.screenshot("share-dialog").await?;
        app.click("[data-testid='share-save']").await?;
        native_dialog::save_as("Share the plan", &to_mentee).await?;
        app.find_text("[data-testid='toast']", "to-amara.waymark")
            .await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await?;
    assert!(to_mentee.exists());

    // The mentee opens it in their own Waymark, works on it and sends it back.
    let mut app = App::launch("share-mentee", &mentee_db).await?;
    let outcome = async {
        open_shared(&app, &to_mentee).await?;
        app.find_text(
            "[data-testid='merge-summary']",
            "Maria Lindqvist shared a plan of 1 goal and 2 milestones.",
        )
        .await?;
        app.screenshot("received").await?;
        axe.check(&app, "Merge dialog, a plan received").await?;
        app.click("[data-testid='merge-confirm']").await?;
        app.click("[data-testid='nav-shared']").await?;
        app.find_text("[data-testid='shared-plan']", PLAN).await?;
        axe.check(&app, "Shared with me").await?;
        app.click_text("[data-testid='shared-plan']", PLAN).await?;
        app.find_text("[data-testid='plan-title']", PLAN).await?;
        // The plan itself is the mentor's.
        app.find_text("[data-testid='read-only-notice']", "Maria Lindqvist")
            .await?;
        axe.check(&app, "A plan shared with me").await?;
        assert!(app.find_all("[data-testid='new-goal']").await?.is_empty());

        app.wait_for_count("[data-testid='milestone-done']", 2)
            .await?;
        app.click("[data-testid='toast'] [aria-label='Dismiss']")
            .await?;
        for title in ["Interview five stakeholders", "Circulate the first draft"] {
            let row = app.find_text("[data-testid='milestone']", title).await?;
            let done = row
                .find(thirtyfour::By::Css("[data-testid='milestone-done']"))
                .await?;
            app.click_element(&done).await?;
            app.find_text("[data-testid='milestone'].done", title)
                .await?;
        }
        app.click_text(
            "[data-testid='open-milestone']",
            "Interview five stakeholders",
        )
        .await?;
        app.type_into(
            "[data-testid='milestone-evidence']",
            "Notes from five interviews, shared with the team.",
        )
        .await?;
        app.click("[data-testid='save-milestone']").await?;
        app.find_text("[data-testid='toast']", "saved").await?;
        app.type_into(
            "[data-testid='topic-text']",
            "How do I say no to a staff engineer?",
        )
        .await?;
        app.click("[data-testid='topic-add']").await?;
        app.find_text("[data-testid='topics']", "How do I say no")
            .await?;
        app.type_into(
            "[data-testid='comment-text']",
            "The interviews changed my mind on the API.",
        )
        .await?;
        app.click("[data-testid='comment-add']").await?;
        app.find_text("[data-testid='comment']", "changed my mind")
            .await?;
        // Evidence logged on the shared plan, with Ctrl+E, goes back with it.
        app.ctrl("e").await?;
        app.type_into(
            "[data-testid='evidence-title']",
            "Ran the stakeholder interviews myself",
        )
        .await?;
        app.click("[data-testid='evidence-competency-technical_communication']")
            .await?;
        app.click("[data-testid='evidence-save']").await?;
        app.find_text("[data-testid='toast']", "Evidence saved")
            .await?;
        app.screenshot("mentee-worked").await?;

        app.click("[data-testid='send-back']").await?;
        native_dialog::save_as("Send the plan back", &back).await?;
        app.find_text("[data-testid='toast']", "from-amara.waymark")
            .await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await?;

    // The mentor merges it and sees it on Today and in the PDF.
    let pdf = dir.path().join("amara.pdf");
    let mut app = App::launch("share-merge", &mentor_db).await?;
    let outcome = async {
        open_shared(&app, &back).await?;
        app.find_text(
            "[data-testid='merge-summary']",
            "Amara Okonkwo completed 2 milestones, added evidence to 1 milestone, added 1 topic for the next 1:1, logged a piece of evidence and wrote 1 comment.",
        )
        .await?;
        app.screenshot("merge-preview").await?;
        axe.check(&app, "Merge dialog, a plan sent back").await?;
        app.click("[data-testid='merge-confirm']").await?;
        app.find_text("[data-testid='toast']", "Merged").await?;
        app.click("[data-testid='nav-dashboard']").await?;
        app.find_text("[data-testid='dashboard-plan']", "100%").await?;
        app.screenshot("today-after-merge").await?;
        open_plan(&app).await?;
        app.find_text("[data-testid='topics']", "How do I say no").await?;
        app.find_text("[data-testid='comment']", "changed my mind").await?;
        app.screenshot("plan-after-merge").await?;
        app.click("[data-testid='evidence-tab']").await?;
        app.find_text("[data-testid='evidence-item']", "Ran the stakeholder interviews myself")
            .await?;
        app.find_text("[data-testid='evidence-item-by']", "Amara").await?;
        // Ctrl+P exports the plan once it is on screen; before, it is the overview.
        app.click("[data-testid='mentee-tab-plan']").await?;
        app.find_text("[data-testid='plan-title']", PLAN).await?;
        app.ctrl("p").await?;
        native_dialog::save_as("Export plan as PDF", &pdf).await?;
        app.find_text("[data-testid='toast']", "PDF saved to").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await?;
    let text = pdf_text(&pdf)?;
    assert!(text.contains("Notes from five interviews"), "{text}");
    assert!(
        text.contains("Ran the stakeholder interviews myself"),
        "{text}"
    );
    Ok(())
}

#[tokio::test]
async fn a_conflict_is_settled_by_choice_and_a_hostile_file_changes_nothing() -> Result<()> {
    let axe = Axe::load()?;
    let dir = tempfile::tempdir()?;
    let mentor_db = dir.path().join("mentor.sqlite3");
    seed::team_with_plans(&mentor_db)?;
    let back = dir.path().join("back.waymark");
    {
        // Both sides write evidence for one milestone apart, through the core.
        let mut mentor = db::open(&mentor_db)?;
        let plan_id: i64 = mentor.query_row("SELECT id FROM plans", [], |r| r.get(0))?;
        let request = |plan_id| ShareRequest {
            plan_id,
            from_name: Some("Maria Lindqvist".into()),
            mentee_edits_plan: false,
            passphrase: None,
            include_assessments: false,
        };
        let first = share::share(&mut mentor, &request(plan_id))?;
        let mut mentee = db::open_in_memory()?;
        let received = share::merge(&mut mentee, &share::open_bytes(&first)?, &[], false)?;
        let evidence = |conn: &mut rusqlite::Connection, text: &str| -> Result<()> {
            let id: i64 = conn.query_row(
                "SELECT id FROM milestones WHERE title = 'Interview five stakeholders'",
                [],
                |r| r.get(0),
            )?;
            let m = milestones::get(conn, id)?;
            let input = MilestoneInput {
                evidence: text.into(),
                ..MilestoneInput::planned(m.title, m.due_on)
            };
            milestones::update(conn, id, &input)?;
            Ok(())
        };
        evidence(&mut mentee, "Amara's notes from the interviews")?;
        evidence(&mut mentor, "Maria's summary of the interviews")?;
        std::fs::write(
            &back,
            share::share(&mut mentee, &request(received.plan_id))?,
        )?;
    }

    let mut app = App::launch("share-conflict", &mentor_db).await?;
    let outcome = async {
        open_shared(&app, &back).await?;
        for value in [
            "Maria's summary of the interviews",
            "Amara's notes from the interviews",
        ] {
            app.find_text("[data-testid='conflict']", value).await?;
        }
        app.screenshot("conflict").await?;
        axe.check(&app, "Merge dialog with a conflict").await?;
        app.click("[data-testid='keep-theirs']").await?;
        app.click("[data-testid='merge-confirm']").await?;
        app.find_text("[data-testid='toast']", "Merged").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await?;
    let kept: String = db::open(&mentor_db)?.query_row(
        "SELECT evidence FROM milestones WHERE title = 'Interview five stakeholders'",
        [],
        |r| r.get(0),
    )?;
    assert_eq!(kept, "Amara's notes from the interviews");

    // A file of random bytes in the clothes of a shared plan: refused, nothing changed.
    let hostile = dir.path().join("Amara – plan.waymark");
    std::fs::write(
        &hostile,
        (0..4096u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<_>>(),
    )?;
    let before = archive::export(&db::open(&mentor_db)?)?;
    let mut app = App::launch("share-hostile", &mentor_db).await?;
    let outcome = async {
        open_shared(&app, &hostile).await?;
        app.find_text("body", "This shared plan file was not opened")
            .await?;
        app.screenshot("hostile-refused").await?;
        axe.check(&app, "A shared plan file refused").await?;
        assert!(
            app.find_all("[data-testid='merge-confirm']")
                .await?
                .is_empty()
        );
        Ok(())
    }
    .await;
    app.finish(outcome).await?;
    assert_eq!(archive::export(&db::open(&mentor_db)?)?, before);
    Ok(())
}

#[tokio::test]
async fn a_sealed_plan_opens_with_its_passphrase_only() -> Result<()> {
    let axe = Axe::load()?;
    let dir = tempfile::tempdir()?;
    let mentor_db = dir.path().join("mentor.sqlite3");
    let mentee_db = dir.path().join("mentee.sqlite3");
    seed::team_with_plans(&mentor_db)?;
    let sealed = dir.path().join("to-amara.waymark");
    seed::shared_plan_file(&mentor_db, &sealed, Some("copper kettle at dawn"))?;

    let mut app = App::launch("share-sealed", &mentee_db).await?;
    let outcome = async {
        open_shared(&app, &sealed).await?;
        app.find("[data-testid='unlock-dialog']").await?;
        axe.check(&app, "Passphrase dialog").await?;
        app.type_into("[data-testid='unlock-passphrase']", "copper kettle at noon")
            .await?;
        app.click("[data-testid='unlock-confirm']").await?;
        app.find("#unlock-passphrase-error").await?;
        app.screenshot("wrong-passphrase").await?;
        axe.check(&app, "Passphrase dialog, a wrong passphrase")
            .await?;
        assert!(
            app.find_all("[data-testid='merge-summary']")
                .await?
                .is_empty(),
            "nothing of the plan shows before the passphrase is right"
        );
        app.type_into("[data-testid='unlock-passphrase']", "copper kettle at dawn")
            .await?;
        app.click("[data-testid='unlock-confirm']").await?;
        app.find_text(
            "[data-testid='merge-summary']",
            "Maria Lindqvist shared a plan of 1 goal and 2 milestones.",
        )
        .await?;
        app.click("[data-testid='merge-confirm']").await?;
        app.click("[data-testid='nav-shared']").await?;
        app.find_text("[data-testid='shared-plan']", PLAN).await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}
