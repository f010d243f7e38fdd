//! The Waymark desktop shell: opens the data file, registers the commands and shows the
//! window. All behaviour lives in `waymark-core`; this crate only adapts it to Tauri.

mod alarm;
mod calendar_file;
mod changes;
#[cfg(test)]
mod command_lists;
mod commands;
mod data_file;
mod export;
mod first_screen;
mod live_sync;
mod navigation;
mod reminders;
mod sharing;
mod store;

use tauri::Manager;
use tauri::webview::NewWindowResponse;

/// A second launch brings the running window to the front instead of opening the data
/// file twice, and hands over a shared plan file it was opened with (never `--db`). (On
/// Linux this needs a D-Bus session bus, which every desktop has; without one each launch
/// runs on its own.)
fn second_launch(app: &tauri::AppHandle, args: &[String], cwd: &str) {
    if let Some(path) = sharing::arguments(args, std::path::Path::new(cwd)) {
        sharing::arrive(app, &path);
    }
    focus_main_window(app);
}

fn focus_main_window(app: &tauri::AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// The argument a start at login passes, to open with the window minimised.
const MINIMIZED: &str = "--minimized";

/// When the process started, for the start-up time the UI reports.
#[derive(Debug)]
pub struct Started(std::time::Instant);

pub fn run() {
    let started = Started(std::time::Instant::now());
    let db_override =
        data_file::override_from(std::env::args().skip(1), std::env::var_os("WAYMARK_DB"));
    let result = tauri::Builder::default()
        // First, so a second launch hands over before it opens the data file.
        .plugin(tauri_plugin_single_instance::init(|app, argv, cwd| {
            second_launch(app, &argv, &cwd);
        }))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        // Off until the person turns it on in Settings; a start at login opens minimised.
        .plugin(
            tauri_plugin_autostart::Builder::new()
                .arg(MINIMIZED)
                .build(),
        )
        .setup(move |app| {
            // A second launch can hand over a shared plan file from another thread as soon
            // as the single-instance plugin listens, before this closure returns.
            app.manage(sharing::Waiting::default());
            // The window is made next, so that WebKit's web process, which takes some
            // 100 ms to start, starts while the data file opens and the first screen's read
            // begins. The page cannot call anything before this closure returns, and by
            // then everything it may call is managed below. The window shows the app's own
            // pages only: no other page, no second window, no download.
            let window = app
                .config()
                .app
                .windows
                .first()
                .cloned()
                .ok_or("tauri.conf.json defines no window")?;
            let window = tauri::WebviewWindowBuilder::from_config(app.handle(), &window)?
                .on_navigation(navigation::is_app_page)
                .on_new_window(|_, _| NewWindowResponse::Deny)
                .on_download(|_, _| false)
                .build()?;
            let path = match db_override {
                Some(path) => path,
                None => data_file::default_path(&app.path().app_data_dir()?)?,
            };
            app.manage(store::Store::open(path));
            store::Store::finish_upgrade(app.handle());
            store::Store::tidy_when_quiet(app.handle());
            app.manage(first_screen::start_reading(app.handle()));
            app.manage(export::Saved::default());
            app.manage(live_sync::LiveSync::start(app.handle()));
            app.manage(reminders::Reminders::start(app.handle()));
            app.manage(calendar_file::CalendarFile::start(app.handle()));
            let args: Vec<String> = std::env::args().collect();
            let cwd = std::env::current_dir().unwrap_or_default();
            if let Some(path) = sharing::arguments(&args, &cwd) {
                sharing::arrive(app.handle(), &path);
            }
            app.manage(started);
            if args.iter().any(|a| a == MINIMIZED) {
                window.minimize()?;
            }
            Ok(())
        })
        .register_asynchronous_uri_scheme_protocol(
            first_screen::SCHEME,
            |context, request, responder| first_screen::serve(context, &request, responder),
        )
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Waymark could not start: {e}");
        std::process::exit(1);
    }
}
