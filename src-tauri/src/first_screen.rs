//! The first screen's data, served to the page as a script it loads before its own. A
//! page can only ask the shell for data once it runs, after its first frame is painted;
//! served this way, Today is already in the first frame instead of one frame later.
//!
//! The read starts on its own thread as the app starts, while the window and WebKit's
//! processes come up, so on a large file the two overlap instead of adding up. The page's
//! parser waits for the script, and the script waits for the read.

use std::sync::mpsc::{self, Receiver};
use std::sync::{Mutex, PoisonError};

use serde::Serialize;
use tauri::http::{Response, header};
use tauri::{AppHandle, Manager, UriSchemeContext, UriSchemeResponder};
use waymark_core::catalogue::{self, Catalogue};
use waymark_core::dashboard::{self, Dashboard, DashboardLimits};
use waymark_core::db::DataFileStatus;

use crate::store::Store;

/// The page loads `waymark-first://localhost/screen.js` (`ui/index.html`; on Linux and
/// macOS a custom scheme's URLs take this form).
pub const SCHEME: &str = "waymark-first";

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct FirstScreen {
    status: DataFileStatus,
    /// None when the file cannot be used (the status says why) or could not be read; the
    /// page then asks for it over IPC.
    catalogue: Option<Catalogue>,
    dashboard: Option<Dashboard>,
}

/// The read started with the app, until the page's first load takes it.
#[derive(Debug)]
pub struct Reading(Mutex<Option<Receiver<String>>>);

/// Starts reading the first screen beside the window's creation.
pub fn start_reading(app: &AppHandle) -> Reading {
    let (sender, receiver) = mpsc::channel();
    let app = app.clone();
    std::thread::spawn(move || {
        // Sending fails only when no page is left to wait for it, as the app closes.
        let _ = sender.send(script(&app.state::<Store>()));
    });
    Reading(Mutex::new(Some(receiver)))
}

/// Serves the script: the read started with the app on the first load, and a fresh one on
/// every later load (after switching data files the page reloads for the new file).
pub fn serve(context: UriSchemeContext<'_, tauri::Wry>, responder: UriSchemeResponder) {
    let app = context.app_handle().clone();
    std::thread::spawn(move || {
        let reading = app
            .state::<Reading>()
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let body = reading
            .and_then(|read| read.recv().ok())
            .unwrap_or_else(|| script(&app.state::<Store>()));
        let response = Response::builder()
            .header(header::CONTENT_TYPE, "text/javascript; charset=utf-8")
            .header(header::CACHE_CONTROL, "no-store")
            .body(body.into_bytes());
        match response {
            Ok(response) => responder.respond(response),
            Err(e) => eprintln!("Waymark: could not serve the first screen: {e}"),
        }
    });
}

/// A script defining `window.__WAYMARK_FIRST_SCREEN__`. The values are JSON, which is a
/// JavaScript literal: people's text arrives as string data, never as code. The mark
/// shows in a start-up profile, and tells tests the data came this way.
fn script(store: &Store) -> String {
    let status = store.status();
    let usable = status.error.is_none();
    let first = FirstScreen {
        catalogue: usable
            .then(|| store.with(|c| catalogue::load(c)).ok())
            .flatten(),
        dashboard: usable
            .then(|| {
                store
                    .with(|c| dashboard::load(c, &DashboardLimits::default()))
                    .ok()
            })
            .flatten(),
        status,
    };
    let json = serde_json::to_string(&first).unwrap_or_else(|_| "null".into());
    format!(
        "window.__WAYMARK_FIRST_SCREEN__ = {json};\nperformance.mark(\"waymark-first-screen\");"
    )
}
