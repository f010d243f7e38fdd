//! Every command the app's window can call has a row in the `commands_at_scale`
//! benchmark, so a new command cannot come without its time at 10,000 mentees. Only the
//! benchmark's list is read here; nothing is measured.

use std::collections::BTreeSet;

#[allow(dead_code)]
#[path = "../benches/commands_at_scale.rs"]
mod commands_at_scale;

type Outcome<T> = Result<T, Box<dyn std::error::Error>>;

/// The names in the app's `generate_handler!` list.
fn handled() -> Outcome<BTreeSet<String>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../src/commands.rs");
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let start = "generate_handler![";
    let from = text.find(start).ok_or("no generate_handler! list")? + start.len();
    let to = text[from..]
        .find(']')
        .ok_or("the handler list does not end")?;
    Ok(text[from..from + to]
        .split(',')
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .collect())
}

#[test]
fn every_command_has_a_row_in_the_benchmark() -> Outcome<()> {
    let handled = handled()?;
    assert!(handled.len() > 100, "the handler list was read");
    let listed: BTreeSet<String> = commands_at_scale::entries()
        .iter()
        .map(|entry| entry.command.to_owned())
        .collect();
    let missing: Vec<_> = handled.difference(&listed).collect();
    let unknown: Vec<_> = listed.difference(&handled).collect();
    assert!(
        missing.is_empty(),
        "commands without a row in benches/commands_at_scale.rs: {missing:?}"
    );
    assert!(
        unknown.is_empty(),
        "rows in benches/commands_at_scale.rs for no command of the app: {unknown:?}"
    );
    Ok(())
}
