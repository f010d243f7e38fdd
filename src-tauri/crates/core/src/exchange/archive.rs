//! The whole of a person's data as one versioned JSON file, and back. The archive holds
//! every row of every table a person writes to (never the built-in catalogue), keyed by
//! column name, so exporting, importing into an empty database and exporting again gives
//! the same file byte for byte. Import checks everything before anything is kept: the
//! file's size, the format and schema version, every field's type and text, every field
//! against the rule of the command that writes it (so a file cannot bring in what no form
//! accepts, such as a `javascript:` link), and every row against the schema's own rules
//! and references; it reports each problem with its path in the file and writes in one
//! transaction, or not at all. Its work grows linearly with the file.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use rusqlite::types::Value as Sql;
use rusqlite::{Connection, TransactionBehavior};
use serde::Serialize;
use serde_json::{Map, Value};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::{
    catalogue, people::assessments, people::mentees, plan::comments, plan::goals, plan::milestones,
    plan::plans, plan::sessions, plan::templates, plan::topics, rhythm::evidence,
    store::migrations, store::settings, sync::identity, sync::share, validate,
};

pub const FORMAT: &str = "waymark-archive";
pub const FORMAT_VERSION: i64 = 1;
/// How many problems an import lists before it says how many more there are.
const PROBLEMS_SHOWN: usize = 50;

/// The largest archive Waymark reads, in bytes. Measured: `waymark demo --mentees 2000`
/// (each mentee with a plan of 10 goals and 100 milestones, two assessments and 20 1:1s)
/// exports as 132 MB, about 66 KB a mentee, and importing it peaks at about five times
/// the file in memory (the parsed file is held while it is checked). 256 MB takes some
/// 3,800 such mentees, far beyond one person's data (a mentor of 50 writes about 3 MB),
/// and bounds what a file can make the import hold at about 1.3 GB.
pub const SIZE_LIMIT: u64 = 256_000_000;

/// A table in the archive: which of its rows belong to the person, in insertion order
/// (parents before children), and the rule the commands that write it apply to each of
/// its text fields (`column`, `value`), so a row from a file meets the same rules as one
/// typed into a form.
struct Table {
    name: &'static str,
    rows: &'static str,
    rules: Option<fn(&str, &str) -> Result<()>>,
}

/// The tables an archive does not carry, and why: Waymark's own catalogue, which every
/// data file gets from the migrations and no command changes, and what is rebuilt from
/// the carried rows. Every other table must be in [`TABLES`] (a test checks), so a table
/// a migration adds cannot silently drop out of "Move your data".
pub const NOT_CARRIED: &[(&str, &str)] = &[
    ("anti_pattern_groups", "built in"),
    ("anti_patterns", "built in"),
    ("balance_rule_competencies", "built in"),
    ("competencies", "built in"),
    ("leader_families", "built in"),
    ("role_tracks", "built in"),
    ("spectrums", "built in"),
    ("themes", "built in"),
    (
        "plan_coverage",
        "what each plan's goals cover, rebuilt from the carried goals by their triggers",
    ),
    (
        "mentee_last_session",
        "each mentee's latest 1:1, rebuilt from the carried 1:1s by their triggers",
    ),
    (
        "search_index",
        "rebuilt from the carried rows by its triggers",
    ),
    (
        "search_terms",
        "each term of the search index counted, again by its triggers",
    ),
    (
        "search_terms_scratch",
        "where those triggers split an entry into terms, empty between statements",
    ),
    (
        "search_terms_scratch_vocabulary",
        "the terms of that split, read by the same triggers",
    ),
    (
        "sqlite_sequence",
        "SQLite's own counters, set again as rows go in",
    ),
    (
        "sync_server",
        "this device's pairing and token: a moved data file is paired again",
    ),
    (
        "sync_heads",
        "what this device's server confirmed, learnt again at the next sync",
    ),
    (
        "sync_changed",
        "which records this device has still to write into its documents, all of them after pairing",
    ),
    (
        "sync_changed_plans",
        "which plans this device has still to write into their documents, all of them after pairing",
    ),
    (
        "sync_person_mentees",
        "which mentees' records this device has still to write into the person's document",
    ),
    (
        "sync_waiting",
        "how many changes this device's server has not confirmed, counted again at the next sync",
    ),
    (
        "owned_documents",
        "this device's copies of the person's documents, made again from the rows at the next sync",
    ),
    (
        "owned_document_changes",
        "the changes to those copies saved after them, made again with them",
    ),
    (
        "sync_conflicts",
        "fields changed on two devices at once, for this device's person to choose",
    ),
    (
        "sync_choices",
        "values this device's person chose in such a conflict, still to be written into their document",
    ),
    (
        "reminder_snoozes",
        "reminders this device's person snoozed, for a little while",
    ),
    (
        "sync_outbox",
        "grants waiting for this device's server, sent from the device that made them",
    ),
];

