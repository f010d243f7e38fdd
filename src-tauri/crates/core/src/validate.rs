//! Checks on what people type, each failing with the field it concerns and a sentence
//! that says what to do.

use chrono::NaiveDate;

use crate::error::{Error, Result};

/// Trims `value`; it must be non-empty and at most `max` characters.
pub fn required_text(field: &'static str, label: &str, value: &str, max: usize) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Error::invalid(field, format!("{label} cannot be empty.")));
    }
    bounded(field, label, trimmed, max)
}

/// Trims `value`, which may be empty, and checks its length.
pub fn optional_text(field: &'static str, label: &str, value: &str, max: usize) -> Result<String> {
    bounded(field, label, value.trim(), max)
}

fn bounded(field: &'static str, label: &str, value: &str, max: usize) -> Result<String> {
    let length = value.chars().count();
    if length > max {
        return Err(Error::invalid(
            field,
            format!("{label} is {length} characters long; the limit is {max}."),
        ));
    }
    if let Some(c) = forbidden_control(value) {
        return Err(Error::invalid(
            field,
            format!(
                "{label} contains an invisible control character (U+{:04X}); remove it.",
                c as u32
            ),
        ));
    }
    Ok(value.to_owned())
}

/// The first character of `value` that may not be stored (see below), if any.
pub fn forbidden_control(value: &str) -> Option<char> {
    value.chars().find(|c| is_forbidden_control(*c))
}

/// Control characters other than line breaks and tabs, and the bidirectional overrides
/// that can make stored text display differently from what it is.
fn is_forbidden_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// An ISO date (`YYYY-MM-DD`), or none when `value` is empty.
pub fn optional_date(
    field: &'static str,
    label: &str,
    value: Option<&str>,
) -> Result<Option<NaiveDate>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .filter(|d| (1900..=2200).contains(&chrono::Datelike::year(d)))
            .map(Some)
            .ok_or_else(|| {
                Error::invalid(
                    field,
                    format!("{label} \"{text}\" is not a valid date; use the form 2026-03-31."),
                )
            }),
    }
}

/// Longest link accepted, in characters.
pub const LINK_MAX: usize = 2_000;

/// The schemes a link may have: a web page or an e-mail. Anything else (`javascript:`,
/// `file:`, a custom app scheme) could act on this machine when opened.
const LINK_SCHEMES: [&str; 3] = ["https", "http", "mailto"];

/// A link that is safe to hand to the system's browser or mail program: a well-formed
/// `https:`, `http:` or `mailto:` address. Returns it trimmed.
pub fn link_url(field: &'static str, value: &str) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Error::invalid(field, "A link cannot be empty."));
    }
    let length = trimmed.chars().count();
    if length > LINK_MAX {
        return Err(Error::invalid(
            field,
            format!("A link is {length} characters long; the limit is {LINK_MAX}."),
        ));
    }
    // The parser would quietly drop or encode these, so what opens would differ from
    // what was shown.
    if trimmed
        .chars()
        .any(|c| c.is_whitespace() || is_forbidden_control(c) || is_invisible(c))
    {
        return Err(Error::invalid(
            field,
            "A link cannot contain spaces or invisible characters.",
        ));
    }
    let url = url::Url::parse(trimmed).map_err(|_| {
        Error::invalid(
            field,
            format!("\"{trimmed}\" is not a complete address; links start with https://, http:// or mailto:."),
        )
    })?;
    if !LINK_SCHEMES.contains(&url.scheme()) {
        return Err(Error::invalid(
            field,
            format!(
                "\"{trimmed}\" is not a web or e-mail address; links start with https://, http:// or mailto:."
            ),
        ));
    }
    check_link_target(field, trimmed, &url)?;
    Ok(trimmed.to_owned())
}

/// Characters that take no room on screen (zero-width spaces and joiners, direction
/// marks, the soft hyphen, the byte-order mark).
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// A web link is written out in full (`https://host/…`: the parser would also take
/// `https:///host` or `https:\\host`) and names a host and no user
/// (`https://bank.example@elsewhere.example` shows one site and opens another); an e-mail
/// link names someone.
fn check_link_target(field: &'static str, shown: &str, url: &url::Url) -> Result<()> {
    let after_scheme = shown.get(url.scheme().len() + 1..).unwrap_or_default();
    let complete = match url.scheme() {
        "mailto" => !url.path().is_empty(),
        _ => {
            after_scheme
                .strip_prefix("//")
                .is_some_and(|rest| !rest.starts_with('/'))
                && !shown.contains('\\')
                && url.host_str().is_some_and(|h| !h.is_empty())
        }
    };
    if !complete {
        return Err(Error::invalid(
            field,
            format!("\"{shown}\" is not a complete address."),
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::invalid(
            field,
            format!(
                "\"{shown}\" carries a user name before @, which hides where it leads; use the plain address."
            ),
        ));
    }
    Ok(())
}
