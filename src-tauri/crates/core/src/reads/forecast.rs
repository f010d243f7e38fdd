//! The readiness forecast: per competency of a plan, when the gap between the mentee's
//! rating and the plan's target is likely to close, from the trend of the ratings so far,
//! with a range for its uncertainty and its reasons in plain words. Too little data gives
//! no date, only what is missing: a forecast from one rating would be a guess.
//!
//! The trend is a least-squares line through one assessor's ratings (the mentor's when
//! there are any, else the mentee's own), so that two people's scales are not mixed. The
//! range is the date at the trend's slope plus and minus one standard error; with two
//! ratings the error is taken as half a level, a rating's own rounding.

use chrono::{Days, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::dates;
use crate::error::Result;
use crate::people::assessments::{self, Assessor};
use crate::plan::plans;

/// A forecast needs ratings at least this many days apart.
const SPAN_NEEDED: i64 = 28;
/// A rating's own uncertainty, in levels, when two ratings leave no spread to measure.
const RATING_ERROR: f64 = 0.5;
/// Beyond this many days a date would be fiction.
const HORIZON_DAYS: f64 = 3650.0;
const DAYS_A_MONTH: f64 = 30.44;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Outlook {
    /// Rated at or above the target.
    AtTarget,
    /// Rising: a likely date and a range.
    Closing,
    /// Flat or falling: no date.
    NotClosing,
    /// Too few ratings, or too close together, to say.
    NotEnoughData,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CompetencyForecast {
    pub competency_key: String,
    pub target: i64,
    pub current: Option<i64>,
    pub outlook: Outlook,
    /// When the gap is likely to close, and the range around it; `latest_on` is none when
    /// the slow end of the range never closes it.
    pub likely_on: Option<String>,
    pub earliest_on: Option<String>,
    pub latest_on: Option<String>,
    /// Whether the likely date is on or before the plan's target date.
    pub on_track: Option<bool>,
    /// Levels a month, by the trend.
    pub pace: Option<f64>,
    /// Why, in plain words, most important first.
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Forecast {
    pub plan_id: i64,
    pub target_on: String,
    /// Whose ratings the trend follows; none before any assessment.
    pub assessor: Option<Assessor>,
    /// The plan's targeted competencies, largest gap first.
    pub competencies: Vec<CompetencyForecast>,
}

/// One rating: days since the first rating, and the level.
type Point = (f64, f64);

/// The forecast for a plan.
pub fn for_plan(conn: &Connection, plan_id: i64) -> Result<Forecast> {
    let plan = plans::get(conn, plan_id)?;
    let mut all = assessments::list(conn, plan.mentee_id)?;
    all.reverse();
    let mentor_rated = all.iter().any(|a| a.assessor == Assessor::Mentor);
    let assessor = all.first().map(|_| {
        if mentor_rated {
            Assessor::Mentor
        } else {
            Assessor::Myself
        }
    });
    let rated: Vec<_> = all
        .iter()
        .filter(|a| Some(a.assessor) == assessor)
        .filter_map(|a| Some((day(&a.assessed_on)?, a)))
        .collect();
    let target_on = day(&plan.target_on);
    let progress = milestone_progress(conn, plan_id)?;
    let mut competencies: Vec<CompetencyForecast> = plan
        .targets
        .competencies
        .iter()
        .map(|t| {
            let series: Vec<(NaiveDate, i64)> = rated
                .iter()
                .filter_map(|(on, a)| {
                    let r = a
                        .ratings
                        .iter()
                        .find(|r| r.competency_key == t.competency_key)?;
                    Some((*on, r.level))
                })
                .collect();
            let mut f = forecast(&t.competency_key, t.level, &series, target_on);
            if let Some((done, total)) = progress.get(&t.competency_key) {
                f.reasons.push(milestone_reason(*done, *total));
            }
            f
        })
        .collect();
    competencies.sort_by_key(|f| std::cmp::Reverse(f.target - f.current.unwrap_or(1)));
    Ok(Forecast {
        plan_id,
        target_on: plan.target_on,
        assessor,
        competencies,
    })
}

/// The forecast for one competency from its dated ratings, oldest first.
pub fn forecast(
    key: &str,
    target: i64,
    series: &[(NaiveDate, i64)],
    target_on: Option<NaiveDate>,
) -> CompetencyForecast {
    let mut f = CompetencyForecast {
        competency_key: key.to_owned(),
        target,
        current: series.last().map(|(_, level)| *level),
        outlook: Outlook::NotEnoughData,
        likely_on: None,
        earliest_on: None,
        latest_on: None,
        on_track: None,
        pace: None,
        reasons: Vec::new(),
    };
    let (Some(&(first_on, first)), Some(&(last_on, current))) = (series.first(), series.last())
    else {
        f.reasons
            .push("Not rated yet: a forecast needs two ratings at least a month apart.".into());
        return f;
    };
    if current >= target {
        f.outlook = Outlook::AtTarget;
        f.reasons.push(format!(
            "Rated {current} on {}, at or above the target of {target}.",
            long_date(last_on)
        ));
        return f;
    }
    let span = (last_on - first_on).num_days();
    if series.len() < 2 {
        f.reasons
            .push("Rated once so far: a forecast needs two ratings at least a month apart.".into());
        return f;
    }
    if span < SPAN_NEEDED {
        f.reasons.push(format!(
            "The {} ratings are only {span} days apart: a forecast needs at least a month \
             between the first and the last.",
            series.len()
        ));
        return f;
    }
    let points: Vec<Point> = series
        .iter()
        .map(|(on, level)| ((*on - first_on).num_days() as f64, *level as f64))
        .collect();
    let (slope, error) = trend(&points);
    let months = span as f64 / DAYS_A_MONTH;
    f.pace = Some(slope * DAYS_A_MONTH);
    let history = format!(
        "Rated {first} on {} and {current} on {}, {} ratings over {}",
        long_date(first_on),
        long_date(last_on),
        series.len(),
        duration(months)
    );
    if slope <= 0.0 {
        f.outlook = Outlook::NotClosing;
        f.reasons
            .push(format!("{history}: no rise to build a date on."));
        return f;
    }
    let gap = (target - current) as f64;
    let after = |pace: f64| -> Option<NaiveDate> {
        let days = gap / pace;
        (pace > 0.0 && days <= HORIZON_DAYS)
            .then(|| last_on.checked_add_days(Days::new(days.ceil() as u64)))
            .flatten()
    };
    let Some(likely) = after(slope) else {
        f.outlook = Outlook::NotClosing;
        f.reasons.push(format!(
            "{history}: at about {:.1} levels a month the gap of {gap} would take more than \
             ten years.",
            slope * DAYS_A_MONTH
        ));
        return f;
    };
    f.outlook = Outlook::Closing;
    f.likely_on = Some(dates::iso(likely));
    f.earliest_on = after(slope + error).map(dates::iso);
    f.latest_on = after(slope - error).map(dates::iso);
    f.reasons.push(format!(
        "{history}: about {:.1} levels a month.",
        slope * DAYS_A_MONTH
    ));
    f.reasons.push(match &f.latest_on {
        Some(_) => format!(
            "The ratings vary around that trend, so the gap of {gap} closes somewhere \
             between the earliest and latest dates shown."
        ),
        None => "The ratings vary so much around that trend that, at its slow end, the gap \
                 would not close: treat the date as hopeful."
            .to_owned(),
    });
    if let Some(target_on) = target_on {
        let on_track = likely <= target_on;
        f.on_track = Some(on_track);
        f.reasons.push(if on_track {
            format!(
                "That is before the plan's target date, {}.",
                long_date(target_on)
            )
        } else {
            format!(
                "That is after the plan's target date, {}: the plan may need more time or \
                 more focus here.",
                long_date(target_on)
            )
        });
    }
    f
}

/// The least-squares slope of `points` (levels a day) and its standard error.
fn trend(points: &[Point]) -> (f64, f64) {
    let n = points.len() as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    let slope = sxy / sxx;
    let spread = if points.len() > 2 {
        let intercept = mean_y - slope * mean_x;
        let residuals: f64 = points
            .iter()
            .map(|p| (p.1 - intercept - slope * p.0).powi(2))
            .sum();
        (residuals / (n - 2.0)).sqrt().max(RATING_ERROR / 2.0)
    } else {
        RATING_ERROR
    };
    (slope, spread / sxx.sqrt())
}

/// Per competency, the plan's milestones on goals for it: (done, not dropped).
fn milestone_progress(
    conn: &Connection,
    plan_id: i64,
) -> Result<std::collections::HashMap<String, (i64, i64)>> {
    let mut statement = conn.prepare_cached(
        "SELECT gc.competency_key, sum(m.status = 'done'), count(*) FROM milestones m
           JOIN goals g ON g.id = m.goal_id JOIN goal_competencies gc ON gc.goal_id = g.id
          WHERE g.plan_id = ?1 AND g.deleted_at IS NULL AND m.deleted_at IS NULL
            AND m.status != 'dropped'
          GROUP BY gc.competency_key",
    )?;
    let rows = statement.query_map([plan_id], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn milestone_reason(done: i64, total: i64) -> String {
    match (done, total) {
        (_, 1) if done == 1 => "Its one milestone is done.".into(),
        (0, 1) => "Its one milestone is not done yet.".into(),
        (0, _) => format!("None of its {total} milestones is done yet."),
        _ if done == total => format!("All {total} of its milestones are done."),
        _ => format!("{done} of its {total} milestones are done."),
    }
}

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

fn long_date(on: NaiveDate) -> String {
    on.format("%-d %B %Y").to_string()
}

fn duration(months: f64) -> String {
    match months.round() as i64 {
        ..=1 => "about a month".into(),
        m if m < 24 => format!("{m} months"),
        m => format!("{} years", m / 12),
    }
}
