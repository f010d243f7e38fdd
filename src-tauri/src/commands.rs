//! The IPC surface: each command adapts one core function. Keep them one-liners; put
//! behaviour in `waymark-core` where it can be tested without a window.

use tauri::{AppHandle, State};
use tauri_plugin_autostart::ManagerExt;
use waymark_core::agenda::{self, NextSession};
use waymark_core::archive::ImportSummary;
use waymark_core::assessments::{self, Assessment, AssessmentInput, CurrentAssessments};
use waymark_core::backups::BackupFile;
use waymark_core::calibration::{self, Calibration};
use waymark_core::catalogue::{self, Catalogue, LeaderType, LeaderTypeInput};
use waymark_core::comments::{self, Comment};
use waymark_core::dashboard::{self, Dashboard, DashboardLimits};
use waymark_core::dates;
use waymark_core::db::DataFileStatus;
use waymark_core::evidence::{self, Evidence, EvidenceInput};
use waymark_core::exports::{CalendarFileStatus, ExportFormat, Exported, SavedFile};
use waymark_core::forecast::{self, Forecast};
use waymark_core::goals::{self, Goal, GoalInput};
use waymark_core::live::{self, LiveShareRequest, Pairing, SyncStatus};
use waymark_core::mentees::{self, Mentee, MenteeInput, MenteePage, MenteeQuery, RhythmInput};
use waymark_core::milestones::{self, Milestone, MilestoneInput, MilestoneStatus};
use waymark_core::plan_view::{self, PlanView};
use waymark_core::plans::{self, Plan, PlanInput, PlanStatus};
use waymark_core::progress::{self, ProgressHistory};
use waymark_core::search::{self, SearchResults};
use waymark_core::sessions::{self, LastSession, Session, SessionInput};
use waymark_core::settings::{self, ReminderSettings, Settings};
use waymark_core::sync::conflicts::{self, LiveConflict};
use waymark_core::sync::overview::{self, SharePreview, ShareStatus, SharedWithMe};
use waymark_core::sync::share::{Choice, Keep, MergeReport, Merged, ShareRequest};
use waymark_core::templates::{self, GoalTemplate};
use waymark_core::topics::{self, Topic};
use waymark_core::{Error, Result};

