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

/// Puts the window in the dark theme or back (`dark` is the argument) as the system's
/// dark preference would: the stylesheets' `prefers-color-scheme: dark` blocks apply in
/// place and the page's own controls take their dark look. The dark theme is those blocks
/// alone, so this is the theme itself, not a copy of it; through CSSOM, which the CSP
/// allows. Answers the page's background once every transition has settled.
const DARK: &str = "
    const dark = arguments[0];
    if (dark && !window.waymarkDark) {
        window.waymarkDark = [];
        for (const sheet of document.styleSheets) {
            for (const rule of sheet.cssRules) {
                const media = rule instanceof CSSMediaRule ? rule.media.mediaText : '';
                if (media.includes('prefers-color-scheme: dark')) {
                    window.waymarkDark.push([rule, media]);
                    rule.media.mediaText = 'all';
                }
            }
        }
    } else if (!dark && window.waymarkDark) {
        for (const [rule, media] of window.waymarkDark) rule.media.mediaText = media;
        delete window.waymarkDark;
    }
    document.documentElement.style.colorScheme = dark ? 'dark' : '';
    // Styles are worked out when asked for; only then are the transitions there to wait on.
    document.body.getBoundingClientRect();
    const settling = document.getAnimations()
        .filter((a) => a.effect && a.effect.getComputedTiming().iterations !== Infinity);
    Promise.all(settling.map((a) => a.finished.catch(() => null)))
        .then(() => done(getComputedStyle(document.documentElement).backgroundColor));";

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

    /// Fails with every serious or critical violation on what the window shows now, in the
    /// light theme and again in the dark one (see [`dark_theme`]).
    pub async fn check(&self, app: &App, place: &str) -> Result<()> {
        let mut found = self.violations(app, place).await?;
        dark_theme(app, true).await?;
        let dark = self.violations(app, &format!("{place}, dark")).await;
        dark_theme(app, false).await?;
        found.extend(dark?);
        if found.is_empty() {
            Ok(())
        } else {
            Err(format!("{} violations:\n{}", found.len(), found.join("\n")).into())
        }
    }
}

/// Turns the dark theme on or off in a window started in the light one, as the system's
/// preference would; answers the page's background colour then.
pub async fn dark_theme(app: &App, dark: bool) -> Result<String> {
    let background = app
        .eval_async_with(DARK, vec![serde_json::json!(dark)])
        .await?;
    Ok(background.as_str().unwrap_or_default().to_owned())
}
