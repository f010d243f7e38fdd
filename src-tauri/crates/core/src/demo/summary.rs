//! What a demo run wrote, counted the same way for the showcase and the at-scale data.

use rusqlite::Connection;

use crate::error::Result;

/// What was created, for the CLI to report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub mentees: usize,
    pub plans: usize,
    pub goals: usize,
    pub milestones: usize,
    pub sessions: usize,
}

impl DemoSummary {
    /// Counts what the database holds, so the report is what was written rather than a
    /// tally kept beside the writing.
    pub(crate) fn counted(conn: &Connection) -> Result<Self> {
        let count = |table: &str, live: &str| -> Result<usize> {
            let n: i64 =
                conn.query_row(&format!("SELECT count(*) FROM {table}{live}"), [], |r| {
                    r.get(0)
                })?;
            Ok(usize::try_from(n).unwrap_or_default())
        };
        let live = " WHERE deleted_at IS NULL";
        Ok(Self {
            mentees: count("mentees", "")?,
            plans: count("plans", live)?,
            goals: count("goals", live)?,
            milestones: count("milestones", live)?,
            sessions: count("sessions", live)?,
        })
    }
}
