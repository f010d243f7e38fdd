//! How often a mentee meets their mentor, and the talking points raised at every 1:1.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::validate;

const POINT_MAX: usize = 200;
const POINTS_MAX: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    #[default]
    None,
    Weekly,
    Fortnightly,
    Monthly,
}

impl Cadence {
    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::None => "none",
            Cadence::Weekly => "weekly",
            Cadence::Fortnightly => "fortnightly",
            Cadence::Monthly => "monthly",
        }
    }

    pub fn parse(value: &str) -> Option<Cadence> {
        [
            Cadence::None,
            Cadence::Weekly,
            Cadence::Fortnightly,
            Cadence::Monthly,
        ]
        .into_iter()
        .find(|c| c.as_str() == value)
    }

    /// The day the 1:1 after one held on `held_on` falls due; none without a cadence.
    /// A monthly 1:1 on the 31st falls on the last day of a shorter month.
    pub fn after(self, held_on: NaiveDate) -> Option<NaiveDate> {
        match self {
            Cadence::None => None,
            Cadence::Weekly => held_on.checked_add_days(Days::new(7)),
            Cadence::Fortnightly => held_on.checked_add_days(Days::new(14)),
            Cadence::Monthly => held_on.checked_add_months(Months::new(1)),
        }
    }
}

/// The talking points in `value`, one per non-blank line, each checked.
pub fn talking_points(value: &str) -> Result<Vec<String>> {
    let points: Vec<String> = value
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| validate::required_text("talkingPoints", "A talking point", l, POINT_MAX))
        .collect::<Result<_>>()?;
    if points.len() > POINTS_MAX {
        return Err(Error::invalid(
            "talkingPoints",
            format!(
                "Keep to {POINTS_MAX} talking points; this has {}.",
                points.len()
            ),
        ));
    }
    Ok(points)
}

/// The rule the commands apply to the `mentees` columns this module writes.
pub(crate) fn check_stored(column: &str, value: &str) -> Result<()> {
    match column {
        "cadence" => Cadence::parse(value)
            .map(drop)
            .ok_or_else(|| Error::invalid("cadence", format!("\"{value}\" is not a cadence."))),
        "talking_points" => talking_points(value).map(drop),
        _ => Ok(()),
    }
}
