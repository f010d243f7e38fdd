/// Commands exposed to the UI. Each becomes an `allow-<name>` permission that
/// `capabilities/main.json` grants explicitly; keep in step with `commands::handler`.
const COMMANDS: &[&str] = &[
    "data_file_status",
    "get_catalogue",
    "create_leader_type",
    "update_leader_type",
    "delete_leader_type",
    "list_mentees",
    "get_mentee",
    "create_mentee",
    "update_mentee",
    "set_mentee_archived",
    "delete_mentee",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        eprintln!("tauri build step failed: {e:#}");
        std::process::exit(1);
    }
}
