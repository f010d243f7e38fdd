//! The server's three addresses: sync (a paired device's WebSocket), pair (a one-time
//! code exchanged for a device token) and health.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::SinkExt;
use tracing::{error, info, warn};
use waymark_wire::{
    FromServer, MAX_FRAME, PAIR_PATH, PairRequest, Paired, Refusal, SYNC_PATH, control,
};

use crate::hub::Hub;
use crate::session;
use crate::store::{Pairing, Store};
use crate::time::now;
use crate::tokens;

/// Wrong pairing codes allowed per minute, across all devices, before pairing pauses:
/// with 50-bit codes that leaves guessing hopeless.
const WRONG_CODES_PER_MINUTE: usize = 10;

/// How long a device has to send its pairing request.
const PAIRING_WAIT: Duration = Duration::from_secs(15);

#[derive(Debug)]
struct App<S> {
    hub: Arc<Hub<S>>,
    wrong_codes: Mutex<VecDeque<Instant>>,
}

pub fn router<S: Store>(hub: Arc<Hub<S>>) -> Router {
    let app = Arc::new(App {
        hub,
        wrong_codes: Mutex::default(),
    });
    Router::new()
        .route(SYNC_PATH, get(sync::<S>))
        .route(PAIR_PATH, get(pair::<S>))
        .route("/v1/health", get(async || "ok"))
        .with_state(app)
}

async fn sync<S: Store>(
    State(app): State<Arc<App<S>>>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let Some(token) = token else {
        return (StatusCode::UNAUTHORIZED, "pair this device first").into_response();
    };
    let token_hash = tokens::hash(token);
    match app.hub.store().device_by_token(&token_hash, now()).await {
        Ok(Some(device)) => {
            let hub = Arc::clone(&app.hub);
            upgrade
                .max_message_size(MAX_FRAME)
                .max_frame_size(MAX_FRAME)
                .on_upgrade(move |socket| session::run(hub, device, token_hash, socket))
        }
        Ok(None) => {
            warn!("refused a connection whose token is unknown or revoked");
            (
                StatusCode::UNAUTHORIZED,
                "this device is not paired, or was revoked",
            )
                .into_response()
        }
        Err(e) => {
            error!("{e}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "the server's database is unavailable",
            )
                .into_response()
        }
    }
}

async fn pair<S: Store>(State(app): State<Arc<App<S>>>, upgrade: WebSocketUpgrade) -> Response {
    upgrade
        .max_message_size(4096)
        .on_upgrade(move |socket| pairing(app, socket))
}

async fn pairing<S: Store>(app: Arc<App<S>>, mut socket: WebSocket) {
    let request = match tokio::time::timeout(PAIRING_WAIT, socket.recv()).await {
        Ok(Some(Ok(Message::Text(text)))) => control::decode::<PairRequest>(&text),
        _ => return,
    };
    let reply = match request {
        Ok(request) => app.pair(request).await,
        Err(e) => Err((Refusal::Malformed, e.to_string())),
    };
    let text = match reply {
        Ok(paired) => control::encode(&paired),
        Err((refusal, message)) => control::encode(&FromServer::Refused {
            doc: None,
            refusal,
            message,
        }),
    };
    let _ = socket.send(Message::Text(text.into())).await;
    let _ = socket.close().await;
}

impl<S: Store> App<S> {
    async fn pair(&self, request: PairRequest) -> Result<Paired, (Refusal, String)> {
        let device_name = request.device_name.trim();
        if device_name.is_empty()
            || device_name.chars().count() > 80
            || device_name.chars().any(char::is_control)
        {
            return Err((
                Refusal::Malformed,
                "a device name is 1 to 80 characters of text".into(),
            ));
        }
        if self.too_many_wrong_codes(false) {
            warn!("pairing paused: too many wrong codes in the last minute");
            return Err((
                Refusal::TooManyAttempts,
                "too many wrong codes lately; try again in a minute".into(),
            ));
        }
        let token = tokens::new_token().map_err(|e| (Refusal::Malformed, e.to_string()))?;
        let pairing = Pairing {
            code_hash: tokens::hash(&tokens::normalise_code(&request.code)),
            device_name: device_name.to_owned(),
            token_hash: tokens::hash(&token),
            now: now(),
        };
        match self.hub.store().redeem_invite(&pairing).await {
            Ok(Some(device)) => {
                info!(account = %device.account.name, device = %device.name, "paired");
                Ok(Paired {
                    account: device.account.name,
                    device: device.name,
                    token,
                })
            }
            Ok(None) => {
                self.too_many_wrong_codes(true);
                warn!("refused a pairing code that is unknown, used or expired");
                Err((
                    Refusal::InvalidCode,
                    "that code is unknown, used already, or expired".into(),
                ))
            }
            Err(e) => {
                error!("{e}");
                Err((
                    Refusal::Malformed,
                    "the server's database is unavailable".into(),
                ))
            }
        }
    }

    /// Whether pairing is paused; `wrong` counts one more wrong code first.
    fn too_many_wrong_codes(&self, wrong: bool) -> bool {
        let mut recent = self
            .wrong_codes
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let minute_ago = Instant::now().checked_sub(Duration::from_secs(60));
        while recent.front().is_some_and(|t| Some(*t) < minute_ago) {
            recent.pop_front();
        }
        if wrong {
            recent.push_back(Instant::now());
        }
        recent.len() >= WRONG_CODES_PER_MINUTE
    }
}
