//! The plan balance check: each anti-pattern of the catalogue is a rule over the
//! competencies a plan's goals cover. A rule fires when the goals cover at least one of
//! its signal competencies and none of its missing ones. The rules live in the database
//! (`balance_rule_competencies`), not in code.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::plan::goals;
use crate::plan::templates::GoalTemplate;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub anti_pattern_key: String,
    pub name: String,
    pub warning: String,
    pub advice: String,
    pub signals: BTreeSet<String>,
    pub missing: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BalanceWarning {
    pub anti_pattern_key: String,
    /// The look-alike role the plan drifts toward.
    pub name: String,
    /// What the plan's goals do and fail to do, in plain words.
    pub warning: String,
    /// What to add.
    pub advice: String,
    /// The neglected competencies; goals on any of them clear the warning.
    pub missing_keys: Vec<String>,
}

/// All rules, in catalogue order of their anti-patterns.
pub fn rules(conn: &Connection) -> Result<Vec<Rule>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.key, a.name, a.warning, a.advice, r.competency_key, r.role
           FROM anti_patterns a JOIN balance_rule_competencies r ON r.anti_pattern_key = a.key
          ORDER BY a.position",
    )?;
    let mut rules: BTreeMap<String, Rule> = BTreeMap::new();
    let mut order = Vec::new();
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    for row in rows {
        let (key, name, warning, advice, competency, role) = row?;
        let rule = rules.entry(key.clone()).or_insert_with(|| {
            order.push(key.clone());
            Rule {
                anti_pattern_key: key,
                name,
                warning,
                advice,
                signals: BTreeSet::new(),
                missing: BTreeSet::new(),
            }
        });
        if role == "signal" {
            rule.signals.insert(competency);
        } else {
            rule.missing.insert(competency);
        }
    }
    Ok(order.into_iter().filter_map(|k| rules.remove(&k)).collect())
}

/// The warnings `covered` (the competencies a plan's goals link to) triggers.
pub fn evaluate(rules: &[Rule], covered: &BTreeSet<String>) -> Vec<BalanceWarning> {
    rules
        .iter()
        .filter(|r| !r.signals.is_disjoint(covered) && r.missing.is_disjoint(covered))
        .map(|r| BalanceWarning {
            anti_pattern_key: r.anti_pattern_key.clone(),
            name: r.name.clone(),
            warning: r.warning.clone(),
            advice: r.advice.clone(),
            missing_keys: r.missing.iter().cloned().collect(),
        })
        .collect()
}

/// The `limit` templates that leave the plan with the fewest warnings once added,
/// so that fixing one drift does not open another.
pub fn best_remedies(
    rules: &[Rule],
    covered: &BTreeSet<String>,
    candidates: Vec<GoalTemplate>,
    limit: usize,
) -> Vec<GoalTemplate> {
    let mut scored: Vec<(usize, GoalTemplate)> = candidates
        .into_iter()
        .map(|t| {
            let mut after = covered.clone();
            after.extend(t.competency_keys.iter().cloned());
            (evaluate(rules, &after).len(), t)
        })
        .collect();
    // Stable: among equally good templates the library's order stands.
    scored.sort_by_key(|(warnings, _)| *warnings);
    scored.into_iter().take(limit).map(|(_, t)| t).collect()
}

pub fn check_plan(conn: &Connection, plan_id: i64) -> Result<Vec<BalanceWarning>> {
    let covered = goals::covered_competencies(conn, plan_id)?;
    Ok(evaluate(&rules(conn)?, &covered))
}
