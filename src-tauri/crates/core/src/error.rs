//! The one error type of Waymark. Every failure that can reach a person is one of these
//! variants; each has a stable machine code the UI and the CLI can rely on.

use serde::{Serialize, Serializer};
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value a person typed or a caller passed is not acceptable.
    #[error("{message}")]
    InvalidInput {
        field: &'static str,
        message: String,
    },
    /// The thing asked for does not exist (or no longer does).
    #[error("{what} not found")]
    NotFound { what: &'static str },
    /// The request clashes with data already stored.
    #[error("{message}")]
    Conflict {
        field: Option<&'static str>,
        message: String,
    },
    /// The data file was written by a newer Waymark; we refuse to touch it.
    #[error(
        "This data file was written by a newer version of Waymark (schema {found}; this version understands up to {supported}). Update Waymark to open it; the file has not been changed."
    )]
    DbNewerThanApp { found: i64, supported: i64 },
    /// The data file is not a database Waymark can read.
    #[error("The data file could not be opened: {0}")]
    DbUnreadable(String),
    /// The data file holds tables, triggers or views Waymark did not make.
    #[error(
        "This data file was changed by another program ({0}), so Waymark will not use it: what was added could run with your data. Restore a backup, or choose another file; this one has not been changed."
    )]
    DbAltered(String),
    /// A file the person chose comes from an older Waymark; it is upgraded only when they agree.
    #[error(
        "This data file comes from an earlier version of Waymark (schema {found}; this version uses {supported}). Upgrading it changes the file for good, so Waymark asks first; a copy of it as it is now is kept in the backups folder beside it."
    )]
    DbOlderThanApp { found: i64, supported: i64 },
    /// The data file is damaged: cut short, or its pages do not hold together.
    #[error(
        "The data file is damaged ({0}). Restore a backup, or choose another file; the damaged file is kept."
    )]
    DbDamaged(String),
    /// Another program holds the data file.
    #[error(
        "Another program is using the data file (perhaps Waymark in another window or a database tool). Close it, then try again."
    )]
    DbLocked,
    /// The data file can be read but not written.
    #[error(
        "The data file is read-only, so nothing you do could be saved. Make it writable (check its permissions or the disk), or choose another file."
    )]
    DbReadOnly,
    /// The data file failed to open at start-up, so no command can use it.
    #[error("The data file is not open.")]
    DbNotOpen,
    /// The data file comes from an earlier Waymark and is being upgraded; it opens when
    /// that is done.
    #[error(
        "Waymark is upgrading your data file for this version. Your data is safe: a copy of the file as it was is kept in the backups folder beside it."
    )]
    DbUpgrading,
    /// Reading or writing a file failed.
    #[error("{0}")]
    Io(String),
    /// The PDF typesetter failed on the report's content.
    #[error("The PDF could not be produced: {0}")]
    Render(String),
    /// An archive was not imported; each entry is `path: problem`. Nothing was written.
    #[error("The file was not imported and nothing was written. {}:\n{}", count_problems(.0), .0.join("\n"))]
    ImportRejected(Vec<String>),
    /// One piece of work ran past its time limit and was stopped; nothing was written.
    #[error(
        "Waymark stopped this because it was taking far longer than it ever should; nothing was changed."
    )]
    TookTooLong,
    /// A shared plan file was not taken in: damaged, altered, or not what it claims to be.
    #[error("This shared plan file was not opened: {0}. Nothing was changed.")]
    SharedFileRefused(String),
    /// A shared plan file was written by a newer Waymark.
    #[error(
        "This shared plan comes from a newer version of Waymark. Update Waymark to open it; nothing was changed."
    )]
    SharedFileNewer,
    /// A shared plan file is signed by someone other than the person the plan is shared with.
    #[error(
        "This file was not sent by {expected}, the person this plan is shared with, so Waymark did not merge it. Ask {expected} to send the plan again from their Waymark; nothing was changed."
    )]
    SharedFileWrongSender { expected: String },
    /// The shared plan file is protected; the person has not given its passphrase yet.
    #[error("This file is protected with a passphrase. Enter the passphrase the sender gave you.")]
    PassphraseNeeded,
    /// The passphrase given does not open the shared plan file.
    #[error(
        "The passphrase does not open this file. Check it with the person who sent it; nothing was changed."
    )]
    WrongPassphrase,
    /// The person tried to change a part of a shared plan that only the other side may change.
    #[error("{0}")]
    ReadOnly(String),
    /// A change that came through the sync server did not pass the checks every change
    /// passes; nothing of it was kept.
    #[error(
        "A change that came through the sync server was not taken in: {0}. Nothing here was changed."
    )]
    SyncRefused(String),
    /// This device is not paired with a sync server.
    #[error("This device is not paired with a sync server yet. Pair it in Settings → Sync.")]
    SyncNotSetUp,
    /// The sync server could not be reached, or did not answer as a Waymark server does.
    #[error("Waymark could not reach the sync server: {0}")]
    SyncUnreachable(String),
    /// The sync server turned a request down.
    #[error("The sync server said no: {0}")]
    SyncDeclined(String),
    /// SQLite reported something we did not anticipate.
    #[error("The database reported an error: {0}")]
    Database(rusqlite::Error),
}

