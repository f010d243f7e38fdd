//! The window as a keyboard-only person drives it: keys go to whatever has focus, nothing is
//! clicked, and after every key focus must be on a control that shows it has it.

use std::time::{Duration, Instant};

use thirtyfour::Key;

use crate::{App, Result};

/// Where focus is, described for a person reading a failure.
#[derive(Debug)]
pub struct Focus {
    /// The focused element, or "<body>" when focus is lost.
    pub at: String,
    lost: bool,
    /// Whether it draws a focus indicator: an outline, or a ring in the focus colour.
    visible: bool,
    /// Whether it matches the selector asked about.
    matches: bool,
}

/// Reads the focus; `arguments[0]` is a selector to match it against, or null.
/// Hidden radios and checkboxes (opacity 0) draw their ring on their label.
const FOCUS: &str = r#"
    const css = arguments[0];
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) {
        return { at: '<body>', lost: true, visible: false, matches: false };
    }
    const hex = getComputedStyle(document.documentElement).getPropertyValue('--focus').trim();
    const n = parseInt(hex.slice(1), 16);
    const colour = `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
    const rings = (node) => {
        const s = getComputedStyle(node);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
            || s.boxShadow.includes(colour);
    };
    const label = getComputedStyle(el).opacity === '0' ? el.closest('label') : null;
    const drawers = label ? [label, ...label.querySelectorAll('*')] : [el];
    const name = (el.getAttribute('aria-label') || el.labels?.[0]?.textContent
        || el.textContent || el.getAttribute('placeholder') || '')
        .trim().replace(/\s+/g, ' ').slice(0, 50);
    const dialog = el.closest('dialog[open]');
    const at = `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}`
        + `${el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : ''}> "${name}"`
        + (dialog ? ` in the dialog "${dialog.querySelector('h2')?.textContent}"` : '');
    return { at, lost: false, visible: drawers.some(rings), matches: !!css && el.matches(css) };
"#;

async fn focus_now(app: &App, css: Option<&str>) -> Result<Focus> {
    let read = app
        .driver
        .execute(FOCUS, vec![serde_json::json!(css)])
        .await?;
    let v = read.json();
    Ok(Focus {
        at: v["at"].as_str().unwrap_or_default().to_owned(),
        lost: v["lost"].as_bool().unwrap_or(true),
        visible: v["visible"].as_bool().unwrap_or(false),
        matches: v["matches"].as_bool().unwrap_or(false),
    })
}

/// The focus once it has settled (a list read afresh redraws within moments); an error
/// saying so when it stays lost or shows no indicator. `after` names the step, for that error.
pub async fn focus(app: &App, after: &str) -> Result<Focus> {
    focus_matching(app, None, after).await
}

async fn focus_matching(app: &App, css: Option<&str>, after: &str) -> Result<Focus> {
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let now = focus_now(app, css).await?;
        let settled = !now.lost && now.visible && (css.is_none() || now.matches);
        if settled || Instant::now() > deadline {
            return match now {
                Focus { lost: true, .. } => {
                    Err(format!("after {after}, focus was lost to <body>").into())
                }
                Focus { visible: false, .. } => Err(format!(
                    "after {after}, focus is on {} but shows no focus indicator",
                    now.at
                )
                .into()),
                _ => Ok(now),
            };
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until focus is on `css`, visibly; the error says where it is instead.
pub async fn expect_focus(app: &App, css: &str, after: &str) -> Result<()> {
    let now = focus_matching(app, Some(css), after).await?;
    if now.matches {
        Ok(())
    } else {
        Err(format!(
            "after {after}, focus should be on {css} but is on {}",
            now.at
        )
        .into())
    }
}

/// Presses `key` (Tab, Enter, Space, an arrow, Escape) and checks where focus went.
pub async fn press(app: &App, key: Key, after: &str) -> Result<Focus> {
    app.driver.action_chain().send_keys(key).perform().await?;
    focus(app, after).await
}

/// Types `text` into the focused field.
pub async fn type_text(app: &App, text: &str) -> Result<()> {
    app.driver.action_chain().send_keys(text).perform().await?;
    Ok(())
}

/// Presses Tab until focus is on `css`, at most `max` times.
pub async fn tab_to(app: &App, css: &str, max: usize) -> Result<()> {
    move_to(app, css, max, false).await
}

/// Presses Shift+Tab until focus is on `css`, at most `max` times.
pub async fn back_tab_to(app: &App, css: &str, max: usize) -> Result<()> {
    move_to(app, css, max, true).await
}

async fn move_to(app: &App, css: &str, max: usize, back: bool) -> Result<()> {
    let key = if back { "Shift+Tab" } else { "Tab" };
    let mut path = Vec::new();
    for pressed in 0..=max {
        let now = focus_now(app, Some(css)).await?;
        if now.matches {
            return expect_focus(app, css, &format!("{pressed} × {key}")).await;
        }
        path.push(now.at);
        if pressed == max {
            break;
        }
        let chain = app.driver.action_chain();
        let chain = if back {
            chain
                .key_down(Key::Shift)
                .send_keys(Key::Tab)
                .key_up(Key::Shift)
        } else {
            chain.send_keys(Key::Tab)
        };
        chain.perform().await?;
        if let Err(e) = focus(app, &format!("{} × {key} toward {css}", pressed + 1)).await {
            return Err(format!("{e}; it went {}", path.join(" → ")).into());
        }
    }
    Err(format!(
        "focus never reached {css} in {max} presses of {key}; it went {}",
        path.join(" → ")
    )
    .into())
}
