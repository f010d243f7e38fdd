// Typed wrappers over the Rust commands. Every type here is generated from Rust
// (src/lib/bindings); errors arrive as ErrorPayload and are rethrown as AppError.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { Arrived } from "./bindings/Arrived";
import type { Assessment } from "./bindings/Assessment";
import type { AssessmentInput } from "./bindings/AssessmentInput";
import type { BackupFile } from "./bindings/BackupFile";
import type { Calibration } from "./bindings/Calibration";
import type { CalendarFileStatus } from "./bindings/CalendarFileStatus";
import type { Catalogue } from "./bindings/Catalogue";
import type { Choice } from "./bindings/Choice";
import type { Comment } from "./bindings/Comment";
import type { CurrentAssessments } from "./bindings/CurrentAssessments";
import type { Dashboard } from "./bindings/Dashboard";
import type { DashboardLimits } from "./bindings/DashboardLimits";
import type { DataFileStatus } from "./bindings/DataFileStatus";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { ErrorPayload } from "./bindings/ErrorPayload";
import type { ExportFormat } from "./bindings/ExportFormat";
import type { Exported } from "./bindings/Exported";
import type { SavedFile } from "./bindings/SavedFile";
import type { SyncStatus } from "./bindings/SyncStatus";
import type { ImportSummary } from "./bindings/ImportSummary";
import type { Forecast } from "./bindings/Forecast";
import type { Goal } from "./bindings/Goal";
import type { GoalTemplate } from "./bindings/GoalTemplate";
import type { GoalInput } from "./bindings/GoalInput";
import type { LeaderType } from "./bindings/LeaderType";
import type { LiveShareRequest } from "./bindings/LiveShareRequest";
import type { LeaderTypeInput } from "./bindings/LeaderTypeInput";
import type { Evidence } from "./bindings/Evidence";
import type { EvidenceInput } from "./bindings/EvidenceInput";
import type { Mentee } from "./bindings/Mentee";
import type { NextSession } from "./bindings/NextSession";
import type { Opens } from "./bindings/Opens";
import type { ReminderSettings } from "./bindings/ReminderSettings";
import type { RhythmInput } from "./bindings/RhythmInput";
import type { MenteeInput } from "./bindings/MenteeInput";
import type { MenteeQuery } from "./bindings/MenteeQuery";
import type { MenteePage } from "./bindings/MenteePage";
import type { Merged } from "./bindings/Merged";
import type { MergeReport } from "./bindings/MergeReport";
import type { Milestone } from "./bindings/Milestone";
import type { MilestoneInput } from "./bindings/MilestoneInput";
import type { MilestoneStatus } from "./bindings/MilestoneStatus";
import type { Plan } from "./bindings/Plan";
import type { Pairing } from "./bindings/Pairing";
import type { LiveConflict } from "./bindings/LiveConflict";
import type { Keep } from "./bindings/Keep";
import type { PlanInput } from "./bindings/PlanInput";
import type { PlanStatus } from "./bindings/PlanStatus";
import type { PlanView } from "./bindings/PlanView";
import type { LastSession } from "./bindings/LastSession";
import type { Session } from "./bindings/Session";
import type { SessionInput } from "./bindings/SessionInput";
import type { ProgressHistory } from "./bindings/ProgressHistory";
import type { SearchResults } from "./bindings/SearchResults";
import type { Settings } from "./bindings/Settings";
import type { SharedWithMe } from "./bindings/SharedWithMe";
import type { SharePreview } from "./bindings/SharePreview";
import type { ShareRequest } from "./bindings/ShareRequest";
import type { ShareStatus } from "./bindings/ShareStatus";
import type { Topic } from "./bindings/Topic";

/** A code from Rust, or "internal" for a rejection that never reached a command. */
export type AppErrorCode = ErrorCode | "internal";

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly field: string | undefined;

  constructor(payload: ErrorPayload | { code: "internal"; message: string }) {
    super(payload.message);
    this.name = "AppError";
    this.code = payload.code;
    this.field = "field" in payload ? payload.field : undefined;
  }
}

