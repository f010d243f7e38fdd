//! The command line as a script would use it: output, files and exit codes.

use std::process::Command;

fn waymark() -> Command {
    Command::new(env!("CARGO_BIN_EXE_waymark"))
}

/// Runs `command`; its output when it exits 0, otherwise an error carrying its stderr.
fn succeeds(command: &mut Command) -> std::io::Result<std::process::Output> {
    let out = command.output()?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        return Err(std::io::Error::other(format!("{}: {stderr}", out.status)));
    }
    Ok(out)
}

/// A temporary folder holding `demo.sqlite3`, written by `waymark demo`.
fn demo_database() -> std::io::Result<(tempfile::TempDir, std::path::PathBuf)> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("demo.sqlite3");
    let status = waymark().args(["demo", "--out"]).arg(&db).status()?;
    if !status.success() {
        return Err(std::io::Error::other(format!(
            "waymark demo failed: {status}"
        )));
    }
    Ok((dir, db))
}

#[test]
fn demo_writes_a_database_that_info_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    let out = waymark().args(["demo", "--out"]).arg(&db).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("7 mentees"));

    let out = waymark().args(["info", "--db"]).arg(&db).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("7 mentees") && text.contains("schema version"),
        "{text}"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "only the database remains: {leftovers:?}"
    );
}