/// The tables an archive carries, in the order they are imported.
pub fn carried() -> impl Iterator<Item = &'static str> {
    TABLES.iter().map(|t| t.name)
}

const CUSTOM_TYPES: &str = "leader_type_id IN (SELECT id FROM leader_types WHERE built_in = 0)";
const CUSTOM_TEMPLATES: &str = "template_id IN (SELECT id FROM goal_templates WHERE built_in = 0)";

const TABLES: [Table; 31] = [
    Table {
        name: "leader_types",
        rows: "built_in = 0",
        rules: Some(catalogue::check_stored_leader_type),
    },
    Table {
        name: "leader_type_competency_targets",
        rows: CUSTOM_TYPES,
        rules: None,
    },
    Table {
        name: "leader_type_spectrum_targets",
        rows: CUSTOM_TYPES,
        rules: None,
    },
    Table {
        name: "goal_templates",
        rows: "built_in = 0",
        rules: Some(templates::check_stored),
    },
    Table {
        name: "goal_template_competencies",
        rows: CUSTOM_TEMPLATES,
        rules: None,
    },
    Table {
        name: "goal_template_themes",
        rows: CUSTOM_TEMPLATES,
        rules: None,
    },
    Table {
        name: "goal_template_milestones",
        rows: CUSTOM_TEMPLATES,
        rules: Some(templates::check_stored_milestone),
    },
    Table {
        name: "mentees",
        rows: "1",
        rules: Some(mentees::check_stored),
    },
    Table {
        name: "assessments",
        rows: "1",
        rules: Some(assessments::check_stored),
    },
    Table {
        name: "assessment_ratings",
        rows: "1",
        rules: Some(assessments::check_stored_rating),
    },
    Table {
        name: "assessment_spectrums",
        rows: "1",
        rules: None,
    },
    Table {
        name: "plans",
        rows: "1",
        rules: Some(plans::check_stored),
    },
    Table {
        name: "plan_competency_targets",
        rows: "1",
        rules: None,
    },
    Table {
        name: "plan_spectrum_targets",
        rows: "1",
        rules: None,
    },
    Table {
        name: "goals",
        rows: "1",
        rules: Some(goals::check_stored),
    },
    Table {
        name: "goal_competencies",
        rows: "1",
        rules: None,
    },
    Table {
        name: "goal_themes",
        rows: "1",
        rules: None,
    },
    Table {
        name: "milestones",
        rows: "1",
        rules: Some(milestones::check_stored),
    },
    Table {
        name: "milestone_links",
        rows: "1",
        rules: Some(milestones::check_stored_link),
    },
    Table {
        name: "sessions",
        rows: "1",
        rules: Some(sessions::check_stored),
    },
    Table {
        name: "session_goals",
        rows: "1",
        rules: None,
    },
    Table {
        name: "action_items",
        rows: "1",
        rules: Some(sessions::check_stored_action_item),
    },
    Table {
        name: "session_agenda",
        rows: "1",
        rules: Some(sessions::check_stored_agenda),
    },
    Table {
        name: "evidence",
        rows: "1",
        rules: Some(evidence::check_stored),
    },
    Table {
        name: "evidence_competencies",
        rows: "1",
        rules: None,
    },
    Table {
        name: "settings",
        rows: settings::NOT_ARCHIVED,
        rules: None,
    },
    Table {
        name: "plan_topics",
        rows: "1",
        rules: Some(topics::check_stored),
    },
    Table {
        name: "plan_comments",
        rows: "1",
        rules: Some(comments::check_stored),
    },
    Table {
        name: "identity",
        rows: "1",
        rules: Some(identity::check_stored),
    },
    Table {
        name: "plan_shares",
        rows: "1",
        rules: Some(identity::check_stored),
    },
    Table {
        name: "plan_documents",
        rows: "1",
        rules: None,
    },
];

