//! The whole mentoring flow from the keyboard alone: no click, only keys sent to whatever
//! has focus. After every step focus is on a control (never lost to <body>) and shows it.

use thirtyfour::Key;
use waymark_e2e::keyboard::{back_tab_to, expect_focus, focus, press, tab_to, type_text};
use waymark_e2e::{App, Result, native_dialog, pdf_text, seed};

const NAME: &str = "Zoë Ørsted-Villanueva";

#[tokio::test]
async fn a_mentee_from_first_meeting_to_exported_plan_without_a_mouse() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    let pdf = dir.path().join("zoe.pdf");
    let mut app = App::launch("keyboard", &db).await?;
    let outcome = async {
        // Into the sidebar and on to Mentees.
        tab_to(&app, "[data-testid='nav-mentees']", 10).await?;
        press(&app, Key::Enter, "Enter on Mentees").await?;
        app.find("[data-testid='nav-mentees'][aria-current='page']")
            .await?;

        add_mentee(&mut app).await?;
        record_assessment(&mut app).await?;
        create_plan(&mut app).await?;

        // The first suggestion for the largest gap becomes a goal with its milestones.
        tab_to(&app, "[data-testid='apply-suggestion']", 80).await?;
        press(&app, Key::Enter, "adding the suggested goal").await?;
        app.wait_for_count("[data-testid='goal']", 1).await?;
        focus(&app, "the suggestion became a goal").await?;
        app.screenshot("suggestion-accepted").await?;

        // Space ticks its first milestone; focus stays on it while the plan is read again.
        tab_to(&app, "[data-testid='milestone-done']", 80).await?;
        press(&app, Key::Space, "ticking the milestone").await?;
        app.find_text("[data-testid='plan-progress']", "1 of")
            .await?;
        expect_focus(
            &app,
            "[data-testid='milestone-done']:checked",
            "the milestone was completed",
        )
        .await?;
        app.screenshot("milestone-done").await?;

        log_one_to_one(&mut app).await?;

        // Back to the plan, and Ctrl+P: the native save dialog, driven by keys too.
        back_tab_to(&app, "#mentee-tab-sessions", 20).await?;
        press(&app, Key::Left, "ArrowLeft to the Plan tab").await?;
        expect_focus(&app, "#mentee-tab-plan[aria-selected='true']", "ArrowLeft").await?;
        app.find("[data-testid='plan-title']").await?;
        app.ctrl("p").await?;
        native_dialog::save_as("Export plan as PDF", &pdf).await?;
        app.find_text("[data-testid='toast']", "PDF saved to")
            .await?;
        expect_focus(&app, "#mentee-tab-plan", "the save dialog closed").await?;
        app.screenshot("exported").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await?;

    let text = pdf_text(&pdf)?;
    assert!(
        text.contains(NAME),
        "{NAME} missing from the plan PDF:\n{text}"
    );
    Ok(())
}

/// "＋ New" opens the form; Escape closes it back onto that button; Ctrl+N opens it again.
async fn add_mentee(app: &mut App) -> Result<()> {
    tab_to(app, "[data-testid='new-mentee']", 10).await?;
    press(app, Key::Enter, "Enter on ＋ New").await?;
    expect_focus(app, "#name", "the new mentee form opened").await?;
    press(app, Key::Escape, "Escape in the empty form").await?;
    expect_focus(app, "[data-testid='new-mentee']", "the form closed").await?;

    app.ctrl("n").await?;
    expect_focus(app, "#name", "Ctrl+N").await?;
    type_text(app, NAME).await?;
    // Typing in a closed list chooses by name without opening it.
    tab_to(app, "#targetLeaderTypeId", 10).await?;
    type_text(app, "Cloud").await?;
    let chosen = app
        .eval("return document.querySelector('#targetLeaderTypeId').value;")
        .await?;
    assert_eq!(
        chosen,
        serde_json::json!("13"),
        "Cloud Leader is the target"
    );
    focus(app, "typing in the leader type list").await?;
    app.screenshot("new-mentee").await?;

    tab_to(app, "[data-testid='save-mentee']", 20).await?;
    press(app, Key::Enter, "saving the mentee").await?;
    app.find_text("[data-testid='mentee-name']", NAME).await?;
    expect_focus(app, "[data-testid='new-mentee']", "the mentee was added").await?;
    Ok(())
}

