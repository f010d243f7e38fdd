use waymark_core::validate;

#[test]
fn required_text_is_trimmed_and_must_not_be_blank() {
    assert_eq!(
        validate::required_text("name", "Name", "  Ana  ", 10).unwrap(),
        "Ana"
    );
    let err = validate::required_text("name", "Name", " \t\n ", 10).unwrap_err();
    assert_eq!(err.field(), Some("name"));
    assert_eq!(err.to_string(), "Name cannot be empty.");
}

#[test]
fn length_is_counted_in_characters_not_bytes() {
    assert!(validate::required_text("name", "Name", "Zoë Ørsted", 10).is_ok());
    assert!(validate::required_text("name", "Name", "李小龍李小龍李小龍李", 10).is_ok());
    let err = validate::required_text("name", "Name", "abcdefghijk", 10).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Name is 11 characters long; the limit is 10."
    );
}

#[test]
fn control_characters_and_bidi_overrides_are_refused_but_line_breaks_are_fine() {
    assert!(validate::optional_text("notes", "Notes", "line one\nline two\ttabbed", 100).is_ok());
    for bad in [
        "a\u{0}b",
        "bell\u{7}",
        "evil\u{202E}txt.exe",
        "iso\u{2066}late",
    ] {
        let err = validate::optional_text("notes", "Notes", bad, 100).unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{bad:?}");
    }
}

#[test]
fn dates_must_be_real_iso_dates() {
    assert_eq!(
        validate::optional_date("d", "Date", Some("2026-02-28"))
            .unwrap()
            .map(|d| d.to_string()),
        Some("2026-02-28".to_owned())
    );
    assert_eq!(
        validate::optional_date("d", "Date", Some("  ")).unwrap(),
        None
    );
    assert_eq!(validate::optional_date("d", "Date", None).unwrap(), None);
    for bad in [
        "2026-02-30",
        "31/12/2026",
        "tomorrow",
        "2026-13-01",
        "0001-01-01",
        "99999-01-01",
    ] {
        let err = validate::optional_date("d", "Date", Some(bad)).unwrap_err();
        assert!(err.to_string().contains("not a valid date"), "{bad}");
    }
}