/// What an import brought in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    pub mentees: i64,
    pub plans: i64,
    pub goals: i64,
    pub milestones: i64,
    pub sessions: i64,
}

/// Every row the person wrote, as pretty-printed JSON.
pub fn export(conn: &Connection) -> Result<String> {
    // Keys go in sorted order so the text is the same whether or not serde_json keeps
    // insertion order (a feature other crates in a build may switch on).
    let mut tables = std::collections::BTreeMap::new();
    for table in &TABLES {
        let columns = columns(conn, table.name)?;
        let mut names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
        names.sort_unstable();
        let order = primary_key(&columns);
        let sql = format!(
            "SELECT {} FROM {} WHERE {} ORDER BY {order}",
            names.join(", "),
            table.name,
            table.rows
        );
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt
            .query_map([], |r| {
                let mut row = Map::new();
                for (i, name) in names.iter().enumerate() {
                    row.insert((*name).to_owned(), json_of(r.get::<_, Sql>(i)?));
                }
                Ok(Value::Object(row))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        tables.insert(table.name, Value::Array(rows));
    }
    let tables: Map<String, Value> = tables.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    let archive = serde_json::json!({
        "format": FORMAT,
        "formatVersion": FORMAT_VERSION,
        "schemaVersion": migrations::schema_version(conn)?,
        "tables": tables,
    });
    serde_json::to_string_pretty(&archive).map_err(|e| Error::Io(e.to_string()))
}

/// Imports the archive at `path` (see [`import`]). A file over [`SIZE_LIMIT`] is refused
/// from its size alone, before any of it is read.
pub fn import_file(conn: &mut Connection, path: &Path) -> Result<ImportSummary> {
    let failed = |e: std::io::Error| Error::Io(format!("could not read {}: {e}", path.display()));
    let file = std::fs::File::open(path).map_err(failed)?;
    let metadata = file.metadata().map_err(failed)?;
    if !metadata.is_file() {
        return Err(rejected(vec![format!(
            "{}: this is not a file",
            path.display()
        )]));
    }
    if metadata.len() > SIZE_LIMIT {
        return Err(too_large(Some(metadata.len())));
    }
    import_reader(conn, file)
}

/// Imports an archive read from `reader` (see [`import`]); nothing past [`SIZE_LIMIT`]
/// bytes is read.
pub fn import_reader(conn: &mut Connection, reader: impl Read) -> Result<ImportSummary> {
    let mut bytes = Vec::new();
    reader
        .take(SIZE_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::Io(format!("could not read the archive: {e}")))?;
    if bytes.len() as u64 > SIZE_LIMIT {
        return Err(too_large(None));
    }
    import_value(conn, serde_json::from_slice(&bytes).map_err(not_json)?)
}

/// `bytes`: the file's size, when it is known.
fn too_large(bytes: Option<u64>) -> Error {
    const MB: u64 = 1_000_000;
    let size = bytes.map_or_else(
        || "larger than that".to_owned(),
        |b| format!("{} MB", b.div_ceil(MB)),
    );
    rejected(vec![format!(
        "the file is too large: an archive is at most {} MB, and this one is {size}",
        SIZE_LIMIT / MB
    )])
}

fn not_json(e: serde_json::Error) -> Error {
    rejected(vec![format!(
        "line {}, column {}: this is not valid JSON ({e})",
        e.line(),
        e.column()
    )])
}

/// Brings an archive into a database that holds no one yet. Either every row is written,
/// in one transaction, or nothing is and the error lists what is wrong, with paths.
pub fn import(conn: &mut Connection, text: &str) -> Result<ImportSummary> {
    if text.len() as u64 > SIZE_LIMIT {
        return Err(too_large(Some(text.len() as u64)));
    }
    import_value(conn, serde_json::from_str(text).map_err(not_json)?)
}

fn import_value(conn: &mut Connection, archive: Value) -> Result<ImportSummary> {
    let tables = header(conn, &archive)?;
    let empty: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM mentees) + (SELECT count(*) FROM leader_types WHERE built_in = 0)
              + (SELECT count(*) FROM goal_templates WHERE built_in = 0)",
        [],
        |r| r.get(0),
    )?;
    if empty > 0 {
        return Err(Error::conflict(
            None,
            "Import goes into an empty data file, so nothing of yours is mixed or overwritten. Start Waymark on a new file (--db PATH), then import.",
        ));
    }

    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute("DELETE FROM settings", [])?;
    let mut problems = Vec::new();
    let mut checks = Checks::new(tables);
    for table in &TABLES {
        let path = format!("tables.{}", table.name);
        let Some(rows) = tables.get(table.name) else {
            problems.push(format!("{path}: missing"));
            continue;
        };
        let Some(rows) = rows.as_array() else {
            problems.push(format!("{path}: should be a list of rows"));
            continue;
        };
        let columns = columns(&tx, table.name)?;
        let parents = references(&tx, table.name)?;
        for (index, row) in rows.iter().enumerate() {
            let at = format!("{path}[{index}]");
            if let Some(problem) = insert_row(&tx, table, &columns, row, &at)? {
                // A row whose parent is in the file but was itself refused is not news.
                if problem.ends_with(MISSING_PARENT) && checks.parent_in_file(&parents, row) {
                    checks.dependents += 1;
                } else {
                    problems.push(problem);
                }
            }
        }
    }
    if checks.dependents > 0 && !problems.is_empty() {
        problems.push(format!(
            "{} more rows refer to the refused rows above",
            checks.dependents
        ));
    }
    for unknown in tables
        .keys()
        .filter(|k| !TABLES.iter().any(|t| t.name == k.as_str()))
    {
        problems.push(format!("tables.{unknown}: not part of a Waymark archive"));
    }
    problems.extend(cross_mentee_links(&tx, tables)?);
    if problems.is_empty() {
        // A row refused above would make its parent look incomplete here: not news.
        problems.extend(across_rows(&tx, tables)?);
    }
    if !problems.is_empty() {
        return Err(rejected(problems)); // dropping the transaction rolls everything back
    }
    let count = |sql: &str| tx.query_row(sql, [], |r| r.get::<_, i64>(0));
    let summary = ImportSummary {
        mentees: count("SELECT count(*) FROM mentees")?,
        plans: count("SELECT count(*) FROM plans WHERE deleted_at IS NULL")?,
        goals: count("SELECT count(*) FROM goals WHERE deleted_at IS NULL")?,
        milestones: count("SELECT count(*) FROM milestones WHERE deleted_at IS NULL")?,
        sessions: count("SELECT count(*) FROM sessions WHERE deleted_at IS NULL")?,
    };
    tx.commit()?;
    Ok(summary)
}

