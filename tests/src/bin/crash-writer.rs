//! A writer for the crash-safety harness: adds mentees (with an assessment each) through
//! the core, one transaction per action like the app, and prints each id once committed.

use std::io::Write;
use std::path::PathBuf;

use waymark_core::assessments::{self, AssessmentInput, Assessor, Rating, SpectrumPosition};
use waymark_core::catalogue::{COMPETENCY_KEYS, SPECTRUM_KEYS};
use waymark_core::db;
use waymark_core::mentees::{self, MenteeInput};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path: PathBuf = std::env::args_os()
        .nth(1)
        .ok_or("usage: crash-writer DB")?
        .into();
    let mut conn = db::open(&path)?;
    let stdout = std::io::stdout();
    for n in 0.. {
        let mentee = mentees::create(
            &mut conn,
            &MenteeInput {
                name: format!("Writer {n} – Zoë 李"),
                notes: "n".repeat(n % 4000),
                ..Default::default()
            },
        )?;
        assessments::create(
            &mut conn,
            mentee.id,
            &AssessmentInput {
                assessed_on: "2026-01-01".into(),
                assessor: Assessor::Mentor,
                notes: String::new(),
                ratings: COMPETENCY_KEYS
                    .iter()
                    .map(|k| Rating {
                        competency_key: (*k).into(),
                        level: 1 + (n as i64 % 5),
                        comment: String::new(),
                    })
                    .collect(),
                spectrums: SPECTRUM_KEYS
                    .iter()
                    .map(|k| SpectrumPosition {
                        spectrum_key: (*k).into(),
                        position: 3,
                    })
                    .collect(),
            },
        )?;
        // Only now is the mentee's assessment committed; say so.
        let mut out = stdout.lock();
        writeln!(out, "{}", mentee.id)?;
        out.flush()?;
    }
    Ok(())
}
