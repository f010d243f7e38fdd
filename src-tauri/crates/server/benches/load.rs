//! Load: 50 devices, 1,000 changes each, through the real server binary on loopback, on
//! SQLite and on PostgreSQL. Devices pair as two per account, each pair syncing one
//! document; every device makes its next change as soon as the server holds its last one
//! (as fast as the server lets it, with all 50 at it at once) and answers what arrives.
//! Reported: changes delivered per second, the time from a change leaving one device to
//! its reaching the other (p50, p99), and the server's peak memory; beside the storage's
//! own rate of saving one change at a time, the floor under everything the server does.
//!
//! `cargo bench -p waymark-server --bench load` (part of `make bench`).

#[path = "../tests/support/postgres.rs"]
mod postgres;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use automerge::sync::{self, SyncDoc};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ReadDoc};
use futures_util::{SinkExt, StreamExt};
use postgres::{Cluster, Result};
use tokio::sync::Mutex;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use waymark_server::store::{Postgres, Sqlite, Store};
use waymark_wire::{DocId, DocKind, SyncFrame};

const DEVICES: usize = 50;
const CHANGES: i64 = 1000;
/// How often a device looks whether the server holds its last change yet.
const POLL: Duration = Duration::from_millis(2);
const FLOOR_WRITES: usize = 2000;

struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(database: &str) -> Result<Self> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_waymark-server"))
            .args(["--database", database, "serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdout = child.stdout.take().ok_or("no output")?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(|l| l.ok()) {
                if let Some(at) = line.split("listening on http://").nth(1) {
                    let _ = tx.send(at.trim().to_owned());
                }
            }
        });
        let addr = rx.recv_timeout(Duration::from_secs(30))?;
        Ok(Self { child, addr })
    }

    /// The server's peak resident memory (VmHWM), in MB.
    fn peak_mb(&self) -> Result<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))?;
        let kb: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .ok_or("no VmHWM")?;
        Ok(kb / 1024.0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn invite(database: &str, name: &str) -> Result<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_waymark-server"))
        .args(["--database", database, "invite", "--name", name])
        .output()?;
    Ok(String::from_utf8(out.stdout)?.trim().to_owned())
}

/// When each change left its device, by device and change number, in microseconds.
type Sent = Arc<Vec<Mutex<Vec<u64>>>>;

/// One device: makes its changes on a timer and answers the server; records how long each
/// of its partner's changes took to arrive.
async fn device(
    addr: String,
    token: String,
    me: usize,
    partner: usize,
    doc: DocId,
    sent: Sent,
    start: Instant,
) -> Result<Vec<u64>> {
    let mut request = format!("ws://{addr}{}", waymark_wire::SYNC_PATH).into_client_request()?;
    request
        .headers_mut()
        .insert("Authorization", format!("Bearer {token}").parse()?);
    let (socket, _) = tokio_tungstenite::connect_async(request).await?;
    let (mut sink, mut stream) = socket.split();
    stream.next().await.ok_or("no welcome")??;
    let mut copy = AutoCommit::new();
    let mut state = sync::State::new();
    let (mine, theirs) = (format!("d{me}"), format!("d{partner}"));
    let mut made = 0i64;
    let mut seen = 0i64;
    let mut latencies = Vec::with_capacity(CHANGES as usize);
    let mut tick = tokio::time::interval(POLL);
    let deadline = Instant::now() + Duration::from_secs(300);
    while (made < CHANGES || seen < CHANGES) && Instant::now() < deadline {
        tokio::select! {
            _ = tick.tick(), if made < CHANGES && held_by_server(&mut copy, &state) => {
                made += 1;
                copy.put(automerge::ROOT, &mine, made)?;
                sent[me].lock().await.push(start.elapsed().as_micros() as u64);
            }
            incoming = stream.next() => {
                let Some(Ok(Message::Binary(bytes))) = incoming else { continue };
                let frame = SyncFrame::decode(&bytes)?;
                copy.sync().receive_sync_message(&mut state, sync::Message::decode(&frame.message)?)?;
                let now = start.elapsed().as_micros() as u64;
                let value = copy.get(automerge::ROOT, &theirs)?.and_then(|(v, _)| v.as_i64()).unwrap_or(0);
                if value > seen {
                    let times = sent[partner].lock().await;
                    for n in seen + 1..=value {
                        if let Some(at) = times.get(n as usize - 1) {
                            latencies.push(now.saturating_sub(*at));
                        }
                    }
                    seen = value;
                }
            }
        }
        if let Some(message) = copy.sync().generate_sync_message(&mut state) {
            sink.send(Message::Binary(
                SyncFrame {
                    doc,
                    message: message.encode(),
                }
                .encode()
                .into(),
            ))
            .await?;
        }
    }
    Ok(latencies)
}

