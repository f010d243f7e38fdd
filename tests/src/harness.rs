//! Launching the app under WebDriver, with a screenshot for every test.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::json;
use thirtyfour::prelude::*;

pub type Result<T, E = Box<dyn std::error::Error + Send + Sync>> = std::result::Result<T, E>;

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The app binary under test; `make e2e` builds it with the UI embedded.
pub fn app_binary() -> PathBuf {
    std::env::var_os("WAYMARK_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/debug/waymark-app"))
}

fn screenshot_dir() -> PathBuf {
    workspace_root().join("target/e2e-screenshots")
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Uses the caller's display, or starts one private Xvfb for the whole test run. A shell
/// beside it stops it once this test process is gone, so runs leave no server behind.
pub fn display() -> Result<String> {
    static DISPLAY: OnceLock<std::result::Result<String, String>> = OnceLock::new();
    DISPLAY
        .get_or_init(|| {
            if let Some(d) = std::env::var("DISPLAY").ok().filter(|d| !d.is_empty()) {
                return Ok(d);
            }
            let number = 90 + std::process::id() % 400;
            let name = format!(":{number}");
            let watch = "Xvfb \"$1\" -screen 0 1400x900x24 -nolisten tcp & x=$!
                         while kill -0 \"$2\" 2>/dev/null; do sleep 1; done; kill $x";
            let process = std::process::id().to_string();
            Command::new("sh")
                .args(["-c", watch, "sh", &name, &process])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| format!("could not start Xvfb: {e}"))?;
            let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
            let deadline = Instant::now() + Duration::from_secs(10);
            while !socket.exists() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(50));
            }
            match socket.exists() {
                true => Ok(name),
                false => Err(format!("Xvfb did not start on {name}")),
            }
        })
        .clone()
        .map_err(Into::into)
}

fn wait_for_port(port: u16, child: &mut Child) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        if let Some(status) = child.try_wait()? {
            return Err(format!("tauri-driver exited early: {status}").into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err("tauri-driver did not start listening".into())
}

/// A running tauri-driver and the port it serves WebDriver on.
struct Driver {
    child: Child,
    port: u16,
}

fn start_driver(env: &[(&str, &str)]) -> Result<Driver> {
    let port = free_port()?;
    let native_port = free_port()?;
    let mut child =
        Command::new(std::env::var_os("TAURI_DRIVER").unwrap_or_else(|| "tauri-driver".into()))
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", display()?)
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!("could not start tauri-driver (cargo install tauri-driver): {e}")
            })?;
    wait_for_port(port, &mut child)?;
    Ok(Driver { child, port })
}

async fn new_session(binary: &Path, db: &Path, driver: &Driver) -> Result<WebDriver> {
    let mut caps = Capabilities::new();
    caps.set("browserName", json!("wry"))?;
    caps.set(
        "tauri:options",
        json!({
            "application": binary,
            "args": ["--db", db],
        }),
    )?;
    Ok(WebDriver::new(format!("http://127.0.0.1:{}", driver.port), caps).await?)
}

/// One running Waymark window, on its own database.
#[derive(Debug)]
pub struct App {
    pub driver: WebDriver,
    tauri_driver: Child,
    name: String,
    shots: u32,
}

impl App {
    /// Starts the app on `db`; `name` labels its screenshots.
    pub async fn launch(name: &str, db: &Path) -> Result<App> {
        Self::launch_with(name, db, &[]).await
    }

    /// As [`App::launch`], with extra environment for the app (a GTK theme, say).
    pub async fn launch_with(name: &str, db: &Path, env: &[(&str, &str)]) -> Result<App> {
        let binary = app_binary();
        if !binary.exists() {
            return Err(format!("{} is missing; run `make e2e`", binary.display()).into());
        }
        // Starting WebKitWebDriver under load, or on a display that has only just come up,
        // occasionally drops the first session request; a fresh driver on fresh ports, a
        // moment later, gets through.
        let mut last_error: Option<Box<dyn std::error::Error + Send + Sync>> = None;
        for attempt in 0..3 {
            tokio::time::sleep(Duration::from_millis(500) * attempt).await;
            let mut tauri_driver = start_driver(env)?;
            match new_session(&binary, db, &tauri_driver).await {
                Ok(driver) => {
                    let app = App {
                        driver,
                        tauri_driver: tauri_driver.child,
                        name: name.to_owned(),
                        shots: 0,
                    };
                    // The shell renders once the data file is open and the catalogue loaded.
                    app.find("nav[aria-label='Main'], [data-testid='data-file-problem']")
                        .await?;
                    return Ok(app);
                }
                Err(e) => {
                    stop_tauri_driver(&mut tauri_driver.child);
                    last_error = Some(e);
                }
            }
        }
        Err(last_error.unwrap_or_else(|| "could not start a WebDriver session".into()))
    }
    /// Waits (up to the query's timeout) for the first element matching `css`.
    pub async fn find(&self, css: &str) -> WebDriverResult<WebElement> {
        self.driver
            .query(By::Css(css))
            .wait(Duration::from_secs(15), Duration::from_millis(100))
            .first()
            .await
    }

