//! What a toast promises must have happened: a failed delete offers no Undo (and the
//! screen shows what is really there), and a refused Undo says why.

use waymark_e2e::{App, Result, seed};

const GOAL: &str = "Write the platform's two-year technical vision";

async fn open_amaras_plan(app: &App) -> Result<()> {
    app.click("[data-testid='nav-mentees']").await?;
    app.click_text("[data-testid='mentee-row']", "Amara Okonkwo")
        .await?;
    app.click("[data-testid='mentee-tab-plan']").await?;
    app.find_text("[data-testid='plan-title']", "Toward Cloud Leader")
        .await?;
    Ok(())
}

async fn toast_texts(app: &App) -> Result<Vec<String>> {
    let mut texts = Vec::new();
    for toast in app.find_all("[data-testid='toast']").await? {
        texts.push(app.text_of(&toast).await?);
    }
    Ok(texts)
}

#[tokio::test]
async fn a_failed_delete_shows_its_error_and_no_undo() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team_with_plans(&db)?;
    let mut app = App::launch("failed-delete", &db).await?;
    let outcome = async {
        open_amaras_plan(&app).await?;
        app.find_text("[data-testid='goal']", GOAL).await?;
        // Gone behind the window's back, so the delete finds nothing to delete.
        rusqlite::Connection::open(&db)?.execute(
            "UPDATE goals SET deleted_at = '2026-01-01T00:00:00Z' WHERE title = ?1",
            [GOAL],
        )?;
        app.click("[data-testid='delete-goal']").await?;
        app.find_text("[data-testid='toast'].error", "not found")
            .await?;
        app.screenshot("error-toast").await?;
        let texts = toast_texts(&app).await?;
        assert!(
            texts
                .iter()
                .all(|t| !t.contains("deleted") && !t.contains("Undo")),
            "a failed delete announced itself: {texts:?}"
        );
        // The plan is read afresh, so the goal deleted elsewhere is gone from it too.
        app.wait_for_count("[data-testid='goal']", 0).await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}

#[tokio::test]
async fn a_refused_undo_says_why() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team_with_plans(&db)?;
    let mut app = App::launch("refused-undo", &db).await?;
    let outcome = async {
        open_amaras_plan(&app).await?;
        app.click("summary[aria-label='More plan actions']").await?;
        app.click("[data-testid='delete-plan']").await?;
        app.find_text("[data-testid='toast']", "deleted").await?;
        // Another plan becomes the active one before the Undo.
        let created = app
            .eval_async(
                "window.__TAURI_INTERNALS__.invoke('create_plan', { menteeId: 2, input: {
                   title: 'Second thoughts', leaderTypeId: 13, roleTrackKey: 'technical_leader',
                   startsOn: '2026-01-01', targetOn: '2027-01-01', status: 'active', targets: null } })
                 .then((p) => done(p.status), (e) => done(e.message));",
            )
            .await?;
        assert_eq!(created, serde_json::json!("active"));
        app.click_text("[data-testid='toast'] button", "Undo")
            .await?;
        app.find_text("[data-testid='toast'].error", "already the active plan")
            .await?;
        // The screen shows the plan that is active now, not "No plan yet".
        app.find_text("[data-testid='plan-title']", "Second thoughts")
            .await?;
        app.screenshot("refused-undo").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}
