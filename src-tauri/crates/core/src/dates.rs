//! The calendar as Waymark sees it: today's local date, and ISO text for storage.

use chrono::{Local, NaiveDate};

pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}
