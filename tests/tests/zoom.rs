//! Small windows and large text in the real window: at 1024×640, and at 200% page zoom
//! (Tauri's zoom keys), every screen shows whole, nothing cut off sideways. Where a list and
//! the item it opens no longer fit side by side they take turns, and the item leads back.
//!
//! Clicks go through the page's own `click()`: WebKitWebDriver places its pointer clicks as
//! if the page were not zoomed, so at 200% they land on whatever sits at half the position.

use thirtyfour::Key;
use waymark_e2e::{App, Result};

/// How far anything shown runs past the window's right edge, in CSS pixels; zero when
/// nothing is cut off sideways. What sits in a pane that scrolls sideways, itself inside the
/// window, can be scrolled to and does not count.
const OVERFLOW: &str = "
    const limit = document.documentElement.clientWidth;
    const scrollsInView = (el) => {
        for (let p = el.parentElement; p; p = p.parentElement) {
            const x = getComputedStyle(p).overflowX;
            if ((x === 'auto' || x === 'scroll') && p.scrollWidth > p.clientWidth + 1) {
                return p.getBoundingClientRect().right <= limit + 1;
            }
        }
        return false;
    };
    let worst = 0;
    for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || r.right <= limit + 1) continue;
        if (!scrollsInView(el)) worst = Math.max(worst, r.right - limit);
    }
    return Math.round(worst);";

async fn cut_off(app: &App, place: &str) -> Result<Option<String>> {
    let overflow = app.eval(OVERFLOW).await?.as_f64().unwrap_or_default();
    Ok((overflow > 1.0).then(|| format!("{place}: {overflow} px cut off sideways")))
}

/// Clicks the first match of `css` holding `text` from the page itself (see above).
async fn press(app: &App, css: &str, text: &str) -> Result<()> {
    let found = app
        .eval(&format!(
            "const el = [...document.querySelectorAll({css:?})]
                 .find((e) => e.textContent.includes({text:?}));
             if (el) {{ el.click(); }}
             return !!el;"
        ))
        .await?;
    if found != serde_json::json!(true) {
        return Err(format!("nothing matches {css} with {text:?}").into());
    }
    Ok(())
}

/// Whether the control leading back to the list is shown: only where list and item take turns.
async fn back_shown(app: &App) -> Result<bool> {
    let shown = app
        .eval(
            "const back = document.querySelector(\"[data-testid='back-to-list']\");
             return !!back && back.getClientRects().length > 0;",
        )
        .await?;
    Ok(shown == serde_json::json!(true))
}

