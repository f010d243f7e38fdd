//! The sync loop: connect, sync until the connection ends, wait, connect again. Each
//! message is handled in one transaction on the data file, on a blocking thread.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use rusqlite::Connection;
use tokio::sync::{Notify, mpsc};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;
use waymark_core::live::{self, Arrived, Session, SyncPhase, SyncStatus};
use waymark_core::{Error, Result};
use waymark_wire::{FromDevice, FromServer, Refusal, SyncFrame, control};

use crate::connect::{self, CONNECT_WAIT, Socket};

/// The open data file, however the app holds it.
pub trait DataFile: Send + Sync + 'static {
    /// Runs `work` with the data file's connection; fails when no file is open.
    fn with(&self, work: &mut dyn FnMut(&mut Connection) -> Result<()>) -> Result<()>;

    /// Changes whenever another file is opened in its place (the demo, a chosen file): the
    /// loop then starts again from that file's pairing.
    fn generation(&self) -> u64 {
        0
    }

    /// Told whenever the data may have changed (an edit, another file opened), so that
    /// the loop looks at once instead of at its next tick; none where nothing tells.
    fn changed(&self) -> Option<Arc<Notify>> {
        None
    }
}

/// What the app hears from the sync loop.
pub trait Events: Send + Sync + 'static {
    /// Where sync stands, whenever that changes.
    fn status(&self, status: &SyncStatus);
    /// Something arrived and was written into the tables.
    fn arrived(&self, arrived: &Arrived);
}

/// The loop's timings; tests shorten them.
#[derive(Debug, Clone)]
pub struct Options {
    /// How often local edits are looked for, when the data file does not say
    /// ([`DataFile::changed`]), and how often the loop looks anyway when it does.
    pub tick: Duration,
    /// After this long without a word from the server, reconnect: a message lost on the
    /// way would otherwise leave both sides waiting for each other.
    pub quiet: Duration,
    /// The longest wait between attempts to reach the server.
    pub max_backoff: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            tick: Duration::from_millis(300),
            quiet: Duration::from_secs(60),
            max_backoff: Duration::from_secs(60),
        }
    }
}

#[derive(Debug)]
enum Command {
    Nudge,
    Stop,
}

/// A running sync loop. Dropping it stops the loop.
#[derive(Debug)]
pub struct Syncer {
    commands: mpsc::UnboundedSender<Command>,
}

impl Syncer {
    /// Starts the loop on `runtime`; it connects when the data file is paired and not paused.
    pub fn start(
        runtime: &tokio::runtime::Handle,
        file: Arc<dyn DataFile>,
        events: Arc<dyn Events>,
        options: Options,
    ) -> Self {
        let (commands, inbox) = mpsc::unbounded_channel();
        let worker = Worker {
            file,
            events,
            options,
            session: Arc::default(),
            inbox,
            last_status: None,
        };
        runtime.spawn(worker.run());
        Self { commands }
    }

    /// Looks again now: after pairing, resuming, or sharing a plan live.
    pub fn nudge(&self) {
        let _ = self.commands.send(Command::Nudge);
    }
}

impl Drop for Syncer {
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Stop);
    }
}

/// How a connection ended.
enum Ended {
    Stopped,
    /// Lost or refused, with what to tell the person; `fresh` when it had been working,
    /// so the next attempt comes at once.
    Lost {
        problem: Option<String>,
        fresh: bool,
    },
}

struct Worker {
    file: Arc<dyn DataFile>,
    events: Arc<dyn Events>,
    options: Options,
    session: Arc<Mutex<Session>>,
    inbox: mpsc::UnboundedReceiver<Command>,
    last_status: Option<SyncStatus>,
}

