//! A large organisation's data in the real window: every list arrives a page at a time
//! with its total, "Show more" extends a dashboard list, and the mentee list loads the
//! next page as it scrolls. While nobody clicks, the search index is tidied.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};
use waymark_core::demo::{self, DemoSize};
use waymark_core::{db, mentees};
use waymark_e2e::{App, Result, seed};

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

#[tokio::test]
async fn thousands_of_mentees_open_a_page_at_a_time() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("scale.sqlite3");
    demo::write_file(&db, DemoSize::Mentees(2_000))?;
    let active = mentees::page(&db::open(&db)?, &Default::default())?.total;
    let mut app = App::launch("scale", &db).await?;
    let outcome = async {
        app.wait_for_count("[data-testid='overdue'] li", 20).await?;
        let overdue = app.find("[data-testid='overdue'] h2 .count").await?;
        assert!(
            app.text_of(&overdue).await?.ends_with('+'),
            "thousands of overdue milestones are counted up to a point"
        );
        app.wait_for_count("[data-testid='plans'] li", 20).await?;
        app.screenshot("scale-dashboard").await?;
        app.click("[data-testid='more-overdue']").await?;
        app.wait_for_count("[data-testid='overdue'] li", 70).await?;

        app.click("[data-testid='nav-mentees']").await?;
        app.wait_for_count("[data-testid='mentee-row']", 100)
            .await?;
        let count = app.find("[data-testid='mentee-count']").await?;
        assert_eq!(digits(&app.text_of(&count).await?), active.to_string());
        app.eval("document.querySelector(\"[data-testid='mentee-list']\").scrollTop = 1e9")
            .await?;
        app.wait_for_count("[data-testid='mentee-row']", 200)
            .await?;
        app.screenshot("scale-mentees").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}

/// The segments of the file's search index, read beside the app as another program would.
fn index_segments(path: &Path) -> Result<i64> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    Ok(conn.query_row(
        "SELECT count(DISTINCT segid) FROM search_index_idx",
        [],
        |r| r.get(0),
    )?)
}

#[tokio::test]
async fn the_search_index_is_tidied_while_nobody_clicks() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("tidy.sqlite3");
    // Each mentee of the team is added in a transaction of its own, a segment each.
    seed::team(&db)?;
    let before = index_segments(&db)?;
    assert!(before > 1, "the seeded file has {before} segments");
    let app = App::launch("tidy", &db).await?;
    let outcome = async {
        app.find("[data-testid='dashboard']").await?;
        let deadline = Instant::now() + Duration::from_secs(20);
        while index_segments(&db)? > 1 {
            if Instant::now() > deadline {
                return Err("the search index was not tidied within 20 s of quiet".into());
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        app.click("[data-testid='nav-search']").await?;
        app.type_into("[data-testid='search-input']", "amara")
            .await?;
        app.find_text("[data-testid='search-hit']", "Amara").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}
