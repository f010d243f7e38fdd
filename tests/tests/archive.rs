//! Moving everything to a new data file through the real window: export the archive with
//! the save dialog, import it into an empty file with the open dialog.

use waymark_e2e::{App, Result, native_dialog};

#[tokio::test]
async fn everything_moves_to_a_new_file_through_an_archive() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    waymark_core::demo::write_file(&db, waymark_core::demo::DemoSize::Showcase)?;
    let json = dir.path().join("everything.json");

    let app = App::launch("archive-export", &db).await?;
    let outcome = async {
        app.click("[data-testid='nav-settings']").await?;
        app.click("[data-testid='export-archive']").await?;
        native_dialog::save_as("Export everything", &json).await?;
        app.find_text("[data-testid='toast']", "Everything saved to")
            .await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await?;
    let text = std::fs::read_to_string(&json)?;
    assert!(text.contains("\"format\": \"waymark-archive\""));

    let fresh = dir.path().join("new.sqlite3");
    let mut app = App::launch("archive-import", &fresh).await?;
    let outcome = async {
        app.click("[data-testid='nav-settings']").await?;
        app.click("[data-testid='import-archive']").await?;
        native_dialog::open("Import a Waymark archive", &json).await?;
        app.find_text("[data-testid='toast']", "Imported 7 mentees")
            .await?;
        app.click("[data-testid='nav-mentees']").await?;
        app.find_text("[data-testid='mentee-row']", "Amara Okonkwo")
            .await?;
        app.screenshot("imported").await?;

        // A second import into the now full file is refused, and says why.
        app.click("[data-testid='nav-settings']").await?;
        app.click("[data-testid='import-archive']").await?;
        native_dialog::open("Import a Waymark archive", &json).await?;
        app.find_text("[data-testid='toast']", "empty data file")
            .await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await?;
    let conn = waymark_core::db::open(&fresh)?;
    let again = waymark_core::archive::export(&conn)?;
    assert!(
        again == text,
        "the new file holds exactly what was exported"
    );
    Ok(())
}
