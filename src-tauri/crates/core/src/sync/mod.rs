// Shared plans: the Automerge documents beside the rows, and the files they travel in.

mod documents;
mod engine;
pub mod identity;
pub mod live;
pub mod overview;
pub mod package;
mod project;
mod reconcile;
mod sealed;
mod shape;
pub mod share;
mod summary;
