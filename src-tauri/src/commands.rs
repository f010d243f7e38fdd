//! The IPC surface: each command adapts one core function. Keep them one-liners; put
//! behaviour in `waymark-core` where it can be tested without a window.

use tauri::State;
use waymark_core::Result;
use waymark_core::catalogue::{self, Catalogue, LeaderType, LeaderTypeInput};
use waymark_core::db::DataFileStatus;
use waymark_core::mentees::{self, Mentee, MenteeInput, MenteeQuery, MenteeSummary};

use crate::store::Store;

/// Every command the UI may call; `build.rs` lists the same names so that each one
/// gets its own permission.
pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        data_file_status,
        get_catalogue,
        create_leader_type,
        update_leader_type,
        delete_leader_type,
        list_mentees,
        get_mentee,
        create_mentee,
        update_mentee,
        set_mentee_archived,
        delete_mentee,
    ]
}

#[tauri::command]
fn data_file_status(store: State<'_, Store>) -> DataFileStatus {
    store.status()
}

#[tauri::command(async)]
fn get_catalogue(store: State<'_, Store>) -> Result<Catalogue> {
    store.with(|c| catalogue::load(c))
}

#[tauri::command(async)]
fn create_leader_type(store: State<'_, Store>, input: LeaderTypeInput) -> Result<LeaderType> {
    store.with(|c| catalogue::create_leader_type(c, &input))
}

#[tauri::command(async)]
fn update_leader_type(
    store: State<'_, Store>,
    id: i64,
    input: LeaderTypeInput,
) -> Result<LeaderType> {
    store.with(|c| catalogue::update_leader_type(c, id, &input))
}

#[tauri::command(async)]
fn delete_leader_type(store: State<'_, Store>, id: i64) -> Result<()> {
    store.with(|c| catalogue::delete_leader_type(c, id))
}

#[tauri::command(async)]
fn list_mentees(store: State<'_, Store>, query: MenteeQuery) -> Result<Vec<MenteeSummary>> {
    store.with(|c| mentees::list(c, &query))
}

#[tauri::command(async)]
fn get_mentee(store: State<'_, Store>, id: i64) -> Result<Mentee> {
    store.with(|c| mentees::get(c, id))
}

#[tauri::command(async)]
fn create_mentee(store: State<'_, Store>, input: MenteeInput) -> Result<Mentee> {
    store.with(|c| mentees::create(c, &input))
}

#[tauri::command(async)]
fn update_mentee(store: State<'_, Store>, id: i64, input: MenteeInput) -> Result<Mentee> {
    store.with(|c| mentees::update(c, id, &input))
}

#[tauri::command(async)]
fn set_mentee_archived(store: State<'_, Store>, id: i64, archived: bool) -> Result<Mentee> {
    store.with(|c| mentees::set_archived(c, id, archived))
}

#[tauri::command(async)]
fn delete_mentee(store: State<'_, Store>, id: i64) -> Result<()> {
    store.with(|c| mentees::delete(c, id))
}
