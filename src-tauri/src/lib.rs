//! The Waymark desktop shell: opens the data file, registers the commands and shows the
//! window. All behaviour lives in `waymark-core`; this crate only adapts it to Tauri.

mod commands;
mod data_file;
mod export;
mod store;

use tauri::Manager;

pub fn run() {
    let db_override =
        data_file::override_from(std::env::args().skip(1), std::env::var_os("WAYMARK_DB"));
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            let path = match db_override {
                Some(path) => path,
                None => data_file::default_path(&app.path().app_data_dir()?)?,
            };
            app.manage(store::Store::open(path));
            app.manage(export::Saved::default());
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Waymark could not start: {e}");
        std::process::exit(1);
    }
}
