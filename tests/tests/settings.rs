//! Settings: the data file's place, backups (daily, on request, restore), the reminder
//! threshold.

use waymark_e2e::{App, Result, seed};

#[tokio::test]
async fn back_up_now_writes_a_copy_beside_the_data_file() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team(&db)?;
    let mut app = App::launch("settings", &db).await?;
    let outcome = async {
        app.click("[data-testid='nav-settings']").await?;
        app.find_text("[data-testid='data-path']", "w.sqlite3")
            .await?;
        // The first start of the day already made one.
        app.find_text("[data-testid='backup']", "Daily").await?;
        app.click("[data-testid='back-up-now']").await?;
        app.wait_for_count("[data-testid='backup']", 2).await?;
        app.find_text("[data-testid='toast']", "Backed up to")
            .await?;
        app.screenshot("backed-up").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await?;
    let copies = waymark_e2e::file_names(&dir.path().join("backups"))?;
    assert_eq!(copies.len(), 2, "the daily copy and the one asked for");
    Ok(())
}

#[tokio::test]
async fn restoring_a_backup_brings_its_data_back_and_keeps_the_current_data() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team(&db)?;
    let mut app = App::launch("restore", &db).await?;
    let outcome = async {
        app.click("[data-testid='nav-mentees']").await?;
        app.wait_for_count("[data-testid='mentee-row']", 6).await?;
        // Someone added after the last backup.
        let added = app
            .eval_async(
                "window.__TAURI_INTERNALS__.invoke('create_mentee', { input: {
                   name: 'Added Later', currentRole: '', currentLeaderTypeId: null,
                   targetLeaderTypeId: null, roleTrackKey: null, startDate: null,
                   notes: '', isSelf: false } }).then((m) => done(m.name), (e) => done(e.message));",
            )
            .await?;
        assert_eq!(added, serde_json::json!("Added Later"));

        app.click("[data-testid='nav-settings']").await?;
        app.click("[data-testid='restore']").await?;
        app.find("[data-testid='confirm-dialog']").await?;
        app.screenshot("confirm-restore").await?;
        app.click("[data-testid='confirm']").await?;
        app.find_text("[data-testid='toast']", "Restored the backup")
            .await?;
        app.click("[data-testid='nav-settings']").await?;
        app.find_text("[data-testid='backup']", "Before a restore")
            .await?;
        app.screenshot("restored").await?;

        app.click("[data-testid='nav-mentees']").await?;
        app.wait_for_count("[data-testid='mentee-row']", 6).await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await?;
    let kept = waymark_e2e::file_names(&dir.path().join("backups"))?;
    assert!(
        kept.iter().any(|n| n.contains("-before-restore-")),
        "{kept:?}"
    );
    let conn = rusqlite::Connection::open(&db)?;
    let later: i64 = conn.query_row(
        "SELECT count(*) FROM mentees WHERE name = 'Added Later'",
        [],
        |r| r.get(0),
    )?;
    assert_eq!(later, 0, "the file on disk holds the restored data");
    Ok(())
}
