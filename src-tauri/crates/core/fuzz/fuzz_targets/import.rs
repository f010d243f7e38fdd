//! Archive import on arbitrary bytes: it must never panic, and a refused file must leave
//! the database exactly as empty as it was.

#![no_main]

use std::cell::RefCell;

use libfuzzer_sys::fuzz_target;
use waymark_core::archive;
use waymark_core::db::{self, Connection};

thread_local! {
    // Migrating a fresh database per input would dominate the run; one is reused while
    // imports are refused, and replaced after one succeeds.
    static DB: RefCell<Option<Connection>> = const { RefCell::new(None) };
}

fn mentees(conn: &Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM mentees", [], |r| r.get(0))
        .unwrap_or(-1)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    DB.with(|cell| {
        let mut slot = cell.borrow_mut();
        let conn =
            slot.get_or_insert_with(|| db::open_in_memory().expect("an in-memory database opens"));
        match archive::import(conn, text) {
            Ok(_) => *slot = None,
            Err(_) => assert_eq!(mentees(conn), 0, "a refused import wrote rows"),
        }
    });
});
