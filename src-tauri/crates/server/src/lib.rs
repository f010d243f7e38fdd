//! `waymark-server`: relays and keeps Waymark's documents so that devices and people
//! sync while the others are offline.

pub mod store;
