//! The catalogue screen in the real window, and the refusal of a file from the future.

use waymark_e2e::{App, Result};

#[tokio::test]
async fn the_catalogue_shows_all_twenty_leader_types_in_five_families() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut app = App::launch("catalogue", &dir.path().join("w.sqlite3")).await?;
    let outcome = async {
        app.click("[data-testid='nav-catalogue']").await?;
        app.find("[data-testid='catalogue']").await?;
        assert_eq!(app.find_all("[data-testid='leader-type']").await?.len(), 20);
        assert_eq!(app.find_all("[data-testid='family']").await?.len(), 5);
        app.click_text("[data-testid='leader-type']", "ML Leader")
            .await?;
        let detail = app
            .find_text("[data-testid='leader-type-detail']", "ML Leader")
            .await?;
        let text = app.text_of(&detail).await?;
        for expected in [
            "Specialty",
            "Technical Vision",
            "Performance Monitoring",
            "Hands-On",
            "Strategic",
        ] {
            assert!(
                text.contains(expected),
                "{expected} missing from the profile"
            );
        }
        app.screenshot("leader-types").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}

#[tokio::test]
async fn a_leader_type_of_ones_own_can_be_added_and_deleted_but_built_ins_cannot() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut app = App::launch("custom-type", &dir.path().join("w.sqlite3")).await?;
    let outcome = async {
        app.click("[data-testid='nav-catalogue']").await?;
        app.click_text("[data-testid='leader-type']", "Cloud Leader")
            .await?;
        let detail = app
            .find_text("[data-testid='leader-type-detail']", "Cloud Leader")
            .await?;
        assert!(
            !app.text_of(&detail).await?.contains("Delete"),
            "built-ins offer no delete"
        );
        app.click("[data-testid='use-as-start']").await?;
        app.type_into("#lt-name", "Developer Experience Leader")
            .await?;
        app.type_into(
            "#lt-description",
            "Makes building software here a pleasure.",
        )
        .await?;
        app.screenshot("form").await?;
        app.click("[data-testid='save-leader-type']").await?;
        app.find_text("[data-testid='toast']", "added to the catalogue")
            .await?;
        app.wait_for_count("[data-testid='leader-type']", 21)
            .await?;
        let detail = app
            .find_text(
                "[data-testid='leader-type-detail']",
                "Developer Experience Leader",
            )
            .await?;
        assert!(
            app.text_of(&detail).await?.contains("Platform"),
            "keeps the family it started from"
        );
        app.screenshot("added").await?;

        app.click("[data-testid='delete-leader-type']").await?;
        app.click("[data-testid='confirm']").await?;
        app.wait_for_count("[data-testid='leader-type']", 20)
            .await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}

#[tokio::test]
async fn a_data_file_from_a_newer_version_is_refused_with_an_explanation() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("future.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path)?;
        conn.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 99;")?;
    }
    let before = std::fs::read(&path)?;
    let mut app = App::launch("newer-file", &path).await?;
    let outcome = async {
        app.find_text(
            "[data-testid='data-file-problem']",
            "newer version of Waymark",
        )
        .await?;
        app.screenshot("refused").await?;
        Ok(())
    }
    .await;
    let result = app.finish(outcome).await;
    assert_eq!(std::fs::read(&path)?, before, "the newer file was modified");
    result
}