#[test]
fn an_existing_file_is_kept_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mine.sqlite3");
    std::fs::write(&db, b"precious").unwrap();
    let out = waymark().args(["demo", "--db"]).arg(&db).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(std::fs::read(&db).unwrap(), b"precious");

    let out = waymark()
        .args(["demo", "--force", "--out"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_ne!(std::fs::read(&db).unwrap(), b"precious");
}

#[test]
fn errors_are_plain_and_exit_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let out = waymark()
        .args(["info", "--db"])
        .arg(dir.path().join("missing.sqlite3"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("waymark: Database file not found"));

    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(&junk, vec![b'x'; 4096]).unwrap();
    let out = waymark()
        .args(["info", "--db"])
        .arg(&junk)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[db_unreadable]"));

    let out = waymark().args(["frobnicate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "usage errors exit 2");
}

#[test]
fn exports_write_csv_and_ics_for_one_plan_or_all_active_ones() {
    let (dir, db) = demo_database().unwrap();

    let csv = dir.path().join("all.csv");
    succeeds(
        waymark()
            .args(["export", "csv", "--all-active", "--db"])
            .arg(&db)
            .arg("--out")
            .arg(&csv),
    )
    .unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("Mentee,Plan,Goal") && text.contains("Amara Okonkwo"));

    let ics = dir.path().join("plan.ics");
    succeeds(
        waymark()
            .args(["export", "ics", "--plan", "1", "--db"])
            .arg(&db)
            .arg("--out")
            .arg(&ics),
    )
    .unwrap();
    let text = std::fs::read_to_string(&ics).unwrap();
    // Every dated milestone, and Amara's fortnightly 1:1s as one repeating event.
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 61);
    assert!(text.contains("SUMMARY:1:1 with Amara Okonkwo"), "{text}");

    let out = waymark()
        .args(["export", "csv", "--plan", "999", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(dir.path().join("x.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Plan not found"));
    assert!(
        !dir.path().join("x.csv").exists(),
        "a failed export writes nothing"
    );

    let out = waymark()
        .args(["export", "csv", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a scope is required");
}

#[test]
fn pdf_exports_write_one_plan_every_active_plan_or_the_overview() {
    let (dir, db) = demo_database().unwrap();

    let one = dir.path().join("plan.pdf");
    succeeds(
        waymark()
            .args(["export", "pdf", "--plan", "1", "--locale", "en-GB", "--db"])
            .arg(&db)
            .arg("--out")
            .arg(&one),
    )
    .unwrap();
    assert!(std::fs::read(&one).unwrap().starts_with(b"%PDF-"));

    let folder = dir.path().join("reports");
    let out = succeeds(
        waymark()
            .args(["export", "pdf", "--all-active", "--db"])
            .arg(&db)
            .arg("--out-dir")
            .arg(&folder),
    )
    .unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 5, "one file per active plan: {names:?}");
    assert!(
        names.contains(&"Amara Okonkwo - Toward Cloud Leader.pdf".to_owned()),
        "{names:?}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Wrote 5 plan reports"));

    let overview = dir.path().join("overview.pdf");
    succeeds(
        waymark()
            .args(["export", "pdf", "--overview", "--db"])
            .arg(&db)
            .arg("--out")
            .arg(&overview),
    )
    .unwrap();
    assert!(std::fs::read(&overview).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn pdf_exports_fail_plainly_and_write_nothing() {
    let (dir, db) = demo_database().unwrap();
    let missing = dir.path().join("missing.pdf");

    let unknown = waymark()
        .args(["export", "pdf", "--plan", "999", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("Plan not found [not_found]"));

    let no_out = waymark()
        .args(["export", "pdf", "--all-active", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(no_out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&no_out.stderr).contains("--out-dir"));

    let no_db = waymark()
        .args(["export", "pdf", "--overview", "--db"])
        .arg(dir.path().join("nope.sqlite3"))
        .arg("--out")
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(no_db.status.code(), Some(1));
    assert!(!missing.exists(), "a failed export writes nothing");
}

/// A plan's file that cannot be written (here a folder holds its name) fails the command
/// with that file named, and stops no other plan: those typeset beside it and those in the
/// next batch (over 16 plans) are written whole.
#[test]
fn a_plan_report_that_cannot_be_written_stops_no_other() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("many.sqlite3");
    succeeds(
        waymark()
            .args(["demo", "--mentees", "24", "--out"])
            .arg(&db),
    )
    .unwrap();
    let (active, first) = {
        let conn = waymark_core::db::open(&db).unwrap();
        let ids = waymark_core::plans::active_ids(&conn).unwrap();
        let first = waymark_report::plan_file_name(&conn, ids[0]).unwrap();
        (ids.len(), first)
    };
    assert!(active > 16, "two batches: {active} active plans");
    let folder = dir.path().join("reports");
    std::fs::create_dir_all(folder.join(&first)).unwrap();
    let out = waymark()
        .args(["export", "pdf", "--all-active", "--db"])
        .arg(&db)
        .arg("--out-dir")
        .arg(&folder)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("could not write") && stderr.contains(&first),
        "{stderr}"
    );
    let written: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    assert_eq!(written.len(), active - 1, "{written:?}");
    for pdf in written {
        assert!(
            std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"),
            "{pdf:?}"
        );
    }
}

#[test]
fn a_json_archive_moves_everything_to_a_new_database() {
    let (dir, db) = demo_database().unwrap();
    let json = dir.path().join("all.json");
    succeeds(
        waymark()
            .args(["export", "json", "--db"])
            .arg(&db)
            .arg("--out")
            .arg(&json),
    )
    .unwrap();

    let moved = dir.path().join("moved.sqlite3");
    let out = succeeds(
        waymark()
            .args(["import", "--db"])
            .arg(&moved)
            .arg("--from")
            .arg(&json),
    )
    .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Imported 7 mentees"));

    let again = dir.path().join("again.json");
    assert!(
        waymark()
            .args(["export", "json", "--db"])
            .arg(&moved)
            .arg("--out")
            .arg(&again)
            .status()
            .unwrap()
            .success()
    );
    assert_eq!(
        std::fs::read(&json).unwrap(),
        std::fs::read(&again).unwrap()
    );

    // Importing again into the now full database is refused, and says why.
    let out = waymark()
        .args(["import", "--db"])
        .arg(&moved)
        .arg("--from")
        .arg(&json)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty data file"));
}

#[test]
fn an_archive_over_the_size_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.json");
    // Sparse: its size is all there is to it.
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(waymark_core::archive::SIZE_LIMIT + 1)
        .unwrap();
    let out = waymark()
        .args(["import", "--db"])
        .arg(dir.path().join("new.sqlite3"))
        .arg("--from")
        .arg(&huge)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("an archive is at most"), "{stderr}");
    assert!(stderr.contains("[import_rejected]"), "{stderr}");
}

/// SQLite is built without URI file names: `file:…?mode=memory&vfs=…` is a file called that,
/// never a set of options a path could smuggle in.
#[test]
fn a_path_that_looks_like_a_uri_is_only_a_path() {
    let dir = tempfile::tempdir().unwrap();
    let name = "file:w.sqlite3?mode=memory";
    succeeds(
        waymark()
            .current_dir(dir.path())
            .args(["demo", "--out", name]),
    )
    .unwrap();
    assert!(
        dir.path().join(name).is_file(),
        "the data file is the literal name"
    );
    let out = succeeds(
        waymark()
            .current_dir(dir.path())
            .args(["info", "--db", name]),
    )
    .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("7 mentees"));
}

#[test]
fn share_and_merge_carry_a_plan_there_and_back() {
    let (dir, mentor) = demo_database().unwrap();
    let mentee = dir.path().join("mentee.sqlite3");
    let file = dir.path().join("amara.waymark");
    let text = |out: std::process::Output| String::from_utf8_lossy(&out.stdout).into_owned();

    // A first share needs the name the mentee will see.
    let out = waymark()
        .args(["share", "--plan", "1", "--db"])
        .arg(&mentor)
        .arg("--out")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).ends_with("[invalid_input]\n"));

    succeeds(
        waymark()
            .args([
                "share",
                "--plan",
                "1",
                "--from-name",
                "Maria Lindqvist",
                "--db",
            ])
            .arg(&mentor)
            .arg("--out")
            .arg(&file),
    )
    .unwrap();
    let merge = |db: &std::path::Path, dry_run: bool| {
        let mut command = waymark();
        command
            .arg("merge")
            .arg("--db")
            .arg(db)
            .arg("--from")
            .arg(&file);
        if dry_run {
            command.arg("--dry-run");
        }
        succeeds(&mut command).map(text)
    };
    let preview = merge(&mentee, true).unwrap();
    assert!(
        preview.starts_with("Maria Lindqvist shared a plan of 12 goals and 60 milestones."),
        "{preview}"
    );
    assert!(
        preview.contains("Dry run: nothing was changed."),
        "{preview}"
    );
    assert!(
        merge(&mentee, false)
            .unwrap()
            .contains("Merged “Toward Cloud Leader”")
    );
    assert!(
        merge(&mentee, false)
            .unwrap()
            .starts_with("Nothing has changed")
    );

    // Sent back unchanged, the mentor's copy has nothing new either.
    succeeds(
        waymark()
            .args(["share", "--plan", "1", "--db"])
            .arg(&mentee)
            .arg("--out")
            .arg(&file),
    )
    .unwrap();
    assert!(
        merge(&mentor, false)
            .unwrap()
            .starts_with("Nothing has changed")
    );
}

