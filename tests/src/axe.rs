//! axe-core (the npm package the UI installs) run in the real window: WCAG 2.2 AA, the
//! serious and critical violations only.

use crate::{App, Result};

/// What axe checks: WCAG 2.0, 2.1 and 2.2 at levels A and AA.
const RUN: &str = "
    axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
        resultTypes: ['violations'],
    }).then((r) => done(r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' at '
            + v.nodes.slice(0, 4).map((n) => n.target.join(' ') + ' {'
                + ((n.any[0] || n.all[0] || n.none[0] || {}).message || '') + '}').join(' | '))),
        (e) => done(['axe failed: ' + e]));";

/// axe's script, read once for a test's many runs.
#[derive(Debug)]
pub struct Axe(String);

impl Axe {
    pub fn load() -> Result<Axe> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../ui/node_modules/axe-core/axe.min.js"
        );
        let source =
            std::fs::read_to_string(path).map_err(|e| format!("{path}: {e} (run `make deps`)"))?;
        Ok(Axe(source))
    }

    /// The serious and critical violations on what the window shows now, each with where.
    pub async fn violations(&self, app: &App, place: &str) -> Result<Vec<String>> {
        let found = app.eval_async(&format!("{}\n{RUN}", self.0)).await?;
        let list: Vec<String> = serde_json::from_value(found)?;
        Ok(list.into_iter().map(|v| format!("{place}: {v}")).collect())
    }

    /// Fails with every serious or critical violation on what the window shows now.
    pub async fn check(&self, app: &App, place: &str) -> Result<()> {
        let found = self.violations(app, place).await?;
        if found.is_empty() {
            Ok(())
        } else {
            Err(format!("{} violations:\n{}", found.len(), found.join("\n")).into())
        }
    }
}
