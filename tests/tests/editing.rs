//! A logged 1:1 and an assessment can be corrected later, with the same validation as
//! when they were written, and the correction can be undone.

use waymark_e2e::{App, Result, seed};

async fn open_tab(app: &App, mentee: &str, tab: &str) -> Result<()> {
    app.click("[data-testid='nav-mentees']").await?;
    app.click_text("[data-testid='mentee-row']", mentee).await?;
    app.click(&format!("[data-testid='mentee-tab-{tab}']"))
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_logged_one_to_one_can_be_edited_and_the_edit_undone() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team_with_plans(&db)?;
    let mut app = App::launch("edit-session", &db).await?;
    let outcome = async {
        open_tab(&app, "Grace Hopper", "sessions").await?;
        app.find_text("[data-testid='session-notes'] h2", "Catch-up")
            .await?;
        app.click("[data-testid='edit-session']").await?;
        app.find("[data-testid='session-form']").await?;

        // The date is checked as when the 1:1 was logged; nothing is saved.
        app.type_into("#session-date", "2026-02-30").await?;
        app.click("[data-testid='save-session']").await?;
        app.find("[data-testid='session-form'] .error").await?;
        app.screenshot("invalid-date").await?;

        app.type_into("#session-date", "2026-03-02").await?;
        app.type_into(
            "#session-notes",
            "## Hiring\nAgreed on **the interview loop**.",
        )
        .await?;
        app.click("[data-testid='save-session']").await?;
        app.find_text("[data-testid='session-notes'] strong", "the interview loop")
            .await?;
        app.find_text("[data-testid='session'] h3", "Mar 2, 2026")
            .await?;
        app.screenshot("edited").await?;

        // Undo puts the notes and date back.
        app.click_text("[data-testid='toast'] button", "Undo")
            .await?;
        app.find_text("[data-testid='session-notes'] h2", "Catch-up")
            .await?;
        let notes = app.find("[data-testid='session-notes']").await?;
        assert!(!app.text_of(&notes).await?.contains("interview loop"));
        Ok(())
    }
    .await;
    app.finish(outcome).await
}

#[tokio::test]
async fn an_assessment_can_be_corrected_and_the_correction_undone() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team(&db)?;
    let mut app = App::launch("edit-assessment", &db).await?;
    let outcome = async {
        open_tab(&app, "Amara Okonkwo", "assessments").await?;
        app.click("[data-testid='new-assessment']").await?;
        app.wait_for_count("[data-testid='rating-row']", 9).await?;
        app.click("[data-testid='save-assessment']").await?;
        app.find_text("[data-testid='assessment-row']", "average 3.0")
            .await?;

        app.click("[data-testid='edit-assessment']").await?;
        app.find_text("[data-testid='assessment-form']", "Correct this assessment")
            .await?;
        // Checked as a new assessment is: an impossible date is refused beside its field.
        app.type_into("#assessedOn", "2026-02-30").await?;
        app.click("[data-testid='save-assessment']").await?;
        app.find("[data-testid='assessment-form'] .error").await?;
        app.screenshot("invalid-date").await?;

        app.type_into("#assessedOn", "2026-02-27").await?;
        app.type_into("#assessment-notes", "Rated again after the offsite.")
            .await?;
        app.click("[data-testid='save-assessment']").await?;
        app.find_text(
            "[data-testid='assessment-row']",
            "Rated again after the offsite.",
        )
        .await?;
        app.wait_for_count("[data-testid='assessment-row']", 1)
            .await?;
        app.screenshot("corrected").await?;

        // Undo brings back the date and notes it had.
        app.click_text("[data-testid='toast'] button", "Undo")
            .await?;
        let row = app.find("[data-testid='assessment-row']").await?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        while app.text_of(&row).await?.contains("offsite") {
            assert!(
                std::time::Instant::now() < deadline,
                "Undo left the correction"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        Ok(())
    }
    .await;
    app.finish(outcome).await
}
