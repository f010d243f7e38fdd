// Plans and the work toward them: goals, milestones, templates, 1:1s, topics, comments, analysis.

pub mod balance;
pub mod comments;
pub mod gaps;
pub mod goals;
pub mod milestones;
mod ordering;
pub mod plans;
pub mod progress;
pub mod sessions;
pub(crate) mod soft_delete;
pub mod templates;
pub mod topics;
