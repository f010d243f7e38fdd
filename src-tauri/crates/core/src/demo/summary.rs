//! What a demo run wrote, counted the same way for the showcase and the at-scale data.

/// What was created, for the CLI to report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub mentees: usize,
    pub plans: usize,
    pub goals: usize,
    pub milestones: usize,
    pub sessions: usize,
}