impl Worker {
    async fn run(mut self) {
        let mut backoff = Duration::from_secs(1);
        let mut problem = None;
        loop {
            let credentials = self.db(|conn, _| live::credentials(conn)).await;
            let credentials = match credentials {
                Ok(Some(credentials)) => credentials,
                Ok(None) => {
                    self.report(SyncPhase::Offline, None).await;
                    match self.wait(Duration::MAX).await {
                        Some(()) => continue,
                        None => return,
                    }
                }
                Err(e) => {
                    problem = Some(e.to_string());
                    self.report(SyncPhase::Offline, problem.clone()).await;
                    match self.wait(backoff).await {
                        Some(()) => continue,
                        None => return,
                    }
                }
            };
            self.report(SyncPhase::Connecting, problem.clone()).await;
            match connect::open_sync(&credentials.url, &credentials.token).await {
                Ok(socket) => match self.connected(socket).await {
                    Ended::Stopped => return,
                    Ended::Lost { problem: p, fresh } => {
                        problem = p;
                        if fresh {
                            backoff = Duration::from_secs(1);
                            continue;
                        }
                    }
                },
                Err(e) => problem = Some(e.to_string()),
            }
            self.report(SyncPhase::Offline, problem.clone()).await;
            if self.wait(jittered(backoff)).await.is_none() {
                return;
            }
            backoff = (backoff * 2).min(self.options.max_backoff);
        }
    }

    /// Waits up to `how_long` for a nudge (`Some`) or a stop (`None`), keeping the count
    /// of waiting changes current as the person edits offline.
    async fn wait(&mut self, how_long: Duration) -> Option<()> {
        // No connection now: nothing the last one learnt (what the server listed, what it
        // refused) holds for the rounds that record edits meanwhile, perhaps on another file.
        lock(&self.session).reconnect();
        self.warm().await;
        let until = Instant::now().checked_add(how_long);
        let mut version = None;
        let mut more = false;
        let mut reported = Instant::now();
        let generation = self.file.generation();
        let changed = self.file.changed();
        loop {
            let next = Instant::now()
                + match more {
                    true => BETWEEN_ROUNDS,
                    false => self.options.tick,
                };
            let next = until.map_or(next, |until| next.min(until));
            tokio::select! {
                command = self.inbox.recv() => return match command {
                    Some(Command::Nudge) => Some(()),
                    Some(Command::Stop) | None => None,
                },
                // The loop's own writes tell of a change too: a short pause is kept as it is.
                () = look_at(next, changed.as_deref().filter(|_| !more)) => {
                    if until.is_some_and(|t| Instant::now() >= t) || self.file.generation() != generation {
                        return Some(());
                    }
                    // Offline, edits still become document changes, so they are counted.
                    let seen = self.db(move |conn, session| record_edits(conn, session, version)).await;
                    // A round that fails is tried again at the next tick, not at once.
                    more = matches!(seen, Ok(Some(None)));
                    if let Ok(Some(now)) = seen {
                        version = now;
                        if now.is_some() || reported.elapsed() >= REPORT_EVERY {
                            reported = Instant::now();
                            self.report(SyncPhase::Offline, self.last_problem()).await;
                        }
                    }
                }
            }
        }
    }

