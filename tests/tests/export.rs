//! PDF export through the real window and the real native save dialog: Ctrl+P on a plan,
//! the overview from Today, cancelling, and the folder opener's refusal of other paths.

use std::time::Duration;

use waymark_e2e::{App, Result, native_dialog, pdf_text};

#[tokio::test]
async fn plans_and_the_overview_export_to_pdf_through_the_save_dialog() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    waymark_core::demo::write_file(&db, waymark_core::demo::DemoSize::Showcase)?;
    let out = dir.path().join("exports");
    std::fs::create_dir(&out)?;
    let mut app = App::launch("export", &db).await?;
    let outcome = async {
        // The name printed as the mentor.
        app.click("[data-testid='nav-settings']").await?;
        app.type_into("[data-testid='mentor-name']", "Mira Castellanos")
            .await?;
        app.click("[data-testid='back-up-now']").await?; // moves focus away, which saves
        app.find_text("[data-testid='toast']", "Name saved").await?;

        // Ctrl+P on a plan opens the save dialog with the plan's file name.
        app.click("[data-testid='nav-mentees']").await?;
        app.click_text("[data-testid='mentee-row']", "Amara Okonkwo")
            .await?;
        app.click("[data-testid='mentee-tab-plan']").await?;
        app.find_text("[data-testid='plan-title']", "Toward Cloud Leader")
            .await?;
        app.ctrl("p").await?;
        native_dialog::save_as("Export plan as PDF", &out.join("amara.pdf")).await?;
        app.find_text("[data-testid='toast']", "PDF saved to")
            .await?;
        app.screenshot("plan-exported").await?;

        // Cancelling writes nothing and says nothing.
        app.click("[data-testid='export-pdf']").await?;
        native_dialog::cancel("Export plan as PDF").await?;
        tokio::time::sleep(Duration::from_millis(800)).await;

        // The overview, from Today.
        app.click("[data-testid='nav-dashboard']").await?;
        app.click("[data-testid='export-overview']").await?;
        native_dialog::save_as("Export mentoring overview", &out.join("overview.pdf")).await?;
        app.find_text("[data-testid='toast']", "overview.pdf")
            .await?;

        // The folder opener serves only files this session exported.
        let refused = app
            .eval_async(
                "window.__TAURI_INTERNALS__.invoke('show_in_folder', { path: '/etc/passwd' })
                   .then(() => done('opened'), (e) => done(e.code));",
            )
            .await?;
        assert_eq!(refused, serde_json::json!("not_found"));
        Ok(())
    }
    .await;
    app.finish(outcome).await?;

    let written = waymark_e2e::file_names(&out)?;
    assert_eq!(
        written,
        ["amara.pdf", "overview.pdf"],
        "the cancelled export wrote nothing"
    );

    let plan = pdf_text(&out.join("amara.pdf"))?;
    for expected in [
        "Amara Okonkwo",
        "Toward Cloud Leader",
        "Mira Castellanos",
        "Goals and milestones",
    ] {
        assert!(
            plan.contains(expected),
            "{expected} missing from the plan PDF:\n{plan}"
        );
    }
    let overview = pdf_text(&out.join("overview.pdf"))?;
    for expected in [
        "Mira Castellanos",
        "Amara Okonkwo",
        "Дмитрий Соколов",
        "Next milestone",
    ] {
        assert!(
            overview.contains(expected),
            "{expected} missing from the overview PDF:\n{overview}"
        );
    }
    Ok(())
}
