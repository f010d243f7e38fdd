//! A device as the server sees one: a WebSocket, Automerge documents and their sync
//! states, speaking the wire protocol directly. Every wait is bounded in time.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;

use automerge::sync::{self, SyncDoc};
use automerge::{AutoCommit, ReadDoc, transaction::Transactable};
use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use waymark_wire::{
    DocId, DocumentEntry, FromDevice, FromServer, PairRequest, Paired, SyncFrame, control,
};

use super::postgres::Result;

/// How long any one wait for the server may take before the test fails.
pub const PATIENCE: Duration = Duration::from_secs(20);

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

#[derive(Debug)]
pub struct Device {
    socket: Socket,
    docs: HashMap<DocId, (AutoCommit, sync::State)>,
    pub documents: Vec<DocumentEntry>,
    pub heard: Vec<FromServer>,
}

/// Pairs a device with a one-time code: the server's answer, `Paired` or a refusal.
pub async fn pair(
    addr: SocketAddr,
    code: &str,
    name: &str,
) -> Result<std::result::Result<Paired, FromServer>> {
    let (mut socket, _) =
        tokio_tungstenite::connect_async(format!("ws://{addr}{}", waymark_wire::PAIR_PATH)).await?;
    let request = PairRequest {
        code: code.into(),
        device_name: name.into(),
    };
    socket
        .send(Message::Text(control::encode(&request).into()))
        .await?;
    let reply = tokio::time::timeout(PATIENCE, socket.next())
        .await?
        .ok_or("no answer")??;
    let text = reply.into_text()?;
    Ok(match control::decode::<Paired>(&text) {
        Ok(paired) => Ok(paired),
        Err(_) => Err(control::decode::<FromServer>(&text)?),
    })
}

/// Connects with a token; an error when the server turns the token away.
pub async fn connect(addr: SocketAddr, token: &str) -> Result<Device> {
    let mut request = format!("ws://{addr}{}", waymark_wire::SYNC_PATH).into_client_request()?;
    request
        .headers_mut()
        .insert("Authorization", format!("Bearer {token}").parse()?);
    let (socket, _) = tokio_tungstenite::connect_async(request).await?;
    let mut device = Device {
        socket,
        docs: HashMap::new(),
        documents: Vec::new(),
        heard: Vec::new(),
    };
    device.until(|d| !d.heard.is_empty()).await?;
    match &device.heard[0] {
        FromServer::Welcome { documents, .. } => device.documents = documents.clone(),
        other => return Err(format!("expected a welcome, heard {other:?}").into()),
    }
    Ok(device)
}

impl Device {
    /// The device's copy of `doc`, empty at first.
    pub fn doc(&mut self, doc: DocId) -> &mut AutoCommit {
        &mut self
            .docs
            .entry(doc)
            .or_insert_with(|| (AutoCommit::new(), sync::State::new()))
            .0
    }

    /// Sets `key` to `value` in this device's copy of `doc`.
    pub fn put(&mut self, doc: DocId, key: &str, value: &str) -> Result<()> {
        self.doc(doc).put(automerge::ROOT, key, value)?;
        Ok(())
    }

    /// The value of `key` in this device's copy of `doc`.
    pub fn get(&mut self, doc: DocId, key: &str) -> Option<String> {
        let value = self.doc(doc).get(automerge::ROOT, key).ok()??;
        value.0.into_string().ok()
    }

    /// Sends what the server lacks of `doc`, if anything.
    pub async fn offer(&mut self, doc: DocId) -> Result<()> {
        self.doc(doc);
        let Some((copy, state)) = self.docs.get_mut(&doc) else {
            return Ok(());
        };
        let message = copy.sync().generate_sync_message(state);
        if let Some(message) = message {
            self.send_frame(SyncFrame {
                doc,
                message: message.encode(),
            })
            .await?;
        }
        Ok(())
    }