/// Checks what the archive says it is; returns its tables.
fn header<'a>(conn: &Connection, archive: &'a Value) -> Result<&'a Map<String, Value>> {
    let field = |name: &str| archive.get(name);
    if field("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(rejected(vec![
            "format: this is not a Waymark archive".to_owned(),
        ]));
    }
    match field("formatVersion").and_then(Value::as_i64) {
        Some(FORMAT_VERSION) => {}
        other => {
            return Err(rejected(vec![format!(
                "formatVersion: {} is not a version this Waymark reads (it reads {FORMAT_VERSION})",
                other.map_or("missing".to_owned(), |v| v.to_string())
            )]));
        }
    }
    let ours = migrations::schema_version(conn)?;
    match field("schemaVersion").and_then(Value::as_i64) {
        Some(v) if v == ours => {}
        Some(v) if v > ours => {
            return Err(rejected(vec![format!(
                "schemaVersion: the archive comes from a newer Waymark (schema {v}, this one has {ours}); update Waymark to import it"
            )]));
        }
        other => {
            return Err(rejected(vec![format!(
                "schemaVersion: {} does not match this Waymark's schema {ours}",
                other.map_or("missing".to_owned(), |v| v.to_string())
            )]));
        }
    }
    field("tables")
        .and_then(Value::as_object)
        .ok_or_else(|| rejected(vec!["tables: missing".to_owned()]))
}

