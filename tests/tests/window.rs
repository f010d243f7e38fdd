//! The window shows Waymark and nothing else: links open outside it only after the person
//! saw where they lead, nothing navigates it away, and the shell's first-screen script
//! answers the app's own page only.

use std::path::Path;
use std::time::Duration;

use serde_json::json;
use waymark_core::dates::shifted;
use waymark_core::db;
use waymark_core::milestones::{self, EvidenceLink, MilestoneInput};
use waymark_core::sessions::{self, SessionInput};
use waymark_e2e::{App, Result, seed};

const NOTE_LINK: &str = "https://example.com/design-doc?from=waymark";
const MILESTONE_LINK: &str = "https://example.com/pull/42";

/// The team with plans, a 1:1 with Grace whose notes link out, and a milestone of
/// Amara's with an evidence link.
fn team_with_links(path: &Path) -> waymark_core::Result<()> {
    seed::team_with_plans(path)?;
    let mut conn = db::open(path)?;
    sessions::create(
        &mut conn,
        5,
        &SessionInput {
            held_on: shifted(-45),
            notes: format!("Read [the design doc]({NOTE_LINK}) before we meet."),
            ..Default::default()
        },
    )?;
    milestones::create(
        &mut conn,
        1,
        &MilestoneInput {
            links: vec![EvidenceLink {
                url: MILESTONE_LINK.into(),
                label: "The vision PR".into(),
            }],
            ..MilestoneInput::planned("Publish the vision", Some(shifted(20)))
        },
    )?;
    Ok(())
}

/// Where the window is, as the page sees it.
async fn location(app: &App) -> Result<String> {
    let href = app.eval("return window.location.href;").await?;
    Ok(href.as_str().unwrap_or_default().to_owned())
}

async fn assert_on_app_page(app: &App) -> Result<()> {
    let here = location(app).await?;
    let ours = here == "tauri://localhost" || here.starts_with("tauri://localhost/");
    assert!(ours, "window is at {here}");
    Ok(())
}

#[tokio::test]
async fn a_link_asks_first_and_opens_nothing_inside_the_window() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    team_with_links(&db)?;
    let mut app = App::launch("window-links", &db).await?;
    let outcome = async {
        // A link in a 1:1 note: clicked, it shows where it leads and waits.
        app.click_text("[data-testid='not-seen'] button", "Grace Hopper")
            .await?;
        let link = app
            .find_text("[data-testid='session-notes'] a", "the design doc")
            .await?;
        app.click_element(&link).await?;
        let address = app.find("[data-testid='confirm-detail']").await?;
        assert_eq!(app.text_of(&address).await?, NOTE_LINK);
        app.screenshot("confirm-link").await?;
        assert_on_app_page(&app).await?;
        app.click_text("[data-testid='confirm-dialog'] button", "Cancel")
            .await?;
        app.wait_for_count("[data-testid='confirm-dialog']", 0)
            .await?;
        assert_on_app_page(&app).await?;
        assert_eq!(app.eval("return document.title;").await?, json!("Waymark"));

        // The web view's own menu (Open Link, Back, Reload…) is not offered on the link
        // or the page, and stays in text fields.
        let menu_suppressed = app
            .eval(
                "const menu = (el) => { const e = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
                   el.dispatchEvent(e); return e.defaultPrevented; };
                 const field = document.createElement('input');
                 document.body.append(field);
                 const kept = !menu(field);
                 field.remove();
                 return [menu(document.querySelector(\"[data-testid='session-notes'] a\")), menu(document.body), kept];",
            )
            .await?;
        assert_eq!(menu_suppressed, json!([true, true, true]));

        // A milestone's evidence link asks the same way.
        app.click("[data-testid='nav-dashboard']").await?;
        app.click_text("[data-testid='dashboard-plan']", "Amara Okonkwo")
            .await?;
        app.find_text("[data-testid='milestone-link']", "The vision PR")
            .await?;
        app.reveal("[data-testid='goal']").await?;
        app.screenshot("milestone-link").await?;
        app.click_text("[data-testid='milestone-link']", "The vision PR")
            .await?;
        let address = app.find("[data-testid='confirm-detail']").await?;
        assert_eq!(app.text_of(&address).await?, MILESTONE_LINK);
        app.press_escape().await?;
        app.wait_for_count("[data-testid='confirm-dialog']", 0)
            .await?;
        assert_on_app_page(&app).await?;

        // The command behind "Open link" opens web and mail addresses only.
        for hostile in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "tauri://localhost/",
        ] {
            let refused = app
                .eval_async(&format!(
                    "window.__TAURI_INTERNALS__.invoke('open_link', {{ url: {hostile:?} }})
                       .then(() => done('opened'), (e) => done(e.code));"
                ))
                .await?;
            assert_eq!(refused, json!("invalid_input"), "{hostile}");
        }
        Ok(())
    }
    .await;
    app.finish(outcome).await
}

