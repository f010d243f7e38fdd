//! Settings: the data file's place, a backup on request, the reminder threshold.

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
        app.click("[data-testid='back-up-now']").await?;
        app.wait_for_count("[data-testid='backup']", 1).await?;
        app.find_text("[data-testid='toast']", "Backed up to")
            .await?;
        app.screenshot("backed-up").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await?;
    let copies: Vec<_> = std::fs::read_dir(dir.path().join("backups"))?.collect();
    assert_eq!(copies.len(), 1);
    Ok(())
}