    pub async fn find_all(&self, css: &str) -> WebDriverResult<Vec<WebElement>> {
        self.driver.find_all(By::Css(css)).await
    }

    /// Waits until an element matching `css` contains `text`.
    pub async fn find_text(&self, css: &str, text: &str) -> Result<WebElement> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            for element in self.find_all(css).await? {
                // An element re-rendered away since find_all is simply not a match yet.
                if self
                    .text_of(&element)
                    .await
                    .unwrap_or_default()
                    .contains(text)
                {
                    return Ok(element);
                }
            }
            if Instant::now() > deadline {
                return Err(format!("no {css} containing {text:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until no element matching `css` contains `text`: for what a save takes away
    /// once the screen has read again. Answers the texts left, for the failure message.
    pub async fn wait_until_none_contains(&self, css: &str, text: &str) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let mut texts = Vec::new();
            for element in self.find_all(css).await? {
                texts.push(self.text_of(&element).await.unwrap_or_default());
            }
            if !texts.iter().any(|t| t.contains(text)) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("{css} still contains {text:?}: {texts:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The element's text as the DOM holds it. WebKitWebDriver's own "visible text"
    /// drops text inside `overflow: hidden` boxes, such as every ellipsised list row.
    pub async fn text_of(&self, element: &WebElement) -> WebDriverResult<String> {
        Ok(element.prop("textContent").await?.unwrap_or_default())
    }

    /// Polls until `count` elements match `css`.
    pub async fn wait_for_count(&self, css: &str, count: usize) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let found = self.find_all(css).await?.len();
            if found == count {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("expected {count} of {css}, found {found}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks the first match, centred in view first so that toasts at the window's
    /// bottom edge cannot cover it.
    pub async fn click(&self, css: &str) -> WebDriverResult<()> {
        let mut attempt = 0;
        loop {
            let element = self.find(css).await?;
            match self.click_element(&element).await {
                // Replaced by a re-render between finding and clicking, or covered for a
                // moment (a toast or a dialog on its way in or out): find it again.
                Err(e) if attempt < 20 && is_transient(&e) => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(150)).await;
                }
                result => return result,
            }
        }
    }

    /// Clicks the first element matching `css` that contains `text`, finding it afresh if a
    /// re-render replaced it between finding and clicking.
    pub async fn click_text(&self, css: &str, text: &str) -> Result<()> {
        let mut last_error = None;
        for _ in 0..5 {
            let element = self.find_text(css, text).await?;
            match self.click_element(&element).await {
                Ok(()) => return Ok(()),
                Err(e) => {
                    last_error = Some(e);
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
        Err(last_error.map_or_else(
            || format!("could not click {css} {text:?}").into(),
            Into::into,
        ))
    }

    /// Clicks the last match, finding it afresh if a re-render replaced it meanwhile.
    pub async fn click_last(&self, css: &str) -> Result<()> {
        let mut last_error = None;
        for _ in 0..5 {
            let found = self.find_all(css).await?;
            let Some(element) = found.last() else {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            };
            match self.click_element(element).await {
                Ok(()) => return Ok(()),
                Err(e) => {
                    last_error = Some(e);
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
        Err(last_error.map_or_else(|| format!("nothing matches {css}").into(), Into::into))
    }

    /// Scrolls the first match to the top of its scrolling pane, for a screenshot.
    pub async fn reveal(&self, css: &str) -> WebDriverResult<()> {
        let element = self.find(css).await?;
        self.driver
            .execute(
                "arguments[0].scrollIntoView({block: 'start'});",
                vec![element.to_json()?],
            )
            .await?;
        Ok(())
    }

    pub async fn click_element(&self, element: &WebElement) -> WebDriverResult<()> {
        self.bring_into_view(element).await?;
        element.click().await
    }

    /// Scrolls `element` to the middle of its box once its screen shows it, and waits until
    /// it stays put for a frame. A screen that is still reading (Settings, see
    /// `ui/src/lib/settling.svelte.ts`) keeps its parts hidden for a moment, and a smooth
    /// scroll or a row added above moves it: a click sent then lands on whatever is there.
    async fn bring_into_view(&self, element: &WebElement) -> WebDriverResult<()> {
        let script = "const [element, done] = arguments; const since = performance.now();
            let top = null;
            (function settled() {
              const late = performance.now() - since > 3000;
              if (getComputedStyle(element).visibility === 'hidden' && !late) {
                return requestAnimationFrame(settled);
              }
              if (top === null) element.scrollIntoView({block: 'center'});
              const now = element.getBoundingClientRect().top;
              if (now === top || late) done(true);
              else { top = now; requestAnimationFrame(settled); }
            })();";
        self.driver
            .execute_async(script, vec![element.to_json()?])
            .await?;
        Ok(())
    }

    pub async fn type_into(&self, css: &str, text: &str) -> WebDriverResult<()> {
        let mut attempt = 0;
        loop {
            let input = self.find(css).await?;
            let typed = async {
                self.bring_into_view(&input).await?;
                input.clear().await?;
                input.send_keys(text).await
            };
            match typed.await {
                // Replaced by a re-render (changes arriving from sync, say): find it again.
                Err(e) if attempt < 20 && is_transient(&e) => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(150)).await;
                }
                result => return result,
            }
        }
    }

    /// Presses Ctrl+`key` in the window.
    pub async fn ctrl(&self, key: &str) -> WebDriverResult<()> {
        self.driver
            .action_chain()
            .key_down(Key::Control)
            .send_keys(key)
            .key_up(Key::Control)
            .perform()
            .await
    }

    /// Evaluates `script` (a function body) in the page and returns its JSON result.
    pub async fn eval(&self, script: &str) -> WebDriverResult<serde_json::Value> {
        Ok(self
            .driver
            .execute(script, Vec::new())
            .await?
            .json()
            .clone())
    }

    /// Runs `script`, which calls `done(value)` when finished, and returns that value:
    /// for promises such as a direct IPC call.
    pub async fn eval_async(&self, script: &str) -> WebDriverResult<serde_json::Value> {
        self.eval_async_with(script, Vec::new()).await
    }

    /// [`eval_async`](Self::eval_async) with arguments, which `script` reads as
    /// `arguments[0]` and on.
    pub async fn eval_async_with(
        &self,
        script: &str,
        args: Vec<serde_json::Value>,
    ) -> WebDriverResult<serde_json::Value> {
        let body = format!("const done = arguments[arguments.length - 1]; {script}");
        Ok(self.driver.execute_async(&body, args).await?.json().clone())
    }

    pub async fn press_escape(&self) -> WebDriverResult<()> {
        self.driver
            .action_chain()
            .send_keys(Key::Escape)
            .perform()
            .await
    }

    /// Saves `target/e2e-screenshots/<test>-<n>-<label>.png`.
    pub async fn screenshot(&mut self, label: &str) -> Result<PathBuf> {
        self.shots += 1;
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{}-{}-{label}.png", self.name, self.shots));
        // WebDriver captures the last frame painted, which can be older than the page;
        // two animation frames on, it shows what the page holds. A page that cannot answer
        // (a failure's screenshot) is captured as it is.
        let painted = "requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
        let _ = tokio::time::timeout(Duration::from_secs(2), self.eval_async(painted)).await;
        self.driver.screenshot(&path).await?;
        Ok(path)
    }

    /// Ends a test: on failure a screenshot of the window as it was, then the app closes.
    pub async fn finish(mut self, outcome: Result<()>) -> Result<()> {
        if outcome.is_err() {
            let _ = self.screenshot("failure").await;
        }
        let quit = self.quit().await;
        outcome.and(quit)
    }

    /// Closes the window and the driver.
    pub async fn quit(mut self) -> Result<()> {
        let result = self.driver.clone().quit().await;
        self.stop_driver();
        Ok(result?)
    }

    fn stop_driver(&mut self) {
        stop_tauri_driver(&mut self.tauri_driver);
    }
}

/// SIGTERM lets tauri-driver stop the WebKitWebDriver it started; SIGKILL would orphan it.
fn stop_tauri_driver(child: &mut Child) {
    let terminated = Command::new("kill")
        .arg(child.id().to_string())
        .status()
        .is_ok_and(|s| s.success());
    if !terminated {
        let _ = child.kill();
    }
    let _ = child.wait();
}

impl Drop for App {
    fn drop(&mut self) {
        if matches!(self.tauri_driver.try_wait(), Ok(None)) {
            self.stop_driver();
        }
    }
}

/// A click that failed only because of the moment it came at: the element was replaced
/// by a re-render ("Element is stale") or covered for a moment ("… was intercepted …").
fn is_transient(e: &WebDriverError) -> bool {
    let text = format!("{e} {e:?}");
    text.contains("StaleElementReference")
        || text.contains("stale")
        || text.contains("intercepted")
        // The page loaded afresh while the element was being brought into view (a data file
        // put back reloads it): the element is found again on the new page.
        || text.contains("before the unload event")
}
