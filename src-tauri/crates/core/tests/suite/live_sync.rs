//! Pairing with a sync server: what the person typed, checked before anything is sent.

use waymark_core::Error;
use waymark_core::live::{pairing_input, server_url};

#[test]
fn a_server_address_is_kept_in_one_form() -> waymark_core::Result<()> {
    assert_eq!(
        server_url("https://sync.example.org/")?,
        "wss://sync.example.org"
    );
    assert_eq!(server_url("sync.example.org")?, "wss://sync.example.org");
    assert_eq!(
        server_url(" http://127.0.0.1:7311 ")?,
        "ws://127.0.0.1:7311"
    );
    for typed in [
        "ftp://sync.example.org",
        "https://sync.example.org/v1/sync",
        "https://x.org/?a=1",
        "https://",
    ] {
        assert!(
            matches!(
                server_url(typed),
                Err(Error::InvalidInput { field: "url", .. })
            ),
            "{typed}"
        );
    }
    Ok(())
}

#[test]
fn a_blank_code_or_an_overlong_device_name_is_refused_by_field() -> waymark_core::Result<()> {
    let (url, code, device) = pairing_input("sync.example.org", " K7QM2-XPD4Z ", " Ana's laptop ")?;
    assert_eq!(
        (url.as_str(), code.as_str(), device.as_str()),
        ("wss://sync.example.org", "K7QM2-XPD4Z", "Ana's laptop")
    );
    let field = |r: waymark_core::Result<(String, String, String)>| match r {
        Err(Error::InvalidInput { field, .. }) => field,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        field(pairing_input("sync.example.org", "  ", "laptop")),
        "code"
    );
    assert_eq!(
        field(pairing_input("sync.example.org", "K7QM2", &"x".repeat(81))),
        "device"
    );
    assert_eq!(
        field(pairing_input("sync.example.org", "K7QM2", "lap\u{7}top")),
        "device"
    );
    Ok(())
}