/// Whether the server has confirmed every change this device made.
fn held_by_server(copy: &mut AutoCommit, state: &sync::State) -> bool {
    copy.get_heads()
        .iter()
        .all(|h| state.shared_heads.contains(h))
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    sorted
        .get(((sorted.len() as f64 - 1.0) * p).round() as usize)
        .copied()
        .unwrap_or(0) as f64
        / 1000.0
}

struct Row {
    backend: &'static str,
    floor: f64,
    throughput: f64,
    p50: f64,
    p99: f64,
    peak_mb: f64,
}

/// The storage alone: one change saved per transaction, as the server saves them.
async fn floor(store: &impl Store) -> Result<f64> {
    let owner = store.ensure_account("floor", 0).await?;
    let doc = DocId::new(DocKind::Person, uuid_v7());
    store.create_document(&doc, owner.id, 0).await?;
    let chunk = vec![7u8; 120];
    let started = Instant::now();
    for _ in 0..FLOOR_WRITES {
        store.append_chunk(&doc, &chunk).await?;
    }
    Ok(FLOOR_WRITES as f64 / started.elapsed().as_secs_f64())
}

fn uuid_v7() -> uuid::Uuid {
    uuid::Uuid::now_v7()
}

async fn load(backend: &'static str, database: &str, floor: f64) -> Result<Row> {
    let server = Server::start(database)?;
    let mut tokens = Vec::new();
    for i in 0..DEVICES {
        let code = invite(database, &format!("account{}", i / 2))?;
        tokens.push(
            waymark_sync::pair(
                &format!("ws://{}", server.addr),
                &code,
                &format!("device {i}"),
            )
            .await?
            .token,
        );
    }
    let sent: Sent = Arc::new((0..DEVICES).map(|_| Mutex::new(Vec::new())).collect());
    let start = Instant::now();
    let mut tasks = Vec::new();
    let docs: HashMap<usize, DocId> = (0..DEVICES / 2)
        .map(|p| (p, DocId::person_of(&format!("account{p}"))))
        .collect();
    for (i, token) in tokens.into_iter().enumerate() {
        let partner = i ^ 1;
        let doc = docs[&(i / 2)];
        tasks.push(tokio::spawn(device(
            server.addr.clone(),
            token,
            i,
            partner,
            doc,
            Arc::clone(&sent),
            start,
        )));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await??);
    }
    let elapsed = start.elapsed().as_secs_f64();
    latencies.sort_unstable();
    let delivered = latencies.len() as f64;
    if delivered < (DEVICES as i64 * CHANGES) as f64 {
        return Err(format!("{backend}: only {delivered} changes arrived").into());
    }
    Ok(Row {
        backend,
        floor,
        throughput: delivered / elapsed,
        p50: percentile(&latencies, 0.5),
        p99: percentile(&latencies, 0.99),
        peak_mb: server.peak_mb()?,
    })
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let sqlite_path = dir.path().join("server.sqlite3").display().to_string();
    let sqlite_floor = floor(&Sqlite::open(&dir.path().join("floor.sqlite3"))?).await?;
    let mut rows = vec![load("SQLite", &sqlite_path, sqlite_floor).await?];

    let cluster = Cluster::start()?;
    let pg_floor = floor(&Postgres::connect(&cluster.database("floor")?).await?).await?;
    rows.push(load("PostgreSQL", &cluster.database("load")?, pg_floor).await?);

    let mut section = String::from(
        "<!-- sync-load:start -->\n| storage | storage alone: changes saved/s | delivered changes/s | p50 to the other device | p99 | server peak memory |\n|---|---:|---:|---:|---:|---:|\n",
    );
    for r in &rows {
        section.push_str(&format!(
            "| {} | {:.0} | {:.0} | {:.1} ms | {:.1} ms | {:.1} MB |\n",
            r.backend, r.floor, r.throughput, r.p50, r.p99, r.peak_mb
        ));
    }
    section.push_str("<!-- sync-load:end -->");
    println!("{section}");
    waymark_bench::write_section("sync-load", &section)
}
