//! The server end to end over its WebSocket: pairing, syncing between devices, access
//! lists, revocation, and frames that are malformed or too large.

mod support;

use std::time::Duration;

use support::device::{self, meanwhile, same};
use support::postgres::Result;
use support::server;
use tokio_tungstenite::tungstenite::Message;
use uuid::Uuid;
use waymark_server::store::Store;
use waymark_server::time::now;
use waymark_wire::{Access, DocId, DocKind, FromDevice, FromServer, Refusal, SyncFrame};

fn new_doc(kind: DocKind) -> DocId {
    DocId::new(kind, Uuid::now_v7())
}

fn refused(device: &device::Device, refusal: Refusal) -> bool {
    device
        .refusals()
        .iter()
        .any(|m| matches!(m, FromServer::Refused { refusal: r, .. } if *r == refusal))
}

#[tokio::test]
async fn a_code_pairs_one_device_once_and_wrong_codes_pause_pairing() -> Result<()> {
    let server = server::start().await?;
    let code = server.invite("ana").await?;
    let typed = code.to_lowercase().replace('-', " ");
    let paired = device::pair(server.addr, &typed, "Ana's laptop")
        .await?
        .map_err(|r| format!("{r:?}"))?;
    assert_eq!(
        (paired.account.as_str(), paired.device.as_str()),
        ("ana", "Ana's laptop")
    );
    let again = device::pair(server.addr, &code, "another").await?;
    assert!(matches!(
        again,
        Err(FromServer::Refused {
            refusal: Refusal::InvalidCode,
            ..
        })
    ));

    let device = device::connect(server.addr, &paired.token).await?;
    assert!(matches!(&device.heard[0], FromServer::Welcome { account, .. } if account == "ana"));
    assert!(device::connect(server.addr, "not-a-token").await.is_err());

    for _ in 0..9 {
        device::pair(server.addr, "WRONG-CODE0", "guess")
            .await?
            .err()
            .ok_or("a wrong code paired")?;
    }
    let good = server.invite("ben").await?;
    let paused = device::pair(server.addr, &good, "ben").await?;
    assert!(matches!(
        paused,
        Err(FromServer::Refused {
            refusal: Refusal::TooManyAttempts,
            ..
        })
    ));
    Ok(())
}

#[tokio::test]
async fn two_devices_of_one_person_converge_after_editing_apart() -> Result<()> {
    let server = server::start().await?;
    let laptop = server.paired("ana", "laptop").await?;
    let desktop = server.paired("ana", "desktop").await?;
    let person = DocId::person_of("ana");

    let mut a = device::connect(server.addr, &laptop.token).await?;
    a.put(person, "name", "Ana")?;
    a.offer(person).await?;
    a.listen(Duration::from_millis(300)).await?;

    let mut b = device::connect(server.addr, &desktop.token).await?;
    assert_eq!(
        b.documents
            .iter()
            .map(|e| (e.doc, e.access))
            .collect::<Vec<_>>(),
        [(person, Access::Owner)]
    );
    b.offer(person).await?;
    b.until(|d| d.get(person, "name").as_deref() == Some("Ana"))
        .await?;

    // Both edit; each hears the other's edit.
    a.put(person, "focus", "delegation")?;
    b.put(person, "goal", "lead the platform team")?;
    a.offer(person).await?;
    b.offer(person).await?;
    meanwhile(&mut b, a.until(|d| d.get(person, "goal").is_some())).await?;
    meanwhile(&mut a, b.until(|d| d.get(person, "focus").is_some())).await?;
    meanwhile(&mut b, a.listen(Duration::from_millis(300))).await?;
    assert!(same(&mut a, &mut b, person));
    Ok(())
}

/// A device making many documents in a row (as after pairing a large data file) is not
/// told the growing list each time; the person's other device is told it once or twice
/// for the whole burst, and ends up with every document.
#[tokio::test]
async fn documents_made_in_a_burst_are_announced_once_not_once_each() -> Result<()> {
    let server = server::start().await?;
    let laptop = server.paired("ana", "laptop").await?;
    let desktop = server.paired("ana", "desktop").await?;
    let mut a = device::connect(server.addr, &laptop.token).await?;
    let mut b = device::connect(server.addr, &desktop.token).await?;

    let made: Vec<DocId> = (0..60).map(|_| new_doc(DocKind::Mentee)).collect();
    for doc in &made {
        a.put(*doc, "name", "Ana's mentee")?;
        a.offer(*doc).await?;
    }
    let lists = |d: &device::Device| {
        d.heard
            .iter()
            .filter(|m| matches!(m, FromServer::Documents { .. }))
            .count()
    };
    meanwhile(
        &mut a,
        b.until(|d| {
            made.iter()
                .all(|doc| d.documents.iter().any(|e| e.doc == *doc))
        }),
    )
    .await?;
    a.listen(Duration::from_millis(300)).await?;
    assert_eq!(lists(&a), 0, "the maker knows what it made");
    assert!(
        (1..=5).contains(&lists(&b)),
        "the other device was told the list {} times",
        lists(&b)
    );
    Ok(())
}

