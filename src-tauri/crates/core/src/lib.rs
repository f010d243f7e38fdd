//! Waymark's core: everything the app knows and does, free of any UI or Tauri concern.
//! Each public function takes plain values and a SQLite connection and returns
//! [`Result`], so the desktop shell and the command line are thin adapters over it.

pub mod archive;
pub mod assessments;
pub mod backups;
pub mod balance;
pub mod bindings;
pub mod catalogue;
pub mod dashboard;
pub mod dates;
pub mod db;
pub mod demo;
mod demo_at_scale;
pub mod error;
pub mod exports;
pub mod files;
pub mod gaps;
pub mod goals;
pub mod mentees;
pub mod migrations;
pub mod milestones;
mod ordering;
pub mod plan_view;
pub mod plans;
mod profile_tables;
pub mod progress;
pub mod search;
pub mod sessions;
pub mod settings;
mod snapshot;
pub mod templates;
pub mod validate;

pub use error::{Error, ErrorPayload, Result};
