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

#[test]
fn links_are_web_or_mail_addresses_kept_trimmed() {
    for good in [
        "https://example.org/doc?x=1#top",
        "http://intranet.example:8080/wiki",
        "HTTPS://Example.org",
        "mailto:ana@example.org",
        "https://例え.jp/ページ",
    ] {
        assert_eq!(validate::link_url("url", good).unwrap(), good);
    }
    assert_eq!(
        validate::link_url("url", "  https://example.org/  ").unwrap(),
        "https://example.org/"
    );
}

#[test]
fn links_that_could_act_on_this_machine_are_refused() {
    for bad in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "ftp://example.org/",
        "waymark-first://localhost/screen.js",
        "tauri://localhost/",
        "smb://server/share",
        "/relative/path",
        "example.org",
    ] {
        let err = validate::link_url("url", bad).unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{bad}");
        assert_eq!(err.field(), Some("url"), "{bad}");
    }
}

#[test]
fn links_must_be_whole_and_show_what_they_open() {
    for bad in [
        "",
        "   ",
        "https://",
        "http:///path",
        "https:example.org",
        "https:\\\\example.org",
        "https://example.org\\@elsewhere.example",
        "mailto:",
        "https://exa mple.org",
        "https://example.org/\nnext",
        "https://example.org/\u{0}",
        "https://exam\u{200B}ple.org",
        "https://example.org/\u{202E}fdp.exe",
        "https://bank.example@elsewhere.example/",
        "https://user:secret@example.org/",
    ] {
        let err = validate::link_url("links", bad).unwrap_err();
        assert_eq!(err.field(), Some("links"), "{bad:?}");
    }
    let long = format!("https://example.org/{}", "a".repeat(validate::LINK_MAX));
    let err = validate::link_url("url", &long).unwrap_err();
    assert!(err.to_string().contains("the limit is 2000"), "{err}");
    assert_eq!(
        validate::link_url("url", "javascript:alert(1)")
            .unwrap_err()
            .to_string(),
        "\"javascript:alert(1)\" is not a web or e-mail address; links start with https://, http:// or mailto:."
    );
}

mod properties {
    use proptest::prelude::*;
    use waymark_core::validate;

    fn allowed(c: char) -> bool {
        let invisible = c.is_control() && !matches!(c, '\n' | '\r' | '\t');
        let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        !invisible && !bidi
    }

    proptest! {
        /// Accepted exactly when the trimmed text is non-empty, short enough and free of
        /// invisible controls; what is kept is the trimmed text, and the error names the field.
        #[test]
        fn required_text_accepts_exactly_what_it_should(value in "\\PC{0,30}|[\\x00-\\x1f\\u{202a}-\\u{202e} a-z]{0,30}", max in 1usize..25) {
            let trimmed = value.trim();
            let ok = !trimmed.is_empty() && trimmed.chars().count() <= max && trimmed.chars().all(allowed);
            match validate::required_text("name", "Name", &value, max) {
                Ok(kept) => {
                    prop_assert!(ok);
                    prop_assert_eq!(kept, trimmed);
                }
                Err(e) => {
                    prop_assert!(!ok);
                    prop_assert_eq!(e.field(), Some("name"));
                }
            }
        }

        /// Any date the calendar has between 1900 and 2200 is accepted in ISO form, and
        /// nothing that is not a real date ever is.
        #[test]
        fn dates_are_real_calendar_dates(y in 1800i32..2300, m in 0u32..14, d in 0u32..33) {
            let text = format!("{y:04}-{m:02}-{d:02}");
            let real = chrono::NaiveDate::from_ymd_opt(y, m, d).filter(|_| (1900..=2200).contains(&y));
            let parsed = validate::optional_date("due", "Due date", Some(&text));
            prop_assert_eq!(parsed.ok().flatten(), real);
        }

        /// Whatever is accepted as a link parses with one of the three schemes, and
        /// arbitrary text never panics.
        #[test]
        fn accepted_links_are_only_web_or_mail(text in "(https?://|mailto:|javascript:|file:|)\\PC{0,30}") {
            if let Ok(kept) = validate::link_url("url", &text) {
                let scheme = kept.split(':').next().unwrap_or_default().to_ascii_lowercase();
                prop_assert!(["https", "http", "mailto"].contains(&scheme.as_str()), "{kept}");
            }
        }

        #[test]
        fn arbitrary_date_text_never_panics(text in "\\PC{0,20}") {
            let _ = validate::optional_date("due", "Due date", Some(&text));
        }
    }
}
