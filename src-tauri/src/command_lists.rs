//! A command's name is written in five places: its function and the handler list in
//! `commands.rs`, `COMMANDS` in `build.rs` (which makes its permission), the window's
//! grant in `capabilities/main.json`, and its wrapper in `ui/src/lib/api.ts`. One left out
//! fails only at run time, as a missing command or a refused call; this test fails first.

use std::collections::BTreeSet;

type Names = BTreeSet<String>;
type Outcome<T> = Result<T, Box<dyn std::error::Error>>;

fn read(relative: &str) -> Outcome<String> {
    let path = format!("{}/{relative}", env!("CARGO_MANIFEST_DIR"));
    Ok(std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?)
}

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Outcome<&'a str> {
    let from = text.find(start).ok_or(format!("no {start:?}"))? + start.len();
    let to = text[from..]
        .find(end)
        .ok_or(format!("no {end:?} after {start:?}"))?;
    Ok(&text[from..from + to])
}

/// The words of a comma-separated list, quotes and blank entries dropped.
fn listed(list: &str) -> Names {
    list.split(',')
        .map(|item| item.trim().trim_matches('"').to_owned())
        .filter(|item| !item.is_empty())
        .collect()
}

/// Every name that follows `pattern` in `text`.
fn after_each(text: &str, pattern: &str) -> Names {
    text.split(pattern)
        .skip(1)
        .map(|after| {
            after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
                .collect()
        })
        .collect()
}

#[test]
fn every_command_is_in_all_five_places() -> Outcome<()> {
    let commands_rs = read("src/commands.rs")?;
    let handled = listed(between(&commands_rs, "generate_handler![", "]")?);
    // `#[tauri::command]` or `#[tauri::command(async)]`, then `fn name` or `async fn name`.
    let defined = after_each(
        &commands_rs
            .replace("(async)]", "]")
            .replace("]\nasync fn ", "]\nfn "),
        "#[tauri::command]\nfn ",
    );
    let built = listed(between(
        &read("build.rs")?,
        "const COMMANDS: &[&str] = &[",
        "];",
    )?);
    let granted: Names = after_each(&read("capabilities/main.json")?, "\"allow-")
        .into_iter()
        .map(|name| name.replace('-', "_"))
        .collect();
    // `call<Type>("name", …)`: every quoted name right after a type's closing bracket.
    let wrapped = after_each(&read("../ui/src/lib/api.ts")?, ">(\"");
    assert!(
        !handled.is_empty() && wrapped.len() > 10,
        "the lists were found"
    );
    for (place, names) in [
        ("a #[tauri::command] fn in commands.rs", &defined),
        ("COMMANDS in build.rs", &built),
        ("allow-… in capabilities/main.json", &granted),
        ("a call in ui/src/lib/api.ts", &wrapped),
    ] {
        let missing: Vec<_> = handled.difference(names).collect();
        let extra: Vec<_> = names.difference(&handled).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{place}: missing {missing:?}, not in the handler list {extra:?}"
        );
    }
    Ok(())
}
