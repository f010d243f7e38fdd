//! A data file that cannot be used gets a screen that says why and offers the way out
//! that fits: restore a backup over a damaged file, try again once a lock is released. One
//! from an earlier Waymark shows its upgrade's progress, then opens.

use waymark_e2e::{App, Result, seed};

#[tokio::test]
async fn a_damaged_file_is_replaced_by_a_backup_from_the_problem_screen() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team(&db)?;
    // A good backup beside it, then the file cut short by a crash of the disk.
    let backup = {
        let conn = waymark_core::db::open(&db)?;
        waymark_core::backups::back_up_now(&conn, &db)?
    };
    let whole = std::fs::read(&db)?;
    std::fs::write(&db, &whole[..whole.len() / 2])?;

    let mut app = App::launch("damaged", &db).await?;
    let outcome = async {
        app.find("[data-testid='data-file-problem'][data-code='db_damaged']")
            .await?;
        app.find_text("[data-testid='data-file-problem']", "damaged")
            .await?;
        app.find("[data-testid='problem-backup']").await?;
        app.screenshot("damaged").await?;
        app.click("[data-testid='restore-backup']").await?;
        app.find_text("[data-testid='toast']", "Restored the backup")
            .await?;
        app.click("[data-testid='nav-mentees']").await?;
        app.wait_for_count("[data-testid='mentee-row']", 6).await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await?;
    let kept = waymark_e2e::file_names(&dir.path().join("backups"))?;
    assert!(
        kept.iter().any(|n| n.contains("-unusable-")),
        "the damaged file is kept: {kept:?}"
    );
    assert!(kept.contains(&backup.file_name));
    Ok(())
}

#[tokio::test]
async fn a_locked_file_opens_once_the_other_program_lets_go() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team(&db)?;
    let mut holder = Some(rusqlite::Connection::open(&db)?);
    let held = holder.as_ref().ok_or("no connection")?;
    held.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
    held.execute_batch("BEGIN EXCLUSIVE; UPDATE settings SET value = value;")?;

    let mut app = App::launch("locked", &db).await?;
    let outcome = async {
        app.find("[data-testid='data-file-problem'][data-code='db_locked']")
            .await?;
        app.find_text("[data-testid='data-file-problem']", "Another program")
            .await?;
        app.screenshot("locked").await?;
        // The other program quits (a WAL file locked exclusively stays so until closed).
        drop(holder.take());
        app.click("[data-testid='retry']").await?;
        app.find("[data-testid='dashboard']").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}

#[tokio::test]
async fn a_read_only_file_is_explained_and_left_alone() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team(&db)?;
    let before = std::fs::read(&db)?;
    let Some(_protected) = waymark_e2e::WriteProtected::new(&db) else {
        eprintln!("this machine cannot write-protect a file; nothing to check");
        return Ok(());
    };
    let mut app = App::launch("read-only", &db).await?;
    let outcome = async {
        app.find("[data-testid='data-file-problem'][data-code='db_read_only']")
            .await?;
        app.find_text("[data-testid='data-file-problem']", "read-only")
            .await?;
        app.find("[data-testid='retry']").await?;
        app.screenshot("read-only").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await?;
    assert_eq!(std::fs::read(&db)?, before, "nothing was written");
    Ok(())
}

/// A data file as the Waymark before this one made it, with one mentee in it.
fn previous_version_file(db: &std::path::Path) -> Result<()> {
    let conn = rusqlite::Connection::open(db)?;
    let migrations = waymark_core::migrations::MIGRATIONS;
    for (version, (_, sql)) in (1..).zip(&migrations[..migrations.len() - 1]) {
        conn.execute_batch(sql)?;
        conn.pragma_update(None, "user_version", version)?;
    }
    conn.execute(
        "INSERT INTO mentees (name) VALUES ('Zoë Ørsted-Villanueva')",
        [],
    )?;
    Ok(())
}

/// A file from the previous Waymark is upgraded as it opens, on its own thread while the
/// window shows how far it has come (that screen's steps are tested in the UI's own
/// tests; here the upgrade is too quick to catch it reliably), and opens on Today with a
/// copy of the file as it was beside it.
#[tokio::test]
async fn an_older_file_is_upgraded_and_opens() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    previous_version_file(&db)?;

    let app = App::launch("upgrade", &db).await?;
    let outcome = async {
        app.find("[data-testid='dashboard']").await?;
        app.find_text("[data-testid='dashboard']", "Zoë").await?;
        let version: i64 =
            rusqlite::Connection::open(&db)?
                .pragma_query_value(None, "user_version", |r| r.get(0))?;
        assert_eq!(version, waymark_core::migrations::latest_version());
        let kept = waymark_e2e::file_names(&dir.path().join("backups"))?;
        assert!(
            kept.iter()
                .any(|name| name.contains(&format!("schema-v{}", version - 1))),
            "a copy of the file as it was: {kept:?}"
        );
        Ok(())
    }
    .await;
    app.finish(outcome).await
}
