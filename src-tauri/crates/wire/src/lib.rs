//! The words a Waymark device and a `waymark-server` exchange over one WebSocket.
//!
//! The synchronising itself is Automerge's own sync protocol: a binary frame carries one
//! Automerge sync message, prefixed by the id of the document it is about. Text frames
//! carry the few things Automerge does not cover, as JSON: which documents an account may
//! see, granting and withdrawing access, and refusals. Every frame is checked here, before
//! anything else reads it, so a malformed or oversized frame never reaches the engine.

pub mod control;
mod document;
mod frame;

pub use control::{Access, DocumentEntry, FromDevice, FromServer, PairRequest, Paired, Refusal};
pub use document::{DocId, DocKind};
pub use frame::{FrameError, SyncFrame};

/// The version of this protocol; a server refuses a device that speaks another.
pub const PROTOCOL: u32 = 1;

/// The largest frame either side accepts: a whole plan of a thousand milestones in one
/// sync message fits many times over.
pub const MAX_FRAME: usize = 16 * 1024 * 1024;

/// The path a device connects to, with `Authorization: Bearer <token>`.
pub const SYNC_PATH: &str = "/v1/sync";

/// The path a device posts a [`PairRequest`] to, answered with [`Paired`].
pub const PAIR_PATH: &str = "/v1/pair";
