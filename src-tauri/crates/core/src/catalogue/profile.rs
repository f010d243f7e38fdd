//! A [`Profile`] (a level per competency, a position per spectrum), and reading and
//! writing one for whichever owner keeps it: a leader type's defaults or a plan's targets.
//! It sits below the catalogue and plans, which both store one.

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;

/// Target level (1 to 5) for one competency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CompetencyTarget {
    pub competency_key: String,
    pub level: i64,
}

/// Target position (1 = low pole, 5 = high pole) on one spectrum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SpectrumTarget {
    pub spectrum_key: String,
    pub position: i64,
}

/// Where a leader type aims: a level per competency and a position per spectrum,
/// in catalogue order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub competencies: Vec<CompetencyTarget>,
    pub spectrums: Vec<SpectrumTarget>,
}

/// The pair of tables holding one kind of owner's profile.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ProfileTables {
    pub competencies: &'static str,
    pub spectrums: &'static str,
    pub owner: &'static str,
}

pub(crate) const LEADER_TYPE: ProfileTables = ProfileTables {
    competencies: "leader_type_competency_targets",
    spectrums: "leader_type_spectrum_targets",
    owner: "leader_type_id",
};

pub(crate) const PLAN: ProfileTables = ProfileTables {
    competencies: "plan_competency_targets",
    spectrums: "plan_spectrum_targets",
    owner: "plan_id",
};

/// The owner's profile in catalogue order.
pub(crate) fn read(conn: &Connection, tables: ProfileTables, owner_id: i64) -> Result<Profile> {
    let ProfileTables {
        competencies,
        spectrums,
        owner,
    } = tables;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT t.competency_key, t.level FROM {competencies} t
           JOIN competencies c ON c.key = t.competency_key
          WHERE t.{owner} = ?1 ORDER BY c.position"
    ))?;
    let competencies = stmt
        .query_map([owner_id], |r| {
            Ok(CompetencyTarget {
                competency_key: r.get(0)?,
                level: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT t.spectrum_key, t.position FROM {spectrums} t
           JOIN spectrums s ON s.key = t.spectrum_key
          WHERE t.{owner} = ?1 ORDER BY s.position"
    ))?;
    let spectrums = stmt
        .query_map([owner_id], |r| {
            Ok(SpectrumTarget {
                spectrum_key: r.get(0)?,
                position: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Profile {
        competencies,
        spectrums,
    })
}

/// Replaces the owner's profile with `profile` (already validated).
pub(crate) fn write(
    conn: &Connection,
    tables: ProfileTables,
    owner_id: i64,
    profile: &Profile,
) -> Result<()> {
    let ProfileTables {
        competencies,
        spectrums,
        owner,
    } = tables;
    conn.execute(
        &format!("DELETE FROM {competencies} WHERE {owner} = ?1"),
        [owner_id],
    )?;
    conn.execute(
        &format!("DELETE FROM {spectrums} WHERE {owner} = ?1"),
        [owner_id],
    )?;
    let mut insert = conn.prepare_cached(&format!(
        "INSERT INTO {competencies} ({owner}, competency_key, level) VALUES (?1, ?2, ?3)"
    ))?;
    for t in &profile.competencies {
        insert.execute(params![owner_id, t.competency_key, t.level])?;
    }
    let mut insert = conn.prepare_cached(&format!(
        "INSERT INTO {spectrums} ({owner}, spectrum_key, position) VALUES (?1, ?2, ?3)"
    ))?;
    for t in &profile.spectrums {
        insert.execute(params![owner_id, t.spectrum_key, t.position])?;
    }
    Ok(())
}