    async fn connected(&mut self, socket: Socket) -> Ended {
        let (mut sink, mut stream) = socket.split();
        lock(&self.session).reconnect();
        self.warm().await;
        let welcome = match tokio::time::timeout(CONNECT_WAIT, stream.next()).await {
            Ok(Some(Ok(Message::Text(text)))) => control::decode::<FromServer>(&text),
            _ => return lost("the server did not greet this device", false),
        };
        let Ok(FromServer::Welcome { documents, .. }) = welcome else {
            return lost("the server's greeting was not one Waymark knows", false);
        };
        let start = self
            .db(move |conn, session| {
                session.listed(conn, documents)?;
                outgoing(conn, session)
            })
            .await;
        let start = match start {
            Ok(start) => start,
            Err(e) => return lost(&e.to_string(), false),
        };
        let mut version = start.version;
        let mut more = start.more;
        let mut reported = Instant::now();
        self.tell(&start.settled);
        if send_all(&mut sink, start.frames, start.controls)
            .await
            .is_err()
        {
            return lost("the connection to the server was lost", false);
        }
        let mut problem: Option<String> = None;
        self.report(SyncPhase::Synced, None).await;
        let mut heard = Instant::now();
        let mut dirty = false;
        let generation = self.file.generation();
        let changed = self.file.changed();
        let mut next = Instant::now();
        // A look is due shortly (more to write, or a message came): the loop's own writes
        // meanwhile, which tell of a change too, do not bring it forward.
        let mut soon = true;
        loop {
            tokio::select! {
                incoming = stream.next() => {
                    heard = Instant::now();
                    dirty = true;
                    let replies = match incoming {
                        Some(Ok(Message::Binary(bytes))) => {
                            let mut going_round = false;
                            let replies = self.sync_frame(&bytes, &mut problem, &mut going_round).await;
                            if going_round {
                                // Both sides start afresh on a new connection.
                                let _ = sink.close().await;
                                return Ended::Lost { problem, fresh: true };
                            }
                            replies
                        }
                        Some(Ok(Message::Text(text))) => self.control(&text, &mut problem, &mut more).await,
                        Some(Ok(Message::Close(_))) | None => {
                            return lost("the server closed the connection", true);
                        }
                        Some(Err(_)) => return lost("the connection to the server was lost", true),
                        Some(Ok(_)) => (Vec::new(), Vec::new()),
                    };
                    if send_all(&mut sink, replies.0, replies.1).await.is_err() {
                        return lost("the connection to the server was lost", true);
                    }
                    // The next look comes soon after a message: it offers what the server
                    // listed and tells where sync stands now.
                    next = next.min(Instant::now() + self.options.tick.min(AFTER_MESSAGE));
                    soon = true;
                }
                () = look_at(next, changed.as_deref().filter(|_| !soon)) => {
                    next = Instant::now() + self.options.tick;
                    soon = false;
                    if heard.elapsed() >= self.options.quiet || self.file.generation() != generation {
                        let _ = sink.close().await;
                        return Ended::Lost { problem, fresh: true };
                    }
                    let changed = self.db(move |conn, session| {
                        match conn.total_changes() == version && !more {
                            true => Ok(None),
                            false => outgoing(conn, session).map(Some),
                        }
                    }).await;
                    match changed {
                        Ok(Some(going)) => {
                            version = going.version;
                            more = going.more;
                            if more {
                                next = Instant::now() + BETWEEN_ROUNDS;
                                soon = true;
                            }
                            dirty = true;
                            self.tell(&going.settled);
                            if send_all(&mut sink, going.frames, going.controls).await.is_err() {
                                return lost("the connection to the server was lost", true);
                            }
                        }
                        Ok(None) => {}
                        Err(e) => problem = Some(e.to_string()),
                    }
                    // Rounds after pairing come every few milliseconds: their progress is
                    // told a few times a second.
                    if dirty && (!more || reported.elapsed() >= REPORT_EVERY) {
                        dirty = false;
                        reported = Instant::now();
                        self.report(SyncPhase::Synced, problem.clone()).await;
                    }
                }
                command = self.inbox.recv() => match command {
                    Some(Command::Nudge) => {
                        // Paused meanwhile, or shared something: look again from the top.
                        let _ = sink.close().await;
                        return Ended::Lost { problem, fresh: true };
                    }
                    Some(Command::Stop) | None => {
                        let _ = sink.close().await;
                        return Ended::Stopped;
                    }
                },
            }
        }
    }

    /// Takes in one sync message; returns what to send back, and sets `going_round` when
    /// the exchange has stopped getting anywhere.
    async fn sync_frame(
        &self,
        bytes: &[u8],
        problem: &mut Option<String>,
        going_round: &mut bool,
    ) -> (Vec<SyncFrame>, Vec<FromDevice>) {
        let frame = match SyncFrame::decode(bytes) {
            Ok(frame) => frame,
            Err(e) => {
                *problem = Some(format!(
                    "the server sent something Waymark could not read ({e})"
                ));
                return (Vec::new(), Vec::new());
            }
        };
        let taken = self
            .db(move |conn, session| {
                let received = session.incoming(conn, &frame)?;
                Ok((received, session.stuck()))
            })
            .await;
        match taken {
            Ok((received, stuck)) => {
                if let Some(arrived) = &received.arrived {
                    self.events.arrived(arrived);
                }
                *going_round |= stuck;
                (received.replies, Vec::new())
            }
            Err(e) => {
                *problem = Some(e.to_string());
                (Vec::new(), Vec::new())
            }
        }
    }

