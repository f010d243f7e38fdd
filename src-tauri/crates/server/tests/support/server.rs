//! A server in the test's own process, on a loopback port, over SQLite in a temporary
//! folder; the test keeps the store to invite and revoke as an administrator would.

use std::net::SocketAddr;
use std::sync::Arc;

use waymark_server::hub::Hub;
use waymark_server::store::{Invite, Sqlite, Store};
use waymark_server::{routes, time::now, tokens};
use waymark_wire::Paired;

use super::device;
use super::postgres::Result;

#[derive(Debug)]
pub struct TestServer {
    pub addr: SocketAddr,
    pub store: Sqlite,
    _dir: tempfile::TempDir,
}

pub async fn start() -> Result<TestServer> {
    // The server's log, shown with a failing test's output.
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    let dir = tempfile::tempdir()?;
    let store = Sqlite::open(&dir.path().join("server.sqlite3"))?;
    let app = routes::router(Arc::new(Hub::new(store.clone())));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(TestServer {
        addr,
        store,
        _dir: dir,
    })
}

impl TestServer {
    /// A one-time code for account `name`, as `waymark-server invite` prints it.
    pub async fn invite(&self, name: &str) -> Result<String> {
        let account = self.store.ensure_account(name, now()).await?;
        let code = tokens::new_code()?;
        self.store
            .add_invite(&Invite {
                account: account.id,
                code_hash: tokens::hash(&tokens::normalise_code(&code)),
                expires_at: now() + 3600,
            })
            .await?;
        Ok(code)
    }

    /// A newly paired device of account `name`.
    pub async fn paired(&self, name: &str, device: &str) -> Result<Paired> {
        let code = self.invite(name).await?;
        device::pair(self.addr, &code, device)
            .await?
            .map_err(|refused| format!("{refused:?}").into())
    }

    pub async fn device(&self, name: &str, device: &str) -> Result<device::Device> {
        let paired = self.paired(name, device).await?;
        device::connect(self.addr, &paired.token).await
    }
}

impl TestServer {
    pub fn url(&self) -> String {
        format!("ws://{}", self.addr)
    }

    /// Pairs a data file as a device of account `name`.
    pub async fn pair(&self, file: &super::app::File, name: &str, device: &str) -> Result<()> {
        let code = self.invite(name).await?;
        super::app::pair(file, &self.url(), &code, device).await
    }
}