/// The tabs are one stop, moved along with the arrow keys; the assessment form opens on
/// its first field, a level moves with the arrows, and focus comes back to "＋ New assessment".
async fn record_assessment(app: &mut App) -> Result<()> {
    tab_to(app, "#mentee-tab-overview", 20).await?;
    press(app, Key::Right, "ArrowRight in the tabs").await?;
    expect_focus(
        app,
        "#mentee-tab-assessments[aria-selected='true']",
        "ArrowRight",
    )
    .await?;
    tab_to(app, "[data-testid='new-assessment']", 5).await?;
    press(app, Key::Enter, "Enter on ＋ New assessment").await?;
    expect_focus(app, "#assessedOn", "the assessment form opened").await?;

    tab_to(app, "input[type='radio'][name^='rating-']", 10).await?;
    press(app, Key::Right, "ArrowRight on a level").await?;
    let level = app
        .eval("return document.activeElement.checked && document.activeElement.value;")
        .await?;
    assert_eq!(level, serde_json::json!("4"), "the level moved up by one");
    app.screenshot("assessment-form").await?;

    tab_to(app, "[data-testid='save-assessment']", 60).await?;
    press(app, Key::Enter, "saving the assessment").await?;
    app.find_text("[data-testid='assessment-row']", "Mentor")
        .await?;
    expect_focus(
        app,
        "[data-testid='new-assessment']",
        "the assessment was saved",
    )
    .await?;
    Ok(())
}

/// The empty plan tab's one action; once the plan exists, focus is on its title.
async fn create_plan(app: &mut App) -> Result<()> {
    back_tab_to(app, "#mentee-tab-assessments", 5).await?;
    press(app, Key::Right, "ArrowRight to the Plan tab").await?;
    tab_to(app, "[data-testid='new-plan']", 5).await?;
    press(app, Key::Enter, "Enter on Create a plan").await?;
    expect_focus(app, "#plan-leader-type", "the plan form opened").await?;
    tab_to(app, "[data-testid='save-plan']", 20).await?;
    press(app, Key::Enter, "creating the plan").await?;
    app.find_text("[data-testid='plan-title']", "Toward Cloud Leader")
        .await?;
    expect_focus(app, "[data-testid='plan-title']", "the plan was created").await?;
    app.screenshot("plan-created").await?;
    Ok(())
}

/// "＋ Log a 1:1" gives way to the form, which takes focus; saving brings the button back
/// and focus with it.
async fn log_one_to_one(app: &mut App) -> Result<()> {
    back_tab_to(app, "#mentee-tab-plan", 120).await?;
    press(app, Key::Right, "ArrowRight to the 1:1s tab").await?;
    tab_to(app, "[data-testid='new-session']", 10).await?;
    press(app, Key::Enter, "Enter on ＋ Log a 1:1").await?;
    expect_focus(app, "#session-date", "the 1:1 form opened").await?;
    tab_to(app, "#session-notes", 3).await?;
    type_text(app, "Talked through the architecture forum.").await?;
    tab_to(app, "[data-testid='save-session']", 10).await?;
    app.screenshot("logging-a-1-1").await?;
    press(app, Key::Enter, "saving the 1:1").await?;
    app.find_text("[data-testid='toast']", "1:1 logged.")
        .await?;
    app.find("[data-testid='session']").await?;
    expect_focus(app, "[data-testid='new-session']", "the 1:1 was logged").await?;
    Ok(())
}