#[tokio::test]
async fn a_shared_plan_reaches_its_mentee_only_and_read_only_where_shared_so() -> Result<()> {
    let server = server::start().await?;
    let mut mentor = server.device("mentor", "laptop").await?;
    let mut mentee = server.device("mentee", "laptop").await?;
    let mut stranger = server.device("stranger", "laptop").await?;
    let plan = new_doc(DocKind::Plan);
    let progress = new_doc(DocKind::Progress);

    mentor.put(plan, "title", "Towards staff engineer")?;
    mentor.put(progress, "milestone", "planned")?;
    mentor.offer(plan).await?;
    mentor.offer(progress).await?;
    mentor.listen(Duration::from_millis(300)).await?;
    for (doc, access) in [(plan, Access::Read), (progress, Access::Write)] {
        mentor
            .control(&FromDevice::Share {
                doc,
                with: "mentee".into(),
                access,
            })
            .await?;
    }
    mentor
        .until(|d| {
            d.heard
                .iter()
                .filter(|m| matches!(m, FromServer::Done { .. }))
                .count()
                == 2
        })
        .await?;

    mentee.until(|d| d.documents.len() == 2).await?;
    mentee.offer(plan).await?;
    mentee.offer(progress).await?;
    mentee
        .until(|d| d.get(plan, "title").is_some() && d.get(progress, "milestone").is_some())
        .await?;

    // The mentee's progress reaches the mentor; a change to the read-only plan does not.
    mentee.put(progress, "milestone", "done 2026-12-01")?;
    mentee.put(plan, "title", "Something else")?;
    mentee.offer(progress).await?;
    mentee.offer(plan).await?;
    let heard =
        mentor.until(|d| d.get(progress, "milestone").as_deref() == Some("done 2026-12-01"));
    meanwhile(&mut mentee, heard).await?;
    meanwhile(&mut mentee, mentor.listen(Duration::from_millis(300))).await?;
    assert_eq!(
        mentor.get(plan, "title").as_deref(),
        Some("Towards staff engineer")
    );
    // Automerge sends no changes to a peer that only reads; a device that does anyway is
    // refused.
    let mut forged = automerge::AutoCommit::new();
    automerge::transaction::Transactable::put(&mut forged, automerge::ROOT, "title", "Forged")?;
    let message = device::message_with_changes(&mut forged)?;
    mentee.send_frame(SyncFrame { doc: plan, message }).await?;
    mentee.until(|d| refused(d, Refusal::ReadOnly)).await?;
    meanwhile(&mut mentee, mentor.listen(Duration::from_millis(300))).await?;
    assert_eq!(
        mentor.get(plan, "title").as_deref(),
        Some("Towards staff engineer")
    );

    // Someone else asking for the plan gets nothing.
    stranger.offer(plan).await?;
    stranger.until(|d| refused(d, Refusal::NoAccess)).await?;
    assert_eq!(stranger.get(plan, "title"), None);
    stranger
        .control(&FromDevice::Share {
            doc: plan,
            with: "stranger".into(),
            access: Access::Write,
        })
        .await?;
    stranger.until(|d| refused(d, Refusal::NotOwner)).await?;

    // Withdrawn: the mentee hears of it and receives nothing new.
    mentor
        .control(&FromDevice::Unshare {
            doc: progress,
            with: "mentee".into(),
        })
        .await?;
    mentee.until(|d| d.documents.len() == 1).await?;
    mentor.put(progress, "milestone", "dropped")?;
    mentor.offer(progress).await?;
    meanwhile(&mut mentor, mentee.listen(Duration::from_millis(500))).await?;
    assert_eq!(
        mentee.get(progress, "milestone").as_deref(),
        Some("done 2026-12-01")
    );
    Ok(())
}