#[test]
fn a_sealed_file_needs_its_passphrase_from_the_environment() {
    let (dir, mentor) = demo_database().unwrap();
    let file = dir.path().join("sealed.waymark");
    succeeds(
        waymark()
            .args([
                "share",
                "--plan",
                "1",
                "--from-name",
                "Maria",
                "--protect",
                "--db",
            ])
            .arg(&mentor)
            .arg("--out")
            .arg(&file)
            .env("WAYMARK_PASSPHRASE", "a long passphrase"),
    )
    .unwrap();
    let mentee = dir.path().join("mentee.sqlite3");
    let merge = |passphrase: Option<&str>| {
        let mut command = waymark();
        command
            .arg("merge")
            .arg("--db")
            .arg(&mentee)
            .arg("--from")
            .arg(&file)
            .arg("--dry-run");
        command.env_remove("WAYMARK_PASSPHRASE");
        if let Some(p) = passphrase {
            command.env("WAYMARK_PASSPHRASE", p);
        }
        command.output().unwrap()
    };
    for (passphrase, code) in [
        (None, "[passphrase_needed]"),
        (Some("not the one at all"), "[wrong_passphrase]"),
    ] {
        let out = merge(passphrase);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            String::from_utf8_lossy(&out.stderr)
                .trim_end()
                .ends_with(code)
        );
    }
    assert!(merge(Some("a long passphrase")).status.success());
}
