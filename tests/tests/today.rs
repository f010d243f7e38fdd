//! The dashboard and 1:1s through the real window.

use waymark_e2e::{App, Result, seed};

#[tokio::test]
async fn the_dashboard_leads_to_a_1on1_whose_action_item_becomes_a_milestone() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team_with_plans(&db)?;
    let mut app = App::launch("today", &db).await?;
    let outcome = async {
        app.find_text("[data-testid='overdue']", "Interview five stakeholders")
            .await?;
        app.find_text("[data-testid='upcoming']", "Circulate the first draft")
            .await?;
        app.find_text("[data-testid='not-seen']", "Grace Hopper")
            .await?;
        app.find_text("[data-testid='dashboard-plan']", "Amara Okonkwo")
            .await?;
        app.screenshot("dashboard").await?;
        assert!(
            served_first_screen(&app).await?,
            "Today's first data came with the page"
        );

        // Hostile markup in notes is shown as text and never runs.
        app.click_text("[data-testid='not-seen'] button", "Grace Hopper")
            .await?;
        app.find("[data-testid='sessions-tab']").await?;
        let notes = app.find("[data-testid='session-notes']").await?;
        assert!(app.text_of(&notes).await?.contains("stays text"));
        assert!(
            app.find_all("[data-testid='session-notes'] img, [data-testid='session-notes'] script")
                .await?
                .is_empty()
        );
        assert_eq!(
            app.eval("return document.title;").await?,
            serde_json::json!("Waymark")
        );

        // Amara: log a 1:1 about her goal with an action item, then make it a milestone.
        app.click("[data-testid='nav-dashboard']").await?;
        app.click_text(
            "[data-testid='overdue'] button",
            "Interview five stakeholders",
        )
        .await?;
        app.find("[data-testid='plan-tab']").await?;
        app.click("[data-testid='mentee-tab-sessions']").await?;
        app.click("[data-testid='new-session']").await?;
        app.type_into("#session-notes", "She **presented** the vision outline.")
            .await?;
        app.type_into("#session-items", "Book the architecture review")
            .await?;
        app.click("[data-testid='save-session']").await?;
        app.find_text(
            "[data-testid='action-item']",
            "Book the architecture review",
        )
        .await?;
        app.find_text("[data-testid='session-notes'] strong", "presented")
            .await?;
        app.click("[data-testid='to-milestone']").await?;
        app.click("[data-testid='confirm-milestone']").await?;
        app.find_text("[data-testid='action-item']", "Milestone")
            .await?;
        app.screenshot("1on1").await?;

        app.click("[data-testid='mentee-tab-plan']").await?;
        app.find_text("[data-testid='milestone']", "Book the architecture review")
            .await?;

        // Completing the overdue milestone clears it from the dashboard and moves progress.
        app.click("[data-testid='milestone-done']").await?;
        app.find_text("[data-testid='plan-progress']", "1 of 3")
            .await?;
        app.click("[data-testid='nav-dashboard']").await?;
        app.find_text("[data-testid='dashboard-plan']", "33%")
            .await?;
        let overdue = app.find("[data-testid='overdue']").await?;
        assert!(
            !app.text_of(&overdue)
                .await?
                .contains("Interview five stakeholders")
        );
        app.find_text("[data-testid='overdue'] h2", "0").await?;
        app.click_text("[data-testid='dashboard-plan']", "Amara Okonkwo")
            .await?;
        app.click("[data-testid='mentee-tab-overview']").await?;
        app.find_text("[data-testid='last-session']", "today")
            .await?;

        // Back on the dashboard, Amara no longer waits for a 1:1.
        app.click("[data-testid='nav-dashboard']").await?;
        app.find("[data-testid='not-seen']").await?;
        let waiting = app.find("[data-testid='not-seen']").await?;
        assert!(!app.text_of(&waiting).await?.contains("Amara"));
        Ok(())
    }
    .await;
    app.finish(outcome).await
}

/// Whether this page load's first screen came from the shell's `waymark-first:` script
/// (which leaves a performance mark), rather than over IPC after the page's first frame.
async fn served_first_screen(app: &App) -> Result<bool> {
    let loaded = app
        .eval("return performance.getEntriesByName('waymark-first-screen').length === 1;")
        .await?;
    Ok(loaded == serde_json::json!(true))
}

#[tokio::test]
async fn first_run_offers_a_demo_that_leaves_your_own_data_alone() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("mine.sqlite3");
    let mut app = App::launch("demo", &db).await?;
    let outcome = async {
        app.find("[data-testid='welcome-demo']").await?;
        app.screenshot("first-run").await?;
        app.click("[data-testid='welcome-demo']").await?;
        app.find("[data-testid='demo-banner']").await?;
        app.find_text("[data-testid='dashboard-plan']", "Amara Okonkwo")
            .await?;
        app.find_text("[data-testid='dashboard-warnings']", "Project Manager")
            .await?;
        assert!(
            served_first_screen(&app).await?,
            "after the reload into the demo, the first data is the demo's"
        );
        app.screenshot("demo-dashboard").await?;

        // The big plan: 12 goals, 60 milestones, drawn without trouble.
        app.click_text("[data-testid='dashboard-plan']", "Amara Okonkwo")
            .await?;
        app.wait_for_count("[data-testid='goal']", 12).await?;
        app.wait_for_count("[data-testid='milestone']", 60).await?;
        app.reveal("[data-testid='plan-title']").await?;
        app.screenshot("demo-plan").await?;
        app.click("[data-testid='mentee-tab-overview']").await?;
        app.reveal("[data-testid='progress-charts']").await?;
        app.screenshot("demo-progress").await?;

        app.click("[data-testid='leave-demo']").await?;
        app.find("[data-testid='welcome-demo']").await?;
        assert!(
            app.find_all("[data-testid='demo-banner']")
                .await?
                .is_empty()
        );
        Ok(())
    }
    .await;
    app.finish(outcome).await?;
    assert!(
        dir.path().join("waymark-demo.sqlite3").exists(),
        "the demo lives beside the data file"
    );
    Ok(())
}

#[tokio::test]
async fn one_search_box_finds_a_milestone_and_opens_its_plan() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team_with_plans(&db)?;
    let mut app = App::launch("search", &db).await?;
    let outcome = async {
        app.ctrl("k").await?;
        app.find("[data-testid='search-input']").await?;
        let input = app.driver.active_element().await?;
        input.send_keys("stakehold").await?;
        app.find_text("[data-testid='search-hit']", "Interview five stakeholders")
            .await?;
        app.screenshot("results").await?;
        app.click_text("[data-testid='search-hit']", "Interview five stakeholders")
            .await?;
        app.find_text("[data-testid='milestone']", "Interview five stakeholders")
            .await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}
