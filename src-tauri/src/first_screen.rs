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
use tauri::http::{HeaderMap, HeaderValue, Request, Response, StatusCode, header};
use tauri::{AppHandle, Manager, UriSchemeContext, UriSchemeResponder, Url};
use waymark_core::catalogue::{self, Catalogue};
use waymark_core::dashboard::{self, Dashboard, DashboardLimits};
use waymark_core::db::DataFileStatus;
use waymark_core::live::{SyncPhase, SyncStatus};

use crate::navigation;
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
    /// How live sync stands as the data file says, so that a paired device's sidebar shows
    /// it in the first frame; the page follows the sync loop once that frame is up.
    sync: Option<SyncStatus>,
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

/// Serves the script to the app's own page only: the read started with the app on the
/// first load, and a fresh one on every later load (after switching data files the page
/// reloads for the new file). Anything else gets 403 and nothing of the data.
pub fn serve(
    context: UriSchemeContext<'_, tauri::Wry>,
    request: &Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let Some(origin) = app_page_origin(request.headers()) else {
        respond(
            responder,
            Response::builder()
                .status(StatusCode::FORBIDDEN)
                .body(Vec::new()),
        );
        return;
    };
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
            .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin)
            .body(body.into_bytes());
        respond(responder, response);
    });
}

fn respond(responder: UriSchemeResponder, response: tauri::http::Result<Response<Vec<u8>>>) {
    match response {
        Ok(response) => responder.respond(response),
        Err(e) => eprintln!("Waymark: could not serve the first screen: {e}"),
    }
}

/// The `Origin` of a request from the app's own page, or None. The page loads the script
/// with `crossorigin`, so WebKit names the page's origin; a page from anywhere else sends
/// its own origin, or none for a plain `<script src>`, and cannot forge either. A
/// `Referer`, which WebKit sends only from web pages, must name the app too.
fn app_page_origin(headers: &HeaderMap) -> Option<HeaderValue> {
    let names_app = |value: &HeaderValue| {
        value
            .to_str()
            .ok()
            .and_then(|text| Url::parse(text).ok())
            .is_some_and(|url| navigation::is_app_page(&url))
    };
    let origin = headers.get(header::ORIGIN).filter(|v| names_app(v))?;
    headers
        .get(header::REFERER)
        .is_none_or(names_app)
        .then(|| origin.clone())
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
        sync: usable
            .then(|| {
                store
                    .with(|c| SyncStatus::read(c, SyncPhase::Connecting, None))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (
                    name.clone(),
                    HeaderValue::from_str(value).unwrap_or_else(|e| panic!("{value}: {e}")),
                )
            })
            .collect()
    }

    /// What WebKitGTK sends for the page's `<script crossorigin src>`: the page's origin
    /// and no Referer.
    #[test]
    fn the_apps_own_page_is_answered() {
        let ours = headers(&[(header::ORIGIN, "tauri://localhost")]);
        assert_eq!(
            app_page_origin(&ours),
            Some(HeaderValue::from_static("tauri://localhost"))
        );
        let with_referer = headers(&[
            (header::ORIGIN, "tauri://localhost"),
            (header::REFERER, "tauri://localhost/index.html"),
        ]);
        assert!(app_page_origin(&with_referer).is_some());
    }

    /// The data the script carries, as the page reads it.
    fn served(store: &Store) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
        let script = script(store);
        let json = script
            .strip_prefix("window.__WAYMARK_FIRST_SCREEN__ = ")
            .and_then(|rest| rest.split_once(";\n"))
            .ok_or("not the first screen's script")?
            .0;
        Ok(serde_json::from_str(json)?)
    }

    /// A paired device's sidebar shows how sync stands in the first frame; the page follows
    /// the sync loop only once that frame is up.
    #[test]
    fn the_first_screen_carries_how_sync_stands() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let store = Store::open(dir.path().join("waymark.sqlite3"));
        let first = served(&store)?;
        assert_eq!(first["sync"]["phase"], "notSetUp");
        assert!(first["dashboard"].is_object() && first["catalogue"].is_object());

        store.with(|c| {
            c.execute(
                "INSERT INTO sync_server (id, url, account, device, token, paired_at)
                 VALUES (1, 'wss://sync.example.org', 'ana', 'Laptop', 'a-token-of-sixteen', '2026-12-01T10:00:00Z')",
                [],
            )?;
            Ok(())
        })?;
        let sync = &served(&store)?["sync"];
        assert_eq!(sync["phase"], "connecting");
        assert_eq!(sync["pairing"]["account"], "ana");
        assert_eq!(sync["pairing"]["device"], "Laptop");
        Ok(())
    }

    #[test]
    fn any_other_page_is_refused() {
        for request in [
            // A plain `<script src>` anywhere, or one with a no-referrer policy.
            headers(&[]),
            headers(&[(header::REFERER, "tauri://localhost/")]),
            headers(&[(header::ORIGIN, "https://example.com")]),
            headers(&[(header::ORIGIN, "null")]),
            headers(&[(header::ORIGIN, "file://")]),
            headers(&[(header::ORIGIN, "tauri://localhost.example.com")]),
            headers(&[(header::ORIGIN, "waymark-first://localhost")]),
            headers(&[(header::REFERER, "https://example.com/page")]),
            headers(&[
                (header::ORIGIN, "tauri://localhost"),
                (header::REFERER, "https://example.com/page"),
            ]),
            headers(&[
                (header::ORIGIN, "tauri://localhost"),
                (header::REFERER, "not a url"),
            ]),
        ] {
            assert_eq!(app_page_origin(&request), None, "{request:?}");
        }
    }
}
