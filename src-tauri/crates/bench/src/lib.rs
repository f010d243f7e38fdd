//! What the side-by-side benchmarks share: the median, the repository's root, and writing
//! their section of BENCHMARKS.md between its markers so a run leaves the file current.

use std::path::{Path, PathBuf};

pub type Result<T, E = Box<dyn std::error::Error + Send + Sync>> = std::result::Result<T, E>;

/// The repository's root, where BENCHMARKS.md and `target/` are.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..")
}

pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Replaces what lies between `<!-- {name}:start -->` and `<!-- {name}:end -->` in
/// BENCHMARKS.md with `section` (which carries the markers itself).
pub fn write_section(name: &str, section: &str) -> Result<()> {
    let (start_mark, end_mark) = markers(name);
    let file = workspace_root().join("BENCHMARKS.md");
    let text = std::fs::read_to_string(&file)?;
    let (Some(start), Some(end)) = (text.find(&start_mark), text.find(&end_mark)) else {
        return Err(format!("BENCHMARKS.md has no {name} markers").into());
    };
    let updated = format!(
        "{}{section}{}",
        &text[..start],
        &text[end + end_mark.len()..]
    );
    waymark_core::files::write_atomic(&file, updated.as_bytes())?;
    Ok(())
}

/// The markers around a benchmark's section of BENCHMARKS.md.
pub fn markers(name: &str) -> (String, String) {
    (
        format!("<!-- {name}:start -->"),
        format!("<!-- {name}:end -->"),
    )
}