function isErrorPayload(value: unknown): value is ErrorPayload {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ErrorPayload).code === "string" &&
    typeof (value as ErrorPayload).message === "string"
  );
}

/** Turns whatever a command rejected with into an AppError with plain words. */
export function toAppError(reason: unknown): AppError {
  if (reason instanceof AppError) return reason;
  if (isErrorPayload(reason)) return new AppError(reason);
  const message = reason instanceof Error ? reason.message : String(reason);
  return new AppError({ code: "internal", message: `Something went wrong: ${message}` });
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toAppError(reason);
  }
}

export const api = {
  dataFileStatus: () => call<DataFileStatus>("data_file_status"),
  catalogue: () => call<Catalogue>("get_catalogue"),
  createLeaderType: (input: LeaderTypeInput) => call<LeaderType>("create_leader_type", { input }),
  updateLeaderType: (id: number, input: LeaderTypeInput) => call<LeaderType>("update_leader_type", { id, input }),
  deleteLeaderType: (id: number) => call<void>("delete_leader_type", { id }),
  firstScreenShown: () => call<void>("first_screen_shown"),
  listMentees: (query: MenteeQuery) => call<MenteePage>("list_mentees", { query }),
  getMentee: (id: number) => call<Mentee>("get_mentee", { id }),
  createMentee: (input: MenteeInput) => call<Mentee>("create_mentee", { input }),
  updateMentee: (id: number, input: MenteeInput) => call<Mentee>("update_mentee", { id, input }),
  setMenteeArchived: (id: number, archived: boolean) => call<Mentee>("set_mentee_archived", { id, archived }),
  deleteMentee: (id: number) => call<void>("delete_mentee", { id }),

  listAssessments: (menteeId: number) => call<Assessment[]>("list_assessments", { menteeId }),
  currentAssessments: (menteeId: number) => call<CurrentAssessments>("current_assessments", { menteeId }),
  createAssessment: (menteeId: number, input: AssessmentInput) =>
    call<Assessment>("create_assessment", { menteeId, input }),
  updateAssessment: (id: number, input: AssessmentInput) => call<Assessment>("update_assessment", { id, input }),
  deleteAssessment: (id: number) => call<void>("delete_assessment", { id }),

  listPlans: (menteeId: number) => call<Plan[]>("list_plans", { menteeId }),
  createPlan: (menteeId: number, input: PlanInput) => call<Plan>("create_plan", { menteeId, input }),
  updatePlan: (id: number, input: PlanInput) => call<Plan>("update_plan", { id, input }),
  setPlanStatus: (id: number, status: PlanStatus) => call<Plan>("set_plan_status", { id, status }),
  deletePlan: (id: number) => call<void>("delete_plan", { id }),
  restorePlan: (id: number) => call<Plan>("restore_plan", { id }),
  planView: (planId: number) => call<PlanView>("plan_view", { planId }),

  createGoal: (planId: number, input: GoalInput) => call<Goal>("create_goal", { planId, input }),
  updateGoal: (id: number, input: GoalInput) => call<Goal>("update_goal", { id, input }),
  moveGoal: (id: number, index: number) => call<Goal[]>("move_goal", { id, index }),
  deleteGoal: (id: number) => call<void>("delete_goal", { id }),
  restoreGoal: (id: number) => call<Goal>("restore_goal", { id }),

  createMilestone: (goalId: number, input: MilestoneInput) => call<Milestone>("create_milestone", { goalId, input }),
  updateMilestone: (id: number, input: MilestoneInput) => call<Milestone>("update_milestone", { id, input }),
  setMilestoneStatus: (id: number, status: MilestoneStatus) => call<Milestone>("set_milestone_status", { id, status }),
  moveMilestone: (id: number, index: number) => call<Milestone[]>("move_milestone", { id, index }),
  deleteMilestone: (id: number) => call<void>("delete_milestone", { id }),
  restoreMilestone: (id: number) => call<Milestone>("restore_milestone", { id }),

  listTemplates: () => call<GoalTemplate[]>("list_templates"),
  applyTemplate: (planId: number, templateId: number) => call<Goal>("apply_template", { planId, templateId }),
  saveGoalAsTemplate: (goalId: number) => call<GoalTemplate>("save_goal_as_template", { goalId }),
  deleteTemplate: (id: number) => call<void>("delete_template", { id }),

  listSessions: (menteeId: number) => call<Session[]>("list_sessions", { menteeId }),
  lastSession: (menteeId: number) => call<LastSession | null>("last_session", { menteeId }),
  createSession: (menteeId: number, input: SessionInput) => call<Session>("create_session", { menteeId, input }),
  updateSession: (id: number, input: SessionInput) => call<Session>("update_session", { id, input }),
  deleteSession: (id: number) => call<void>("delete_session", { id }),
  restoreSession: (id: number) => call<Session>("restore_session", { id }),
  setActionItemDone: (itemId: number, done: boolean) => call<Session>("set_action_item_done", { itemId, done }),
  actionItemToMilestone: (itemId: number, goalId: number, dueOn: string | null) =>
    call<Milestone>("action_item_to_milestone", { itemId, goalId, dueOn }),

  settings: () => call<Settings>("get_settings"),
  updateSettings: (settings: Settings) => call<Settings>("update_settings", { settings }),
  dashboard: (limits: DashboardLimits) => call<Dashboard>("get_dashboard", { limits }),
  backUpNow: () => call<BackupFile>("back_up_now"),
  listBackups: () => call<BackupFile[]>("list_backups"),
  /** Checks the backup, keeps the current data as another backup, then switches; returns that copy. */
  restoreBackup: (path: string) => call<BackupFile>("restore_backup", { path }),
  /** Opens the data file again, after whatever kept it from opening was put right. */
  retryDataFile: () => call<DataFileStatus>("retry_data_file"),
  upgradeDataFile: () => call<DataFileStatus>("upgrade_data_file"),
  /** The native open dialog; null when the person cancels. */
  chooseDataFile: () => call<DataFileStatus | null>("choose_data_file"),
  exploreDemo: () => call<DataFileStatus>("explore_demo"),
  leaveDemo: () => call<DataFileStatus>("leave_demo"),
  /** Opens the native save dialog; null when the person cancels. */
  exportMilestones: (format: ExportFormat, planId: number | null) =>
    call<Exported | null>("export_milestones", { format, planId }),
  /** Typesets the report, then opens the native save dialog; null when the person cancels. */
  exportPlanPdf: (planId: number, locale: string) => call<SavedFile | null>("export_plan_pdf", { planId, locale }),
  preparePlanPdf: (planId: number, locale: string) => call<null>("prepare_plan_pdf", { planId, locale }),
  exportOverviewPdf: (locale: string) => call<SavedFile | null>("export_overview_pdf", { locale }),
  /** Everything as the JSON archive, through the native save dialog; null when cancelled. */
  exportArchive: () => call<SavedFile | null>("export_archive"),
  /** An archive chosen in the native open dialog, into this file if it is empty; null when cancelled. */
  importArchive: () => call<ImportSummary | null>("import_archive"),
  /** Only for a file exported in this session. */
  showInFolder: (path: string) => call<null>("show_in_folder", { path }),
  /** Hands a web or mail address to the system's browser or mail program; ask the person first. */
  openLink: (url: string) => call<void>("open_link", { url }),
  progressHistory: (menteeId: number) => call<ProgressHistory>("progress_history", { menteeId }),
  search: (text: string) => call<SearchResults>("search_everything", { text }),

  /** What sharing the plan puts in the file, what it leaves out, and how it stands. */
  sharePreview: (planId: number) => call<SharePreview>("share_preview", { planId }),
  /**
   * Shares the plan (on the mentee's side: sends it back) into a file chosen in the native
   * save dialog; null when the person cancels.
   */
  sharePlan: (request: ShareRequest) => call<SavedFile | null>("share_plan", { request }),
  /** A shared plan file chosen in the native open dialog, as what merging it would do; null when cancelled. */
  openSharedPlan: () => call<MergeReport | null>("open_shared_plan"),
  /** The shared plan file Waymark was opened with or handed, as what merging it would do; null when none. */
  waitingSharedPlan: () => call<MergeReport | null>("waiting_shared_plan"),
  /**
   * Opens the waiting file that is protected with a passphrase (the others answered
   * `passphrase_needed`); a wrong one (`wrong_passphrase`) leaves it waiting.
   */
  unlockSharedPlan: (passphrase: string) => call<MergeReport>("unlock_shared_plan", { passphrase }),
  /** Merges the waiting file as chosen, after copying the data file aside for Undo. */
  mergeSharedPlan: (choices: Choice[]) => call<Merged>("merge_shared_plan", { choices }),
  /** Drops the waiting file without merging it. */
  forgetSharedPlan: () => call<void>("forget_shared_plan"),
  sharedWithMe: () => call<SharedWithMe[]>("shared_with_me"),
  shareStatus: (planId: number) => call<ShareStatus | null>("share_status", { planId }),

  listTopics: (planId: number) => call<Topic[]>("list_topics", { planId }),
  addTopic: (planId: number, text: string) => call<Topic>("add_topic", { planId, text }),
  setTopicDone: (id: number, done: boolean) => call<Topic>("set_topic_done", { id, done }),
  deleteTopic: (id: number) => call<void>("delete_topic", { id }),
  restoreTopic: (id: number) => call<Topic>("restore_topic", { id }),

  /** The plan's comments, oldest first, as a conversation reads. */
  listComments: (planId: number) => call<Comment[]>("list_comments", { planId }),
  addComment: (planId: number, text: string) => call<Comment>("add_comment", { planId, text }),
  /** Only one's own (`mine`); the other side's are refused with `read_only`. */
  deleteComment: (id: number) => call<void>("delete_comment", { id }),
  restoreComment: (id: number) => call<Comment>("restore_comment", { id }),

  /** Where live sync stands: not set up, paused, connecting, syncing, synced or offline. */
  syncStatus: () => call<SyncStatus>("sync_status"),
  /** Pairs this device with a sync server; `url` as typed (https://… or a host name). */
  syncPair: (url: string, code: string, device: string) => call<Pairing>("sync_pair", { url, code, device }),
  syncSetPaused: (paused: boolean) => call<Pairing>("sync_set_paused", { paused }),
  /** Forgets the server on this device; plans shared live go back to sharing by file. */
  syncForget: () => call<void>("sync_forget"),
  /** Fields changed on two devices at once, waiting for the person to choose, newest first. */
  syncConflicts: () => call<LiveConflict[]>("sync_conflicts"),
  /** Keeps one value of a conflict on every device; returns the conflicts still waiting. */
  syncChoose: (id: number, keep: Keep) => call<LiveConflict[]>("sync_choose", { id, keep }),
  /** Shares a plan live with the mentee's account on the same server. */
  shareLive: (request: LiveShareRequest) => call<ShareStatus | null>("share_live", { request }),
  /** Stops syncing a plan live: the mentee keeps their copy and receives nothing new. */
  stopLive: (planId: number) => call<ShareStatus | null>("stop_live", { planId }),
  /** Sets a mentee's 1:1 cadence and the talking points raised at every 1:1. */
  setMenteeRhythm: (id: number, rhythm: RhythmInput) => call<Mentee>("set_mentee_rhythm", { id, rhythm }),
  /** The mentee's next 1:1: when it is due and the agenda it starts with. */
  nextSession: (menteeId: number) => call<NextSession>("next_session", { menteeId }),
  /** Ticks an agenda entry of a 1:1 (and the action item or topic behind it), or clears it. */
  tickAgenda: (sessionId: number, position: number, ticked: boolean) =>
    call<Session>("tick_agenda", { sessionId, position, ticked }),
  listEvidence: (menteeId: number) => call<Evidence[]>("list_evidence", { menteeId }),
  /** Evidence observed since the mentee's previous assessment, up to `assessedOn` (today if null). */
  evidenceForAssessment: (menteeId: number, assessmentId: number | null, assessedOn: string | null) =>
    call<Evidence[]>("evidence_for_assessment", { menteeId, assessmentId, assessedOn }),
  createEvidence: (menteeId: number, input: EvidenceInput) => call<Evidence>("create_evidence", { menteeId, input }),
  updateEvidence: (id: number, input: EvidenceInput) => call<Evidence>("update_evidence", { id, input }),
  deleteEvidence: (id: number) => call<void>("delete_evidence", { id }),
  restoreEvidence: (id: number) => call<Evidence>("restore_evidence", { id }),
  reminderSettings: () => call<ReminderSettings>("get_reminder_settings"),
  updateReminderSettings: (settings: ReminderSettings) =>
    call<ReminderSettings>("update_reminder_settings", { settings }),
  /** Whether Waymark starts, minimised, when the person logs in. */
  startAtLogin: () => call<boolean>("start_at_login"),
  setStartAtLogin: (on: boolean) => call<boolean>("set_start_at_login", { on }),
  /** When each of the plan's gaps is likely to close, with its range and reasons. */
  planForecast: (planId: number) => call<Forecast>("plan_forecast", { planId }),
  /** How the mentor's ratings compare with the mentees' own ratings, over time. */
  calibration: () => call<Calibration>("get_calibration"),
  /** The calendar file this device keeps up to date, and how its last write went. */
  calendarFileStatus: () => call<CalendarFileStatus>("calendar_file_status"),
  /** Asks where to keep a calendar file up to date (the save dialog); unchanged when cancelled. */
  keepCalendarFile: () => call<CalendarFileStatus>("keep_calendar_file"),
  /** Stops keeping the calendar file; the file stays as it was. */
  stopCalendarFile: () => call<CalendarFileStatus>("stop_calendar_file"),
};

