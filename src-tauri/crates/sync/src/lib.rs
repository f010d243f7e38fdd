//! The network side of live sync: one device's WebSocket to its `waymark-server`. It
//! pairs a device with a one-time code, then keeps a connection open, handing every
//! message to `waymark_core::live` (which keeps rows and documents together) and sending
//! what that gives back. Offline it waits and tries again, each time a little later.
//! Its tests are in `waymark-server`'s, against a real server: data files syncing
//! through it, and the server killed, cut off or lied to on the way.

mod connect;
mod worker;

pub use connect::pair;
/// What a [`DataFile`] tells the loop with when the data changed.
pub use tokio::sync::Notify;
pub use worker::{DataFile, Events, Options, Syncer};