impl Error {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::InvalidInput {
            field,
            message: message.into(),
        }
    }

    pub fn conflict(field: Option<&'static str>, message: impl Into<String>) -> Self {
        Self::Conflict {
            field,
            message: message.into(),
        }
    }

    /// Stable code; never change one once shipped.
    pub fn code(&self) -> &'static str {
        self.kind().as_str()
    }

    pub fn kind(&self) -> ErrorCode {
        match self {
            Self::InvalidInput { .. } => ErrorCode::InvalidInput,
            Self::NotFound { .. } => ErrorCode::NotFound,
            Self::Conflict { .. } => ErrorCode::Conflict,
            Self::DbNewerThanApp { .. } => ErrorCode::DbNewerThanApp,
            Self::DbUnreadable(_) => ErrorCode::DbUnreadable,
            Self::DbAltered(_) => ErrorCode::DbAltered,
            Self::DbOlderThanApp { .. } => ErrorCode::DbOlderThanApp,
            Self::DbDamaged(_) => ErrorCode::DbDamaged,
            Self::DbLocked => ErrorCode::DbLocked,
            Self::DbReadOnly => ErrorCode::DbReadOnly,
            Self::DbNotOpen => ErrorCode::DbNotOpen,
            Self::DbUpgrading => ErrorCode::DbUpgrading,
            Self::Io(_) => ErrorCode::Io,
            Self::Render(_) => ErrorCode::RenderFailed,
            Self::ImportRejected(_) => ErrorCode::ImportRejected,
            Self::TookTooLong => ErrorCode::TookTooLong,
            Self::SharedFileRefused(_) => ErrorCode::SharedFileRefused,
            Self::SharedFileNewer => ErrorCode::SharedFileNewer,
            Self::SharedFileWrongSender { .. } => ErrorCode::SharedFileWrongSender,
            Self::PassphraseNeeded => ErrorCode::PassphraseNeeded,
            Self::WrongPassphrase => ErrorCode::WrongPassphrase,
            Self::ReadOnly(_) => ErrorCode::ReadOnly,
            Self::SyncRefused(_) => ErrorCode::SyncRefused,
            Self::SyncNotSetUp => ErrorCode::SyncNotSetUp,
            Self::SyncUnreachable(_) => ErrorCode::SyncUnreachable,
            Self::SyncDeclined(_) => ErrorCode::SyncDeclined,
            Self::Database(_) => ErrorCode::Database,
        }
    }

    /// The input field the error concerns, so the UI can show it beside that field.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::InvalidInput { field, .. } => Some(field),
            Self::Conflict { field, .. } => *field,
            _ => None,
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code().to_owned(),
            message: self.to_string(),
            field: self.field().map(str::to_owned),
        }
    }
}

impl From<rusqlite::Error> for Error {
    /// SQLite stops a statement when its work outruns the deadline (`db::within`).
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::OperationInterrupted) => Self::TookTooLong,
            _ => Self::Database(e),
        }
    }
}

// Each code is written once: the Rust string and the TypeScript union both come from here.
macro_rules! error_codes {
    ($($variant:ident = $code:literal),+ $(,)?) => {
        /// The machine code of an [`Error`]; the UI receives it as a union of these names.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, TS)]
        pub enum ErrorCode {
            $(#[ts(rename = $code)] $variant),+
        }

        impl ErrorCode {
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $code),+
                }
            }
        }
    };
}

error_codes! {
    InvalidInput = "invalid_input",
    NotFound = "not_found",
    Conflict = "conflict",
    DbNewerThanApp = "db_newer_than_app",
    DbUnreadable = "db_unreadable",
    DbAltered = "db_altered",
    DbOlderThanApp = "db_older_than_app",
    DbDamaged = "db_damaged",
    DbLocked = "db_locked",
    DbReadOnly = "db_read_only",
    DbNotOpen = "db_not_open",
    DbUpgrading = "db_upgrading",
    Io = "io",
    RenderFailed = "render_failed",
    ImportRejected = "import_rejected",
    TookTooLong = "took_too_long",
    SharedFileRefused = "shared_file_refused",
    SharedFileNewer = "shared_file_newer",
    SharedFileWrongSender = "shared_file_wrong_sender",
    PassphraseNeeded = "passphrase_needed",
    WrongPassphrase = "wrong_passphrase",
    ReadOnly = "read_only",
    SyncRefused = "sync_refused",
    SyncNotSetUp = "sync_not_set_up",
    SyncUnreachable = "sync_unreachable",
    SyncDeclined = "sync_declined",
    Database = "database",
}

fn count_problems(problems: &[String]) -> String {
    match problems.len() {
        1 => "One problem".to_owned(),
        n => format!("{n} problems"),
    }
}

/// How an error crosses the IPC boundary: `{ code, message, field? }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
pub struct ErrorPayload {
    /// Always one of [`ErrorCode`]'s names.
    #[ts(as = "ErrorCode")]
    pub code: String,
    pub message: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.payload().serialize(serializer)
    }
}
