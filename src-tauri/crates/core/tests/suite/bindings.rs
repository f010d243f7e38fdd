//! The TypeScript types the UI compiles against must match the Rust ones.
//! Run `make bindings` (UPDATE_BINDINGS=1) to regenerate them.

use std::path::PathBuf;

use waymark_core::bindings;

#[test]
fn committed_typescript_bindings_are_current() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../..")
        .join(bindings::DIR);
    let update = std::env::var_os("UPDATE_BINDINGS").is_some();
    let mut stale = Vec::new();
    for (file, contents) in bindings::typescript().unwrap() {
        let path = dir.join(&file);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &contents).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(contents.as_str()) {
            stale.push(file);
        }
    }
    assert!(
        stale.is_empty(),
        "stale TypeScript bindings: {stale:?}; run `make bindings` and commit the result"
    );
}
