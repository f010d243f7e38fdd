//! Waymark's core: everything the app knows and does, free of any UI or Tauri concern.
//! Each public function takes plain values and a SQLite connection and returns
//! [`Result`], so the desktop shell and the command line are thin adapters over it.

pub mod bindings;
pub mod catalogue;
pub mod db;
pub mod error;
pub mod mentees;
pub mod migrations;
pub mod validate;

pub use error::{Error, ErrorPayload, Result};