#[tokio::test]
async fn the_window_cannot_be_sent_elsewhere() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team_with_plans(&db)?;
    let mut app = App::launch("window-navigation", &db).await?;
    let outcome = async {
        for elsewhere in [
            "https://example.com/",
            "file:///etc/passwd",
            "file:///",
            "about:blank",
        ] {
            app.eval(&format!("window.location = {elsewhere:?}; return null;"))
                .await?;
            tokio::time::sleep(Duration::from_millis(700)).await;
            assert_on_app_page(&app).await?;
        }
        // No second window either.
        let opened = app
            .eval("return window.open('https://example.com/') === null;")
            .await?;
        assert_eq!(opened, json!(true));
        assert_eq!(app.driver.windows().await?.len(), 1);

        // And the app still works.
        app.click("[data-testid='nav-mentees']").await?;
        app.find_text("[data-testid='mentee-row']", "Grace Hopper")
            .await?;
        app.screenshot("still-waymark").await?;
        assert_on_app_page(&app).await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}

/// A page anywhere else could include `<script src="waymark-first://…">` and read what it
/// defines. Such a load names no origin, or its own; the shell answers only a load that
/// names the app's (the page's own, with `crossorigin`). A foreign Referer or Origin cannot
/// be forged from inside the app's page, so those cases are unit tests in
/// `src-tauri/src/first_screen.rs`.
#[tokio::test]
async fn the_first_screen_script_answers_the_apps_own_page_only() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team_with_plans(&db)?;
    let app = App::launch("window-first-screen", &db).await?;
    let outcome = async {
        let load = |crossorigin: bool| {
            format!(
                "window.__WAYMARK_FIRST_SCREEN__ = 'untouched';
                 const marks = () => performance.getEntriesByName('waymark-first-screen').length;
                 const before = marks();
                 const script = document.createElement('script');
                 {}
                 script.src = 'waymark-first://localhost/screen.js?again';
                 const settle = (how) => done({{ how, ran: marks() > before,
                   data: typeof window.__WAYMARK_FIRST_SCREEN__ === 'object' }});
                 script.onload = () => settle('load');
                 script.onerror = () => settle('error');
                 document.head.append(script);",
                if crossorigin {
                    "script.crossOrigin = 'anonymous';"
                } else {
                    ""
                }
            )
        };
        // As any other page would load it: refused, nothing runs.
        let foreign = app.eval_async(&load(false)).await?;
        assert_eq!(foreign["ran"], json!(false), "{foreign}");
        assert_eq!(foreign["data"], json!(false), "{foreign}");
        // As the app's page loads it: answered.
        let own = app.eval_async(&load(true)).await?;
        assert_eq!(own["ran"], json!(true), "{own}");
        assert_eq!(own["data"], json!(true), "{own}");
        Ok(())
    }
    .await;
    app.finish(outcome).await
}
