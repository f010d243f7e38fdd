//! The heart of the product through the real window: assess, plan, goals, balance, undo.

use waymark_e2e::keyboard::expect_focus;
use waymark_e2e::{App, Result, seed};

#[tokio::test]
async fn assess_plan_balance_and_complete_a_milestone() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team(&db)?;
    let mut app = App::launch("plan", &db).await?;
    let outcome = async {
        app.click("[data-testid='nav-mentees']").await?;
        app.click_text("[data-testid='mentee-row']", "Amara Okonkwo")
            .await?;

        // A mentor assessment, starting from the defaults.
        app.click("[data-testid='mentee-tab-assessments']").await?;
        app.click("[data-testid='new-assessment']").await?;
        app.find("[data-testid='assessment-form']").await?;
        app.wait_for_count("[data-testid='rating-row']", 9).await?;
        app.screenshot("assessment-form").await?;
        app.click("[data-testid='save-assessment']").await?;
        app.find_text("[data-testid='assessment-row']", "Mentor")
            .await?;

        // A plan for her target type; targets come from the Cloud Leader profile.
        app.click("[data-testid='mentee-tab-plan']").await?;
        app.click("[data-testid='new-plan']").await?;
        app.click("[data-testid='save-plan']").await?;
        app.find_text("[data-testid='plan-title']", "Toward Cloud Leader")
            .await?;
        app.find("[data-testid='radar'] svg").await?;

        // Oversight alone drifts into project management.
        app.click("[data-testid='new-goal']").await?;
        app.type_into("#goal-title", "Run the quarterly delivery review")
            .await?;
        app.click("[data-testid='goal-competency-project_oversight']")
            .await?;
        // A description over its limit is refused beside the field, and the keyboard is
        // taken there with the message read as its description.
        app.eval(
            "const box = document.querySelector('#goal-description'); \
             box.value = 'x'.repeat(5001); \
             box.dispatchEvent(new Event('input', { bubbles: true }));",
        )
        .await?;
        app.click("[data-testid='save-goal']").await?;
        let error = app.find("#goal-description-error").await?;
        assert_eq!(
            app.text_of(&error).await?,
            "Description is 5001 characters long; the limit is 5000."
        );
        expect_focus(&app, "#goal-description", "a refused description").await?;
        app.screenshot("goal-description-refused").await?;
        let described = app
            .eval("return document.querySelector('#goal-description').getAttribute('aria-describedby')")
            .await?;
        assert_eq!(described, "goal-description-error");
        app.eval(
            "const box = document.querySelector('#goal-description'); \
             box.value = ''; \
             box.dispatchEvent(new Event('input', { bubbles: true }));",
        )
        .await?;
        app.click("[data-testid='save-goal']").await?;
        app.find_text("[data-testid='balance-warning']", "Project Manager")
            .await?;
        app.reveal("[data-testid='plan-title']").await?;
        app.screenshot("drift-warning").await?;

        // One of the offered templates adds the missing half and clears the warning.
        app.click("[data-testid='remedy']").await?;
        app.find("[data-testid='balanced']").await?;
        app.wait_for_count("[data-testid='goal']", 2).await?;

        // A suggestion for the largest gap arrives with its dated milestones.
        app.find("[data-testid='suggestions']").await?;
        app.click("[data-testid='apply-suggestion']").await?;
        app.wait_for_count("[data-testid='goal']", 3).await?;
        app.find_text("[data-testid='plan-progress']", "0 of")
            .await?;

        // Completing a milestone moves the progress.
        app.click("[data-testid='milestone-done']").await?;
        app.find_text("[data-testid='plan-progress']", "1 of")
            .await?;

        // A milestone typed by hand lands on its goal.
        app.type_into("[data-testid='milestone-title']", "Hold the first review")
            .await?;
        app.type_into("[data-testid='milestone-due']", "2026-12-15")
            .await?;
        app.click("[data-testid='add-milestone']").await?;
        app.find_text("[data-testid='milestone']", "Hold the first review")
            .await?;
        app.reveal("[data-testid='plan-title']").await?;
        app.screenshot("balanced").await?;

        // A milestone opened in full: mark it in progress with evidence.
        app.click("[data-testid='open-milestone']").await?;
        app.find("[data-testid='milestone-form']").await?;
        let status = app.find("[data-testid='milestone-status']").await?;
        thirtyfour::components::SelectElement::new(&status)
            .await?
            .select_by_value("in_progress")
            .await?;
        app.type_into(
            "[data-testid='milestone-evidence']",
            "Agenda shared with the team",
        )
        .await?;
        app.click("[data-testid='save-milestone']").await?;
        app.find_text("[data-testid='milestone']", "In progress")
            .await?;

        // Targets can be tuned away from the leader type's defaults.
        app.click("[data-testid='edit-targets']").await?;
        let slider = app.find("[data-testid='target-technical_vision']").await?;
        slider.send_keys(thirtyfour::Key::Left).await?;
        app.click("[data-testid='save-targets']").await?;
        app.find_text("[data-testid='toast']", "Targets saved")
            .await?;

        // Deleting a goal can be undone from the toast.
        app.click_last("[data-testid='delete-goal']").await?;
        app.wait_for_count("[data-testid='goal']", 2).await?;
        app.click_text("[data-testid='toast'] button", "Undo")
            .await?;
        app.wait_for_count("[data-testid='goal']", 3).await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}
