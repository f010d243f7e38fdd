//! Data files from elsewhere in the real window: a file with an endless view shows its
//! explanation at once instead of a blank window, and a hostile or older file chosen
//! through "Choose another file…" is left byte for byte as it was until the person agrees.

use std::path::Path;

use waymark_e2e::{App, Result, native_dialog, seed};

const CHOOSE: &str = "Choose a Waymark data file";

/// `seed::team`'s file with `sql` run on it by another program.
fn tampered(path: &Path, sql: &str) -> Result<()> {
    seed::team(path)?;
    rusqlite::Connection::open(path)?.execute_batch(sql)?;
    Ok(())
}

#[tokio::test]
async fn a_file_with_an_endless_view_shows_why_it_was_refused() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    tampered(
        &db,
        "PRAGMA foreign_keys = OFF; DROP TABLE mentees;
         CREATE VIEW mentees AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n)
         SELECT x AS id, 'x' AS name FROM n;",
    )?;
    let before = std::fs::read(&db)?;
    let mut app = App::launch("endless-view", &db).await?;
    let outcome = async {
        app.find("[data-testid='data-file-problem'][data-code='db_altered']")
            .await?;
        app.find_text(
            "[data-testid='data-file-problem']",
            "changed by another program",
        )
        .await?;
        app.screenshot("endless-view").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await?;
    assert_eq!(std::fs::read(&db)?, before, "nothing was written");
    Ok(())
}

#[tokio::test]
async fn chosen_files_change_only_when_the_person_agrees() -> Result<()> {
    let dir = tempfile::tempdir()?;
    // The app's own file comes from a newer Waymark, so it starts on the problem screen.
    let own = dir.path().join("w.sqlite3");
    tampered(&own, "PRAGMA user_version = 999;")?;
    let hostile = dir.path().join("shared.sqlite3");
    tampered(
        &hostile,
        "CREATE TABLE stolen (notes TEXT);
         CREATE TRIGGER copy_notes AFTER INSERT ON sessions
         BEGIN INSERT INTO stolen VALUES (new.notes); END;",
    )?;
    let hostile_before = std::fs::read(&hostile)?;
    let older = dir.path().join("older.sqlite3");
    {
        let conn = rusqlite::Connection::open(&older)?;
        for (i, (_, sql)) in waymark_core::migrations::MIGRATIONS
            .iter()
            .take(3)
            .enumerate()
        {
            conn.execute_batch(sql)?;
            conn.pragma_update(None, "user_version", i as i64 + 1)?;
        }
        conn.execute("INSERT INTO mentees (name) VALUES ('Ada Lovelace')", [])?;
    }
    let older_before = std::fs::read(&older)?;

    let mut app = App::launch("chosen-files", &own).await?;
    let outcome = async {
        app.find("[data-testid='data-file-problem'][data-code='db_newer_than_app']")
            .await?;
        app.click("[data-testid='choose-file']").await?;
        native_dialog::open(CHOOSE, &hostile).await?;
        app.find("[data-testid='data-file-problem'][data-code='db_altered']")
            .await?;
        app.find_text("[data-testid='data-file-problem']", "copy_notes")
            .await?;
        app.screenshot("hostile-chosen").await?;
        if std::fs::read(&hostile)? != hostile_before {
            return Err("the hostile file was written to".into());
        }

        app.click("[data-testid='choose-file']").await?;
        native_dialog::open(CHOOSE, &older).await?;
        app.find("[data-testid='data-file-problem'][data-code='db_older_than_app']")
            .await?;
        app.find_text(
            "[data-testid='data-file-problem']",
            "Upgrade this data file?",
        )
        .await?;
        app.screenshot("older-chosen").await?;
        if std::fs::read(&older)? != older_before {
            return Err("the older file changed before the person agreed".into());
        }
        app.click("[data-testid='upgrade-file']").await?;
        app.find("[data-testid='dashboard']").await?;
        app.click("[data-testid='nav-mentees']").await?;
        app.find_text("[data-testid='mentee-row']", "Ada Lovelace")
            .await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await?;
    let kept = waymark_e2e::file_names(&dir.path().join("backups"))?;
    assert!(
        kept.iter().any(|n| n.starts_with("older-schema-v3-")),
        "the older file was copied before its upgrade: {kept:?}"
    );
    Ok(())
}
