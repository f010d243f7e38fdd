//! WCAG 2.2 AA in the real window: axe-core (the npm package the UI installs) runs on every
//! screen, tab, menu and dialog of the demo data, on the first run and on a refused data
//! file, in the light and the dark theme, and finds no serious or critical violation.
//! (The shared-plan and sync screens are checked, in both themes too, where `sharing.rs`
//! and `live_sync.rs` reach them.)

use std::path::Path;

use waymark_e2e::axe::Axe;
use waymark_e2e::keyboard::type_text;
use waymark_e2e::{App, Result};

/// Opens a menu or dialog with a click on `open`, checks it once `ready` shows, and closes
/// it with Escape.
async fn opened(app: &App, axe: &Axe, open: &str, ready: &str, place: &str) -> Result<Vec<String>> {
    app.click(open).await?;
    app.find(ready).await?;
    let found = axe.violations(app, place).await?;
    app.press_escape().await?;
    app.wait_for_count(ready, 0).await?;
    Ok(found)
}

async fn every_screen(app: &App, axe: &Axe) -> Result<Vec<String>> {
    let mut found = Vec::new();
    app.find("[data-testid='calibration-chart']").await?;
    found.extend(axe.violations(app, "Today").await?);

    app.click("[data-testid='nav-mentees']").await?;
    app.click_text("[data-testid='mentee-row']", "Amara Okonkwo")
        .await?;
    app.find("[data-testid='mentee-detail']").await?;
    found.extend(axe.violations(app, "Mentee overview").await?);
    found.extend(
        opened(
            app,
            axe,
            "[data-testid='delete-mentee']",
            "[data-testid='confirm-dialog']",
            "Confirmation",
        )
        .await?,
    );
    for (tab, ready) in [
        ("mentee-tab-assessments", "[data-testid='assessment-row']"),
        ("mentee-tab-plan", "[data-testid='forecast-row']"),
        ("mentee-tab-sessions", "[data-testid='next-session']"),
        ("evidence-tab", "[data-testid='evidence-item']"),
    ] {
        app.click(&format!("[data-testid='{tab}']")).await?;
        app.find(ready).await?;
        found.extend(axe.violations(app, tab).await?);
    }
    app.click("[data-testid='mentee-tab-sessions']").await?;
    found.extend(
        opened(
            app,
            axe,
            "[data-testid='edit-rhythm']",
            "[data-testid='rhythm-dialog']",
            "Rhythm dialog",
        )
        .await?,
    );
    // The 1:1 form opens in the page, not over it.
    app.click("[data-testid='new-session']").await?;
    app.find("[data-testid='session-form']").await?;
    found.extend(axe.violations(app, "1:1 form").await?);
    app.click_text("[data-testid='session-form'] button", "Cancel")
        .await?;
    app.wait_for_count("[data-testid='session-form']", 0)
        .await?;

    app.click("[data-testid='mentee-tab-assessments']").await?;
    found.extend(
        opened(
            app,
            axe,
            "[data-testid='new-assessment']",
            "[data-testid='save-assessment']",
            "Assessment form",
        )
        .await?,
    );

    app.ctrl("e").await?;
    app.find("[data-testid='evidence-dialog'] [data-testid='evidence-mentee']")
        .await?;
    found.extend(axe.violations(app, "Evidence dialog").await?);
    // Its mentee picker with the list open on what was typed, a name highlighted.
    app.click("[data-testid='evidence-mentee']").await?;
    type_text(app, "a").await?;
    app.find("[data-testid='evidence-mentee'][aria-expanded='true'][aria-activedescendant]")
        .await?;
    found.extend(axe.violations(app, "Evidence dialog's mentee list").await?);
    app.press_escape().await?;
    app.find("[data-testid='evidence-mentee'][aria-expanded='false']")
        .await?;
    app.press_escape().await?;

    app.click("[data-testid='mentee-tab-plan']").await?;
    app.find("[data-testid='forecast-row']").await?;
    for (open, ready, place) in [
        (
            "[data-testid='share-plan']",
            "[data-testid='share-dialog']",
            "Share dialog",
        ),
        (
            "[aria-label='More plan actions']",
            "details.more[open] [role='menu']",
            "Plan's More menu",
        ),
        (
            "[data-testid='edit-plan']",
            "[data-testid='save-plan']",
            "Plan form",
        ),
        (
            "[data-testid='edit-targets']",
            "[data-testid='save-targets']",
            "Targets form",
        ),
        (
            "[data-testid='new-goal']",
            "[data-testid='save-goal']",
            "Goal form",
        ),
        (
            "[data-testid='open-milestone']",
            "[data-testid='save-milestone']",
            "Milestone form",
        ),
    ] {
        found.extend(opened(app, axe, open, ready, place).await?);
    }

    app.click("[data-testid='nav-mentees']").await?;
    found.extend(
        opened(
            app,
            axe,
            "[data-testid='new-mentee']",
            "[data-testid='save-mentee']",
            "New mentee form",
        )
        .await?,
    );

    for (screen, ready) in [
        ("catalogue", "[data-testid='catalogue']"),
        ("search", "[data-testid='search-input']"),
        ("settings", "[data-testid='settings'][aria-busy='false']"),
    ] {
        app.click(&format!("[data-testid='nav-{screen}']")).await?;
        app.find(ready).await?;
        found.extend(axe.violations(app, screen).await?);
    }
    app.click("[data-testid='nav-catalogue']").await?;
    app.click("[data-testid='leader-type']").await?;
    app.find("[data-testid='leader-type-detail']").await?;
    found.extend(axe.violations(app, "A leader type").await?);
    found.extend(
        opened(
            app,
            axe,
            "[data-testid='use-as-start']",
            "[data-testid='save-leader-type']",
            "Leader type form",
        )
        .await?,
    );

    app.click("[data-testid='nav-search']").await?;
    app.type_into("[data-testid='search-input']", "vision")
        .await?;
    app.find("[data-testid='search-group']").await?;
    found.extend(axe.violations(app, "Search results").await?);
    Ok(found)
}

