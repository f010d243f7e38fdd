//! The heart of the product through the real window: assess, plan, goals, balance, undo.

use waymark_e2e::{App, Result, seed};

#[tokio::test]
async fn assess_plan_balance_and_complete_a_milestone() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team(&db)?;
    let mut app = App::launch("plan", &db).await?;
    let outcome = async {
        app.find_text("[data-testid='mentee-row']", "Amara Okonkwo")
            .await?
            .click()
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
        app.click("[data-testid='save-goal']").await?;
        app.find_text("[data-testid='balance-warning']", "Project Manager")
            .await?;
        app.screenshot("drift-warning").await?;

        // A milestone, completed: progress moves.
        app.type_into("[data-testid='milestone-title']", "Hold the first review")
            .await?;
        app.type_into("[data-testid='milestone-due']", "2026-12-15")
            .await?;
        app.click("[data-testid='add-milestone']").await?;
        app.find_text("[data-testid='milestone']", "Hold the first review")
            .await?;
        app.find_text("[data-testid='plan-progress']", "0 of 1")
            .await?;
        app.click("[data-testid='milestone-done']").await?;
        app.find_text("[data-testid='plan-progress']", "100%")
            .await?;

        // A vision goal balances the plan.
        app.click("[data-testid='new-goal']").await?;
        app.type_into(
            "#goal-title",
            "Write the platform's two-year technical vision",
        )
        .await?;
        app.click("[data-testid='goal-competency-technical_vision']")
            .await?;
        app.click("[data-testid='goal-competency-technical_mentorship']")
            .await?;
        app.click("[data-testid='save-goal']").await?;
        app.find("[data-testid='balanced']").await?;
        app.wait_for_count("[data-testid='balance-warning']", 0)
            .await?;
        app.screenshot("balanced").await?;

        // Deleting the vision goal brings the warning back; Undo restores it.
        let goals = app.find_all("[data-testid='delete-goal']").await?;
        app.click_element(goals.last().ok_or("no goal to delete")?)
            .await?;
        app.find("[data-testid='balance-warning']").await?;
        app.find_text("[data-testid='toast'] button", "Undo")
            .await?
            .click()
            .await?;
        app.wait_for_count("[data-testid='goal']", 2).await?;
        app.find("[data-testid='balanced']").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}
