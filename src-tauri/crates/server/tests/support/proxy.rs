//! A loopback WebSocket proxy between devices and the server that loses, repeats and
//! reorders frames, as a bad network would. Each connection's first frame either way
//! (the greeting) goes through untouched.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};

use super::postgres::Result;

/// How often, in percent, a frame is lost, sent twice, or held back behind the next.
#[derive(Debug, Clone, Copy)]
pub struct Faults {
    pub drop: u64,
    pub duplicate: u64,
    pub reorder: u64,
}

/// What the proxy did, for the test to check that faults really happened.
#[derive(Debug, Default)]
pub struct Tally {
    pub dropped: AtomicU64,
    pub duplicated: AtomicU64,
    pub reordered: AtomicU64,
}

pub async fn start(
    upstream: SocketAddr,
    faults: Faults,
    seed: u64,
) -> Result<(SocketAddr, Arc<Tally>)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let tally = Arc::new(Tally::default());
    let counter = Arc::new(AtomicU64::new(seed));
    let shared = Arc::clone(&tally);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let seed = counter.fetch_add(7919, Ordering::Relaxed);
            let tally = Arc::clone(&shared);
            tokio::spawn(async move {
                let _ = relay(stream, upstream, faults, seed, tally).await;
            });
        }
    });
    Ok((addr, tally))
}

#[expect(
    clippy::result_large_err,
    reason = "the handshake callback's type is tungstenite's"
)]
async fn relay(
    stream: TcpStream,
    upstream: SocketAddr,
    faults: Faults,
    seed: u64,
    tally: Arc<Tally>,
) -> Result<()> {
    let asked = Arc::new(Mutex::new(None::<(String, Option<String>)>));
    let seen = Arc::clone(&asked);
    let callback = move |request: &Request, response: Response| {
        let token = request
            .headers()
            .get("Authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if let Ok(mut seen) = seen.lock() {
            *seen = Some((request.uri().path().to_owned(), token));
        }
        Ok(response)
    };
    let device = tokio_tungstenite::accept_hdr_async(stream, callback).await?;
    let (path, token) = asked
        .lock()
        .map_err(|_| "poisoned")?
        .clone()
        .ok_or("no request")?;
    let mut request = format!("ws://{upstream}{path}").into_client_request()?;
    if let Some(token) = token {
        request
            .headers_mut()
            .insert("Authorization", token.parse()?);
    }
    let (server, _) = tokio_tungstenite::connect_async(request).await?;
    let (device_tx, device_rx) = device.split();
    let (server_tx, server_rx) = server.split();
    let up = pump(device_rx, server_tx, faults, seed, Arc::clone(&tally));
    let down = pump(server_rx, device_tx, faults, seed ^ 0x9e37_79b9, tally);
    tokio::select! {
        _ = up => {}
        _ = down => {}
    }
    Ok(())
}

async fn pump<R, W>(mut from: R, mut to: W, faults: Faults, seed: u64, tally: Arc<Tally>)
where
    R: futures_util::Stream<
            Item = std::result::Result<Message, tokio_tungstenite::tungstenite::Error>,
        > + Unpin,
    W: futures_util::Sink<Message> + Unpin,
{
    let mut random = seed | 1;
    let mut roll = move || {
        // xorshift64: reproducible from the seed, no dependency.
        random ^= random << 13;
        random ^= random >> 7;
        random ^= random << 17;
        random % 100
    };
    let mut first = true;
    let mut held: Option<Message> = None;
    while let Some(Ok(message)) = from.next().await {
        let closing = message.is_close();
        if first || closing || !(message.is_binary() || message.is_text()) {
            first = false;
            if to.send(message).await.is_err() {
                return;
            }
            if closing {
                return;
            }
            continue;
        }
        let r = roll();
        let mut out = Vec::new();
        if r < faults.drop {
            tally.dropped.fetch_add(1, Ordering::Relaxed);
        } else if r < faults.drop + faults.duplicate {
            tally.duplicated.fetch_add(1, Ordering::Relaxed);
            out.push(message.clone());
            out.push(message);
        } else if r < faults.drop + faults.duplicate + faults.reorder && held.is_none() {
            tally.reordered.fetch_add(1, Ordering::Relaxed);
            held = Some(message);
        } else {
            out.push(message);
            out.extend(held.take());
        }
        for message in out {
            if to.send(message).await.is_err() {
                return;
            }
        }
    }
}
