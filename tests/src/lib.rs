//! End-to-end tests drive the real Waymark binary in a real window: Xvfb for the
//! display, `tauri-driver` + `WebKitWebDriver` for WebDriver, a temp database per test.

pub mod harness;
pub mod native_dialog;
pub mod seed;

pub use harness::{App, Result};
