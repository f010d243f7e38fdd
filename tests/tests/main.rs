//! The end-to-end tests: each module drives the real app (or, for `crash`, a real writer
//! process) on its own temporary data file.

mod accessibility;
mod archive;
mod catalogue;
mod crash;
mod data_file;
mod editing;
mod export;
mod hostile;
mod hostile_file;
mod keyboard;
mod large_export;
mod live_sync;
mod mentees;
mod plans;
mod rhythm;
mod scale;
mod settings;
mod sharing;
mod single_instance;
mod themes;
mod toasts;
mod today;
mod window;
mod zoom;