    pub async fn send_frame(&mut self, frame: SyncFrame) -> Result<()> {
        self.socket
            .send(Message::Binary(frame.encode().into()))
            .await?;
        Ok(())
    }

    pub async fn send_raw(&mut self, message: Message) -> Result<()> {
        self.socket.send(message).await?;
        Ok(())
    }

    pub async fn control(&mut self, message: &FromDevice) -> Result<()> {
        self.socket
            .send(Message::Text(control::encode(message).into()))
            .await?;
        Ok(())
    }

    /// Reads frames, answering sync messages, until `done` holds; fails after [`PATIENCE`].
    pub async fn until(&mut self, done: impl Fn(&mut Self) -> bool) -> Result<()> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        while !done(self) {
            let next = tokio::time::timeout_at(deadline, self.socket.next())
                .await
                .map_err(|_| "the server said nothing more in time")?;
            match next.ok_or("the server closed the connection")?? {
                Message::Binary(bytes) => {
                    let frame = SyncFrame::decode(&bytes)?;
                    let (copy, state) = self
                        .docs
                        .entry(frame.doc)
                        .or_insert_with(|| (AutoCommit::new(), sync::State::new()));
                    copy.sync()
                        .receive_sync_message(state, sync::Message::decode(&frame.message)?)?;
                    self.offer(frame.doc).await?;
                }
                Message::Text(text) => {
                    let message: FromServer = control::decode(&text)?;
                    if let FromServer::Documents { documents } = &message {
                        self.documents = documents.clone();
                    }
                    self.heard.push(message);
                }
                Message::Close(_) => return Err("the server closed the connection".into()),
                _ => {}
            }
        }
        Ok(())
    }

    /// Reads for `quiet`, answering sync messages; for checking that nothing arrives.
    pub async fn listen(&mut self, quiet: Duration) -> Result<()> {
        match tokio::time::timeout(quiet, self.until(|_| false)).await {
            Ok(result) => result,
            Err(_) => Ok(()),
        }
    }

    /// Whether the server ended the connection within [`PATIENCE`].
    pub async fn is_cut_off(&mut self) -> bool {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            match tokio::time::timeout_at(deadline, self.socket.next()).await {
                Err(_) => return false,
                Ok(None | Some(Err(_)) | Some(Ok(Message::Close(_)))) => return true,
                Ok(Some(Ok(_))) => {}
            }
        }
    }

    pub fn refusals(&self) -> Vec<&FromServer> {
        self.heard
            .iter()
            .filter(|m| matches!(m, FromServer::Refused { .. }))
            .collect()
    }
}

/// Whether `doc` reads the same on both devices.
pub fn same(a: &mut Device, b: &mut Device, doc: DocId) -> bool {
    let heads = |d: &mut Device| d.doc(doc).get_heads();
    heads(a) == heads(b)
}

/// Waits for `wait` while `other` keeps answering the server, as a running device would.
pub async fn meanwhile<T>(other: &mut Device, wait: impl Future<Output = Result<T>>) -> Result<T> {
    tokio::select! {
        result = wait => result,
        Err(e) = other.until(|_| false) => Err(e),
    }
}

/// A sync message that carries all of `doc`'s changes, as a device that ignored what the
/// server said would send.
pub fn message_with_changes(doc: &mut AutoCommit) -> Result<Vec<u8>> {
    let (mut ours, mut theirs) = (sync::State::new(), sync::State::new());
    let mut empty = AutoCommit::new();
    let first = doc
        .sync()
        .generate_sync_message(&mut ours)
        .ok_or("a first message")?;
    empty.sync().receive_sync_message(&mut theirs, first)?;
    let answer = empty
        .sync()
        .generate_sync_message(&mut theirs)
        .ok_or("an answer")?;
    doc.sync().receive_sync_message(&mut ours, answer)?;
    Ok(doc
        .sync()
        .generate_sync_message(&mut ours)
        .ok_or("the changes")?
        .encode())
}
