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
    "list_assessments",
    "current_assessments",
    "create_assessment",
    "delete_assessment",
    "list_plans",
    "create_plan",
    "update_plan",
    "set_plan_status",
    "delete_plan",
    "restore_plan",
    "plan_view",
    "create_goal",
    "update_goal",
    "move_goal",
    "delete_goal",
    "restore_goal",
    "create_milestone",
    "update_milestone",
    "set_milestone_status",
    "move_milestone",
    "delete_milestone",
    "restore_milestone",
    "list_templates",
    "apply_template",
    "save_goal_as_template",
    "delete_template",
    "list_sessions",
    "last_session",
    "create_session",
    "update_session",
    "delete_session",
    "restore_session",
    "set_action_item_done",
    "action_item_to_milestone",
    "get_settings",
    "update_settings",
    "get_dashboard",
    "explore_demo",
    "leave_demo",
    "search_everything",
    "progress_history",
    "export_milestones",
    "back_up_now",
    "list_backups",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        eprintln!("tauri build step failed: {e:#}");
        std::process::exit(1);
    }
}
