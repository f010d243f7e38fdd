//! Waymark's PDF reports: a plan report for one mentee and a one-page overview across all
//! of them, typeset in-process by Typst. The content is gathered from the core
//! ([`content`]), handed to the embedded templates as JSON data, and compiled in a
//! sandbox with no file system or network ([`world`]).

pub mod content;
mod fonts;
pub mod locale;
mod notes;
mod world;

use chrono::NaiveDate;
use serde::Serialize;
use typst::foundations::Smart;
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;
use waymark_core::db::Connection;
use waymark_core::{Error, Result, mentees, plans};

use crate::locale::DateStyle;
use crate::world::ReportWorld;

/// How a report is printed: the reader's locale for dates, and the day it is printed.
#[derive(Debug, Clone)]
pub struct PrintOptions {
    pub locale: String,
    pub today: NaiveDate,
}

/// The plan report for `plan_id`, as PDF bytes.
pub fn plan_pdf(conn: &Connection, plan_id: i64, options: &PrintOptions) -> Result<Vec<u8>> {
    render_plan(&plan_content(conn, plan_id, options)?, options.today)
}

/// What the plan report says, read from the data file. Gathering is quick; typesetting
/// ([`render_plan`]) is the slow part and needs no connection, so the app holds its data
/// file only for this step.
pub fn plan_content(
    conn: &Connection,
    plan_id: i64,
    options: &PrintOptions,
) -> Result<content::PlanReport> {
    let style = DateStyle::for_locale(&options.locale);
    content::plan_report(conn, plan_id, &style, options.today)
}

/// Typesets plan content already gathered.
pub fn render_plan(report: &content::PlanReport, today: NaiveDate) -> Result<Vec<u8>> {
    render("/plan.typ", report, today)
}

/// Typesets plans side by side, one a core, each as soon as its content is gathered.
/// `plans` is drawn on this thread, so it may read from a connection while earlier plans
/// typeset; `done` gets each plan's tag and PDF on the thread that typeset it. Returns
/// once every plan drawn is typeset, with the first error drawing them (later plans are
/// then not drawn).
pub fn render_plans<T: Send>(
    plans: impl IntoIterator<Item = Result<(T, content::PlanReport)>>,
    today: NaiveDate,
    done: impl Fn(T, Result<Vec<u8>>) + Sync,
) -> Result<()> {
    let done = &done;
    rayon::in_place_scope(|scope| {
        for plan in plans {
            let (tag, report) = plan?;
            scope.spawn(move |_| done(tag, render_plan(&report, today)));
        }
        Ok(())
    })
}

/// The mentor overview across every mentee who is not archived, as PDF bytes.
pub fn overview_pdf(conn: &Connection, options: &PrintOptions) -> Result<Vec<u8>> {
    render_overview(&overview_content(conn, options)?, options.today)
}

/// What the overview says, read from the data file (see [`plan_content`]).
pub fn overview_content(conn: &Connection, options: &PrintOptions) -> Result<content::Overview> {
    let style = DateStyle::for_locale(&options.locale);
    content::overview(conn, &style, options.today)
}

/// Typesets overview content already gathered.
pub fn render_overview(overview: &content::Overview, today: NaiveDate) -> Result<Vec<u8>> {
    render("/overview.typ", overview, today)
}

/// A file name to suggest for a plan's report: the mentee and the plan, safe on every
/// file system.
pub fn plan_file_name(conn: &Connection, plan_id: i64) -> Result<String> {
    let plan = plans::get(conn, plan_id)?;
    let mentee = mentees::get(conn, plan.mentee_id)?;
    Ok(format!(
        "{} - {}.pdf",
        safe_file_stem(&mentee.name),
        safe_file_stem(&plan.title)
    ))
}

/// Letters, digits, spaces and a little punctuation survive; the rest becomes a space.
pub fn safe_file_stem(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || " -_.,()'".contains(c) {
                c
            } else {
                ' '
            }
        })
        .collect();
    // Words of dots alone (`..`) would read as path steps.
    let words: Vec<&str> = cleaned
        .split_whitespace()
        .filter(|w| w.chars().any(|c| c != '.'))
        .collect();
    let stem: String = words
        .join(" ")
        .trim_start_matches('.')
        .chars()
        .take(80)
        .collect();
    if stem.is_empty() {
        "Waymark".to_owned()
    } else {
        stem
    }
}

fn render(template: &str, content: &impl Serialize, today: NaiveDate) -> Result<Vec<u8>> {
    let json = serde_json::to_string(content).map_err(|e| Error::Render(e.to_string()))?;
    let fonts = fonts::for_text(&json);
    let world = ReportWorld::new(template, json.into_bytes(), fonts, today)?;
    let document = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| Error::Render(describe(&errors)))?;
    let options = PdfOptions {
        ident: Smart::Custom(template.to_owned()),
        ..PdfOptions::default()
    };
    let pdf =
        typst_pdf::pdf(&document, &options).map_err(|errors| Error::Render(describe(&errors)))?;
    // Typst memoises across compilations; keep what a next export reuses, drop the rest.
    typst::comemo::evict(10);
    Ok(pdf)
}

fn describe(errors: &[typst::diag::SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| e.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::safe_file_stem;

    #[test]
    fn file_names_are_safe_everywhere() {
        assert_eq!(safe_file_stem("Ana Pereira"), "Ana Pereira");
        assert_eq!(safe_file_stem("../../etc/passwd"), "etc passwd");
        assert_eq!(safe_file_stem("a:b*c?<d>|e\"f"), "a b c d e f");
        assert_eq!(safe_file_stem("王芳"), "王芳");
        assert_eq!(safe_file_stem("..."), "Waymark");
        assert_eq!(safe_file_stem(""), "Waymark");
    }
}
