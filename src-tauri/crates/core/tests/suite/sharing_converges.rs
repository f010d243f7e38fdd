//! Random concurrent edits on three copies of two shared plans, exchanged as files in random
//! orders, end in the same tables everywhere, and every merge leaves the tables' rules
//! holding: one active plan per mentee, done exactly when completed.

use proptest::prelude::*;
use rusqlite::Connection;
use waymark_core::milestones::{self, MilestoneInput, MilestoneStatus};
use waymark_core::plan::topics;
use waymark_core::plans::{self, PlanStatus};
use waymark_core::sync::share::{self, ShareRequest};
use waymark_core::{Result, db, goals};

use crate::common::plan_input;
use crate::sharing::{a_mentor, dump};

const MENTOR: usize = 0;
/// The mentee's data file, and a copy of it on their second machine.
const MENTEE: usize = 1;
const MENTEE_COPY: usize = 2;

#[derive(Debug, Clone)]
enum Op {
    Status(usize, usize, usize),
    Evidence(usize, usize, usize),
    Title(usize, usize, usize),
    Delete(usize, usize),
    Restore(usize, usize),
    AddMilestone(usize, usize),
    AddTopic(usize, usize),
    Activate(usize, usize),
    /// From one copy to another, one plan.
    Send(usize, usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    let who = 0..3usize;
    prop_oneof![
        (who.clone(), 0..8usize, 0..4usize).prop_map(|(c, m, s)| Op::Status(c, m, s)),
        (who.clone(), 0..8usize, 0..3usize).prop_map(|(c, m, t)| Op::Evidence(c, m, t)),
        (who.clone(), 0..8usize, 0..3usize).prop_map(|(c, m, t)| Op::Title(c, m, t)),
        (who.clone(), 0..8usize).prop_map(|(c, m)| Op::Delete(c, m)),
        (who.clone(), 0..8usize).prop_map(|(c, m)| Op::Restore(c, m)),
        (who.clone(), 0..2usize).prop_map(|(c, p)| Op::AddMilestone(c, p)),
        (who.clone(), 0..2usize).prop_map(|(c, p)| Op::AddTopic(c, p)),
        (who.clone(), 0..2usize).prop_map(|(c, p)| Op::Activate(c, p)),
        (who.clone(), 0..2usize, 0..2usize).prop_map(|(c, p, d)| Op::Send(c, p, d)),
    ]
}

struct Copies {
    conns: Vec<Connection>,
    /// Each copy's local id of each of the two plans.
    plans: Vec<[i64; 2]>,
}

const TEXTS: [&str; 3] = [
    "Shared with the team",
    "Presented at the guild",
    "Written up in the wiki",
];
const STATES: [MilestoneStatus; 4] = [
    MilestoneStatus::Planned,
    MilestoneStatus::InProgress,
    MilestoneStatus::Done,
    MilestoneStatus::Dropped,
];

impl Copies {
    fn new() -> Result<Self> {
        let mut m = a_mentor()?;
        let mentee_id: i64 = plans::get(&m.conn, m.plan_id)?.mentee_id;
        let second = plans::create(
            &mut m.conn,
            mentee_id,
            &plan_input("Toward staff engineer", PlanStatus::Draft),
        )?;
        let goal = goals::create(
            &mut m.conn,
            second.id,
            &crate::common::goal("Write the strategy", &["technical_vision"]),
        )?;
        milestones::create(
            &mut m.conn,
            goal.id,
            &MilestoneInput::planned("First draft", None),
        )?;
        let mut mentee = db::open_in_memory()?;
        let mut ids = [0; 2];
        for (i, plan) in [m.plan_id, second.id].into_iter().enumerate() {
            let bytes = share::share(&mut m.conn, &request(plan))?;
            ids[i] = share::merge(&mut mentee, &share::open_bytes(&bytes)?, &[], false)?.plan_id;
        }
        let mut copy = db::open_in_memory()?;
        rusqlite::backup::Backup::new(&mentee, &mut copy)?.run_to_completion(
            1000,
            std::time::Duration::ZERO,
            None,
        )?;
        Ok(Copies {
            conns: vec![m.conn, mentee, copy],
            plans: vec![[m.plan_id, second.id], ids, ids],
        })
    }

    /// The copy's `k`-th milestone of either plan, in an order every copy shares.
    fn milestone(&self, copy: usize, k: usize) -> Result<Option<i64>> {
        let mut statement = self.conns[copy]
            .prepare("SELECT id FROM milestones ORDER BY coalesce(uid, '~' || id)")?;
        let ids: Vec<i64> = statement
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids.get(k % ids.len().max(1)).copied())
    }

