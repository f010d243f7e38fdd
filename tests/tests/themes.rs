//! The app follows the system's dark preference, and stays legible in it.

use waymark_e2e::axe::dark_theme;
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
        open_amaras_plan(&app).await?;
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

/// The colours of everything shown on the plan screen with its share dialog open (the
/// head is left out: its links change as screens load in the background): what a test
/// compares between the dark theme and its emulation.
const COLOURS: &str = "
    const shown = [document.documentElement, document.body, ...document.body.querySelectorAll('*')];
    return shown.map((e) => {
        const s = getComputedStyle(e);
        return [e.tagName, e.getAttribute('data-testid') || '', s.color, s.backgroundColor, s.borderTopColor, s.outlineColor, s.fill, s.stroke]
            .join(' ');
    });";

/// From the mentee list, Amara's plan with its radar drawn.
async fn open_amaras_plan(app: &App) -> Result<()> {
    app.click_text("[data-testid='mentee-row']", "Amara")
        .await?;
    app.click("[data-testid='mentee-tab-plan']").await?;
    app.find("[data-testid='radar'] svg").await?;
    Ok(())
}

async fn plan_colours(app: &App) -> Result<serde_json::Value> {
    app.click("[data-testid='nav-mentees']").await?;
    open_amaras_plan(app).await?;
    app.click("[data-testid='share-plan']").await?;
    app.find("[data-testid='share-dialog']").await?;
    Ok(app.eval(COLOURS).await?)
}

/// The screens only sharing and sync show are checked by axe in a light window with the
/// dark theme turned on in place (`axe::dark_theme`): that must be the very theme a dark
/// system gives, element by element.
#[tokio::test]
async fn the_dark_theme_turned_on_in_place_is_the_system_s_dark_theme() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team_with_plans(&db)?;
    let app = App::launch_with("dark-system", &db, &[("GTK_THEME", "Adwaita:dark")]).await?;
    let system = plan_colours(&app).await;
    app.quit().await?;
    let app = App::launch("dark-in-place", &db).await?;
    let outcome = async {
        let light = plan_colours(&app).await?;
        let background = dark_theme(&app, true).await?;
        if background != "rgb(20, 24, 30)" {
            return Err(format!("the dark theme in place left a {background} page").into());
        }
        let in_place = app.eval(COLOURS).await?;
        if in_place == light {
            return Err("turning the dark theme on in place changed no colour".into());
        }
        same("the dark theme in place", &in_place, &system?)?;
        dark_theme(&app, false).await?;
        same("the light theme again", &app.eval(COLOURS).await?, &light)?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}

/// Fails with the elements whose colours differ between `seen` and `expected`.
fn same(what: &str, seen: &serde_json::Value, expected: &serde_json::Value) -> Result<()> {
    let (seen, expected) = (seen.as_array(), expected.as_array());
    let (seen, expected) = (seen.ok_or(what)?, expected.ok_or(what)?);
    let differ: Vec<String> = seen
        .iter()
        .zip(expected)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("{a} instead of {b}"))
        .collect();
    if differ.is_empty() && seen.len() == expected.len() {
        Ok(())
    } else {
        Err(format!(
            "{what}: {} elements against {}; {} differ:\n{}",
            seen.len(),
            expected.len(),
            differ.len(),
            differ.join("\n")
        )
        .into())
    }
}
