//! Opening a WebSocket to the server, over TLS for `wss://` addresses.

use std::sync::Once;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use waymark_core::Error;
use waymark_wire::{FromServer, MAX_FRAME, PAIR_PATH, PairRequest, Paired, SYNC_PATH, control};

pub(crate) type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// How long connecting, or waiting for the server's first word, may take.
pub(crate) const CONNECT_WAIT: Duration = Duration::from_secs(10);

/// Pairs this device with the server at `url` using a one-time code from its administrator.
pub async fn pair(url: &str, code: &str, device_name: &str) -> Result<Paired, Error> {
    let (mut socket, _) = open(&format!("{url}{PAIR_PATH}"), None).await?;
    let request = PairRequest {
        code: code.to_owned(),
        device_name: device_name.to_owned(),
    };
    socket
        .send(Message::Text(control::encode(&request).into()))
        .await
        .map_err(unreachable)?;
    let reply = tokio::time::timeout(CONNECT_WAIT, socket.next())
        .await
        .map_err(|_| Error::SyncUnreachable("the server did not answer in time".into()))?
        .ok_or_else(|| Error::SyncUnreachable("the server closed the connection".into()))?
        .map_err(unreachable)?;
    let text = reply.into_text().map_err(|_| {
        Error::SyncUnreachable("the server's answer was not one Waymark knows".into())
    })?;
    if let Ok(paired) = control::decode::<Paired>(&text) {
        return Ok(paired);
    }
    match control::decode::<FromServer>(&text) {
        Ok(FromServer::Refused { message, .. }) => Err(Error::SyncDeclined(message)),
        _ => Err(Error::SyncUnreachable(
            "the server's answer was not one Waymark knows".into(),
        )),
    }
}

/// Opens the sync connection with this device's token.
pub(crate) async fn open_sync(url: &str, token: &str) -> Result<Socket, Error> {
    open(&format!("{url}{SYNC_PATH}"), Some(token))
        .await
        .map(|(socket, _)| socket)
}

async fn open(
    address: &str,
    token: Option<&str>,
) -> Result<(Socket, tungstenite::handshake::client::Response), Error> {
    install_tls_provider();
    let mut request = address.into_client_request().map_err(unreachable)?;
    if let Some(token) = token {
        let value = format!("Bearer {token}").parse().map_err(|_| {
            Error::SyncUnreachable("this device's token is damaged; pair it again".into())
        })?;
        request.headers_mut().insert("Authorization", value);
    }
    let config = tungstenite::protocol::WebSocketConfig::default()
        .max_message_size(Some(MAX_FRAME))
        .max_frame_size(Some(MAX_FRAME));
    let connecting = tokio_tungstenite::connect_async_with_config(request, Some(config), true);
    tokio::time::timeout(CONNECT_WAIT, connecting)
        .await
        .map_err(|_| Error::SyncUnreachable("the server did not answer in time".into()))?
        .map_err(unreachable)
}

/// One TLS implementation is built in; say which, once per process.
fn install_tls_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// A connection failure in plain words.
pub(crate) fn unreachable(e: tungstenite::Error) -> Error {
    use tungstenite::Error as E;
    let why = match e {
        E::Http(response) if response.status() == 401 => {
            return Error::SyncDeclined(
                "this device is not paired with it any more; pair it again in Settings → Sync"
                    .into(),
            );
        }
        E::Http(response) => format!("it answered with HTTP status {}", response.status()),
        E::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            "nothing answers at that address".into()
        }
        E::Io(e) => e.to_string(),
        E::Tls(e) => format!("its TLS certificate was not accepted ({e})"),
        E::Url(e) => format!("the address is not usable ({e})"),
        e => e.to_string(),
    };
    Error::SyncUnreachable(why)
}