struct Column {
    name: String,
    integer: bool,
    blob: bool,
    required: bool,
    pk: i64,
}

fn columns(conn: &Connection, table: &str) -> Result<Vec<Column>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{table}')"
    ))?;
    let columns = stmt
        .query_map([], |r| {
            let not_null: bool = r.get(2)?;
            let default: Option<String> = r.get(3)?;
            let pk: i64 = r.get(4)?;
            let kind: String = r.get(1)?;
            Ok(Column {
                name: r.get(0)?,
                integer: kind.eq_ignore_ascii_case("INTEGER"),
                blob: kind.eq_ignore_ascii_case("BLOB"),
                // An INTEGER PRIMARY KEY is assigned when left out; the archive always has it.
                required: (not_null && default.is_none()) || pk > 0,
                pk,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(columns)
}

fn primary_key(columns: &[Column]) -> String {
    let mut keys: Vec<&Column> = columns.iter().filter(|c| c.pk > 0).collect();
    keys.sort_by_key(|c| c.pk);
    let names: Vec<&str> = keys.iter().map(|c| c.name.as_str()).collect();
    if names.is_empty() {
        "rowid".to_owned()
    } else {
        names.join(", ")
    }
}

fn json_of(value: Sql) -> Value {
    match value {
        Sql::Null => Value::Null,
        Sql::Integer(i) => Value::from(i),
        Sql::Real(f) => Value::from(f),
        Sql::Text(t) => Value::from(t),
        // Keys and shared documents, as hexadecimal text.
        Sql::Blob(bytes) => {
            Value::from(bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
        }
    }
}

/// Checks one row's fields, then inserts it inside a savepoint so that a row SQLite
/// refuses is reported and the import goes on checking the rest.
/// Returns the row's problems, one per line, or none when it went in.
fn insert_row(
    tx: &Connection,
    table: &Table,
    columns: &[Column],
    row: &Value,
    path: &str,
) -> Result<Option<String>> {
    let Some(fields) = row.as_object() else {
        return Ok(Some(format!("{path}: should be an object of fields")));
    };
    let mut problems = Vec::new();
    let mut names = Vec::new();
    let mut values = Vec::new();
    for (name, value) in fields {
        let Some(column) = columns.iter().find(|c| &c.name == name) else {
            problems.push(format!("{path}.{name}: not a field of {}", table.name));
            continue;
        };
        match sql_of(column, value) {
            Ok(v) => {
                if let (Some(rule), Sql::Text(text)) = (table.rules, &v)
                    && let Err(e) = rule(name, text)
                {
                    problems.push(format!("{path}.{name}: {e}"));
                }
                names.push(name.as_str());
                values.push(v);
            }
            Err(problem) => problems.push(format!("{path}.{name}: {problem}")),
        }
    }
    if table.name == "settings"
        && let (Some(key), Some(value)) = (
            fields.get("key").and_then(Value::as_str),
            fields.get("value").and_then(Value::as_str),
        )
        && let Err(e) = settings::check_stored(key, value)
    {
        let field = if e.field() == Some("key") {
            "key"
        } else {
            "value"
        };
        problems.push(format!("{path}.{field}: {e}"));
    }
    if table.name == "plan_documents"
        && let Some(Sql::Blob(bytes)) = names.iter().position(|n| *n == "bytes").map(|i| &values[i])
        && let Err(e) =
            share::check_stored_document(fields.get("kind").and_then(Value::as_str), bytes)
    {
        problems.push(format!("{path}.bytes: {e}"));
    }
    for missing in columns
        .iter()
        .filter(|c| c.required && !fields.contains_key(&c.name))
    {
        problems.push(format!("{path}.{}: missing", missing.name));
    }
    if matches!(table.name, "leader_types" | "goal_templates")
        && fields.get("built_in").and_then(Value::as_i64) != Some(0)
    {
        problems.push(format!(
            "{path}.built_in: only your own entries can be imported (built_in must be 0)"
        ));
    }
    if !problems.is_empty() {
        return Ok(Some(problems.join("\n")));
    }
    let placeholders = vec!["?"; names.len()].join(", ");
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({placeholders})",
        table.name,
        names.join(", ")
    );
    // Every statement a row runs is kept prepared: a table's rows share one insert, and
    // parsing the SQL anew for each row took most of an import's time.
    tx.prepare_cached("SAVEPOINT row")?.execute([])?;
    match tx
        .prepare_cached(&sql)
        .and_then(|mut insert| insert.execute(rusqlite::params_from_iter(values)))
    {
        Ok(_) => {
            tx.prepare_cached("RELEASE row")?.execute([])?;
            Ok(None)
        }
        Err(e) => {
            tx.execute_batch("ROLLBACK TO row; RELEASE row")?;
            Ok(Some(format!("{path}: {}", plain(&e))))
        }
    }
}

const MISSING_PARENT: &str = "refers to something that is neither in the file nor built in";

/// `(column, parent table, parent column)` for each reference a table makes.
fn references(conn: &Connection, table: &str) -> Result<Vec<(String, String, String)>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list('{table}')"
    ))?;
    let refs = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get::<_, Option<String>>(2)?
                    .unwrap_or_else(|| "id".to_owned()),
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(refs)
}

