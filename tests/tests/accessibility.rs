//! WCAG 2.2 AA in the real window: axe-core (the npm package the UI installs) runs on every
//! screen, tab and dialog of the demo data, in the light and the dark theme, and finds no
//! serious or critical violation.

use waymark_e2e::keyboard::type_text;
use waymark_e2e::{App, Result};

/// What axe checks: WCAG 2.0, 2.1 and 2.2 at levels A and AA.
const RUN: &str = "
    axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
        resultTypes: ['violations'],
    }).then((r) => done(r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' at '
            + v.nodes.slice(0, 4).map((n) => n.target.join(' ') + ' {'
                + ((n.any[0] || n.all[0] || n.none[0] || {}).message || '') + '}').join(' | '))),
        (e) => done(['axe failed: ' + e]));";

fn axe_source() -> Result<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../ui/node_modules/axe-core/axe.min.js"
    );
    Ok(std::fs::read_to_string(path).map_err(|e| format!("{path}: {e} (run `make deps`)"))?)
}

/// The serious and critical violations on what the window shows now, each with where.
async fn violations(app: &App, axe: &str, place: &str) -> Result<Vec<String>> {
    let found = app.eval_async(&format!("{axe}\n{RUN}")).await?;
    let list: Vec<String> = serde_json::from_value(found)?;
    Ok(list.into_iter().map(|v| format!("{place}: {v}")).collect())
}

async fn every_screen(app: &mut App, axe: &str) -> Result<Vec<String>> {
    let mut found = Vec::new();
    app.find("[data-testid='calibration-chart']").await?;
    found.extend(violations(app, axe, "Today").await?);

    app.click("[data-testid='nav-mentees']").await?;
    app.click_text("[data-testid='mentee-row']", "Amara Okonkwo")
        .await?;
    app.find("[data-testid='mentee-detail']").await?;
    found.extend(violations(app, axe, "Mentee overview").await?);
    for (tab, ready) in [
        ("mentee-tab-assessments", "[data-testid='assessment-row']"),
        ("mentee-tab-plan", "[data-testid='forecast-row']"),
        ("mentee-tab-sessions", "[data-testid='next-session']"),
        ("evidence-tab", "[data-testid='evidence-item']"),
    ] {
        app.click(&format!("[data-testid='{tab}']")).await?;
        app.find(ready).await?;
        found.extend(violations(app, axe, tab).await?);
    }
    app.click("[data-testid='mentee-tab-sessions']").await?;
    app.click("[data-testid='edit-rhythm']").await?;
    app.find("[data-testid='rhythm-dialog']").await?;
    found.extend(violations(app, axe, "Rhythm dialog").await?);
    app.press_escape().await?;

    app.click("[data-testid='mentee-tab-assessments']").await?;
    app.click("[data-testid='new-assessment']").await?;
    app.find("[data-testid='save-assessment']").await?;
    found.extend(violations(app, axe, "Assessment form").await?);
    app.press_escape().await?;

    app.ctrl("e").await?;
    app.find("[data-testid='evidence-dialog'] [data-testid='evidence-mentee']")
        .await?;
    found.extend(violations(app, axe, "Evidence dialog").await?);
    // Its mentee picker with the list open on what was typed, a name highlighted.
    app.click("[data-testid='evidence-mentee']").await?;
    type_text(app, "a").await?;
    app.find("[data-testid='evidence-mentee'][aria-expanded='true'][aria-activedescendant]")
        .await?;
    found.extend(violations(app, axe, "Evidence dialog's mentee list").await?);
    app.press_escape().await?;
    app.find("[data-testid='evidence-mentee'][aria-expanded='false']")
        .await?;
    app.press_escape().await?;

    app.click("[data-testid='mentee-tab-plan']").await?;
    app.click("[data-testid='share-plan']").await?;
    app.find("[data-testid='share-dialog']").await?;
    found.extend(violations(app, axe, "Share dialog").await?);
    app.press_escape().await?;

    app.click("[data-testid='nav-mentees']").await?;
    app.click("[data-testid='new-mentee']").await?;
    app.find("[data-testid='save-mentee']").await?;
    found.extend(violations(app, axe, "New mentee form").await?);
    app.press_escape().await?;

    for (screen, ready) in [
        ("catalogue", "[data-testid='catalogue']"),
        ("search", "[data-testid='search-input']"),
        ("settings", "[data-testid='settings-reminders']"),
    ] {
        app.click(&format!("[data-testid='nav-{screen}']")).await?;
        app.find(ready).await?;
        found.extend(violations(app, axe, screen).await?);
    }
    app.click("[data-testid='nav-search']").await?;
    app.type_into("[data-testid='search-input']", "vision")
        .await?;
    app.find("[data-testid='search-group']").await?;
    found.extend(violations(app, axe, "Search results").await?);
    Ok(found)
}

#[tokio::test]
async fn every_screen_meets_wcag_2_2_aa_in_both_themes() -> Result<()> {
    let axe = axe_source()?;
    let dir = tempfile::tempdir()?;
    let mut found = Vec::new();
    for (theme, env) in [
        ("light", None),
        ("dark", Some(("GTK_THEME", "Adwaita:dark"))),
    ] {
        let db = dir.path().join(format!("{theme}.sqlite3"));
        waymark_core::demo::write_file(&db, waymark_core::demo::DemoSize::Showcase)?;
        let env: Vec<(&str, &str)> = env.into_iter().collect();
        let mut app = App::launch_with(&format!("axe-{theme}"), &db, &env).await?;
        let outcome = every_screen(&mut app, &axe).await;
        let seen = match outcome {
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
