//! `waymark-server`: relays and keeps Waymark's documents so that devices and people
//! sync while the others are offline. Syncing is Automerge's own protocol; what the
//! server adds is who may sync what.

pub mod hub;
pub mod routes;
mod session;
pub mod store;
pub mod time;
pub mod tokens;
