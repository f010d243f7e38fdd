//! The calendar as Waymark sees it: today's local date, and ISO text for storage.

use chrono::{Days, Local, NaiveDate};

pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Today moved by `days` (negative for the past), as ISO text.
pub fn shifted(days: i64) -> String {
    let today = today();
    let moved = if days >= 0 {
        today.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        today.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    iso(moved.unwrap_or(today))
}