    /// Applies one edit or exchange; an edit the app would refuse (a deleted milestone
    /// cannot be edited) is left out, as it would be for a person.
    fn apply(&mut self, op: &Op) -> Result<()> {
        match *op {
            Op::Status(c, k, s) => {
                if let Some(id) = self.milestone(c, k)? {
                    let _ = milestones::set_status(&mut self.conns[c], id, STATES[s]);
                }
            }
            Op::Evidence(c, k, t) | Op::Title(c, k, t) => {
                let Some(id) = self.milestone(c, k)? else {
                    return Ok(());
                };
                let Ok(m) = milestones::get(&self.conns[c], id) else {
                    return Ok(());
                };
                let mut input = MilestoneInput {
                    title: m.title,
                    due_on: m.due_on,
                    status: m.status,
                    completed_on: m.completed_on,
                    evidence: m.evidence,
                    links: m.links,
                };
                match op {
                    Op::Evidence(..) => input.evidence = TEXTS[t].into(),
                    _ => input.title = format!("Milestone {t}"),
                }
                let _ = milestones::update(&mut self.conns[c], id, &input);
            }
            Op::Delete(c, k) => {
                if let Some(id) = self.milestone(c, k)? {
                    let _ = milestones::delete(&mut self.conns[c], id);
                }
            }
            Op::Restore(c, k) => {
                if let Some(id) = self.milestone(c, k)? {
                    let _ = milestones::restore(&mut self.conns[c], id);
                }
            }
            Op::AddMilestone(c, p) => {
                let plan = self.plans[c][p];
                let goal: i64 = self.conns[c].query_row(
                    "SELECT min(id) FROM goals WHERE plan_id = ?1",
                    [plan],
                    |r| r.get(0),
                )?;
                milestones::create(
                    &mut self.conns[c],
                    goal,
                    &MilestoneInput::planned("Added apart", None),
                )?;
            }
            Op::AddTopic(c, p) => {
                topics::add(&mut self.conns[c], self.plans[c][p], "What next?")?;
            }
            Op::Activate(c, p) => {
                let other = self.plans[c][1 - p];
                let conn = &mut self.conns[c];
                if plans::get(conn, other)?.status == PlanStatus::Active {
                    plans::set_status(conn, other, PlanStatus::Draft)?;
                }
                plans::set_status(conn, self.plans[c][p], PlanStatus::Active)?;
            }
            Op::Send(c, p, d) => {
                // Files go between the mentor and either of the mentee's copies.
                let (from, to) = match (c, d) {
                    (MENTOR, 0) => (MENTOR, MENTEE),
                    (MENTOR, _) => (MENTOR, MENTEE_COPY),
                    (other, _) => (other, MENTOR),
                };
                self.send(from, to, p)?;
            }
        }
        Ok(())
    }

    fn send(&mut self, from: usize, to: usize, p: usize) -> Result<()> {
        let bytes = share::share(&mut self.conns[from], &request(self.plans[from][p]))?;
        let incoming = share::open_bytes(&bytes)?;
        share::merge(&mut self.conns[to], &incoming, &[], false)?;
        rules_hold(&self.conns[to])
    }
}

fn request(plan_id: i64) -> ShareRequest {
    ShareRequest {
        plan_id,
        from_name: None,
        mentee_edits_plan: true,
        passphrase: None,
        include_assessments: false,
    }
}

fn rules_hold(conn: &Connection) -> Result<()> {
    let active: i64 = conn.query_row(
        "SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM plans
              WHERE status = 'active' AND deleted_at IS NULL GROUP BY mentee_id)",
        [],
        |r| r.get(0),
    )?;
    assert!(active <= 1, "{active} active plans for one mentee");
    let mismatched: i64 = conn.query_row(
        "SELECT count(*) FROM milestones WHERE (status = 'done') <> (completed_on IS NOT NULL)",
        [],
        |r| r.get(0),
    )?;
    assert_eq!(mismatched, 0);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn three_copies_edited_apart_end_with_the_same_tables(ops in prop::collection::vec(op(), 1..40)) {
        let mut copies = Copies::new().unwrap();
        for op in &ops {
            copies.apply(op).unwrap();
        }
        for p in 0..2 {
            copies.send(MENTEE, MENTOR, p).unwrap();
            copies.send(MENTEE_COPY, MENTOR, p).unwrap();
        }
        for p in 0..2 {
            copies.send(MENTOR, MENTEE, p).unwrap();
            copies.send(MENTOR, MENTEE_COPY, p).unwrap();
        }
        let mentor = dump(&copies.conns[MENTOR]).unwrap();
        prop_assert_eq!(&dump(&copies.conns[MENTEE]).unwrap(), &mentor);
        prop_assert_eq!(&dump(&copies.conns[MENTEE_COPY]).unwrap(), &mentor);
    }
}
