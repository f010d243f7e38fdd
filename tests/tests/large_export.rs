//! A plan far larger than anyone writes by hand (a file from elsewhere can hold any number
//! of milestones) exports a bounded report, and the app keeps answering while it is typeset.

use waymark_e2e::{App, Result, native_dialog, seed};

#[tokio::test]
async fn a_hundred_thousand_milestone_plan_exports_while_the_app_keeps_answering() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("w.sqlite3");
    seed::team_with_plans(&db)?;
    let plan: i64 = {
        let conn = rusqlite::Connection::open(&db)?;
        let plan = conn.query_row(
            "SELECT min(id) FROM plans WHERE status = 'active'",
            [],
            |r| r.get(0),
        )?;
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
             INSERT INTO milestones (goal_id, title, due_on, position)
             SELECT (SELECT min(id) FROM goals WHERE plan_id = ?1), 'Step ' || i,
                    '2027-06-01', 1000 + i
               FROM n",
            [plan],
        )?;
        plan
    };

    let app = App::launch("large-export", &db).await?;
    let outcome = async {
        app.find("[data-testid='dashboard']").await?;
        // The export starts; the mentee list is asked for five times meanwhile. Were the
        // report typeset while holding the data file, these would wait for all of it.
        let answered = app
            .eval_async(&format!(
                "const ipc = window.__TAURI_INTERNALS__;
                 ipc.invoke('export_plan_pdf', {{ planId: {plan}, locale: 'en-US' }});
                 const query = {{ search: '', archive: 'active', offset: 0, limit: 10 }};
                 const pause = (ms) => new Promise((r) => setTimeout(r, ms));
                 const asks = (async () => {{
                   let total = 0;
                   for (let i = 0; i < 5; i++) {{
                     total = (await ipc.invoke('list_mentees', {{ query }})).total;
                     await pause(100);
                   }}
                   return 'answered ' + total;
                 }})();
                 Promise.race([asks, pause(20000).then(() => 'no answer within 20 s')])
                   .then(done, (e) => done('failed: ' + JSON.stringify(e)));"
            ))
            .await?;
        if answered != serde_json::json!("answered 6") {
            return Err(format!("the app stopped answering during the export: {answered}").into());
        }
        native_dialog::cancel("Export plan as PDF").await?;
        app.click("[data-testid='nav-mentees']").await?;
        app.find_text("[data-testid='mentee-row']", "Amara Okonkwo")
            .await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}
