//! The storage contract, run against both backends: SQLite in a temporary file, and a
//! real PostgreSQL server started for the test.

mod support;

use support::postgres::{Cluster, Result};
use uuid::Uuid;
use waymark_server::store::{Chunks, Invite, Pairing, Postgres, Sqlite, Store, StoreError};
use waymark_wire::{Access, DocId, DocKind};

const NOW: i64 = 1_800_000_000;

fn doc(kind: DocKind) -> DocId {
    DocId::new(kind, Uuid::now_v7())
}

fn pairing(code: &[u8], token: &[u8], device: &str, now: i64) -> Pairing {
    Pairing {
        code_hash: code.to_vec(),
        device_name: device.into(),
        token_hash: token.to_vec(),
        now,
    }
}

async fn accounts_and_devices(store: &impl Store) -> Result<()> {
    let ana = store.ensure_account("ana", NOW).await?;
    assert_eq!(store.ensure_account("ana", NOW + 5).await?, ana);
    assert_eq!(store.account_named("ana").await?, Some(ana.clone()));
    assert_eq!(store.account_named("nobody").await?, None);

    store
        .add_invite(&Invite {
            account: ana.id,
            code_hash: b"code-1".to_vec(),
            expires_at: NOW + 60,
        })
        .await?;
    store
        .add_invite(&Invite {
            account: ana.id,
            code_hash: b"code-2".to_vec(),
            expires_at: NOW + 60,
        })
        .await?;
    let laptop = store
        .redeem_invite(&pairing(b"code-1", b"token-1", "laptop", NOW))
        .await?
        .ok_or("a fresh code pairs")?;
    assert_eq!((laptop.name.as_str(), &laptop.account), ("laptop", &ana));
    assert_eq!(
        store
            .redeem_invite(&pairing(b"code-1", b"token-x", "again", NOW))
            .await?,
        None,
        "a code pairs once"
    );
    assert_eq!(
        store
            .redeem_invite(&pairing(b"code-2", b"token-2", "late", NOW + 60))
            .await?,
        None,
        "an expired code pairs nothing"
    );
    assert_eq!(
        store
            .redeem_invite(&pairing(b"unknown", b"token-3", "guess", NOW))
            .await?,
        None
    );

    assert_eq!(
        store.device_by_token(b"token-1", NOW + 1).await?,
        Some(laptop.clone())
    );
    assert_eq!(store.device_by_token(b"token-x", NOW + 1).await?, None);
    let listed = store.devices().await?;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].last_seen_at, Some(NOW + 1));

    let mine = doc(DocKind::Person);
    assert!(store.create_document(&mine, ana.id, NOW).await?);
    assert_eq!(store.access(laptop.id, &mine).await?, Some(Access::Owner));
    assert!(store.revoke_device(laptop.id, NOW + 2).await?);
    assert!(
        !store.revoke_device(laptop.id, NOW + 3).await?,
        "revoked once"
    );
    assert_eq!(store.device_by_token(b"token-1", NOW + 4).await?, None);
    assert_eq!(
        store.access(laptop.id, &mine).await?,
        None,
        "a revoked device sees nothing"
    );
    assert_eq!(store.devices().await?[0].revoked_at, Some(NOW + 2));
    Ok(())
}

