//! What the window may show: Waymark's own pages and nothing else. A link leaves through
//! the `open_link` command, which hands a web or mail address to the system's browser
//! once the person has agreed; nothing ever loads inside the window.

use tauri::Url;
use waymark_core::{Error, Result, validate};

/// Where Tauri serves the app's pages: its own `tauri:` scheme on Linux and macOS, a
/// reserved host on Windows and Android, whose web views take no custom schemes. (The
/// window keeps Tauri's default `http` there; `useHttpsScheme` would change it.) There is
/// no `devUrl`: the UI is always built first, so no development server is ever allowed.
#[cfg(not(any(windows, target_os = "android")))]
const APP_ORIGIN: Origin = Origin {
    scheme: "tauri",
    host: "localhost",
};
#[cfg(any(windows, target_os = "android"))]
const APP_ORIGIN: Origin = Origin {
    scheme: "http",
    host: "tauri.localhost",
};

#[derive(Debug, Clone, Copy)]
struct Origin {
    scheme: &'static str,
    host: &'static str,
}

/// Whether `url` is one of the app's own pages.
pub fn is_app_page(url: &Url) -> bool {
    is_in(url, APP_ORIGIN)
}

/// Same scheme, same host, no port and no user: `tauri://localhost.example.org/` or
/// `http://tauri.localhost:8080/` are somewhere else.
fn is_in(url: &Url, origin: Origin) -> bool {
    url.scheme() == origin.scheme
        && url.host_str() == Some(origin.host)
        && url.port().is_none()
        && url.username().is_empty()
        && url.password().is_none()
}

/// Opens a link outside the window, with the system's default program for it. Only web
/// and mail addresses pass (`validate::link_url`); the opener is used from here alone, and
/// the window holds no permission of its own for it.
pub fn open_link(url: &str) -> Result<()> {
    let url = validate::link_url("url", url)?;
    tauri_plugin_opener::open_url(url, None::<&str>)
        .map_err(|e| Error::Io(format!("The link could not be opened: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const WINDOWS: Origin = Origin {
        scheme: "http",
        host: "tauri.localhost",
    };
    const UNIX: Origin = Origin {
        scheme: "tauri",
        host: "localhost",
    };

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn the_apps_own_pages_are_allowed() {
        assert!(is_in(&url("tauri://localhost"), UNIX));
        assert!(is_in(&url("tauri://localhost/index.html?x#y"), UNIX));
        assert!(is_in(&url("http://tauri.localhost/"), WINDOWS));
        assert!(is_app_page(&url(&format!(
            "{}://{}/",
            APP_ORIGIN.scheme, APP_ORIGIN.host
        ))));
    }

    #[test]
    fn everything_else_is_refused() {
        for other in [
            "https://example.com/",
            "http://localhost/",
            "http://localhost:5173/",
            "file:///etc/passwd",
            "file:///home/me/waymark.sqlite3",
            "about:blank",
            "data:text/html,<script>alert(1)</script>",
            "javascript:alert(1)",
            "waymark-first://localhost/screen.js",
            "tauri://localhost.example.org/",
            "tauri://evil/",
            "tauri://localhost:8080/",
            "tauri://user@localhost/",
            "https://tauri.localhost/",
            "http://tauri.localhost.example.org/",
        ] {
            assert!(!is_in(&url(other), UNIX), "{other}");
            assert!(!is_in(&url(other), WINDOWS), "{other}");
        }
        assert!(!is_in(&url("http://tauri.localhost/"), UNIX));
        assert!(!is_in(&url("tauri://localhost/"), WINDOWS));
    }
}
