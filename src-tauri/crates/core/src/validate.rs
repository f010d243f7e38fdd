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
