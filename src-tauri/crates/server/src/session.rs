//! One device's WebSocket connection: its frames go to the hub, the hub's frames go out,
//! and the device's pairing is checked again every few seconds so a revoked device is
//! cut off even when it was revoked from another process.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{Message, WebSocket};
use futures_util::{SinkExt, StreamExt};
use tokio::sync::mpsc;
use tracing::{info, warn};
use waymark_wire::{FromDevice, Refusal, SyncFrame, control};

use crate::hub::{Ended, Hub, Outgoing};
use crate::store::{Device, Store};

/// How many frames may wait for a slow device before it is dropped to catch up later.
const OUTBOX: usize = 1024;

/// How often a connected device's pairing is checked again.
const CHECK_EVERY: Duration = Duration::from_secs(2);

/// How soon a device hears of documents its account made on another device.
const RELIST_EVERY: Duration = Duration::from_millis(500);

pub async fn run<S: Store>(
    hub: Arc<Hub<S>>,
    device: Device,
    token_hash: Vec<u8>,
    socket: WebSocket,
) {
    let (mut sink, mut stream) = socket.split();
    let (outbox, mut inbox) = mpsc::channel(OUTBOX);
    // The hub holds the only sender: when it drops a slow connection, the writer ends.
    let conn = match hub.join(device.clone(), outbox).await {
        Ok(conn) => conn,
        Err(e) => {
            warn!(account = %device.account.name, device = %device.name, "could not welcome: {e}");
            return;
        }
    };
    info!(account = %device.account.name, device = %device.name, "connected");

    let mut writer = tokio::spawn(async move {
        while let Some(out) = inbox.recv().await {
            let message = match out {
                Outgoing::Sync(frame) => Message::Binary(frame.encode().into()),
                Outgoing::Control(c) => Message::Text(control::encode(&c).into()),
            };
            if sink.send(message).await.is_err() {
                return;
            }
        }
        let _ = sink.close().await;
    });
    let mut synced = HashSet::new();
    let mut check = tokio::time::interval(CHECK_EVERY);
    let mut relist = tokio::time::interval(RELIST_EVERY);
    let why = loop {
        tokio::select! {
            incoming = stream.next() => {
                let result = match incoming {
                    Some(Ok(Message::Binary(bytes))) => match SyncFrame::decode(&bytes) {
                        Ok(frame) => {
                            synced.insert(frame.doc);
                            hub.receive(conn, &device, frame).await
                        }
                        Err(e) => refuse(&hub, conn, &device, e),
                    },
                    Some(Ok(Message::Text(text))) => match control::decode::<FromDevice>(&text) {
                        Ok(message) => hub.control(conn, &device, message).await,
                        Err(e) => refuse(&hub, conn, &device, e),
                    },
                    Some(Ok(Message::Close(_))) | None => break "closed by the device".to_owned(),
                    Some(Err(e)) => break format!("connection lost: {e}"),
                    Some(Ok(_)) => Ok(()),
                };
                if let Err(e) = result {
                    break e.to_string();
                }
            }
            _ = check.tick() => match hub.still_paired(&token_hash).await {
                Ok(true) => {}
                Ok(false) => break Ended::Revoked.to_string(),
                Err(e) => break e.to_string(),
            },
            _ = relist.tick() => {
                if let Err(e) = hub.relist(conn, &device).await {
                    break e.to_string();
                }
            }
            _ = &mut writer => break "the device could not keep up".to_owned(),
        }
    };
    // Nothing more reaches the device, whatever is still queued.
    writer.abort();
    hub.leave(conn, &synced).await;
    info!(account = %device.account.name, device = %device.name, "disconnected: {why}");
}

fn refuse<S: Store>(
    hub: &Hub<S>,
    conn: u64,
    device: &Device,
    e: waymark_wire::FrameError,
) -> Result<(), Ended> {
    warn!(account = %device.account.name, device = %device.name, "refused a frame: {e}");
    let refusal = match e {
        waymark_wire::FrameError::TooLarge(_) => Refusal::TooLarge,
        _ => Refusal::Malformed,
    };
    hub.refuse(conn, None, refusal, &e.to_string())
}