use crate::calendar_file::CalendarFile;
use crate::export::{SaveAs, ask_where};
use crate::live_sync::LiveSync;
use crate::reminders::Reminders;
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
        list_assessments,
        current_assessments,
        create_assessment,
        update_assessment,
        delete_assessment,
        list_plans,
        create_plan,
        update_plan,
        set_plan_status,
        delete_plan,
        restore_plan,
        plan_view,
        create_goal,
        update_goal,
        move_goal,
        delete_goal,
        restore_goal,
        create_milestone,
        update_milestone,
        set_milestone_status,
        move_milestone,
        delete_milestone,
        restore_milestone,
        list_templates,
        apply_template,
        save_goal_as_template,
        delete_template,
        list_sessions,
        last_session,
        create_session,
        update_session,
        delete_session,
        restore_session,
        set_action_item_done,
        action_item_to_milestone,
        get_settings,
        update_settings,
        get_dashboard,
        explore_demo,
        leave_demo,
        search_everything,
        progress_history,
        export_milestones,
        export_plan_pdf,
        prepare_plan_pdf,
        export_overview_pdf,
        show_in_folder,
        export_archive,
        import_archive,
        back_up_now,
        restore_backup,
        retry_data_file,
        upgrade_data_file,
        choose_data_file,
        list_backups,
        first_screen_shown,
        open_link,
        share_preview,
        share_plan,
        open_shared_plan,
        waiting_shared_plan,
        merge_shared_plan,
        forget_shared_plan,
        unlock_shared_plan,
        shared_with_me,
        share_status,
        list_topics,
        add_topic,
        set_topic_done,
        delete_topic,
        restore_topic,
        list_comments,
        add_comment,
        delete_comment,
        restore_comment,
        sync_status,
        sync_pair,
        sync_set_paused,
        sync_forget,
        sync_conflicts,
        sync_choose,
        share_live,
        stop_live,
        set_mentee_rhythm,
        next_session,
        tick_agenda,
        list_evidence,
        evidence_for_assessment,
        create_evidence,
        update_evidence,
        delete_evidence,
        restore_evidence,
        get_reminder_settings,
        update_reminder_settings,
        start_at_login,
        set_start_at_login,
        plan_forecast,
        get_calibration,
        calendar_file_status,
        keep_calendar_file,
        stop_calendar_file,
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
fn list_mentees(store: State<'_, Store>, query: MenteeQuery) -> Result<MenteePage> {
    store.with(|c| mentees::page(c, &query))
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

#[tauri::command(async)]
fn list_assessments(store: State<'_, Store>, mentee_id: i64) -> Result<Vec<Assessment>> {
    store.with(|c| assessments::list(c, mentee_id))
}

#[tauri::command(async)]
fn current_assessments(store: State<'_, Store>, mentee_id: i64) -> Result<CurrentAssessments> {
    store.with(|c| assessments::current(c, mentee_id))
}

#[tauri::command(async)]
fn create_assessment(
    store: State<'_, Store>,
    mentee_id: i64,
    input: AssessmentInput,
) -> Result<Assessment> {
    store.with(|c| assessments::create(c, mentee_id, &input))
}

#[tauri::command(async)]
fn update_assessment(
    store: State<'_, Store>,
    id: i64,
    input: AssessmentInput,
) -> Result<Assessment> {
    store.with(|c| assessments::update(c, id, &input))
}

#[tauri::command(async)]
fn delete_assessment(store: State<'_, Store>, id: i64) -> Result<()> {
    store.with(|c| assessments::delete(c, id))
}

#[tauri::command(async)]
fn list_plans(store: State<'_, Store>, mentee_id: i64) -> Result<Vec<Plan>> {
    store.with(|c| plans::list(c, mentee_id))
}

#[tauri::command(async)]
fn create_plan(store: State<'_, Store>, mentee_id: i64, input: PlanInput) -> Result<Plan> {
    store.with(|c| plans::create(c, mentee_id, &input))
}

#[tauri::command(async)]
fn update_plan(store: State<'_, Store>, id: i64, input: PlanInput) -> Result<Plan> {
    store.with(|c| plans::update(c, id, &input))
}

#[tauri::command(async)]
fn set_plan_status(store: State<'_, Store>, id: i64, status: PlanStatus) -> Result<Plan> {
    store.with(|c| plans::set_status(c, id, status))
}

#[tauri::command(async)]
fn delete_plan(store: State<'_, Store>, id: i64) -> Result<()> {
    store.with(|c| plans::delete(c, id))
}

#[tauri::command(async)]
fn restore_plan(store: State<'_, Store>, id: i64) -> Result<Plan> {
    store.with(|c| plans::restore(c, id))
}

#[tauri::command(async)]
fn plan_view(store: State<'_, Store>, plan_id: i64) -> Result<PlanView> {
    store.with(|c| plan_view::load(c, plan_id))
}

#[tauri::command(async)]
fn create_goal(store: State<'_, Store>, plan_id: i64, input: GoalInput) -> Result<Goal> {
    store.with(|c| goals::create(c, plan_id, &input))
}

#[tauri::command(async)]
fn update_goal(store: State<'_, Store>, id: i64, input: GoalInput) -> Result<Goal> {
    store.with(|c| goals::update(c, id, &input))
}

#[tauri::command(async)]
fn move_goal(store: State<'_, Store>, id: i64, index: usize) -> Result<Vec<Goal>> {
    store.with(|c| goals::move_to(c, id, index))
}

#[tauri::command(async)]
fn delete_goal(store: State<'_, Store>, id: i64) -> Result<()> {
    store.with(|c| goals::delete(c, id))
}

#[tauri::command(async)]
fn restore_goal(store: State<'_, Store>, id: i64) -> Result<Goal> {
    store.with(|c| goals::restore(c, id))
}

#[tauri::command(async)]
fn create_milestone(
    store: State<'_, Store>,
    goal_id: i64,
    input: MilestoneInput,
) -> Result<Milestone> {
    store.with(|c| milestones::create(c, goal_id, &input))
}

#[tauri::command(async)]
fn update_milestone(store: State<'_, Store>, id: i64, input: MilestoneInput) -> Result<Milestone> {
    store.with(|c| milestones::update(c, id, &input))
}

#[tauri::command(async)]
fn set_milestone_status(
    store: State<'_, Store>,
    id: i64,
    status: MilestoneStatus,
) -> Result<Milestone> {
    store.with(|c| milestones::set_status(c, id, status))
}

#[tauri::command(async)]
fn move_milestone(store: State<'_, Store>, id: i64, index: usize) -> Result<Vec<Milestone>> {
    store.with(|c| milestones::move_to(c, id, index))
}

#[tauri::command(async)]
fn delete_milestone(store: State<'_, Store>, id: i64) -> Result<()> {
    store.with(|c| milestones::delete(c, id))
}

#[tauri::command(async)]
fn restore_milestone(store: State<'_, Store>, id: i64) -> Result<Milestone> {
    store.with(|c| milestones::restore(c, id))
}

#[tauri::command(async)]
fn list_templates(store: State<'_, Store>) -> Result<Vec<GoalTemplate>> {
    store.with(|c| templates::list(c))
}

#[tauri::command(async)]
fn apply_template(store: State<'_, Store>, plan_id: i64, template_id: i64) -> Result<Goal> {
    store.with(|c| templates::apply(c, plan_id, template_id))
}

#[tauri::command(async)]
fn save_goal_as_template(store: State<'_, Store>, goal_id: i64) -> Result<GoalTemplate> {
    store.with(|c| templates::save_goal(c, goal_id))
}

#[tauri::command(async)]
fn delete_template(store: State<'_, Store>, id: i64) -> Result<()> {
    store.with(|c| templates::delete(c, id))
}

#[tauri::command(async)]
fn list_sessions(store: State<'_, Store>, mentee_id: i64) -> Result<Vec<Session>> {
    store.with(|c| sessions::list(c, mentee_id))
}

#[tauri::command(async)]
fn last_session(store: State<'_, Store>, mentee_id: i64) -> Result<Option<LastSession>> {
    store.with(|c| sessions::last(c, mentee_id))
}

#[tauri::command(async)]
fn create_session(store: State<'_, Store>, mentee_id: i64, input: SessionInput) -> Result<Session> {
    store.with(|c| sessions::create(c, mentee_id, &input))
}

#[tauri::command(async)]
fn update_session(store: State<'_, Store>, id: i64, input: SessionInput) -> Result<Session> {
    store.with(|c| sessions::update(c, id, &input))
}

#[tauri::command(async)]
fn delete_session(store: State<'_, Store>, id: i64) -> Result<()> {
    store.with(|c| sessions::delete(c, id))
}

#[tauri::command(async)]
fn restore_session(store: State<'_, Store>, id: i64) -> Result<Session> {
    store.with(|c| sessions::restore(c, id))
}

#[tauri::command(async)]
fn set_action_item_done(store: State<'_, Store>, item_id: i64, done: bool) -> Result<Session> {
    store.with(|c| sessions::set_action_item_done(c, item_id, done))
}

#[tauri::command(async)]
fn action_item_to_milestone(
    store: State<'_, Store>,
    item_id: i64,
    goal_id: i64,
    due_on: Option<String>,
) -> Result<Milestone> {
    store.with(|c| sessions::action_item_to_milestone(c, item_id, goal_id, due_on))
}

#[tauri::command(async)]
fn get_settings(store: State<'_, Store>) -> Result<Settings> {
    store.with(|c| settings::get(c))
}

#[tauri::command(async)]
fn update_settings(store: State<'_, Store>, settings: Settings) -> Result<Settings> {
    store.with(|c| settings::update(c, &settings))
}

#[tauri::command(async)]
fn get_dashboard(store: State<'_, Store>, limits: DashboardLimits) -> Result<Dashboard> {
    store.with(|c| dashboard::load(c, &limits))
}

#[tauri::command(async)]
fn explore_demo(store: State<'_, Store>) -> Result<DataFileStatus> {
    store.explore_demo()
}

#[tauri::command(async)]
fn leave_demo(store: State<'_, Store>) -> DataFileStatus {
    store.leave_demo()
}

#[tauri::command(async)]
fn search_everything(store: State<'_, Store>, text: String) -> Result<SearchResults> {
    store.with(|c| search::search(c, &text))
}

#[tauri::command(async)]
fn progress_history(store: State<'_, Store>, mentee_id: i64) -> Result<ProgressHistory> {
    store.with(|c| progress::history(c, mentee_id))
}

/// Opens the native save dialog; None when the person cancels.
#[tauri::command(async)]
fn export_milestones(
    app: AppHandle,
    store: State<'_, Store>,
    format: ExportFormat,
    plan_id: Option<i64>,
) -> Result<Option<Exported>> {
    crate::export::milestones(&app, &store, format, plan_id)
}

/// Typesets the plan report, then opens the native save dialog; None when cancelled.
#[tauri::command(async)]
fn export_plan_pdf(
    app: AppHandle,
    store: State<'_, Store>,
    plan_id: i64,
    locale: String,
) -> Result<Option<SavedFile>> {
    crate::export::plan_pdf(&app, &store, plan_id, locale)
}

/// Typesets the plan on screen in the background, so exporting it is quick.
#[tauri::command(async)]
fn prepare_plan_pdf(store: State<'_, Store>, plan_id: i64, locale: String) -> Result<()> {
    crate::export::prepare_plan_pdf(&store, plan_id, locale)
}

#[tauri::command(async)]
fn export_overview_pdf(
    app: AppHandle,
    store: State<'_, Store>,
    locale: String,
) -> Result<Option<SavedFile>> {
    crate::export::overview_pdf(&app, &store, locale)
}

/// Everything, as the JSON archive, through the native save dialog.
#[tauri::command(async)]
fn export_archive(app: AppHandle, store: State<'_, Store>) -> Result<Option<SavedFile>> {
    crate::export::archive(&app, &store)
}

/// An archive chosen in the native open dialog, into the open file if it is empty.
#[tauri::command(async)]
fn import_archive(app: AppHandle, store: State<'_, Store>) -> Result<Option<ImportSummary>> {
    crate::export::import_archive(&app, &store)
}

/// Only for files exported in this session.
#[tauri::command(async)]
fn show_in_folder(app: AppHandle, path: String) -> Result<()> {
    crate::export::show_in_folder(&app, &path)
}

/// Only from the `backups` folder beside the data file; returns the copy of what was there.
#[tauri::command(async)]
fn restore_backup(store: State<'_, Store>, path: String) -> Result<BackupFile> {
    store.restore(std::path::Path::new(&path))
}

/// Opens the data file again after what kept it from opening was put right.
#[tauri::command(async)]
fn retry_data_file(store: State<'_, Store>) -> DataFileStatus {
    store.retry()
}

/// Upgrades a chosen file from an older Waymark once the person has agreed.
#[tauri::command(async)]
fn upgrade_data_file(store: State<'_, Store>) -> Result<DataFileStatus> {
    store.upgrade()
}

/// The native open dialog, from Rust; the chosen file becomes the data file for this
/// session. None when the person cancels.
#[tauri::command(async)]
fn choose_data_file(app: AppHandle, store: State<'_, Store>) -> Result<Option<DataFileStatus>> {
    Ok(crate::data_file::choose(&app)?.map(|path| store.switch_to(path)))
}

#[tauri::command(async)]
fn back_up_now(store: State<'_, Store>) -> Result<BackupFile> {
    store.back_up_now()
}

#[tauri::command(async)]
fn list_backups(store: State<'_, Store>) -> Result<Vec<BackupFile>> {
    store.backups()
}

/// The UI calls this once, when its first screen has painted with its data. The time since
/// the process started goes to stderr, where `make bench` measures start-up and where a
/// slow start shows in a report.
#[tauri::command]
fn first_screen_shown(started: State<'_, crate::Started>) {
    eprintln!(
        "Waymark: first screen shown {} ms after start",
        started.0.elapsed().as_millis()
    );
}

/// Hands a web or mail address to the system's browser or mail program, after the UI has
/// shown it and the person agreed; anything but `https:`, `http:` and `mailto:` is refused.
#[tauri::command(async)]
fn open_link(url: String) -> Result<()> {
    crate::navigation::open_link(&url)
}

#[tauri::command(async)]
fn share_preview(store: State<'_, Store>, plan_id: i64) -> Result<SharePreview> {
    store.with(|c| overview::preview(c, plan_id))
}

/// Shares the plan into a file chosen in the native save dialog; None when cancelled.
#[tauri::command(async)]
fn share_plan(
    app: AppHandle,
    store: State<'_, Store>,
    request: ShareRequest,
) -> Result<Option<SavedFile>> {
    crate::sharing::share_plan(&app, &store, &request)
}

/// A shared plan file chosen in the native open dialog, as what merging it would do.
#[tauri::command(async)]
fn open_shared_plan(app: AppHandle, store: State<'_, Store>) -> Result<Option<MergeReport>> {
    crate::sharing::open_shared_plan(&app, &store)
}

/// The shared plan file Waymark was opened with, if one is waiting to be merged.
#[tauri::command(async)]
fn waiting_shared_plan(app: AppHandle, store: State<'_, Store>) -> Result<Option<MergeReport>> {
    crate::sharing::waiting_report(&app, &store)
}

#[tauri::command(async)]
fn merge_shared_plan(
    app: AppHandle,
    store: State<'_, Store>,
    choices: Vec<Choice>,
) -> Result<Merged> {
    crate::sharing::merge_waiting(&app, &store, &choices)
}

/// Opens the waiting protected file with the passphrase the person typed.
#[tauri::command(async)]
fn unlock_shared_plan(
    app: AppHandle,
    store: State<'_, Store>,
    passphrase: String,
) -> Result<MergeReport> {
    crate::sharing::unlock_waiting(&app, &store, &passphrase)
}

#[tauri::command]
fn forget_shared_plan(app: AppHandle) {
    crate::sharing::forget_waiting(&app);
}

#[tauri::command(async)]
fn shared_with_me(store: State<'_, Store>) -> Result<Vec<SharedWithMe>> {
    store.with(|c| overview::shared_with_me(c))
}

#[tauri::command(async)]
fn share_status(store: State<'_, Store>, plan_id: i64) -> Result<Option<ShareStatus>> {
    store.with(|c| overview::status(c, plan_id))
}

#[tauri::command(async)]
fn list_topics(store: State<'_, Store>, plan_id: i64) -> Result<Vec<Topic>> {
    store.with(|c| topics::list(c, plan_id))
}

#[tauri::command(async)]
fn add_topic(store: State<'_, Store>, plan_id: i64, text: String) -> Result<Topic> {
    store.with(|c| topics::add(c, plan_id, &text))
}

#[tauri::command(async)]
fn set_topic_done(store: State<'_, Store>, id: i64, done: bool) -> Result<Topic> {
    store.with(|c| topics::set_done(c, id, done))
}

#[tauri::command(async)]
fn delete_topic(store: State<'_, Store>, id: i64) -> Result<()> {
    store.with(|c| topics::delete(c, id))
}

#[tauri::command(async)]
fn restore_topic(store: State<'_, Store>, id: i64) -> Result<Topic> {
    store.with(|c| topics::restore(c, id))
}

#[tauri::command(async)]
fn list_comments(store: State<'_, Store>, plan_id: i64) -> Result<Vec<Comment>> {
    store.with(|c| comments::list(c, plan_id))
}

#[tauri::command(async)]
fn add_comment(store: State<'_, Store>, plan_id: i64, text: String) -> Result<Comment> {
    store.with(|c| comments::add(c, plan_id, &text))
}

#[tauri::command(async)]
fn delete_comment(store: State<'_, Store>, id: i64) -> Result<()> {
    store.with(|c| comments::delete(c, id))
}

#[tauri::command(async)]
fn restore_comment(store: State<'_, Store>, id: i64) -> Result<Comment> {
    store.with(|c| comments::restore(c, id))
}

#[tauri::command(async)]
fn sync_status(store: State<'_, Store>, sync: State<'_, LiveSync>) -> Result<SyncStatus> {
    sync.status(&store)
}

/// Pairs this device with a sync server using the one-time code its administrator gave.
#[tauri::command]
async fn sync_pair(
    store: State<'_, Store>,
    sync: State<'_, LiveSync>,
    url: String,
    code: String,
    device: String,
) -> Result<Pairing> {
    sync.pair(&store, &url, &code, &device).await
}

#[tauri::command(async)]
fn sync_set_paused(
    store: State<'_, Store>,
    sync: State<'_, LiveSync>,
    paused: bool,
) -> Result<Pairing> {
    let pairing = store.with(|c| live::set_paused(c, paused))?;
    sync.nudge();
    Ok(pairing)
}

/// Fields changed on two devices at once, waiting for the person to choose.
#[tauri::command(async)]
fn sync_conflicts(store: State<'_, Store>) -> Result<Vec<LiveConflict>> {
    store.with(|c| conflicts::list(c))
}

/// Keeps one value of a conflict on every device; returns those still waiting.
#[tauri::command(async)]
fn sync_choose(store: State<'_, Store>, id: i64, keep: Keep) -> Result<Vec<LiveConflict>> {
    store.with(|c| conflicts::choose(c, id, keep))?;
    store.with(|c| conflicts::list(c))
}

/// Forgets the sync server on this device; plans shared live go back to files.
#[tauri::command(async)]
fn sync_forget(store: State<'_, Store>, sync: State<'_, LiveSync>) -> Result<()> {
    store.with(live::forget_pairing)?;
    sync.nudge();
    Ok(())
}

/// Shares a plan live with the mentee's account; the sync loop sends the grant.
#[tauri::command(async)]
fn share_live(store: State<'_, Store>, request: LiveShareRequest) -> Result<Option<ShareStatus>> {
    store.with(|c| live::share_live(c, &request))?;
    store.with(|c| overview::status(c, request.plan_id))
}

#[tauri::command(async)]
fn stop_live(store: State<'_, Store>, plan_id: i64) -> Result<Option<ShareStatus>> {
    store.with(|c| live::stop_live(c, plan_id))?;
    store.with(|c| overview::status(c, plan_id))
}

/// Sets how often the mentee's 1:1s are due and their recurring talking points.
#[tauri::command(async)]
fn set_mentee_rhythm(store: State<'_, Store>, id: i64, rhythm: RhythmInput) -> Result<Mentee> {
    store.with(|c| mentees::set_rhythm(c, id, &rhythm))
}

/// The mentee's next 1:1: when it is due and the agenda it starts with.
#[tauri::command(async)]
fn next_session(store: State<'_, Store>, mentee_id: i64) -> Result<NextSession> {
    store.with(|c| agenda::next(c, mentee_id, dates::today()))
}

#[tauri::command(async)]
fn tick_agenda(
    store: State<'_, Store>,
    session_id: i64,
    position: i64,
    ticked: bool,
) -> Result<Session> {
    store.with(|c| sessions::tick_agenda(c, session_id, position, ticked))
}

#[tauri::command(async)]
fn list_evidence(store: State<'_, Store>, mentee_id: i64) -> Result<Vec<Evidence>> {
    store.with(|c| evidence::list(c, mentee_id))
}

/// The evidence observed since the mentee's previous assessment, for the assessment form.
#[tauri::command(async)]
fn evidence_for_assessment(
    store: State<'_, Store>,
    mentee_id: i64,
    assessment_id: Option<i64>,
    assessed_on: Option<String>,
) -> Result<Vec<Evidence>> {
    store.with(|c| {
        evidence::since_last_assessment(c, mentee_id, assessment_id, assessed_on.as_deref())
    })
}

#[tauri::command(async)]
fn create_evidence(
    store: State<'_, Store>,
    mentee_id: i64,
    input: EvidenceInput,
) -> Result<Evidence> {
    store.with(|c| evidence::create(c, mentee_id, &input))
}

#[tauri::command(async)]
fn update_evidence(store: State<'_, Store>, id: i64, input: EvidenceInput) -> Result<Evidence> {
    store.with(|c| evidence::update(c, id, &input))
}

#[tauri::command(async)]
fn delete_evidence(store: State<'_, Store>, id: i64) -> Result<()> {
    store.with(|c| evidence::delete(c, id))
}

#[tauri::command(async)]
fn restore_evidence(store: State<'_, Store>, id: i64) -> Result<Evidence> {
    store.with(|c| evidence::restore(c, id))
}

#[tauri::command(async)]
fn get_reminder_settings(store: State<'_, Store>) -> Result<ReminderSettings> {
    store.with(|c| settings::reminders(c))
}

/// Saves when reminders may come; the reminder loop looks again at once.
#[tauri::command(async)]
fn update_reminder_settings(
    store: State<'_, Store>,
    reminders: State<'_, Reminders>,
    settings: ReminderSettings,
) -> Result<ReminderSettings> {
    let saved = store.with(|c| settings::update_reminders(c, &settings))?;
    reminders.nudge();
    Ok(saved)
}

/// Whether Waymark starts (minimised) when the person logs in.
#[tauri::command(async)]
fn start_at_login(app: AppHandle) -> Result<bool> {
    app.autolaunch()
        .is_enabled()
        .map_err(|e| Error::Io(format!("Could not read the login items: {e}")))
}

#[tauri::command(async)]
fn set_start_at_login(app: AppHandle, on: bool) -> Result<bool> {
    let launcher = app.autolaunch();
    let changed = if on {
        launcher.enable()
    } else {
        launcher.disable()
    };
    changed.map_err(|e| Error::Io(format!("Could not change the login items: {e}")))?;
    start_at_login(app)
}

/// When each of the plan's gaps is likely to close, with its range and reasons.
#[tauri::command(async)]
fn plan_forecast(store: State<'_, Store>, plan_id: i64) -> Result<Forecast> {
    store.with(|c| forecast::for_plan(c, plan_id))
}

/// How the mentor's ratings compare with the mentees' own, over time.
#[tauri::command(async)]
fn get_calibration(store: State<'_, Store>) -> Result<Calibration> {
    store.with(|c| calibration::load(c))
}

/// The calendar file this device keeps up to date, and how its last write went.
#[tauri::command(async)]
fn calendar_file_status(
    store: State<'_, Store>,
    calendar: State<'_, CalendarFile>,
) -> Result<CalendarFileStatus> {
    calendar.status(&store)
}

/// Asks where to keep a calendar file, then keeps it up to date; unchanged when cancelled.
#[tauri::command(async)]
fn keep_calendar_file(
    app: AppHandle,
    store: State<'_, Store>,
    calendar: State<'_, CalendarFile>,
) -> Result<CalendarFileStatus> {
    let offer = SaveAs {
        title: "Keep a calendar file up to date",
        file_name: "Waymark.ics".into(),
        filter: ("Calendar", "ics"),
    };
    if let Some(path) = ask_where(&app, offer)? {
        store.with(|c| settings::set_calendar_file(c, Some(&path)))?;
        calendar.nudge();
    }
    calendar.status(&store)
}

/// Stops keeping the calendar file; the file itself stays as it was.
#[tauri::command(async)]
fn stop_calendar_file(
    store: State<'_, Store>,
    calendar: State<'_, CalendarFile>,
) -> Result<CalendarFileStatus> {
    store.with(|c| settings::set_calendar_file(c, None))?;
    calendar.nudge();
    calendar.status(&store)
}
