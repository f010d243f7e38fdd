// The reference catalogue (this file), how a profile is stored, names of built-in ids.
//! The reference catalogue: competencies, spectrums, leader types with their default
//! profiles, role tracks and anti-patterns. All of it ships built in; people may add
//! leader types of their own.

pub mod built_in;
pub(crate) mod profile;

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::validate;
pub use profile::{CompetencyTarget, Profile, SpectrumTarget};

pub const LEVEL_RANGE: std::ops::RangeInclusive<i64> = 1..=5;

/// The built-in competencies' keys in catalogue order (migration 0002 ships them).
pub const COMPETENCY_KEYS: [&str; 9] = [
    "technical_expertise",
    "technical_vision",
    "team_management",
    "technical_communication",
    "technical_mentorship",
    "project_oversight",
    "problem_solving",
    "task_delegation",
    "performance_monitoring",
];

/// The built-in spectrums' keys in catalogue order.
pub const SPECTRUM_KEYS: [&str; 7] = [
    "scope_of_influence",
    "leadership_skill",
    "breadth_of_expertise",
    "involvement",
    "focus",
    "leadership_scope",
    "expertise_breadth",
];
const NAME_MAX: usize = 80;
const DESCRIPTION_MAX: usize = 600;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CompetencyCategory {
    KeyAspect,
    CoreResponsibility,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Competency {
    pub key: String,
    pub name: String,
    pub category: CompetencyCategory,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Spectrum {
    pub key: String,
    pub name: String,
    pub low_pole: String,
    pub high_pole: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LeaderFamily {
    pub key: String,
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LeaderType {
    pub id: i64,
    pub family_key: String,
    pub name: String,
    pub description: String,
    pub built_in: bool,
    pub profile: Profile,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RoleTrack {
    pub key: String,
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AntiPatternGroup {
    pub key: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AntiPattern {
    pub key: String,
    pub group_key: String,
    pub name: String,
    pub description: String,
}

/// A theme a goal can be tagged with (vision, roadmap, governance, …).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Theme {
    pub key: String,
    pub name: String,
}

/// Everything the catalogue screen and the forms need, in display order.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Catalogue {
    pub competencies: Vec<Competency>,
    pub spectrums: Vec<Spectrum>,
    pub families: Vec<LeaderFamily>,
    pub leader_types: Vec<LeaderType>,
    pub role_tracks: Vec<RoleTrack>,
    pub anti_pattern_groups: Vec<AntiPatternGroup>,
    pub anti_patterns: Vec<AntiPattern>,
    pub themes: Vec<Theme>,
}

/// What a person fills in to add or change a leader type of their own.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LeaderTypeInput {
    pub family_key: String,
    pub name: String,
    pub description: String,
    pub profile: Profile,
}

pub fn load(conn: &Connection) -> Result<Catalogue> {
    Ok(Catalogue {
        competencies: query(
            conn,
            "SELECT key, name, category, description FROM competencies ORDER BY position",
            |r| {
                let category: String = r.get(2)?;
                Ok(Competency {
                    key: r.get(0)?,
                    name: r.get(1)?,
                    category: if category == "key_aspect" {
                        CompetencyCategory::KeyAspect
                    } else {
                        CompetencyCategory::CoreResponsibility
                    },
                    description: r.get(3)?,
                })
            },
        )?,
        spectrums: query(
            conn,
            "SELECT key, name, low_pole, high_pole, description FROM spectrums ORDER BY position",
            |r| {
                Ok(Spectrum {
                    key: r.get(0)?,
                    name: r.get(1)?,
                    low_pole: r.get(2)?,
                    high_pole: r.get(3)?,
                    description: r.get(4)?,
                })
            },
        )?,
        families: query(
            conn,
            "SELECT key, name, description FROM leader_families ORDER BY position",
            |r| {
                Ok(LeaderFamily {
                    key: r.get(0)?,
                    name: r.get(1)?,
                    description: r.get(2)?,
                })
            },
        )?,
        leader_types: leader_types(conn)?,
        role_tracks: query(
            conn,
            "SELECT key, name, description FROM role_tracks ORDER BY position",
            |r| {
                Ok(RoleTrack {
                    key: r.get(0)?,
                    name: r.get(1)?,
                    description: r.get(2)?,
                })
            },
        )?,
        anti_pattern_groups: query(
            conn,
            "SELECT key, name FROM anti_pattern_groups ORDER BY position",
            |r| {
                Ok(AntiPatternGroup {
                    key: r.get(0)?,
                    name: r.get(1)?,
                })
            },
        )?,
        anti_patterns: query(
            conn,
            "SELECT key, group_key, name, description FROM anti_patterns ORDER BY position",
            |r| {
                Ok(AntiPattern {
                    key: r.get(0)?,
                    group_key: r.get(1)?,
                    name: r.get(2)?,
                    description: r.get(3)?,
                })
            },
        )?,
        themes: query(
            conn,
            "SELECT key, name FROM themes ORDER BY position",
            |r| {
                Ok(Theme {
                    key: r.get(0)?,
                    name: r.get(1)?,
                })
            },
        )?,
    })
}

fn query<T>(
    conn: &Connection,
    sql: &str,
    map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([], map)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// All leader types, built-in first in catalogue order, then people's own by name.
pub fn leader_types(conn: &Connection) -> Result<Vec<LeaderType>> {
    let mut profiles = profiles(conn)?;
    let types = query(
        conn,
        "SELECT t.id, t.family_key, t.name, t.description, t.built_in
           FROM leader_types t JOIN leader_families f ON f.key = t.family_key
          ORDER BY f.position, t.built_in DESC, t.id",
        |r| {
            Ok(LeaderType {
                id: r.get(0)?,
                family_key: r.get(1)?,
                name: r.get(2)?,
                description: r.get(3)?,
                built_in: r.get(4)?,
                profile: Profile::default(),
            })
        },
    )?;
    Ok(types
        .into_iter()
        .map(|mut t| {
            t.profile = profiles.remove(&t.id).unwrap_or_default();
            t
        })
        .collect())
}

fn profiles(conn: &Connection) -> Result<BTreeMap<i64, Profile>> {
    let mut out: BTreeMap<i64, Profile> = BTreeMap::new();
    let competencies = query(
        conn,
        "SELECT t.leader_type_id, t.competency_key, t.level
           FROM leader_type_competency_targets t JOIN competencies c ON c.key = t.competency_key
          ORDER BY t.leader_type_id, c.position",
        |r| Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?)),
    )?;
    for (id, competency_key, level) in competencies {
        out.entry(id)
            .or_default()
            .competencies
            .push(CompetencyTarget {
                competency_key,
                level,
            });
    }
    let spectrums = query(
        conn,
        "SELECT t.leader_type_id, t.spectrum_key, t.position
           FROM leader_type_spectrum_targets t JOIN spectrums s ON s.key = t.spectrum_key
          ORDER BY t.leader_type_id, s.position",
        |r| Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?)),
    )?;
    for (id, spectrum_key, position) in spectrums {
        out.entry(id).or_default().spectrums.push(SpectrumTarget {
            spectrum_key,
            position,
        });
    }
    Ok(out)
}

pub fn leader_type(conn: &Connection, id: i64) -> Result<LeaderType> {
    leader_types(conn)?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or(Error::NotFound {
            what: "Leader type",
        })
}

/// Fails with a field-specific error unless `id` names a stored leader type.
pub fn ensure_leader_type(conn: &Connection, field: &'static str, id: i64) -> Result<()> {
    let exists: Option<i64> = conn
        .query_row("SELECT 1 FROM leader_types WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    match exists {
        Some(_) => Ok(()),
        None => Err(Error::invalid(
            field,
            format!("There is no leader type with id {id}; pick one from the catalogue."),
        )),
    }
}

pub fn create_leader_type(conn: &mut Connection, input: &LeaderTypeInput) -> Result<LeaderType> {
    let tx = conn.transaction()?;
    let clean = validate_leader_type(&tx, input, None)?;
    tx.execute(
        "INSERT INTO leader_types (family_key, name, description, built_in) VALUES (?1, ?2, ?3, 0)",
        params![clean.family_key, clean.name, clean.description],
    )?;
    let id = tx.last_insert_rowid();
    profile::write(&tx, profile::LEADER_TYPE, id, &clean.profile)?;
    tx.commit()?;
    leader_type(conn, id)
}

pub fn update_leader_type(
    conn: &mut Connection,
    id: i64,
    input: &LeaderTypeInput,
) -> Result<LeaderType> {
    let tx = conn.transaction()?;
    ensure_custom(&tx, id, "changed")?;
    let clean = validate_leader_type(&tx, input, Some(id))?;
    tx.execute(
        "UPDATE leader_types SET family_key = ?2, name = ?3, description = ?4 WHERE id = ?1",
        params![id, clean.family_key, clean.name, clean.description],
    )?;
    profile::write(&tx, profile::LEADER_TYPE, id, &clean.profile)?;
    tx.commit()?;
    leader_type(conn, id)
}

pub fn delete_leader_type(conn: &mut Connection, id: i64) -> Result<()> {
    let tx = conn.transaction()?;
    ensure_custom(&tx, id, "deleted")?;
    let users: i64 = tx.query_row(
        "SELECT count(*) FROM mentees WHERE current_leader_type_id = ?1 OR target_leader_type_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    if users > 0 {
        let noun = if users == 1 {
            "mentee uses"
        } else {
            "mentees use"
        };
        return Err(Error::conflict(
            None,
            format!("{users} {noun} this leader type; choose another type for them first."),
        ));
    }
    tx.execute("DELETE FROM leader_types WHERE id = ?1", [id])?;
    tx.commit()?;
    Ok(())
}

fn ensure_custom(conn: &Connection, id: i64, verb: &str) -> Result<()> {
    let built_in: Option<bool> = conn
        .query_row(
            "SELECT built_in FROM leader_types WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    match built_in {
        None => Err(Error::NotFound {
            what: "Leader type",
        }),
        Some(true) => Err(Error::conflict(
            None,
            format!("Built-in leader types cannot be {verb}; add a type of your own instead."),
        )),
        Some(false) => Ok(()),
    }
}

fn validate_leader_type(
    conn: &Connection,
    input: &LeaderTypeInput,
    existing: Option<i64>,
) -> Result<LeaderTypeInput> {
    let name = type_name(&input.name)?;
    let description = type_description(&input.description)?;
    let family_known: Option<i64> = conn
        .query_row(
            "SELECT 1 FROM leader_families WHERE key = ?1",
            [&input.family_key],
            |r| r.get(0),
        )
        .optional()?;
    if family_known.is_none() {
        return Err(Error::invalid(
            "familyKey",
            format!("\"{}\" is not a leader-type family.", input.family_key),
        ));
    }
    let clash: Option<i64> = conn
        .query_row(
            "SELECT id FROM leader_types WHERE lower(name) = lower(?1) AND id IS NOT ?2",
            params![name, existing],
            |r| r.get(0),
        )
        .optional()?;
    if clash.is_some() {
        return Err(Error::conflict(
            Some("name"),
            format!("A leader type called \"{name}\" already exists."),
        ));
    }
    Ok(LeaderTypeInput {
        family_key: input.family_key.clone(),
        name,
        description,
        profile: validate_profile(conn, &input.profile)?,
    })
}

// One rule per stored field of a leader type, applied by the commands above and to rows
// an archive brings.

fn type_name(value: &str) -> Result<String> {
    validate::required_text("name", "Name", value, NAME_MAX)
}

fn type_description(value: &str) -> Result<String> {
    validate::optional_text("description", "Description", value, DESCRIPTION_MAX)
}

/// The rule the commands apply to a `leader_types` column, for a stored text value. The
/// family, the unique name and `built_in` are the schema's own rules.
pub(crate) fn check_stored_leader_type(column: &str, value: &str) -> Result<()> {
    match column {
        "name" => type_name(value).map(drop),
        "description" => type_description(value).map(drop),
        _ => Ok(()),
    }
}

/// A profile must give every competency and every spectrum exactly one value in range;
/// the result is in catalogue order.
pub fn validate_profile(conn: &Connection, profile: &Profile) -> Result<Profile> {
    let competency_keys = keys(conn, "SELECT key FROM competencies ORDER BY position")?;
    let spectrum_keys = keys(conn, "SELECT key FROM spectrums ORDER BY position")?;
    let levels = complete(
        "profile.competencies",
        "competency",
        &competency_keys,
        profile
            .competencies
            .iter()
            .map(|t| (t.competency_key.as_str(), t.level)),
    )?;
    let positions = complete(
        "profile.spectrums",
        "spectrum",
        &spectrum_keys,
        profile
            .spectrums
            .iter()
            .map(|t| (t.spectrum_key.as_str(), t.position)),
    )?;
    Ok(Profile {
        competencies: competency_keys
            .iter()
            .zip(levels)
            .map(|(k, level)| CompetencyTarget {
                competency_key: k.clone(),
                level,
            })
            .collect(),
        spectrums: spectrum_keys
            .iter()
            .zip(positions)
            .map(|(k, position)| SpectrumTarget {
                spectrum_key: k.clone(),
                position,
            })
            .collect(),
    })
}

pub(crate) fn keys(conn: &Connection, sql: &str) -> Result<Vec<String>> {
    query(conn, sql, |r| r.get(0))
}

/// Values for `known` keys, in their order, from `given` pairs that must cover each
/// key exactly once with a value in [`LEVEL_RANGE`].
pub(crate) fn complete<'a>(
    field: &'static str,
    noun: &str,
    known: &[String],
    given: impl Iterator<Item = (&'a str, i64)>,
) -> Result<Vec<i64>> {
    let mut values: BTreeMap<&str, i64> = BTreeMap::new();
    for (key, value) in given {
        if !known.iter().any(|k| k == key) {
            return Err(Error::invalid(
                field,
                format!("\"{key}\" is not a known {noun}."),
            ));
        }
        if !LEVEL_RANGE.contains(&value) {
            return Err(Error::invalid(
                field,
                format!("The value for {noun} \"{key}\" is {value}; it must be from 1 to 5."),
            ));
        }
        if values.insert(key, value).is_some() {
            return Err(Error::invalid(
                field,
                format!("The {noun} \"{key}\" is given twice."),
            ));
        }
    }
    known
        .iter()
        .map(|k| {
            values
                .get(k.as_str())
                .copied()
                .ok_or_else(|| Error::invalid(field, format!("The {noun} \"{k}\" has no value.")))
        })
        .collect()
}