/// What the whole file holds, to tell a row with a missing parent from one whose parent
/// was refused.
struct Checks<'a> {
    tables: &'a Map<String, Value>,
    keys: HashMap<(String, String), HashSet<String>>,
    dependents: usize,
}

impl<'a> Checks<'a> {
    fn new(tables: &'a Map<String, Value>) -> Self {
        Self {
            tables,
            keys: HashMap::new(),
            dependents: 0,
        }
    }

    fn parent_in_file(&mut self, parents: &[(String, String, String)], row: &Value) -> bool {
        parents.iter().any(|(from, table, to)| {
            let Some(value) = row.get(from).filter(|v| !v.is_null()) else {
                return false;
            };
            let tables = self.tables;
            self.keys
                .entry((table.clone(), to.clone()))
                .or_insert_with(|| {
                    let rows = tables
                        .get(table)
                        .and_then(Value::as_array)
                        .map(Vec::as_slice)
                        .unwrap_or_default();
                    rows.iter()
                        .filter_map(|r| r.get(to))
                        .map(Value::to_string)
                        .collect()
                })
                .contains(&value.to_string())
        })
    }
}

fn sql_of(column: &Column, value: &Value) -> std::result::Result<Sql, String> {
    match value {
        Value::Null if column.required => Err("cannot be empty (null)".to_owned()),
        Value::Null => Ok(Sql::Null),
        Value::Number(n) if column.integer => n
            .as_i64()
            .map(Sql::Integer)
            .ok_or_else(|| format!("{n} is not a whole number")),
        Value::String(s) if column.blob => from_hex(s)
            .map(Sql::Blob)
            .ok_or_else(|| "should be bytes written as hexadecimal text".to_owned()),
        Value::String(s) if !column.integer => match validate::forbidden_control(s) {
            Some(c) => Err(format!(
                "contains an invisible control character (U+{:04X})",
                c as u32
            )),
            None => Ok(Sql::Text(s.clone())),
        },
        other if column.integer => Err(format!("should be a whole number, not {}", kind(other))),
        other => Err(format!("should be text, not {}", kind(other))),
    }
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// SQLite's refusal of a row, in words a person can act on.
fn plain(e: &rusqlite::Error) -> String {
    let text = e.to_string();
    if text.contains("FOREIGN KEY") {
        "refers to something that is neither in the file nor built in".to_owned()
    } else if let Some(rule) = text.strip_prefix("CHECK constraint failed: ") {
        format!("breaks the rule {rule} (a date, a length or an allowed value)")
    } else if let Some(what) = text.strip_prefix("UNIQUE constraint failed: ") {
        format!("repeats a row that is already there ({what})")
    } else if text.contains("UNIQUE constraint failed") {
        "repeats a row that is already there".to_owned()
    } else {
        text
    }
}

/// Rules the commands apply across rows, which neither one row nor the schema can state:
/// the table, a query for the ids of its rows that break the rule, and what is wrong.
fn across_rows(tx: &Connection, tables: &Map<String, Value>) -> Result<Vec<String>> {
    let complete = |table: &str, key: &str, competencies: &str, spectrums: &str| {
        format!(
            "SELECT t.id FROM {table} t
              WHERE (SELECT count(*) FROM {competencies} WHERE {key} = t.id)
                    <> (SELECT count(*) FROM competencies)
                 OR (SELECT count(*) FROM {spectrums} WHERE {key} = t.id)
                    <> (SELECT count(*) FROM spectrums)"
        )
    };
    let whole = "does not give every competency and every spectrum exactly one value";
    let rules = [
        (
            "leader_types",
            complete(
                "leader_types",
                "leader_type_id",
                "leader_type_competency_targets",
                "leader_type_spectrum_targets",
            ) + " AND t.built_in = 0",
            whole.to_owned(),
        ),
        (
            "assessments",
            complete(
                "assessments",
                "assessment_id",
                "assessment_ratings",
                "assessment_spectrums",
            ),
            whole.to_owned(),
        ),
        (
            "plans",
            complete(
                "plans",
                "plan_id",
                "plan_competency_targets",
                "plan_spectrum_targets",
            ),
            whole.to_owned(),
        ),
        (
            "goals",
            "SELECT id FROM goals g
              WHERE NOT EXISTS (SELECT 1 FROM goal_competencies WHERE goal_id = g.id)"
                .to_owned(),
            goals::NO_COMPETENCY.to_owned(),
        ),
        (
            "milestones",
            format!(
                "SELECT milestone_id FROM milestone_links GROUP BY milestone_id
                  HAVING count(*) > {}",
                milestones::LINKS_MAX
            ),
            format!(
                "has more than {} links, the most a milestone holds",
                milestones::LINKS_MAX
            ),
        ),
    ];
    let mut problems = Vec::new();
    for (table, sql, problem) in rules {
        let ids: Vec<i64> = tx
            .prepare(&sql)?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if ids.is_empty() {
            continue;
        }
        let index = row_index(tables, table, &["id"]);
        for id in ids {
            let at = index
                .get(&vec![id])
                .map_or_else(String::new, |i| format!("[{i}]"));
            problems.push(format!("tables.{table}{at}: {problem}"));
        }
    }
    Ok(problems)
}

/// Where each row of `table` sits in the file, by the values of `key`; built once, so
/// reporting many rows costs one pass over the table instead of one per row.
fn row_index(tables: &Map<String, Value>, table: &str, key: &[&str]) -> HashMap<Vec<i64>, usize> {
    let rows = tables
        .get(table)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut index = HashMap::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let values: Option<Vec<i64>> = key
            .iter()
            .map(|k| row.get(k).and_then(Value::as_i64))
            .collect();
        if let Some(values) = values {
            index.entry(values).or_insert(i);
        }
    }
    index
}

