//! An empty Tauri 2 app: one window, one static page, and the one command Waymark's UI
//! also calls when its first screen has painted. Built with Waymark's profile, it is the
//! floor `make bench` measures Waymark's start-up time and memory against.

// Without a console window on Windows release builds, as Waymark.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::time::Instant;

#[derive(Debug)]
struct Started(Instant);

#[tauri::command]
fn first_screen_shown(started: tauri::State<'_, Started>) {
    eprintln!(
        "Baseline: first screen shown {} ms after start",
        started.0.elapsed().as_millis()
    );
}

fn main() {
    let started = Started(Instant::now());
    let result = tauri::Builder::default()
        .manage(started)
        .invoke_handler(tauri::generate_handler![first_screen_shown])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Baseline could not start: {e}");
        std::process::exit(1);
    }
}
