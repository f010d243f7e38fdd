use waymark_core::{Error, ErrorPayload};

#[test]
fn errors_cross_the_boundary_as_code_message_and_field() {
    let err = Error::invalid("name", "Name cannot be empty.");
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"code": "invalid_input", "message": "Name cannot be empty.", "field": "name"})
    );
    let not_found = serde_json::to_value(Error::NotFound { what: "Mentee" }).unwrap();
    assert_eq!(
        not_found,
        serde_json::json!({"code": "not_found", "message": "Mentee not found"})
    );
}

#[test]
fn codes_are_stable() {
    let all = [
        (Error::invalid("f", "m"), "invalid_input"),
        (Error::NotFound { what: "x" }, "not_found"),
        (Error::conflict(None, "m"), "conflict"),
        (
            Error::DbNewerThanApp {
                found: 9,
                supported: 2,
            },
            "db_newer_than_app",
        ),
        (Error::DbUnreadable("x".into()), "db_unreadable"),
        (Error::DbAltered("x".into()), "db_altered"),
        (
            Error::DbOlderThanApp {
                found: 3,
                supported: 7,
            },
            "db_older_than_app",
        ),
        (Error::TookTooLong, "took_too_long"),
        (Error::Database(rusqlite::Error::InvalidQuery), "database"),
    ];
    for (err, code) in all {
        assert_eq!(err.code(), code);
        let payload: ErrorPayload =
            serde_json::from_value(serde_json::to_value(&err).unwrap()).unwrap();
        assert_eq!(payload.code, code);
    }
}