/// A 1:1 may only discuss goals of the same mentee's plans; the schema cannot say so.
fn cross_mentee_links(tx: &Connection, tables: &Map<String, Value>) -> Result<Vec<String>> {
    let mut stmt = tx.prepare(
        "SELECT sg.session_id, sg.goal_id FROM session_goals sg
           JOIN sessions s ON s.id = sg.session_id
           JOIN goals g ON g.id = sg.goal_id JOIN plans p ON p.id = g.plan_id
          WHERE p.mentee_id <> s.mentee_id",
    )?;
    let bad: Vec<(i64, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if bad.is_empty() {
        return Ok(Vec::new());
    }
    let index = row_index(tables, "session_goals", &["session_id", "goal_id"]);
    Ok(bad
        .into_iter()
        .map(|(session, goal)| {
            let at = index
                .get(&vec![session, goal])
                .map_or_else(String::new, |i| format!("[{i}]"));
            format!("tables.session_goals{at}: links a 1:1 to a goal of another mentee's plan")
        })
        .collect())
}

fn rejected(mut problems: Vec<String>) -> Error {
    let total = problems.len();
    if total > PROBLEMS_SHOWN {
        problems.truncate(PROBLEMS_SHOWN);
        problems.push(format!("… and {} more", total - PROBLEMS_SHOWN));
    }
    Error::ImportRejected(problems)
}