    /// Acts on a text frame from the server; sets `more` when the next tick must offer.
    async fn control(
        &self,
        text: &str,
        problem: &mut Option<String>,
        more: &mut bool,
    ) -> (Vec<SyncFrame>, Vec<FromDevice>) {
        let message = match control::decode::<FromServer>(text) {
            Ok(message) => message,
            Err(e) => {
                *problem = Some(format!(
                    "the server sent something Waymark could not read ({e})"
                ));
                return (Vec::new(), Vec::new());
            }
        };
        let result = match message {
            // Offered by a look a little later (`AFTER_MESSAGE`).
            FromServer::Documents { documents } => self
                .db(move |conn, session| session.listed(conn, documents))
                .await
                .map(|()| {
                    *more = true;
                    (Vec::new(), Vec::new())
                }),
            FromServer::Done { doc, with } => self
                .db(move |conn, session| session.granted(conn, &doc, &with))
                .await
                .map(|()| (Vec::new(), Vec::new())),
            // A grant the server cannot act on for good. (`not_owner` is not: a grant that
            // overtook its document's first message on the way is sent again.)
            FromServer::Refused {
                doc: Some(doc),
                refusal: Refusal::UnknownAccount,
                message,
            } => {
                let title = self
                    .db(move |conn, _| live::outbox_refused(conn, &doc))
                    .await;
                *problem = Some(match title {
                    Ok(Some(title)) => format!("“{title}” is not shared live: {message}"),
                    _ => message,
                });
                Ok((Vec::new(), Vec::new()))
            }
            FromServer::Refused { doc, message, .. } => {
                *problem = Some(message);
                match doc {
                    Some(doc) => self
                        .db(move |_, session| {
                            session.start_over(&doc);
                            Ok(())
                        })
                        .await
                        .map(|()| (Vec::new(), Vec::new())),
                    None => Ok((Vec::new(), Vec::new())),
                }
            }
            FromServer::Welcome { .. } => Ok((Vec::new(), Vec::new())),
        };
        result.unwrap_or_else(|e| {
            *problem = Some(e.to_string());
            (Vec::new(), Vec::new())
        })
    }

    /// Tells the app what came in and is now in the tables.
    fn tell(&self, arrivals: &[Arrived]) {
        for arrived in arrivals {
            self.events.arrived(arrived);
        }
    }

    /// Tells the app where sync stands, when that changed.
    async fn report(&mut self, phase: SyncPhase, problem: Option<String>) {
        let status = self
            .db(move |conn, _| SyncStatus::read(conn, phase, problem))
            .await;
        let status = match status {
            Ok(status) => status,
            Err(e) => SyncStatus {
                phase: SyncPhase::Offline,
                waiting: 0,
                preparing: 0,
                preparing_plans: 0,
                problem: Some(e.to_string()),
                conflicts: 0,
                pairing: None,
            },
        };
        if self.last_status.as_ref() != Some(&status) {
            self.events.status(&status);
            self.last_status = Some(status);
        }
    }

    fn last_problem(&self) -> Option<String> {
        self.last_status.as_ref().and_then(|s| s.problem.clone())
    }

    /// Loads the person's own document into the session, when it holds none yet, holding
    /// the data file only to read its bytes and, when changes were saved after it, to
    /// keep it written whole again. A failure is left to the round that needs the
    /// document, which says what went wrong.
    async fn warm(&self) {
        let Ok(Some(saved)) = self.db(|conn, session| session.saved_person(conn)).await else {
            return;
        };
        let session = Arc::clone(&self.session);
        let folded = tokio::task::spawn_blocking(move || lock(&session).warm(saved)).await;
        if let Ok(Ok(Some(folded))) = folded {
            let _ = self
                .db(move |conn, _| live::store_folded(conn, &folded))
                .await;
        }
    }

