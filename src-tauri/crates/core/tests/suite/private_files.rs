//! Files and folders Waymark writes are the person's alone, and nothing already standing at
//! a temporary name (a file, or a link planted to redirect the write) is followed or reused.

use crate::common;

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;

use common::file_names as names;

use waymark_core::demo::{self, DemoSize};
use waymark_core::{backups, db, files};

/// The permission bits of `path` itself (not of what a link points to); 0 when missing.
fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path).map_or(0, |m| m.permissions().mode() & 0o777)
}

#[test]
fn the_data_file_its_backups_and_their_folder_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.sqlite3");
    let conn = db::open(&path).unwrap();
    assert_eq!(mode(&path), 0o600, "data file");
    let backup = backups::back_up_now(&conn, &path).unwrap();
    assert_eq!(mode(&backups::folder(&path)), 0o700, "backups folder");
    assert_eq!(mode(Path::new(&backup.path)), 0o600, "backup");
    let nested = dir.path().join("a").join("b");
    files::create_private_dir(&nested).unwrap();
    assert_eq!(mode(&dir.path().join("a")), 0o700);
    assert_eq!(mode(&nested), 0o700);
}

#[test]
fn an_export_is_private_unless_it_replaces_a_file_whose_mode_the_person_chose() {
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("plan.csv");
    files::write_atomic(&new, b"a,b\n").unwrap();
    assert_eq!(mode(&new), 0o600, "a new file");

    let private = dir.path().join("private.csv");
    std::fs::write(&private, b"old").unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    files::write_atomic(&private, b"new").unwrap();
    assert_eq!(mode(&private), 0o600, "a private file stays private");

    let shared = dir.path().join("shared.csv");
    std::fs::write(&shared, b"old").unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o644)).unwrap();
    files::write_atomic(&shared, b"new").unwrap();
    assert_eq!(mode(&shared), 0o644, "a shared file stays shared");
    assert_eq!(std::fs::read(&shared).unwrap(), b"new");
    assert_eq!(names(dir.path()), ["plan.csv", "private.csv", "shared.csv"]);
}

#[test]
fn a_link_planted_at_a_temporary_name_is_never_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, b"precious").unwrap();
    // The name a writer using its process id would pick, and a link at the export itself.
    let target = dir.path().join("out.csv");
    symlink(
        &victim,
        dir.path()
            .join(format!(".out.csv.{}.partial", std::process::id())),
    )
    .unwrap();
    files::write_atomic(&target, b"exported").unwrap();
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    assert_eq!(std::fs::read(&target).unwrap(), b"exported");

    let linked = dir.path().join("linked.csv");
    symlink(&victim, &linked).unwrap();
    files::write_atomic(&linked, b"exported").unwrap();
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    assert!(std::fs::symlink_metadata(&linked).unwrap().is_file());
    assert_eq!(mode(&linked), 0o600);
}

#[test]
fn the_demo_file_is_built_in_a_new_private_file_beside_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("demo.sqlite3");
    // Whatever stands at the name an earlier Waymark used for its staging file is left
    // alone, and a link there is not followed.
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, b"precious").unwrap();
    let planted = dir.path().join(".demo.sqlite3.demo-in-progress");
    symlink(&victim, &planted).unwrap();

    demo::write_file(&target, DemoSize::Showcase).unwrap();
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    assert!(std::fs::symlink_metadata(&planted).is_ok(), "left alone");
    assert_eq!(mode(&target), 0o600);
    assert_eq!(
        names(dir.path()),
        [
            ".demo.sqlite3.demo-in-progress",
            "demo.sqlite3",
            "victim.txt"
        ]
    );
    let conn = db::open(&target).unwrap();
    let people: i64 = conn
        .query_row("SELECT count(*) FROM mentees", [], |r| r.get(0))
        .unwrap();
    assert_eq!(people, 7);
}
