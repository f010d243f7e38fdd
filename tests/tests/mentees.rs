//! Mentees through the real window: create, validate, search, survive a restart.

use thirtyfour::components::SelectElement;
use waymark_e2e::keyboard::expect_focus;
use waymark_e2e::{App, Result, seed};

fn temp_db() -> Result<(tempfile::TempDir, std::path::PathBuf)> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("waymark.sqlite3");
    Ok((dir, path))
}

async fn add_mentee(app: &App, name: &str) -> Result<()> {
    app.click("[data-testid='nav-mentees']").await?;
    app.click("[data-testid='new-mentee']").await?;
    app.type_into("#name", name).await?;
    app.type_into("#currentRole", "Senior Engineer").await?;
    SelectElement::new(&app.find("#targetLeaderTypeId").await?)
        .await?
        .select_by_value("13")
        .await?;
    app.type_into("#startDate", "2026-09-01").await?;
    app.click("[data-testid='save-mentee']").await?;
    app.find_text("[data-testid='mentee-row']", name).await?;
    Ok(())
}

#[tokio::test]
async fn creating_a_mentee_shows_it_in_the_list_and_its_page() -> Result<()> {
    let (_dir, db) = temp_db()?;
    let mut app = App::launch("create-mentee", &db).await?;
    let outcome = async {
        app.find("[data-testid='welcome']").await?;
        app.screenshot("first-run").await?;
        add_mentee(&app, "Zoë Ørsted").await?;
        let heading = app.find("[data-testid='mentee-name']").await?;
        assert_eq!(app.text_of(&heading).await?, "Zoë Ørsted");
        app.find_text("[data-testid='mentee-detail']", "Cloud Leader")
            .await?;
        app.find_text("[data-testid='toast']", "Zoë Ørsted added.")
            .await?;
        app.screenshot("created").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}

#[tokio::test]
async fn an_empty_name_gets_its_error_beside_the_field_and_nothing_is_saved() -> Result<()> {
    let (_dir, db) = temp_db()?;
    let mut app = App::launch("empty-name", &db).await?;
    let outcome = async {
        app.click("[data-testid='nav-mentees']").await?;
        app.click("[data-testid='new-mentee']").await?;
        app.type_into("#name", "   ").await?;
        app.click("[data-testid='save-mentee']").await?;
        let error = app.find("[data-testid='error-name']").await?;
        assert_eq!(app.text_of(&error).await?, "Name cannot be empty.");
        let name = app.find("#name").await?;
        assert_eq!(name.attr("aria-invalid").await?.as_deref(), Some("true"));
        app.screenshot("validation").await?;
        // Leaving a form with typed text asks first; Escape then Discard closes it.
        app.press_escape().await?;
        app.find_text("[data-testid='mentee-form']", "Discard your changes?")
            .await?;
        app.click_text("[data-testid='mentee-form'] button", "Discard")
            .await?;
        app.find("[data-testid='welcome']").await?;
        assert!(app.find_all("[data-testid='mentee-row']").await?.is_empty());
        Ok(())
    }
    .await;
    app.finish(outcome).await
}

#[tokio::test]
async fn a_mentee_is_still_there_after_a_restart() -> Result<()> {
    let (_dir, db) = temp_db()?;
    let app = App::launch("restart-before", &db).await?;
    let outcome = add_mentee(&app, "Amara Okonkwo").await;
    app.finish(outcome).await?;

    let mut app = App::launch("restart-after", &db).await?;
    let outcome = async {
        app.click("[data-testid='nav-mentees']").await?;
        app.click_text("[data-testid='mentee-row']", "Amara Okonkwo")
            .await?;
        app.find_text("[data-testid='mentee-detail']", "Cloud Leader")
            .await?;
        app.screenshot("after-restart").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}

#[tokio::test]
async fn search_filters_as_you_type_and_keyboard_shortcuts_work() -> Result<()> {
    let (_dir, db) = temp_db()?;
    seed::team(&db)?;
    let mut app = App::launch("mentee-list", &db).await?;
    let outcome = async {
        app.click("[data-testid='nav-mentees']").await?;
        app.find_text("[data-testid='mentee-row']", "李小龍")
            .await?;
        assert_eq!(app.find_all("[data-testid='mentee-row']").await?.len(), 6);
        app.click_text("[data-testid='mentee-row']", "Amara")
            .await?;
        app.find_text("[data-testid='mentee-detail']", "Cloud Leader")
            .await?;
        app.screenshot("list").await?;

        app.ctrl("f").await?;
        let search = app.driver.active_element().await?;
        assert_eq!(
            search.attr("data-testid").await?.as_deref(),
            Some("mentee-search")
        );
        search.send_keys("сок").await?;
        app.wait_for_count("[data-testid='mentee-row']", 1).await?;
        app.find_text("[data-testid='mentee-row']", "Соколов")
            .await?;
        app.screenshot("search").await?;

        app.ctrl("n").await?;
        app.find("[data-testid='mentee-form']").await?;
        app.press_escape().await?;
        app.wait_for_count("[data-testid='mentee-form']", 0).await?;

        // From another screen the shortcuts open Mentees and still do their part there.
        app.ctrl("1").await?;
        app.find("[data-testid='nav-dashboard'][aria-current='page']")
            .await?;
        app.ctrl("n").await?;
        app.find("[data-testid='mentee-form']").await?;
        expect_focus(&app, "#name", "Ctrl+N from Today").await?;
        app.press_escape().await?;
        app.wait_for_count("[data-testid='mentee-form']", 0).await?;
        app.ctrl("1").await?;
        app.find("[data-testid='nav-dashboard'][aria-current='page']")
            .await?;
        app.ctrl("f").await?;
        expect_focus(&app, "[data-testid='mentee-search']", "Ctrl+F from Today").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}

#[tokio::test]
async fn a_first_run_starts_with_the_form_it_asked_for() -> Result<()> {
    let (_dir, db) = temp_db()?;
    let mut app = App::launch("first-run", &db).await?;
    let outcome = async {
        app.click("[data-testid='welcome-self']").await?;
        app.find("[data-testid='mentee-form']").await?;
        expect_focus(&app, "#name", "Plan my own growth").await?;
        app.screenshot("own-growth-form").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}

#[tokio::test]
async fn archive_undo_and_delete_with_confirmation() -> Result<()> {
    let (_dir, db) = temp_db()?;
    seed::team(&db)?;
    let mut app = App::launch("archive", &db).await?;
    let outcome = async {
        app.click("[data-testid='nav-mentees']").await?;
        app.click_text("[data-testid='mentee-row']", "Grace Hopper")
            .await?;
        app.click("[data-testid='archive-mentee']").await?;
        app.find_text("[data-testid='toast']", "Grace Hopper archived.")
            .await?;
        app.find("[data-testid='restore-mentee']").await?;
        app.wait_for_count("[data-testid='mentee-row']", 5).await?;
        app.click_text("[data-testid='toast'] button", "Undo")
            .await?;
        app.find_text("[data-testid='mentee-row']", "Grace Hopper")
            .await?;
        app.find("[data-testid='archive-mentee']").await?;
        app.screenshot("restored").await?;

        // Deleting asks first; confirming removes the row for good.
        app.click("[data-testid='delete-mentee']").await?;
        app.find_text("[data-testid='confirm-dialog']", "Delete Grace Hopper?")
            .await?;
        app.screenshot("confirm-delete").await?;
        app.click("[data-testid='confirm']").await?;
        app.find_text("[data-testid='toast']", "Grace Hopper deleted.")
            .await?;
        app.wait_for_count("[data-testid='mentee-row']", 5).await?;
        app.click("[data-testid='filter-all']").await?;
        app.wait_for_count("[data-testid='mentee-row']", 5).await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}
