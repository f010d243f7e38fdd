//! `waymark-server`: serve, and the administrator's commands (invite, devices, revoke).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use waymark_server::hub::Hub;
use waymark_server::store::{Invite, Postgres, Sqlite, Store};
use waymark_server::time::now;
use waymark_server::{routes, tokens};

#[derive(Debug, Parser)]
#[command(
    version,
    about = "Waymark's sync server: devices and people sync plans through it"
)]
struct Cli {
    /// The server's database: a SQLite file, or PostgreSQL as `postgres://…` or
    /// `host=… dbname=…`.
    #[arg(
        long,
        env = "WAYMARK_SERVER_DATABASE",
        global = true,
        default_value = "waymark-server.sqlite3"
    )]
    database: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serves devices until stopped.
    Serve {
        /// Where to listen. Without a certificate only a loopback address is allowed,
        /// for a reverse proxy in front that speaks TLS.
        #[arg(long, env = "WAYMARK_SERVER_LISTEN", default_value = "127.0.0.1:7311")]
        listen: SocketAddr,
        /// The TLS certificate chain (PEM); with it the server speaks TLS itself.
        #[arg(long, env = "WAYMARK_SERVER_TLS_CERT", requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// The certificate's private key (PEM).
        #[arg(long, env = "WAYMARK_SERVER_TLS_KEY", requires = "tls_cert")]
        tls_key: Option<PathBuf>,
    },
    /// Prints a one-time code that pairs a device with account NAME (created if new).
    Invite {
        #[arg(long)]
        name: String,
        /// How long the code works.
        #[arg(long, default_value_t = 24)]
        valid_hours: i64,
    },
    /// Lists paired devices.
    Devices,
    /// Revokes a device: it receives nothing more, at once.
    Revoke { device: i64 },
}

type Failure = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt().with_target(false).init();
    let cli = Cli::parse();
    let result = match is_postgres(&cli.database) {
        true => match Postgres::connect(&cli.database).await {
            Ok(store) => run(cli.command, store).await,
            Err(e) => Err(e.into()),
        },
        false => match Sqlite::open(&PathBuf::from(&cli.database)) {
            Ok(store) => run(cli.command, store).await,
            Err(e) => Err(e.into()),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("waymark-server: {e}");
            ExitCode::FAILURE
        }
    }
}

fn is_postgres(database: &str) -> bool {
    database.starts_with("postgres://")
        || database.starts_with("postgresql://")
        || database.contains("dbname=")
}

async fn run<S: Store>(command: Command, store: S) -> Result<(), Failure> {
    match command {
        Command::Serve {
            listen,
            tls_cert,
            tls_key,
        } => serve(store, listen, tls_cert.zip(tls_key)).await,
        Command::Invite { name, valid_hours } => {
            let name = name.trim();
            if name.is_empty() || name.chars().count() > 80 || name.chars().any(char::is_control) {
                return Err("an account name is 1 to 80 characters of text".into());
            }
            if !(1..=24 * 30).contains(&valid_hours) {
                return Err("a code may work from 1 hour to 30 days".into());
            }
            let account = store.ensure_account(name, now()).await?;
            let code = tokens::new_code()?;
            store
                .add_invite(&Invite {
                    account: account.id,
                    code_hash: tokens::hash(&tokens::normalise_code(&code)),
                    expires_at: now() + valid_hours * 3600,
                })
                .await?;
            println!("{code}");
            eprintln!(
                "Pairs one device with “{}” within {valid_hours} hours.",
                account.name
            );
            Ok(())
        }
        Command::Devices => {
            for listing in store.devices().await? {
                let state = match listing.revoked_at {
                    Some(_) => "revoked",
                    None => "paired",
                };
                println!(
                    "{}\t{}\t{}\t{state}\tlast seen {}",
                    listing.device.id,
                    listing.device.account.name,
                    listing.device.name,
                    listing
                        .last_seen_at
                        .map_or("never".into(), |t| t.to_string())
                );
            }
            Ok(())
        }
        Command::Revoke { device } => match store.revoke_device(device, now()).await? {
            true => Ok(()),
            false => Err(format!("there is no paired device {device}").into()),
        },
    }
}

async fn serve<S: Store>(
    store: S,
    listen: SocketAddr,
    tls: Option<(PathBuf, PathBuf)>,
) -> Result<(), Failure> {
    let app = routes::router(Arc::new(Hub::new(store)));
    match tls {
        Some((cert, key)) => {
            // Only one TLS implementation is built in; say which once, for the process.
            let _ = rustls::crypto::ring::default_provider().install_default();
            let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key).await?;
            tracing::info!("listening on https://{listen}");
            axum_server::bind_rustls(listen, config)
                .serve(app.into_make_service())
                .await?;
        }
        None if !listen.ip().is_loopback() => {
            return Err("without --tls-cert the server listens on a loopback address only; put a reverse proxy with TLS in front".into());
        }
        None => {
            let listener = tokio::net::TcpListener::bind(listen).await?;
            // Tests ask for port 0 and read the real one from here.
            tracing::info!("listening on http://{}", listener.local_addr()?);
            axum::serve(listener, app).await?;
        }
    }
    Ok(())
}