#[tokio::test]
async fn a_revoked_device_is_cut_off_and_receives_nothing_new() -> Result<()> {
    let server = server::start().await?;
    let laptop = server.paired("ana", "laptop").await?;
    let phone = server.paired("ana", "phone").await?;
    let person = DocId::person_of("ana");
    let mut a = device::connect(server.addr, &laptop.token).await?;
    let mut b = device::connect(server.addr, &phone.token).await?;
    a.put(person, "name", "Ana")?;
    a.offer(person).await?;
    b.offer(person).await?;
    meanwhile(&mut a, b.until(|d| d.get(person, "name").is_some())).await?;

    let phone_id = server
        .store
        .devices()
        .await?
        .into_iter()
        .find(|l| l.device.name == "phone")
        .ok_or("listed")?
        .device
        .id;
    assert!(server.store.revoke_device(phone_id, now()).await?);
    a.put(person, "secret", "not for the lost phone")?;
    a.offer(person).await?;
    let cut_off = meanwhile(&mut a, async { Ok(b.is_cut_off().await) });
    assert!(cut_off.await?, "the revoked device stays connected");
    assert_eq!(b.get(person, "secret"), None);
    assert!(device::connect(server.addr, &phone.token).await.is_err());
    Ok(())
}

#[tokio::test]
async fn malformed_and_oversized_frames_are_refused_and_the_server_carries_on() -> Result<()> {
    let server = server::start().await?;
    let mut a = server.device("ana", "laptop").await?;
    let person = DocId::person_of("ana");

    a.send_raw(Message::Binary(vec![7, b'x'].into())).await?;
    a.send_frame(SyncFrame {
        doc: person,
        message: b"\x42not a sync message".to_vec(),
    })
    .await?;
    a.send_raw(Message::Text(r#"{"type":"delete_everything"}"#.into()))
        .await?;
    a.until(|d| d.refusals().len() == 3).await?;
    assert!(a.refusals().iter().all(|m| matches!(
        m,
        FromServer::Refused {
            refusal: Refusal::Malformed,
            ..
        }
    )));

    // A change whose bytes were tampered with in transit does not apply.
    let mut other = automerge::AutoCommit::new();
    automerge::transaction::Transactable::put(&mut other, automerge::ROOT, "name", "Ana")?;
    let mut message = device::message_with_changes(&mut other)?;
    let middle = message.len() - 12;
    message[middle] ^= 0xff;
    a.send_frame(SyncFrame {
        doc: person,
        message,
    })
    .await?;
    a.until(|d| d.refusals().len() == 4).await?;

    let too_large = vec![0u8; waymark_wire::MAX_FRAME + 1];
    let sent = a.send_raw(Message::Binary(too_large.into())).await;
    assert!(sent.is_err() || a.is_cut_off().await);

    let mut b = server.device("ana", "desktop").await?;
    b.put(person, "name", "Ana")?;
    b.offer(person).await?;
    b.listen(Duration::from_millis(300)).await?;
    let mut c = server.device("ana", "phone").await?;
    c.offer(person).await?;
    c.until(|d| d.get(person, "name").as_deref() == Some("Ana"))
        .await?;
    Ok(())
}

/// A person's own documents stay theirs: no one else can make the one named after them,
/// and not even they can share it or a mentee's private record with anyone.
#[tokio::test]
async fn a_persons_own_documents_can_be_neither_claimed_nor_shared() -> Result<()> {
    let server = server::start().await?;
    let mut maria = server.device("maria", "laptop").await?;
    let mut stranger = server.device("stranger", "laptop").await?;

    // The stranger tries to make Maria's person document before she does: refused.
    let marias = DocId::person_of("maria");
    stranger.put(marias, "mentees", "planted")?;
    stranger.offer(marias).await?;
    stranger.until(|d| refused(d, Refusal::NoAccess)).await?;

    // Maria makes hers, and a mentee's private record; sharing either is refused.
    let mentee = new_doc(DocKind::Mentee);
    for doc in [marias, mentee] {
        maria.put(doc, "notes", "Worried about the reorg")?;
        maria.offer(doc).await?;
    }
    maria.listen(Duration::from_millis(300)).await?;
    for doc in [marias, mentee] {
        maria
            .control(&FromDevice::Share {
                doc,
                with: "stranger".into(),
                access: Access::Read,
            })
            .await?;
    }
    maria
        .until(|d| {
            d.refusals()
                .iter()
                .filter(|m| {
                    matches!(
                        m,
                        FromServer::Refused {
                            refusal: Refusal::NeverShared,
                            ..
                        }
                    )
                })
                .count()
                == 2
        })
        .await?;
    stranger.listen(Duration::from_millis(300)).await?;
    assert!(stranger.documents.is_empty(), "{:?}", stranger.documents);
    assert!(stranger.get(marias, "notes").is_none());
    Ok(())
}
