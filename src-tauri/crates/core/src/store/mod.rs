// The data file: opening it, migrations, backups, checkpoints, settings, atomic files.

pub mod backups;
pub mod checkpoints;
pub mod db;
pub mod files;
pub mod migrations;
pub mod settings;
mod snapshot;