/** The event Rust sends when a shared plan file arrives while Waymark is open. */
export const SHARED_PLAN_ARRIVED = "shared-plan-arrived";

/** Calls `callback` whenever a shared plan file arrives; resolves to the function that stops it. */
export async function onSharedPlanArrived(callback: () => void): Promise<() => void> {
  return await listen(SHARED_PLAN_ARRIVED, () => callback());
}

/** The events Rust sends as live sync goes: its status, and changes that arrived. */
export const SYNC_STATUS = "sync-status";
export const SYNC_ARRIVED = "sync-arrived";

/** Calls `callback` with each new live sync status; resolves to the function that stops it. */
export async function onSyncStatus(callback: (status: SyncStatus) => void): Promise<() => void> {
  return await listen<SyncStatus>(SYNC_STATUS, (event) => callback(event.payload));
}

/** Calls `callback` when changes arrive through the sync server and are in the tables. */
export async function onSyncArrived(callback: (arrived: Arrived) => void): Promise<() => void> {
  return await listen<Arrived>(SYNC_ARRIVED, (event) => callback(event.payload));
}

/** The event Rust sends when a desktop reminder is clicked, with what it opens. */
/**
 * Follows an event the `listening` call set up: returns what stops it, which works even
 * before listening has begun. Without events (a listener the shell refused) it follows
 * nothing; each caller says what still works then.
 */
export function following(listening: Promise<() => void>): () => void {
  let stopped = false;
  let stop: (() => void) | null = null;
  listening.then((unlisten) => (stopped ? unlisten() : (stop = unlisten))).catch(() => {});
  return () => {
    stopped = true;
    stop?.();
  };
}

export const OPEN_REMINDER = "open-reminder";

/** Calls `callback` with what a clicked reminder opens; resolves to the function that stops it. */
export async function onOpenReminder(callback: (opens: Opens) => void): Promise<() => void> {
  return await listen<Opens>(OPEN_REMINDER, (event) => callback(event.payload));
}