    /// Runs `work` on a blocking thread with the data file and this connection's session.
    async fn db<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection, &mut Session) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let file = Arc::clone(&self.file);
        let session = Arc::clone(&self.session);
        tokio::task::spawn_blocking(move || {
            let mut work = Some(work);
            let mut out = None;
            file.with(&mut |conn| {
                if let Some(work) = work.take() {
                    out = Some(work(conn, &mut lock(&session))?);
                }
                Ok(())
            })?;
            out.ok_or(Error::DbNotOpen)
        })
        .await
        .map_err(|e| Error::SyncUnreachable(format!("the sync task failed ({e})")))?
    }
}

/// Waits until `next`, or less when `changed` tells of a change.
async fn look_at(next: Instant, changed: Option<&Notify>) {
    let due = tokio::time::sleep_until(next);
    match changed {
        Some(changed) => tokio::select! {
            () = due => {}
            () = changed.notified() => {}
        },
        None => due.await,
    }
}

/// What to send after local edits, and what came in meanwhile.
struct Going {
    /// Sync messages, then grants (a grant needs its document on the server first).
    frames: Vec<SyncFrame>,
    /// Whether the round left work for the next.
    more: bool,
    controls: Vec<FromDevice>,
    /// The data file's change count after them.
    version: u64,
    /// Documents that had arrived and waited, now in the tables.
    settled: Vec<Arrived>,
}

fn outgoing(conn: &mut Connection, session: &mut Session) -> Result<Going> {
    let round = session.outgoing(conn)?;
    Ok(Going {
        frames: round.frames,
        more: round.more,
        controls: session.grants(conn)?,
        version: conn.total_changes(),
        settled: session.settled(),
    })
}

/// Writes edits made since `version` into the documents, offline. When it wrote any,
/// returns the version they leave, or none while some are left for the next round.
fn record_edits(
    conn: &mut Connection,
    session: &mut Session,
    version: Option<u64>,
) -> Result<Option<Option<u64>>> {
    if version == Some(conn.total_changes()) {
        return Ok(None);
    }
    let more = session.record_edits(conn)?;
    Ok(Some((!more).then(|| conn.total_changes())))
}

async fn send_all(
    sink: &mut futures_util::stream::SplitSink<Socket, Message>,
    frames: Vec<SyncFrame>,
    controls: Vec<FromDevice>,
) -> std::result::Result<(), ()> {
    for frame in frames {
        sink.feed(Message::Binary(frame.encode().into()))
            .await
            .map_err(drop)?;
    }
    for message in controls {
        sink.feed(Message::Text(control::encode(&message).into()))
            .await
            .map_err(drop)?;
    }
    sink.flush().await.map_err(drop)
}

/// How often progress is told while rounds follow one another.
const REPORT_EVERY: Duration = Duration::from_millis(250);

/// The pause between rounds while a round leaves work for the next: long enough for the
/// person's clicks, waiting for the data file, to go first.
const BETWEEN_ROUNDS: Duration = Duration::from_millis(4);

/// How soon after a message from the server the loop looks again. Not at once: a run of
/// listings (the server announces each document a device makes) costs one round, not one
/// each.
const AFTER_MESSAGE: Duration = Duration::from_millis(300);

fn lost(problem: &str, fresh: bool) -> Ended {
    Ended::Lost {
        problem: Some(problem.to_owned()),
        fresh,
    }
}

fn lock(session: &Mutex<Session>) -> std::sync::MutexGuard<'_, Session> {
    // Each call leaves the session whole or drops it with its transaction.
    session.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `wait` give or take a fifth, so devices that lost the server together do not all
/// come back in the same instant.
fn jittered(wait: Duration) -> Duration {
    let mut byte = [0u8; 1];
    let _ = getrandom::fill(&mut byte);
    let factor = 0.8 + f64::from(byte[0]) / 255.0 * 0.4;
    wait.mul_f64(factor)
}