/// Waits until the control holding the keyboard focus is a `testid` holding `text`.
async fn expect_focus(app: &App, place: &str, testid: &str, text: &str) -> Result<()> {
    let script = format!(
        "const el = document.activeElement;
         return el.dataset.testid === {testid:?} && el.textContent.includes({text:?})
             || `${{el.dataset.testid ?? el.tagName}}: ${{el.textContent.trim()}}`;"
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let now = app.eval(&script).await?;
        if now == serde_json::json!(true) {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("{place}: focus is on {now}, not {testid} {text:?}").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Goes back from an item to its list with the keyboard, where the two take turns: the
/// item gives way to the list, and the focus lands on the row that was open.
async fn back_to_list(app: &App, place: &str, row: &str, text: &str) -> Result<()> {
    app.eval("document.querySelector(\"[data-testid='back-to-list']\").focus();")
        .await?;
    app.driver
        .action_chain()
        .send_keys(Key::Enter)
        .perform()
        .await?;
    expect_focus(app, place, row, text).await?;
    assert!(!back_shown(app).await?, "{place}: the item still shows");
    Ok(())
}

#[tokio::test]
async fn every_screen_fits_a_small_window_at_twice_the_size() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    waymark_core::demo::write_file(&db, waymark_core::demo::DemoSize::Showcase)?;
    let mut app = App::launch("zoom", &db).await?;
    let outcome = async {
        app.driver.set_window_rect(0, 0, 1024, 640).await?;
        let mut found = Vec::new();
        for (steps, label) in [(0, "1024x640"), (5, "200%")] {
            // Tauri's zoom keys: each Ctrl+= makes the page 20% larger.
            for _ in 0..steps {
                app.ctrl("=").await?;
            }
            let width = app
                .eval("return document.documentElement.clientWidth;")
                .await?
                .as_f64()
                .unwrap_or_default();
            assert!(
                steps == 0 || width < 600.0,
                "zoomed to 200%: {width} CSS px wide"
            );
            app.ctrl("1").await?;
            app.find("[data-testid='calibration']").await?;
            found.extend(cut_off(&app, &format!("{label} Today")).await?);
            app.screenshot(&format!("{label}-today")).await?;

            app.ctrl("2").await?;
            // At 200% the list and the person take turns; side by side, no Back is offered.
            let turns = steps > 0;
            press(&app, "[data-testid='mentee-row']", "Amara Okonkwo").await?;
            app.find("[data-testid='mentee-tab-overview']").await?;
            assert_eq!(back_shown(&app).await?, turns, "{label}: Back to the list");
            if turns {
                let place = format!("{label} opening a mentee");
                expect_focus(&app, &place, "back-to-list", "Back to mentees").await?;
            }
            for (tab, ready) in [
                ("mentee-tab-overview", "[data-testid='mentee-detail']"),
                ("mentee-tab-assessments", "[data-testid='assessment-row']"),
                ("mentee-tab-plan", "[data-testid='forecast-row']"),
                ("mentee-tab-sessions", "[data-testid='next-session']"),
                ("evidence-tab", "[data-testid='evidence-item']"),
            ] {
                press(&app, &format!("[data-testid='{tab}']"), "").await?;
                app.find(ready).await?;
                found.extend(cut_off(&app, &format!("{label} {tab}")).await?);
                app.screenshot(&format!("{label}-{tab}")).await?;
            }
            app.ctrl("e").await?;
            app.find("[data-testid='evidence-dialog']").await?;
            found.extend(cut_off(&app, &format!("{label} evidence dialog")).await?);
            app.screenshot(&format!("{label}-evidence-dialog")).await?;
            // Its mentee picker's list, opened from the keyboard; Escape closes it first.
            app.find("[data-testid='evidence-mentee']").await?;
            app.eval("document.querySelector(\"[data-testid='evidence-mentee']\").focus();")
                .await?;
            app.driver
                .action_chain()
                .send_keys(Key::Down)
                .perform()
                .await?;
            app.find("[data-testid='evidence-mentee'][aria-expanded='true']")
                .await?;
            found.extend(cut_off(&app, &format!("{label} evidence mentee list")).await?);
            app.screenshot(&format!("{label}-evidence-mentee-list"))
                .await?;
            app.press_escape().await?;
            app.find("[data-testid='evidence-mentee'][aria-expanded='false']")
                .await?;
            app.press_escape().await?;
            app.wait_for_count("[data-testid='evidence-dialog']", 0)
                .await?;
            if turns {
                let place = format!("{label} back to the mentees");
                back_to_list(&app, &place, "mentee-row", "Amara Okonkwo").await?;
                found.extend(cut_off(&app, &place).await?);
                app.screenshot(&format!("{label}-mentee-list")).await?;
            }
            for (key, screen) in [("3", "catalogue"), ("k", "search"), (",", "settings")] {
                app.ctrl(key).await?;
                app.find(&format!(
                    "[data-testid='nav-{screen}'][aria-current='page']"
                ))
                .await?;
                if screen == "settings" {
                    app.find("[data-testid='settings'][aria-busy='false']")
                        .await?;
                }
                found.extend(cut_off(&app, &format!("{label} {screen}")).await?);
                app.screenshot(&format!("{label}-{screen}")).await?;
                if screen == "catalogue" {
                    press(&app, "[data-testid='leader-type']", "DevOps Leader").await?;
                    app.find_text("[data-testid='leader-type-detail'] h2", "DevOps Leader")
                        .await?;
                    assert_eq!(back_shown(&app).await?, turns, "{label}: Back to the types");
                    found.extend(cut_off(&app, &format!("{label} leader type")).await?);
                    app.screenshot(&format!("{label}-leader-type")).await?;
                    if turns {
                        let place = format!("{label} back to the leader types");
                        back_to_list(&app, &place, "leader-type", "DevOps Leader").await?;
                    }
                }
            }
        }
        assert!(found.is_empty(), "{}", found.join("\n"));
        Ok(())
    }
    .await;
    app.finish(outcome).await
}
