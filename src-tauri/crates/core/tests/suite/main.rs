//! Core's integration tests, one module per table or feature, built as one binary so they
//! link once against the bundled SQLite instead of once per file.

mod common;

mod archive;
mod assessments;
mod backups;
mod balance;
mod bindings;
mod catalogue;
mod checkpoints;
mod dashboard;
mod data_file_problems;
mod demo;
mod errors;
mod exports;
mod forecast;
mod gaps;
mod goals;
mod hostile_files;
mod hostile_inputs;
mod layers;
mod live_sync;
mod mentees;
mod migrations;
mod plans;
mod private_files;
mod reminders;
mod rhythm;
mod search;
mod sessions;
mod settings;
mod sharing;
mod sharing_converges;
mod templates;
mod validate;
