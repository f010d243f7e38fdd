//! Waymark's core: everything the app knows and does, free of any UI or Tauri concern.
//! Each public function takes plain values and a SQLite connection and returns
//! [`Result`], so the desktop shell and the command line are thin adapters over it.
//!
//! Folders are layers, each using only those listed before it: `store` (the data file),
//! `catalogue`, `people`, `plan`, `rhythm`, then `reads` and `exchange` across them, and `demo` on
//! top. `error`, `validate` and `dates` serve every layer; `bindings` lists what the UI
//! sees. No module imports one that imports it back (`tests/suite/layers.rs` checks).

pub mod bindings;
pub mod catalogue;
pub mod dates;
pub mod demo;
pub mod error;
pub mod exchange;
pub mod people;
pub mod plan;
pub mod reads;
pub mod rhythm;
pub mod store;
pub mod sync;
pub mod validate;

// The flat paths the other crates use (`waymark_core::db`, ...), one per module.
pub use exchange::{archive, exports};
pub use people::{assessments, mentees};
pub use plan::{
    balance, comments, gaps, goals, milestones, plans, progress, sessions, templates, topics,
};
pub use reads::{calibration, dashboard, forecast, plan_view, search};
pub use rhythm::{agenda, evidence, reminders};
pub use store::{backups, checkpoints, db, files, migrations, settings};
pub use sync::live;

pub use error::{Error, ErrorCode, ErrorPayload, Result};