#[tokio::test]
async fn focus_outlives_what_was_deleted_edited_or_closed() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team_with_plans(&db)?;
    let mut app = App::launch("keyboard-edits", &db).await?;
    let outcome = async {
        tab_to(&app, "[data-testid='nav-mentees']", 10).await?;
        press(&app, Key::Enter, "Enter on Mentees").await?;
        // The list is one stop; the arrow keys walk it, opening whoever they land on.
        tab_to(&app, "[data-testid='mentee-row']", 15).await?;
        for _ in 0..6 {
            let row = focus(&app, "walking the list").await?;
            if row.at.contains("Amara Okonkwo") {
                break;
            }
            press(&app, Key::Down, "ArrowDown in the list").await?;
        }
        app.find_text("[data-testid='mentee-name']", "Amara Okonkwo")
            .await?;
        tab_to(&app, "#mentee-tab-overview", 10).await?;
        press(&app, Key::Right, "ArrowRight in the tabs").await?;
        press(&app, Key::Right, "ArrowRight in the tabs").await?;
        expect_focus(&app, "#mentee-tab-plan[aria-selected='true']", "ArrowRight").await?;

        // A deleted milestone hands focus to the one after it.
        tab_to(
            &app,
            "button[aria-label='Delete milestone Interview five stakeholders']",
            80,
        )
        .await?;
        press(&app, Key::Enter, "deleting a milestone").await?;
        app.wait_for_count("[data-testid='milestone']", 1).await?;
        expect_focus(
            &app,
            "[data-testid='milestone-done'][aria-label='Done: Circulate the first draft']",
            "the milestone was deleted",
        )
        .await?;

        // "More" is a menu: the arrows open it and walk it, Escape closes it onto "More".
        back_tab_to(&app, "summary[aria-label='More plan actions']", 80).await?;
        press(&app, Key::Down, "ArrowDown on More").await?;
        expect_focus(&app, "details[open] [role='menuitem']", "ArrowDown on More").await?;
        app.screenshot("more-menu").await?;
        press(&app, Key::Up, "ArrowUp in the menu").await?;
        expect_focus(
            &app,
            "[data-testid='delete-plan']",
            "ArrowUp from the first item",
        )
        .await?;
        press(&app, Key::Escape, "Escape in the menu").await?;
        expect_focus(&app, "details:not([open]) > summary", "the menu was closed").await?;

        // Saving a mentee draws their page afresh: focus finds "Edit" again on it.
        back_tab_to(&app, "[data-testid='edit-mentee']", 20).await?;
        press(&app, Key::Enter, "Enter on Edit").await?;
        expect_focus(&app, "#name", "the mentee form opened").await?;
        press(&app, Key::End, "End in the name").await?;
        type_text(&app, "-Eze").await?;
        tab_to(&app, "[data-testid='save-mentee']", 20).await?;
        press(&app, Key::Enter, "saving the mentee").await?;
        app.find_text("[data-testid='mentee-name']", "Amara Okonkwo-Eze")
            .await?;
        expect_focus(&app, "[data-testid='edit-mentee']", "the mentee was saved").await?;

        // Deleting the only goal leaves focus on the way to write the next one.
        tab_to(&app, "#mentee-tab-overview", 10).await?;
        press(&app, Key::Right, "ArrowRight in the tabs").await?;
        press(&app, Key::Right, "ArrowRight in the tabs").await?;
        tab_to(&app, "[data-testid='delete-goal']", 80).await?;
        press(&app, Key::Enter, "deleting the goal").await?;
        app.wait_for_count("[data-testid='goal']", 0).await?;
        expect_focus(&app, "[data-testid='new-goal']", "the goal was deleted").await?;
        app.screenshot("goal-deleted").await?;

        // The goal's toast is the newest (earlier toasts may still show); its Undo is a few
        // Tabs on, and once it has done its work, focus is back.
        tab_to(
            &app,
            "[data-testid='toast']:last-child button:not([aria-label='Dismiss'])",
            10,
        )
        .await?;
        press(&app, Key::Enter, "Undo").await?;
        app.wait_for_count("[data-testid='goal']", 1).await?;
        expect_focus(&app, "[data-testid='new-goal']", "the goal was restored").await?;

        // Away from text, Ctrl+Z takes back the newest change offered for undo.
        tab_to(&app, "[data-testid='delete-goal']", 40).await?;
        press(&app, Key::Enter, "deleting the goal again").await?;
        app.wait_for_count("[data-testid='goal']", 0).await?;
        app.ctrl("z").await?;
        app.wait_for_count("[data-testid='goal']", 1).await?;
        focus(&app, "Ctrl+Z restored the goal").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}
