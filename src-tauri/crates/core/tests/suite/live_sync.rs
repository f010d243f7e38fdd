//! Pairing with a sync server: what the person typed, checked before anything is sent;
//! and the outbox of grants and withdrawals, which the server confirms in order.

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

/// Stopping a live share while the server's confirmation of the grant is on its way: the
/// confirmation must not take the withdrawal out of the outbox with it.
#[test]
fn a_withdrawal_queued_while_its_grant_is_confirmed_is_still_sent() -> waymark_core::Result<()> {
    use waymark_core::live::{self, LiveShareRequest, Session};
    use waymark_wire::{FromDevice, Paired};

    let (mut f, plan_id) = crate::common::with_plan()?;
    live::save_pairing(
        &f.conn,
        "ws://127.0.0.1:7311",
        &Paired {
            account: "maria".into(),
            device: "Maria's laptop".into(),
            token: "t".repeat(43),
        },
    )?;
    let request = LiveShareRequest {
        plan_id,
        account: "amara".into(),
        mentee_edits_plan: false,
    };
    live::share_live(&mut f.conn, &request)?;
    let mut session = Session::new();
    let sent = session.grants(&f.conn)?;
    assert!(
        !sent.is_empty() && sent.iter().all(|m| matches!(m, FromDevice::Share { .. })),
        "{sent:?}"
    );

    // The person stops sharing before the server's confirmations arrive.
    live::stop_live(&mut f.conn, plan_id)?;
    for message in &sent {
        let FromDevice::Share { doc, with, .. } = message else {
            continue;
        };
        session.granted(&f.conn, doc, with)?;
    }
    let withdrawals = session.grants(&f.conn)?;
    assert_eq!(withdrawals.len(), sent.len(), "{withdrawals:?}");
    assert!(
        withdrawals
            .iter()
            .all(|m| matches!(m, FromDevice::Unshare { with, .. } if with == "amara"))
    );

    // A confirmation of what this connection never sent takes nothing out.
    for message in &withdrawals {
        let FromDevice::Unshare { doc, with } = message else {
            continue;
        };
        Session::new().granted(&f.conn, doc, with)?;
    }
    assert_eq!(Session::new().grants(&f.conn)?, withdrawals);

    // Once the server confirms them, nothing is left to send.
    for message in &withdrawals {
        let FromDevice::Unshare { doc, with } = message else {
            continue;
        };
        session.granted(&f.conn, doc, with)?;
    }
    assert!(Session::new().grants(&f.conn)?.is_empty());
    Ok(())
}