/// Every violation `check` finds in a window of each theme, each on a data file of its
/// own that `make` writes; a failure to reach a screen is an error with its screenshot.
async fn in_both_themes(
    name: &str,
    make: impl Fn(&Path) -> Result<()>,
    check: impl AsyncFn(&App, &Axe) -> Result<Vec<String>>,
) -> Result<()> {
    let axe = Axe::load()?;
    let dir = tempfile::tempdir()?;
    let mut found = Vec::new();
    for (theme, env) in [
        ("light", None),
        ("dark", Some(("GTK_THEME", "Adwaita:dark"))),
    ] {
        let db = dir.path().join(theme).join("waymark.sqlite3");
        std::fs::create_dir_all(dir.path().join(theme))?;
        make(&db)?;
        let env: Vec<(&str, &str)> = env.into_iter().collect();
        let app = App::launch_with(&format!("{name}-{theme}"), &db, &env).await?;
        let seen = match check(&app, &axe).await {
            Ok(seen) => seen,
            Err(e) => return app.finish(Err(e)).await,
        };
        found.extend(seen.into_iter().map(|v| format!("{theme}: {v}")));
        app.quit().await?;
    }
    assert!(
        found.is_empty(),
        "{} violations:\n{}",
        found.len(),
        found.join("\n")
    );
    Ok(())
}

#[tokio::test]
async fn every_screen_meets_wcag_2_2_aa_in_both_themes() -> Result<()> {
    in_both_themes(
        "axe",
        |db| {
            Ok(
                waymark_core::demo::write_file(db, waymark_core::demo::DemoSize::Showcase)
                    .map(drop)?,
            )
        },
        every_screen,
    )
    .await
}

#[tokio::test]
async fn the_first_run_meets_wcag_2_2_aa_in_both_themes() -> Result<()> {
    in_both_themes(
        "axe-first-run",
        |_| Ok(()),
        async |app, axe| {
            app.find("[data-testid='welcome']").await?;
            let mut found = axe.violations(app, "Welcome").await?;
            app.click("[data-testid='welcome-self']").await?;
            app.find("[data-testid='save-mentee']").await?;
            found.extend(axe.violations(app, "Own growth form").await?);
            Ok(found)
        },
    )
    .await
}

#[tokio::test]
async fn a_refused_data_file_meets_wcag_2_2_aa_in_both_themes() -> Result<()> {
    in_both_themes(
        "axe-refused",
        |db| {
            Ok(std::fs::write(
                db,
                b"Not a database: a letter saved under the wrong name.",
            )?)
        },
        async |app, axe| {
            app.find("[data-testid='data-file-problem']").await?;
            axe.violations(app, "Refused data file").await
        },
    )
    .await
}