async fn access_lists(store: &impl Store) -> Result<()> {
    let mentor = store.ensure_account("mentor", NOW).await?;
    let mentee = store.ensure_account("mentee", NOW).await?;
    let other = store.ensure_account("other", NOW).await?;
    let mut devices = Vec::new();
    for (i, account) in [&mentor, &mentee, &other].into_iter().enumerate() {
        let code = format!("access-code-{i}");
        let token = format!("access-token-{i}");
        store
            .add_invite(&Invite {
                account: account.id,
                code_hash: code.clone().into_bytes(),
                expires_at: NOW + 60,
            })
            .await?;
        devices.push(
            store
                .redeem_invite(&pairing(code.as_bytes(), token.as_bytes(), "phone", NOW))
                .await?
                .ok_or("paired")?,
        );
    }
    let plan = doc(DocKind::Plan);
    let progress = doc(DocKind::Progress);
    assert!(!store.document_exists(&plan).await?);
    assert!(store.create_document(&plan, mentor.id, NOW).await?);
    assert!(store.create_document(&progress, mentor.id, NOW).await?);
    assert!(
        !store.create_document(&plan, mentee.id, NOW).await?,
        "the first creator owns it"
    );
    assert!(store.document_exists(&plan).await?);

    assert_eq!(store.access(devices[1].id, &plan).await?, None);
    store
        .set_access(&plan, mentee.id, Some(Access::Read))
        .await?;
    store
        .set_access(&progress, mentee.id, Some(Access::Write))
        .await?;
    store
        .set_access(&plan, mentor.id, Some(Access::Read))
        .await?;
    assert_eq!(
        store.access(devices[0].id, &plan).await?,
        Some(Access::Owner),
        "an owner stays owner"
    );
    assert_eq!(
        store.access(devices[1].id, &plan).await?,
        Some(Access::Read)
    );
    assert_eq!(
        store.access(devices[1].id, &progress).await?,
        Some(Access::Write)
    );
    assert_eq!(
        store.access(devices[2].id, &plan).await?,
        None,
        "nobody else"
    );
    let seen: Vec<_> = store
        .documents(mentee.id)
        .await?
        .into_iter()
        .map(|e| (e.doc, e.access, e.owner))
        .collect();
    let mut expected = vec![
        (plan, Access::Read, "mentor".to_owned()),
        (progress, Access::Write, "mentor".to_owned()),
    ];
    expected.sort();
    assert_eq!(seen, expected);
    assert_eq!(store.documents(mentor.id).await?.len(), 2);
    assert!(store.documents(other.id).await?.is_empty());

    store.set_access(&plan, mentee.id, None).await?;
    assert_eq!(store.access(devices[1].id, &plan).await?, None, "withdrawn");
    assert_eq!(store.documents(mentee.id).await?.len(), 1);
    Ok(())
}

async fn chunks(store: &impl Store) -> Result<()> {
    let owner = store.ensure_account("chunks", NOW).await?;
    let plan = doc(DocKind::Plan);
    store.create_document(&plan, owner.id, NOW).await?;
    assert_eq!(store.chunks(&plan).await?, Chunks::default());
    for bytes in [b"one".as_slice(), b"two", b"three"] {
        store.append_chunk(&plan, bytes).await?;
    }
    let saved = store.chunks(&plan).await?;
    assert_eq!(
        saved.chunks,
        [b"one".to_vec(), b"two".to_vec(), b"three".to_vec()]
    );
    assert_eq!(saved.last, 3);
    store.compact(&plan, 2, b"one+two").await?;
    store.append_chunk(&plan, b"four").await?;
    let saved = store.chunks(&plan).await?;
    assert_eq!(
        saved.chunks,
        [b"one+two".to_vec(), b"three".to_vec(), b"four".to_vec()]
    );
    assert_eq!(saved.last, 4);
    Ok(())
}

async fn contract(store: &impl Store) -> Result<()> {
    accounts_and_devices(store).await?;
    access_lists(store).await?;
    chunks(store).await
}

#[tokio::test]
async fn the_sqlite_store_keeps_the_contract() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("server.sqlite3");
    contract(&Sqlite::open(&path)?).await?;
    // Opened again, the same tables are found and kept.
    let store = Sqlite::open(&path)?;
    assert!(store.account_named("ana").await?.is_some());
    Ok(())
}

#[tokio::test]
async fn a_sqlite_store_from_a_newer_server_is_refused() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("server.sqlite3");
    Sqlite::open(&path)?;
    rusqlite::Connection::open(&path)?.pragma_update(None, "user_version", 99)?;
    assert!(matches!(Sqlite::open(&path), Err(StoreError::Newer(99))));
    Ok(())
}

#[tokio::test]
async fn the_postgres_store_keeps_the_contract() -> Result<()> {
    let cluster = Cluster::start()?;
    let settings = cluster.database("contract")?;
    contract(&Postgres::connect(&settings).await?).await?;
    let store = Postgres::connect(&settings).await?;
    assert!(store.account_named("ana").await?.is_some());

    let (client, connection) = tokio_postgres::connect(&settings, tokio_postgres::NoTls).await?;
    tokio::spawn(connection);
    client
        .execute("UPDATE waymark_schema SET version = 99", &[])
        .await?;
    assert!(matches!(
        Postgres::connect(&settings).await,
        Err(StoreError::Newer(99))
    ));
    Ok(())
}
