//! The app follows the system's dark preference, and stays legible in it.

use waymark_e2e::{App, Result, seed};

#[tokio::test]
async fn a_dark_system_theme_gives_a_dark_window() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team_with_plans(&db)?;
    let mut app = App::launch_with("dark", &db, &[("GTK_THEME", "Adwaita:dark")]).await?;
    let outcome = async {
        app.click("[data-testid='nav-mentees']").await?;
        let dark = app
            .eval("return window.matchMedia('(prefers-color-scheme: dark)').matches;")
            .await?;
        assert_eq!(dark, serde_json::json!(true));
        let background = app
            .eval("return getComputedStyle(document.documentElement).backgroundColor;")
            .await?;
        assert_eq!(background, serde_json::json!("rgb(20, 24, 30)"));
        app.click_text("[data-testid='mentee-row']", "Zoë").await?;
        app.find("[data-testid='mentee-detail']").await?;
        app.screenshot("mentee").await?;
        app.click_text("[data-testid='mentee-row']", "Amara")
            .await?;
        app.click("[data-testid='mentee-tab-plan']").await?;
        app.find("[data-testid='radar'] svg").await?;
        app.reveal("[data-testid='plan-progress']").await?;
        app.screenshot("plan").await?;
        // The sharing dialog and panels are dark too, not white boxes on a dark window.
        app.click("[data-testid='share-plan']").await?;
        app.find("[data-testid='share-dialog']").await?;
        let dialog = app
            .eval(
                "const d = document.querySelector('[data-testid=share-dialog]');
                 return getComputedStyle(d.closest('dialog') || d).backgroundColor;",
            )
            .await?;
        assert_ne!(dialog, serde_json::json!("rgb(255, 255, 255)"));
        app.screenshot("share-dialog").await?;
        app.press_escape().await?;
        app.reveal("[data-testid='comments']").await?;
        app.screenshot("topics-and-comments").await?;
        app.click("[data-testid='nav-catalogue']").await?;
        app.find("[data-testid='leader-type-detail']").await?;
        app.screenshot("catalogue").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}
