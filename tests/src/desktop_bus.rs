//! A private D-Bus session bus for one test, and on it a notification service that
//! records what the app raises and clicks a notification as a person would. The app finds
//! both through `DBUS_SESSION_BUS_ADDRESS`; nothing reaches the desktop the tests run on.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use zbus::object_server::SignalEmitter;
use zbus::zvariant::OwnedValue;
use zbus::{connection, interface};

use crate::Result;

/// A private session bus; killed when dropped.
#[derive(Debug)]
pub struct SessionBus {
    daemon: Child,
    pub address: String,
}

impl SessionBus {
    pub fn start() -> Result<Self> {
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdout = daemon.stdout.take().ok_or("dbus-daemon gave no output")?;
        let mut address = String::new();
        BufReader::new(stdout).read_line(&mut address)?;
        Ok(Self {
            daemon,
            address: address.trim().to_owned(),
        })
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// One notification as the app raised it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raised {
    pub id: u32,
    pub summary: String,
    pub body: String,
    /// Action keys and labels, in pairs as the specification sends them.
    pub actions: Vec<String>,
}

#[derive(Debug, Default)]
struct Service {
    raised: Arc<Mutex<Vec<Raised>>>,
}

#[interface(name = "org.freedesktop.Notifications")]
impl Service {
    #[allow(clippy::too_many_arguments)]
    fn notify(
        &mut self,
        _app_name: String,
        replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        _hints: HashMap<String, OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut raised = self.raised.lock().unwrap_or_else(PoisonError::into_inner);
        let id = if replaces_id != 0 {
            replaces_id
        } else {
            raised.len() as u32 + 1
        };
        raised.push(Raised {
            id,
            summary,
            body,
            actions,
        });
        id
    }

    async fn close_notification(
        &self,
        id: u32,
        #[zbus(signal_emitter)] emitter: SignalEmitter<'_>,
    ) -> zbus::fdo::Result<()> {
        Self::notification_closed(&emitter, id, 3).await?;
        Ok(())
    }

    fn get_capabilities(&self) -> Vec<&str> {
        vec!["actions", "body"]
    }

    #[zbus(out_args("name", "vendor", "version", "spec_version"))]
    fn get_server_information(&self) -> (&str, &str, &str, &str) {
        ("waymark-tests", "Waymark", "1.0", "1.2")
    }

    #[zbus(signal)]
    async fn action_invoked(
        emitter: &SignalEmitter<'_>,
        id: u32,
        action_key: &str,
    ) -> zbus::Result<()>;

    #[zbus(signal)]
    async fn notification_closed(
        emitter: &SignalEmitter<'_>,
        id: u32,
        reason: u32,
    ) -> zbus::Result<()>;
}

/// The notification service of the desktop, on a private bus.
#[derive(Debug)]
pub struct Notifications {
    connection: zbus::Connection,
    raised: Arc<Mutex<Vec<Raised>>>,
}

const PATH: &str = "/org/freedesktop/Notifications";

impl Notifications {
    pub async fn serve(bus: &SessionBus) -> Result<Self> {
        let raised = Arc::<Mutex<Vec<Raised>>>::default();
        let service = Service {
            raised: Arc::clone(&raised),
        };
        let connection = connection::Builder::address(bus.address.as_str())?
            .name("org.freedesktop.Notifications")?
            .serve_at(PATH, service)?
            .build()
            .await?;
        Ok(Self { connection, raised })
    }

    /// Waits, at most `limit`, for a notification whose summary is `summary`.
    pub async fn wait_for(&self, summary: &str, limit: Duration) -> Result<Raised> {
        let deadline = Instant::now() + limit;
        loop {
            let found = self
                .raised
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .iter()
                .find(|r| r.summary == summary)
                .cloned();
            if let Some(found) = found {
                return Ok(found);
            }
            if Instant::now() > deadline {
                let all = self
                    .raised
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .clone();
                return Err(format!(
                    "no notification “{summary}” within {limit:?}; raised: {all:?}"
                )
                .into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Everything raised so far.
    pub fn raised(&self) -> Vec<Raised> {
        self.raised
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Clicks notification `id`'s action `key` (`default` is the notification itself).
    pub async fn click(&self, id: u32, key: &str) -> Result<()> {
        let emitter = SignalEmitter::new(&self.connection, PATH)?;
        Service::action_invoked(&emitter, id, key).await?;
        Ok(())
    }
}
