// Shared plans: the Automerge documents beside the rows, and the files they travel in.

mod actors;
mod conflict_record;
pub mod conflicts;
mod documents;
mod engine;
pub mod identity;
pub mod live;
mod mentee;
pub mod overview;
mod owned;
pub mod package;
mod person;
mod project;
mod reconcile;
mod sealed;
mod shape;
pub mod share;
mod summary;
