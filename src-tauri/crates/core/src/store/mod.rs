// The data file: opening and hardening it, migrations, backups, settings, atomic files.

pub mod backups;
pub mod db;
pub mod files;
pub mod migrations;
pub mod settings;
mod snapshot;
