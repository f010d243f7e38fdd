//! TypeScript declarations of every type that crosses into the UI, generated from the
//! Rust definitions so the two sides cannot drift apart. `make bindings` writes them;
//! a test fails while the committed files differ.

use ts_rs::{Config, ExportError, TS};

use crate::{
    catalogue, error, exchange::archive, exchange::exports, people::assessments, people::cadence,
    people::mentees, plan::balance, plan::comments, plan::gaps, plan::goals, plan::milestones,
    plan::plans, plan::progress, plan::sessions, plan::templates, plan::topics, reads::dashboard,
    reads::plan_view, reads::search, rhythm::agenda, rhythm::evidence, rhythm::reminders,
    store::backups, store::db, store::settings, sync::conflicts, sync::live, sync::overview,
    sync::share,
};

/// Where the generated files live, relative to the repository root.
pub const DIR: &str = "ui/src/lib/bindings";

macro_rules! declarations {
    ($cfg:expr; $($ty:ty),+ $(,)?) => {
        vec![$((format!("{}.ts", <$ty as TS>::ident($cfg)), <$ty as TS>::export_to_string($cfg)?)),+]
    };
}

/// `(file name, contents)` for each exported type.
pub fn typescript() -> Result<Vec<(String, String)>, ExportError> {
    // IDs are SQLite rowids, far below 2^53: plain numbers are exact in JavaScript.
    let cfg = &Config::new().with_large_int("number");
    Ok(declarations![cfg;
        error::ErrorPayload,
        error::ErrorCode,
        db::DataFileStatus,
        catalogue::Catalogue,
        catalogue::Competency,
        catalogue::CompetencyCategory,
        catalogue::Spectrum,
        catalogue::LeaderFamily,
        catalogue::LeaderType,
        catalogue::LeaderTypeInput,
        catalogue::Profile,
        catalogue::CompetencyTarget,
        catalogue::SpectrumTarget,
        catalogue::RoleTrack,
        catalogue::AntiPatternGroup,
        catalogue::AntiPattern,
        catalogue::Theme,
        mentees::Mentee,
        mentees::MenteeInput,
        mentees::MenteeQuery,
        mentees::MenteeSummary,
        mentees::MenteePage,
        mentees::ArchiveFilter,
        mentees::RhythmInput,
        cadence::Cadence,
        assessments::Assessment,
        assessments::AssessmentInput,
        assessments::Assessor,
        assessments::CurrentAssessments,
        assessments::Rating,
        assessments::SpectrumPosition,
        plans::Plan,
        plans::PlanInput,
        plans::PlanStatus,
        gaps::GapAnalysis,
        gaps::CompetencyGap,
        gaps::SpectrumGap,
        goals::Goal,
        goals::GoalInput,
        milestones::Milestone,
        milestones::MilestoneInput,
        milestones::MilestoneStatus,
        milestones::EvidenceLink,
        balance::BalanceWarning,
        progress::PlanProgress,
        progress::ProgressHistory,
        progress::RatingsAt,
        progress::MonthCount,
        plan_view::PlanView,
        plan_view::WarningRemedy,
        templates::GoalTemplate,
        templates::TemplateMilestone,
        templates::Suggestion,
        sessions::Session,
        sessions::SessionInput,
        sessions::ActionItem,
        sessions::LastSession,
        sessions::AgendaKind,
        sessions::AgendaEntry,
        sessions::AgendaEntryInput,
        agenda::NextSession,
        agenda::AgendaItem,
        evidence::Evidence,
        evidence::EvidenceInput,
        reminders::Opens,
        topics::Topic,
        comments::Comment,
        share::ShareRequest,
        share::MergeReport,
        share::ConflictView,
        share::Keep,
        share::Choice,
        share::Merged,
        overview::SharePreview,
        overview::ShareStatus,
        overview::SharedWithMe,
        live::Pairing,
        live::LiveShareRequest,
        live::SyncStatus,
        live::SyncPhase,
        live::Arrived,
        conflicts::LiveConflict,
        settings::Settings,
        settings::ReminderSettings,
        dashboard::Dashboard,
        dashboard::DueMilestone,
        dashboard::ActivePlan,
        dashboard::NotSeen,
        dashboard::DashboardLimits,
        dashboard::Section<dashboard::DueMilestone>,
        search::SearchResults,
        search::Hit,
        exports::ExportFormat,
        exports::Exported,
        exports::SavedFile,
        backups::BackupFile,
        archive::ImportSummary,
    ])
}
