//! The one module that speaks Automerge. Every shared document has one shape: a root
//! holding its schema number, its kind and a fixed set of containers, each a map from a
//! record's key (a global id) to a record, a map from field names to plain values. Two
//! copies edited apart merge to the same contents everywhere; two values written to one
//! field concurrently both stay readable, so a person can choose between them.

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use automerge::iter::MapRange;
use automerge::sync::{self, SyncDoc};
use automerge::{
    ActorId, AutoCommit, ChangeHash, LoadOptions, ObjId, ObjType, OnPartialLoad, Patch,
    PatchAction, PatchLog, Prop, ROOT, ReadDoc, ScalarValue, ScalarValueRef, Value, ValueRef,
    VerificationMode, hydrate, transaction::Transactable,
};

use super::actors::{self, Lease};
use crate::error::{Error, Result};

/// The shape of documents this version writes. A newer number is read-only here.
pub(crate) const SCHEMA: i64 = 1;

/// The most records a document may hold, far above a plan of a thousand milestones.
const RECORDS_LIMIT: usize = 200_000;

/// A plain value in a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scalar {
    Text(String),
    Int(i64),
    Flag(bool),
}

pub(crate) type Record = BTreeMap<String, Scalar>;
/// Container name → record key → record.
pub(crate) type Contents = BTreeMap<&'static str, BTreeMap<String, Record>>;

/// The records of container `name`: none when it is empty or absent.
pub(crate) fn records<'a>(contents: &'a Contents, name: &str) -> &'a BTreeMap<String, Record> {
    static NONE: BTreeMap<String, Record> = BTreeMap::new();
    contents.get(name).unwrap_or(&NONE)
}

/// A record as Automerge takes it whole.
fn record_value(fields: &Record) -> hydrate::Value {
    let fields: HashMap<String, hydrate::Value> = fields
        .iter()
        .map(|(field, value)| (field.clone(), hydrate::Value::Scalar(to_automerge(value))))
        .collect();
    hydrate::Value::Map(fields.into())
}

/// The records some changes touched, by container: a caller reads, checks and writes again
/// these alone, not the whole document.
pub(crate) type Touched = BTreeMap<&'static str, BTreeSet<String>>;

/// Values written to one field concurrently, in the engine's order; the one every copy
/// shows is the record's own value, read beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Conflict {
    pub container: &'static str,
    pub key: String,
    pub field: String,
    pub values: Vec<Scalar>,
}

/// Where one peer stands in syncing one document: what it has told this copy, and what
/// this copy has sent it.
#[derive(Debug, Default)]
pub(crate) struct SyncState(sync::State);

impl SyncState {
    /// The heads both sides are known to have.
    pub fn shared_heads(&self) -> &[ChangeHash] {
        &self.0.shared_heads
    }
}

/// Heads as stored: their hashes one after another.
pub(crate) fn encode_heads(heads: &[ChangeHash]) -> Vec<u8> {
    heads.iter().flat_map(|h| h.0).collect()
}

pub(crate) fn decode_heads(bytes: &[u8]) -> Vec<ChangeHash> {
    bytes
        .chunks_exact(32)
        .filter_map(|c| ChangeHash::try_from(c).ok())
        .collect()
}

/// What a document is for, and the containers it has.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Kind {
    pub name: &'static str,
    pub containers: &'static [&'static str],
}

#[derive(Debug)]
pub(crate) struct Document {
    doc: AutoCommit,
    kind: Kind,
    /// The heads when it was last loaded or saved: saving again is needed only past them.
    saved: Vec<ChangeHash>,
    /// What `read` found, until the next change: a merge reads one document several times.
    read: OnceCell<(Contents, Vec<Conflict>)>,
    /// The actor it writes under, held from the load until it is dropped: see `actors`.
    lease: Option<Lease>,
}

impl Document {
    /// A new document with its containers, written once by its creator so that every copy
    /// shares them (two copies creating one apart would each lose the other's records).
    pub fn new(kind: Kind) -> Result<Self> {
        Self::with_contents(kind, &Contents::new())
    }

    /// As [`Document::new`], holding `contents` from the start, made in one change: the
    /// whole document goes in as one batch, where adding a plan's hundred milestones to a
    /// document already made inserts each into the middle of what it holds.
    pub fn with_contents(kind: Kind, contents: &Contents) -> Result<Self> {
        let mut root: HashMap<String, hydrate::Value> = HashMap::from([
            ("schema".into(), hydrate::Value::Scalar(SCHEMA.into())),
            ("kind".into(), hydrate::Value::Scalar(kind.name.into())),
        ]);
        for &name in kind.containers {
            let container: HashMap<String, hydrate::Value> = records(contents, name)
                .iter()
                .map(|(key, fields)| (key.clone(), record_value(fields)))
                .collect();
            root.insert(name.into(), hydrate::Value::Map(container.into()));
        }
        let mut doc = AutoCommit::new().with_actor(ActorId::random());
        doc.init_root_from_hydrate(&root.into()).map_err(broken)?;
        doc.commit();
        Ok(Self {
            doc,
            kind,
            saved: Vec::new(),
            read: OnceCell::new(),
            lease: None,
        })
    }

    /// `saved` with `contents` written in, or, when there is none, a new document made
    /// with them.
    pub fn saved_or_made(saved: Option<Self>, kind: Kind, contents: &Contents) -> Result<Self> {
        match saved {
            Some(mut document) => {
                document.write(contents)?;
                Ok(document)
            }
            None => Self::with_contents(kind, contents),
        }
    }

    /// Reads saved bytes, checking every change's hash and the shape before use. What is
    /// written from here on is written by a new actor: a data file copied to a second
    /// machine must never write changes under the same actor as the first.
    pub fn load(kind: Kind, bytes: &[u8]) -> Result<Self> {
        let options = LoadOptions::new()
            .on_partial_load(OnPartialLoad::Error)
            .verification_mode(VerificationMode::Check);
        let doc = AutoCommit::load_with_options(bytes, options)
            .map_err(|e| {
                Error::SharedFileRefused(format!("its {} could not be read ({e})", kind.name))
            })?
            .with_actor(ActorId::random());
        let mut loaded = Self {
            doc,
            kind,
            saved: Vec::new(),
            read: OnceCell::new(),
            lease: None,
        };
        loaded.check_shape()?;
        loaded.saved = loaded.doc.get_heads();
        Ok(loaded)
    }

    /// As [`Document::load`], for a document this process goes on editing, named `key`:
    /// it writes under the actor its last load here wrote under, when that is safe.
    pub fn load_to_edit(kind: Kind, bytes: &[u8], key: String) -> Result<Self> {
        let mut loaded = Self::load(kind, bytes)?;
        loaded.lease = Some(actors::take(key, &mut loaded.doc));
        Ok(loaded)
    }

    /// A copy with nothing in it yet, to receive a document another device created: its
    /// containers come with the first sync, never made here.
    pub fn blank(kind: Kind) -> Self {
        Self {
            doc: AutoCommit::new().with_actor(ActorId::random()),
            kind,
            saved: Vec::new(),
            read: OnceCell::new(),
            lease: None,
        }
    }

    pub fn is_blank(&mut self) -> bool {
        self.doc.get_heads().is_empty()
    }

    pub fn save(&mut self) -> Vec<u8> {
        self.saved = self.doc.get_heads();
        self.doc.save()
    }

    /// The changes made since it was last loaded or saved, to keep after what was saved:
    /// loading the saved bytes followed by these gives this document.
    pub fn save_changes(&mut self) -> Vec<u8> {
        let bytes = self.doc.save_after(&self.saved);
        self.saved = self.doc.get_heads();
        bytes
    }

    /// Where it stood when last loaded or saved.
    pub fn saved_heads(&self) -> &[ChangeHash] {
        &self.saved
    }

    /// Whether it holds changes it did not hold when last loaded or saved.
    pub fn unsaved(&mut self) -> bool {
        self.doc.get_heads() != self.saved
    }

    /// The next message of Automerge's sync protocol for the peer `state` describes, if
    /// it lacks anything or has not heard from this copy yet.
    pub fn sync_message(&mut self, state: &mut SyncState) -> Option<Vec<u8>> {
        self.doc
            .sync()
            .generate_sync_message(&mut state.0)
            .map(sync::Message::encode)
    }

    /// Takes in a sync message from the peer `state` describes, checking the changes it
    /// carries and the document's shape after them.
    pub fn receive_sync_message(&mut self, state: &mut SyncState, message: &[u8]) -> Result<()> {
        let message = sync::Message::decode(message)
            .map_err(|e| refused(format!("a sync message could not be read ({e})")))?;
        self.read.take();
        self.doc
            .sync()
            .receive_sync_message(&mut state.0, message)
            .map_err(broken)?;
        match self.is_blank() {
            true => Ok(()),
            false => self.check_shape(),
        }
    }

    /// As [`Document::receive_sync_message`], also saying which records the message
    /// changed. None when it touched the root (a container made apart on two devices, say)
    /// or a container has a second copy holding records before or after it: the caller
    /// then reads the whole document.
    pub fn receive_noting(
        &mut self,
        state: &mut SyncState,
        message: &[u8],
    ) -> Result<Option<Touched>> {
        let message = sync::Message::decode(message)
            .map_err(|e| refused(format!("a sync message could not be read ({e})")))?;
        self.read.take();
        let before = self.doc.get_heads();
        let mut log = PatchLog::active();
        self.doc
            .sync()
            .receive_sync_message_log_patches(&mut state.0, message, &mut log)
            .map_err(broken)?;
        if self.is_blank() {
            return Ok(None);
        }
        // Most messages only say what the other side has: nothing to look at.
        if self.doc.get_heads() == before {
            return Ok(Some(Touched::new()));
        }
        self.check_shape()?;
        let patches = self.doc.make_patches(&mut log);
        self.touched(&patches, &before)
    }

    /// The records `patches` touched, unless they touched more (see
    /// [`Document::receive_noting`]). A document over the records limit is refused here,
    /// as a whole read would refuse it.
    fn touched(&self, patches: &[Patch], before: &[ChangeHash]) -> Result<Option<Touched>> {
        let mut count = 0;
        for &name in self.kind.containers {
            let copies = self.container_copies(name, None)?;
            count += copies
                .iter()
                .map(|copy| self.doc.length(copy))
                .sum::<usize>();
            if copies[1..]
                .iter()
                .any(|copy| self.doc.length(copy) > 0 || self.doc.length_at(copy, before) > 0)
            {
                return Ok(None);
            }
        }
        if count > RECORDS_LIMIT {
            return Err(refused(format!(
                "it holds more than {RECORDS_LIMIT} records"
            )));
        }
        let mut touched = Touched::new();
        for patch in patches {
            let (container, key) = match (patch.path.as_slice(), &patch.action) {
                (
                    [(_, Prop::Map(container))],
                    PatchAction::PutMap { key, .. }
                    | PatchAction::DeleteMap { key }
                    | PatchAction::Conflict {
                        prop: Prop::Map(key),
                    },
                ) => (container, key),
                ([(_, Prop::Map(container)), (_, Prop::Map(key)), ..], _) => (container, key),
                _ => return Ok(None),
            };
            let Some(&name) = self.kind.containers.iter().find(|n| *n == container) else {
                return Ok(None);
            };
            touched.entry(name).or_default().insert(key.clone());
        }
        Ok(Some(touched))
    }

    /// Whether a sync message brings changes (rather than only saying what its sender has).
    pub fn carries_changes(message: &[u8]) -> bool {
        sync::Message::decode(message).is_ok_and(|m| !m.changes.is_empty())
    }

    /// How many changes this copy has that are not among `heads` and their history,
    /// counted from the change graph alone: the changes themselves are not rebuilt.
    pub fn changes_since(&mut self, heads: &[ChangeHash]) -> usize {
        self.doc.get_changes_meta(heads).len()
    }

    pub fn heads(&mut self) -> Vec<ChangeHash> {
        self.doc.get_heads()
    }

    /// Takes in every change of `other` this copy lacks; changes it has are ignored.
    pub fn merge(&mut self, other: &mut Document) -> Result<()> {
        self.read.take();
        self.doc.merge(&mut other.doc).map_err(broken)?;
        self.check_shape()
    }

    /// A copy to try a merge on without touching this one. It writes under the same
    /// actor, so that actor is not handed to a later load: what the copy writes is not
    /// followed.
    pub fn fork(&mut self) -> Document {
        self.lease = None;
        let actor = self.doc.get_actor().clone();
        Document {
            doc: self.doc.fork().with_actor(actor),
            kind: self.kind,
            saved: Vec::new(),
            read: self.read.clone(),
            lease: None,
        }
    }

    /// Every record, with the values of fields written concurrently.
    pub fn read(&self) -> Result<(Contents, Vec<Conflict>)> {
        if let Some(read) = self.read.get() {
            return Ok(read.clone());
        }
        let read = self.read_anew(None)?;
        Ok(self.read.get_or_init(|| read).clone())
    }

    /// Every record as it stood at `heads`, as [`Document::read`] reads it now.
    pub fn read_at(&self, heads: &[ChangeHash]) -> Result<(Contents, Vec<Conflict>)> {
        self.read_anew(Some(heads))
    }

    /// The records `touched` names as they stood at `heads` (given none: as they stand),
    /// with the values of fields written concurrently: what [`Document::read`] has of
    /// them, for a document whose other copies of a container hold nothing.
    pub fn read_records(
        &self,
        touched: &Touched,
        at: Option<&[ChangeHash]>,
    ) -> Result<(Contents, Vec<Conflict>)> {
        let mut contents = Contents::new();
        let mut conflicts = Vec::new();
        for (&name, keys) in touched {
            let container = self.container(name)?;
            let mut records = BTreeMap::new();
            for key in keys {
                let found = match at {
                    Some(heads) => self.doc.get_at(&container, key.as_str(), heads),
                    None => self.doc.get(&container, key.as_str()),
                };
                match found.map_err(broken)? {
                    Some((Value::Object(ObjType::Map), record)) => {
                        let fields = self.record(&record, key, name, &mut conflicts, at)?;
                        records.insert(key.clone(), fields);
                    }
                    Some(_) => return Err(not_a_record(name)),
                    None => {}
                }
            }
            contents.insert(name, records);
        }
        Ok((contents, conflicts))
    }

    fn read_anew(&self, at: Option<&[ChangeHash]>) -> Result<(Contents, Vec<Conflict>)> {
        let mut contents = Contents::new();
        let mut conflicts = Vec::new();
        let mut count = 0usize;
        for &name in self.kind.containers {
            let mut records: BTreeMap<String, Record> = BTreeMap::new();
            for container in self.container_copies(name, at)? {
                for entry in self.record_ids(&container, name, at) {
                    let (record, key) = entry?;
                    if let Some(shown) = records.get(&key) {
                        // Both devices made this record apart: where they differ, that is
                        // a conflict like any other, the first copy's value shown.
                        let other = self.record(&record, &key, name, &mut Vec::new(), at)?;
                        for (field, value) in other {
                            if let Some(first) = shown.get(&field).filter(|v| **v != value) {
                                conflicts.push(Conflict {
                                    container: name,
                                    key: key.clone(),
                                    field,
                                    values: vec![first.clone(), value],
                                });
                            }
                        }
                        continue;
                    }
                    count += 1;
                    if count > RECORDS_LIMIT {
                        return Err(refused(format!(
                            "it holds more than {RECORDS_LIMIT} records"
                        )));
                    }
                    let fields = self.record(&record, &key, name, &mut conflicts, at)?;
                    records.insert(key, fields);
                }
            }
            contents.insert(name, records);
        }
        Ok((contents, conflicts))
    }

    /// The records of one copy of container `name`, by key, in one pass over it; taken
    /// one at a time, so a hostile document is refused at the limit, not after it.
    fn record_ids<'a>(
        &'a self,
        container: &'a ObjId,
        name: &'a str,
        at: Option<&[ChangeHash]>,
    ) -> impl Iterator<Item = Result<(ObjId, String)>> + 'a {
        self.entries(container, at)
            .map(move |item| match item.value {
                ValueRef::Object(ObjType::Map) => Ok((item.id(), item.key.into_owned())),
                _ => Err(not_a_record(name)),
            })
    }

    /// The fields of map `obj` at `heads`, or as they stand.
    fn entries<'a>(&'a self, obj: &'a ObjId, at: Option<&[ChangeHash]>) -> MapRange<'a> {
        match at {
            Some(heads) => self.doc.map_range_at(obj, .., heads),
            None => self.doc.map_range(obj, ..),
        }
    }

    /// Every value written to `prop` of `obj` and not overwritten, at `heads` or now.
    fn all_values<'a>(
        &'a self,
        obj: &ObjId,
        prop: &str,
        at: Option<&[ChangeHash]>,
    ) -> Result<Vec<(Value<'a>, ObjId)>> {
        match at {
            Some(heads) => self.doc.get_all_at(obj, prop, heads),
            None => self.doc.get_all(obj, prop),
        }
        .map_err(broken)
    }

    /// One record's fields, noting those written concurrently. One pass over the record
    /// gives each field's shown value; only a field in conflict is looked up again.
    fn record(
        &self,
        record: &ObjId,
        key: &str,
        name: &'static str,
        conflicts: &mut Vec<Conflict>,
        at: Option<&[ChangeHash]>,
    ) -> Result<Record> {
        let mut fields = Record::new();
        for item in self.entries(record, at) {
            let field = item.key.into_owned();
            if item.conflict {
                let values = self.all_values(record, field.as_str(), at)?;
                conflicts.push(Conflict {
                    container: name,
                    key: key.to_owned(),
                    field: field.clone(),
                    values: values
                        .into_iter()
                        .map(|(value, _)| scalar(&value, name, &field))
                        .collect::<Result<Vec<_>>>()?,
                });
            }
            let value = scalar_ref(&item.value, name, &field)?;
            fields.insert(field, value);
        }
        Ok(fields)
    }

    /// Makes the document hold `contents`, writing only what differs (an unchanged field
    /// is not written again, so it never conflicts with the other side's edit), then
    /// records it as one change. Records missing from `contents` are removed.
    pub fn write(&mut self, contents: &Contents) -> Result<()> {
        self.write_containers(contents, self.kind.containers)
    }

    /// As [`Document::write`], for the containers `contents` has only: the others are
    /// left as they are.
    pub fn write_part(&mut self, contents: &Contents) -> Result<()> {
        let names: Vec<&'static str> = self
            .kind
            .containers
            .iter()
            .copied()
            .filter(|name| contents.contains_key(name))
            .collect();
        self.write_containers(contents, &names)
    }

    /// Writes the records `records` names in container `name` (none: removes it) and
    /// leaves every other record as it is, as one change. A record found in a second copy
    /// of the container (see [`Document::write`]) moves into the one every copy shows.
    pub fn write_records(
        &mut self,
        name: &'static str,
        records: &BTreeMap<String, Option<Record>>,
    ) -> Result<()> {
        let mut copies = self.container_copies(name, None)?.into_iter();
        let container = copies
            .next()
            .ok_or_else(|| refused(format!("its “{name}” part is missing")))?;
        let others: Vec<ObjId> = copies.collect();
        self.read.take();
        for (key, fields) in records {
            for copy in &others {
                if self.doc.get(copy, key.as_str()).map_err(broken)?.is_some() {
                    self.doc.delete(copy, key.as_str()).map_err(broken)?;
                }
            }
            let found = self.doc.get(&container, key.as_str()).map_err(broken)?;
            match (fields, found) {
                (None, None) => {}
                (None, Some(_)) => self.doc.delete(&container, key.as_str()).map_err(broken)?,
                (Some(fields), Some((Value::Object(ObjType::Map), record))) => {
                    self.write_record(&record, fields, name)?;
                }
                (Some(fields), _) => self.create_record(&container, key, fields)?,
            }
        }
        self.doc.commit();
        Ok(())
    }

    /// The keys of every record in container `name`, from all its copies.
    pub fn record_keys(&self, name: &str) -> Result<BTreeSet<String>> {
        let mut keys = BTreeSet::new();
        for copy in self.container_copies(name, None)? {
            keys.extend(self.doc.keys(&copy));
        }
        Ok(keys)
    }

    fn write_containers(&mut self, contents: &Contents, names: &[&'static str]) -> Result<()> {
        // What was read last, when nothing was written since: a record that shows just
        // what is wanted there is left without reading it from the document again.
        let read = self.read.take().map(|(read, _)| read);
        for &name in names {
            let mut copies = self.container_copies(name, None)?.into_iter();
            let container = copies
                .next()
                .ok_or_else(|| refused(format!("its “{name}” part is missing")))?;
            // Records of a second copy of the container move into the one every copy shows.
            let mut shown = read.as_ref().map(|read| records(read, name));
            for copy in copies {
                // The read shows the first copy's record where both have one.
                shown = None;
                let keys: Vec<String> = self.doc.keys(&copy).collect();
                for key in keys {
                    self.doc.delete(&copy, key.as_str()).map_err(broken)?;
                }
            }
            let wanted = contents.get(name);
            let mut held: BTreeMap<String, ObjId> = BTreeMap::new();
            for item in self.doc.map_range(&container, ..) {
                if item.value == ValueRef::Object(ObjType::Map) {
                    held.insert(item.key.to_string(), item.id());
                }
            }
            let stale: Vec<String> = self
                .doc
                .keys(&container)
                .filter(|key| wanted.is_none_or(|records| !records.contains_key(key)))
                .collect();
            for key in stale {
                self.doc.delete(&container, key.as_str()).map_err(broken)?;
            }
            for (key, fields) in wanted.into_iter().flatten() {
                match held.remove(key) {
                    Some(_) if shown.is_some_and(|shown| shown.get(key) == Some(fields)) => {}
                    Some(record) => self.write_record(&record, fields, name)?,
                    None => self.create_record(&container, key, fields)?,
                }
            }
        }
        self.doc.commit();
        Ok(())
    }

    /// A new record goes in whole: one change to the document, not one a field.
    fn create_record(&mut self, container: &ObjId, key: &str, fields: &Record) -> Result<()> {
        self.doc
            .batch_create_object(container, key, &record_value(fields), false)
            .map_err(broken)?;
        Ok(())
    }

    /// Writes one value to a field even if it already shows it, which settles a conflict
    /// there in favour of that value on every copy. A record or field not there is left so.
    pub fn settle(
        &mut self,
        container: &str,
        key: &str,
        field: &str,
        value: &Scalar,
    ) -> Result<()> {
        self.read.take();
        let container = self.container(container)?;
        if let Some((Value::Object(ObjType::Map), record)) =
            self.doc.get(&container, key).map_err(broken)?
            && self.doc.get(&record, field).map_err(broken)?.is_some()
        {
            self.doc
                .put(&record, field, to_automerge(value))
                .map_err(broken)?;
        }
        Ok(())
    }

    /// Which writes put a field's values there (more than one while it is in conflict):
    /// any later write, even of the same value, changes them. Empty when there is no such
    /// field.
    pub fn written(&self, container: &str, key: &str, field: &str) -> Result<String> {
        for copy in self.container_copies(container, None)? {
            if let Some((Value::Object(ObjType::Map), record)) =
                self.doc.get(&copy, key).map_err(broken)?
            {
                let writes = self.doc.get_all(&record, field).map_err(broken)?;
                let ids: Vec<String> = writes.iter().map(|(_, id)| id.to_string()).collect();
                return Ok(ids.join(" "));
            }
        }
        Ok(String::new())
    }

    pub fn commit(&mut self) {
        self.doc.commit();
    }

    fn write_record(
        &mut self,
        record: &ObjId,
        fields: &Record,
        container: &'static str,
    ) -> Result<()> {
        let shown = self.record(record, "", container, &mut Vec::new(), None)?;
        for field in shown.keys().filter(|field| !fields.contains_key(*field)) {
            self.doc.delete(record, field.as_str()).map_err(broken)?;
        }
        for (field, value) in fields {
            if shown.get(field) != Some(value) {
                self.doc
                    .put(record, field.as_str(), to_automerge(value))
                    .map_err(broken)?;
            }
        }
        Ok(())
    }

    fn check_shape(&self) -> Result<()> {
        let kind = match self.doc.get(ROOT, "kind").map_err(broken)? {
            Some((Value::Scalar(s), _)) => match s.as_ref() {
                ScalarValue::Str(text) => text.to_string(),
                _ => String::new(),
            },
            _ => String::new(),
        };
        if kind != self.kind.name {
            return Err(refused(format!(
                "it does not hold a {} where one belongs",
                self.kind.name
            )));
        }
        match self.doc.get(ROOT, "schema").map_err(broken)? {
            Some((Value::Scalar(s), _)) => match s.as_ref() {
                ScalarValue::Int(n) if *n == SCHEMA => {}
                ScalarValue::Int(n) if *n > SCHEMA => return Err(Error::SharedFileNewer),
                _ => return Err(refused("its documents have no schema Waymark knows".into())),
            },
            _ => return Err(refused("its documents have no schema number".into())),
        }
        for name in self.kind.containers {
            self.container(name)?;
        }
        Ok(())
    }

    fn container(&self, name: &str) -> Result<ObjId> {
        match self.doc.get(ROOT, name).map_err(broken)? {
            Some((Value::Object(ObjType::Map), id)) => Ok(id),
            Some(_) => Err(refused(format!(
                "its “{name}” part is not a set of records"
            ))),
            None => Err(refused(format!(
                "its {} lacks its “{name}” part",
                self.kind.name
            ))),
        }
    }

    /// Container `name`, the copy every device shows first. Two devices that made one
    /// document apart (one person's two devices, each before it heard of the other) each
    /// made its containers; after a merge both copies stay, and their records are read
    /// together, so neither device's records are lost.
    fn container_copies(&self, name: &str, at: Option<&[ChangeHash]>) -> Result<Vec<ObjId>> {
        // At other heads another copy may have been the one shown.
        let shown = match at.map(|heads| self.doc.get_at(ROOT, name, heads)) {
            Some(Ok(Some((Value::Object(ObjType::Map), id)))) => id,
            _ => self.container(name)?,
        };
        let mut copies = vec![shown.clone()];
        for (value, id) in self.all_values(&ROOT, name, at)? {
            if matches!(value, Value::Object(ObjType::Map)) && id != shown {
                copies.push(id);
            }
        }
        Ok(copies)
    }
}

impl Drop for Document {
    fn drop(&mut self) {
        if let Some(lease) = self.lease.take() {
            actors::give_back(lease, &mut self.doc);
        }
    }
}

fn scalar(value: &Value<'_>, container: &str, field: &str) -> Result<Scalar> {
    match value {
        Value::Scalar(s) => match s.as_ref() {
            ScalarValue::Str(text) => Ok(Scalar::Text(text.to_string())),
            ScalarValue::Int(n) => Ok(Scalar::Int(*n)),
            ScalarValue::Boolean(b) => Ok(Scalar::Flag(*b)),
            _ => Err(unwritten(container, field)),
        },
        Value::Object(_) => Err(not_a_value(container, field)),
    }
}

/// `scalar`, for a value read in a pass over a record.
fn scalar_ref(value: &ValueRef<'_>, container: &str, field: &str) -> Result<Scalar> {
    match value {
        ValueRef::Scalar(ScalarValueRef::Str(text)) => Ok(Scalar::Text(text.to_string())),
        ValueRef::Scalar(ScalarValueRef::Int(n)) => Ok(Scalar::Int(*n)),
        ValueRef::Scalar(ScalarValueRef::Boolean(b)) => Ok(Scalar::Flag(*b)),
        ValueRef::Scalar(_) => Err(unwritten(container, field)),
        ValueRef::Object(_) => Err(not_a_value(container, field)),
    }
}

fn not_a_record(container: &str) -> Error {
    refused(format!(
        "“{container}” holds something that is not a record"
    ))
}

fn unwritten(container: &str, field: &str) -> Error {
    refused(format!(
        "“{container}.{field}” holds a kind of value Waymark does not write"
    ))
}

fn not_a_value(container: &str, field: &str) -> Error {
    refused(format!(
        "“{container}.{field}” holds an object where a value belongs"
    ))
}

fn to_automerge(value: &Scalar) -> ScalarValue {
    match value {
        Scalar::Text(text) => ScalarValue::Str(text.as_str().into()),
        Scalar::Int(n) => ScalarValue::Int(*n),
        Scalar::Flag(b) => ScalarValue::Boolean(*b),
    }
}

fn refused(why: String) -> Error {
    Error::SharedFileRefused(why)
}

/// The engine failed on a document that passed its checks: not the person's doing.
fn broken(e: automerge::AutomergeError) -> Error {
    Error::SharedFileRefused(format!("the shared documents are inconsistent ({e})"))
}

#[cfg(test)]
mod tests {
    use crate::sync::engine::*;

    const NOTES: Kind = Kind {
        name: "notes",
        containers: &["notes"],
    };

    fn note(title: &str) -> Contents {
        let record = Record::from([("title".to_owned(), Scalar::Text(title.to_owned()))]);
        Contents::from([("notes", BTreeMap::from([("n1".to_owned(), record)]))])
    }

    fn title(doc: &Document) -> Vec<Scalar> {
        let (contents, conflicts) = doc.read().unwrap();
        let shown = records(&contents, "notes")["n1"]["title"].clone();
        let mut values = vec![shown];
        values.extend(conflicts.into_iter().flat_map(|c| c.values));
        values
    }

    /// The actors that wrote `doc`.
    fn writers(doc: &mut Document) -> BTreeSet<ActorId> {
        let changes = doc.doc.get_changes_meta(&[]);
        changes.into_iter().map(|c| c.actor.into_owned()).collect()
    }

    /// Each round of edits loads the last save and writes into it, as live sync does: the
    /// rounds add one actor between them, not one each.
    #[test]
    fn rounds_of_edits_in_one_process_write_under_one_actor() {
        let mut bytes = Document::new(NOTES).unwrap().save();
        for round in 0..20 {
            let mut doc = Document::load_to_edit(NOTES, &bytes, "rounds".into()).unwrap();
            doc.write(&note(&format!("round {round}"))).unwrap();
            bytes = doc.save();
        }
        let mut last = Document::load(NOTES, &bytes).unwrap();
        assert_eq!(writers(&mut last).len(), 2, "the creator and this process");
    }

    /// A load that lacks what the actor wrote last (a save rolled back after its changes
    /// were sent, a backup put back) writes under a new actor, so both versions still merge.
    #[test]
    fn a_load_without_the_actors_last_change_writes_under_a_new_one() {
        let before = Document::new(NOTES).unwrap().save();
        let mut first = Document::load_to_edit(NOTES, &before, "rolled back".into()).unwrap();
        first.write(&note("sent, then rolled back")).unwrap();
        let sent = first.save();
        let actor = first.doc.get_actor().clone();
        drop(first);

        let mut again = Document::load_to_edit(NOTES, &before, "rolled back".into()).unwrap();
        assert_ne!(again.doc.get_actor(), &actor);
        again.write(&note("written instead")).unwrap();
        let mut elsewhere = Document::load(NOTES, &sent).unwrap();
        elsewhere.merge(&mut again).unwrap();
        assert_eq!(writers(&mut elsewhere).len(), 3);
    }

    /// Two copies of one document in memory at once never write under one actor.
    #[test]
    fn two_copies_loaded_at_once_write_under_different_actors() {
        let bytes = Document::new(NOTES).unwrap().save();
        drop(Document::load_to_edit(NOTES, &bytes, "twice".into()).unwrap());
        let one = Document::load_to_edit(NOTES, &bytes, "twice".into()).unwrap();
        let other = Document::load_to_edit(NOTES, &bytes, "twice".into()).unwrap();
        assert_ne!(one.doc.get_actor(), other.doc.get_actor());
    }

    /// A fork writes under its document's actor without being followed, so that actor is
    /// not handed to a later load.
    #[test]
    fn an_actor_shared_with_a_fork_is_not_handed_out_again() {
        let bytes = Document::new(NOTES).unwrap().save();
        let mut doc = Document::load_to_edit(NOTES, &bytes, "forked".into()).unwrap();
        let actor = doc.doc.get_actor().clone();
        let mut trial = doc.fork();
        trial.write(&note("tried")).unwrap();
        drop(doc);
        let again = Document::load_to_edit(NOTES, &trial.save(), "forked".into()).unwrap();
        assert_ne!(again.doc.get_actor(), &actor);
    }

    /// A document made with its contents in one batch holds them, loads on another copy
    /// with every check passed, and takes that copy's edits as one written after it was
    /// made would; made empty, it still has its containers to write into.
    #[test]
    fn a_document_made_with_its_contents_holds_them_and_merges_like_any_other() {
        let text = |t: &str| Scalar::Text(t.to_owned());
        let mut made = Document::with_contents(NOTES, &note("made whole")).unwrap();
        assert_eq!(title(&made), [text("made whole")]);
        let mut copy = Document::load(NOTES, &made.save()).unwrap();
        assert_eq!(title(&copy), [text("made whole")]);
        copy.write(&note("edited on a copy")).unwrap();
        made.merge(&mut copy).unwrap();
        assert_eq!(title(&made), [text("edited on a copy")]);

        let mut empty = Document::with_contents(NOTES, &Contents::new()).unwrap();
        let mut loaded = Document::load(NOTES, &empty.save()).unwrap();
        loaded.write(&note("first")).unwrap();
        assert_eq!(title(&loaded), [text("first")]);
    }

    /// A read is kept until the next change: each change must be seen by the next read.
    #[test]
    fn every_change_shows_in_the_next_read() {
        let text = |t: &str| Scalar::Text(t.to_owned());
        let mut mine = Document::new(NOTES).unwrap();
        mine.write(&note("first")).unwrap();
        assert_eq!(title(&mine), [text("first")]);

        let mut theirs = Document::load(NOTES, &mine.save()).unwrap();
        let mut copy = Document::load(NOTES, &mine.save()).unwrap();
        let trial = mine.fork();
        assert_eq!(title(&trial), [text("first")]);
        mine.write(&note("mine")).unwrap();
        assert_eq!(title(&mine), [text("mine")]);
        assert_eq!(title(&trial), [text("first")]);

        theirs.write(&note("theirs")).unwrap();
        mine.merge(&mut theirs).unwrap();
        let merged = title(&mine);
        assert_eq!(merged.len(), 3, "{merged:?}");

        mine.settle("notes", "n1", "title", &text("settled"))
            .unwrap();
        assert_eq!(title(&mine), [text("settled")]);

        let mut state = SyncState::default();
        let mut their_state = SyncState::default();
        copy.write(&note("synced")).unwrap();
        mine.commit();
        for _ in 0..4 {
            if let Some(message) = copy.sync_message(&mut their_state) {
                mine.receive_sync_message(&mut state, &message).unwrap();
            }
            if let Some(message) = mine.sync_message(&mut state) {
                copy.receive_sync_message(&mut their_state, &message)
                    .unwrap();
            }
        }
        assert_eq!(title(&mine), title(&copy));
        assert!(title(&mine).contains(&text("synced")));
    }

    /// A write after a read leaves a record that shows what is wanted untouched, a field
    /// in conflict included, and writes one that differs, as a write without a read does.
    #[test]
    fn a_write_after_a_read_writes_what_differs_and_nothing_else() {
        let text = |t: &str| Scalar::Text(t.to_owned());
        let record = |t: &str| Record::from([("title".to_owned(), text(t))]);
        let two = |a: &str, b: &str| {
            Contents::from([(
                "notes",
                BTreeMap::from([("n1".to_owned(), record(a)), ("n2".to_owned(), record(b))]),
            )])
        };
        let mut mine = Document::new(NOTES).unwrap();
        mine.write(&two("first", "second")).unwrap();
        let mut theirs = Document::load(NOTES, &mine.save()).unwrap();
        theirs.write(&two("theirs", "second")).unwrap();
        mine.write(&two("mine", "second")).unwrap();
        mine.merge(&mut theirs).unwrap();
        let shown = records(&mine.read().unwrap().0, "notes")["n1"]["title"].clone();
        let Scalar::Text(shown) = shown else {
            panic!("a title is text");
        };
        let before = (
            mine.written("notes", "n1", "title").unwrap(),
            mine.written("notes", "n2", "title").unwrap(),
        );

        mine.read().unwrap();
        mine.write(&two(&shown, "second")).unwrap();
        let after = (
            mine.written("notes", "n1", "title").unwrap(),
            mine.written("notes", "n2", "title").unwrap(),
        );
        assert_eq!(after, before, "nothing differed, nothing was written");
        assert_eq!(
            mine.read().unwrap().1.len(),
            1,
            "the conflict is still there"
        );

        mine.read().unwrap();
        mine.write(&two(&shown, "changed")).unwrap();
        assert_eq!(mine.written("notes", "n1", "title").unwrap(), before.0);
        assert_ne!(mine.written("notes", "n2", "title").unwrap(), before.1);
        assert_eq!(
            records(&mine.read().unwrap().0, "notes")["n2"]["title"],
            text("changed")
        );
    }

    /// A document two devices made apart holds two copies of each container; writing
    /// single records moves each into the copy every device shows, and none is lost.
    #[test]
    fn single_records_written_into_a_document_made_twice_land_in_the_shown_copy() {
        let text = |t: &str| Scalar::Text(t.to_owned());
        let record = |t: &str| Some(Record::from([("title".to_owned(), text(t))]));
        let mut laptop = Document::new(NOTES).unwrap();
        let mut desktop = Document::new(NOTES).unwrap();
        let put = |doc: &mut Document, key: &str, t: &str| {
            doc.write_records("notes", &BTreeMap::from([(key.to_owned(), record(t))]))
                .unwrap();
        };
        put(&mut laptop, "n1", "Laptop's");
        put(&mut desktop, "n2", "Desktop's");
        laptop.merge(&mut desktop).unwrap();
        assert_eq!(laptop.container_copies("notes", None).unwrap().len(), 2);
        let keys = laptop.record_keys("notes").unwrap();
        assert_eq!(keys.into_iter().collect::<Vec<_>>(), ["n1", "n2"]);

        // Whichever copy each record was in, it is written into the shown one and read
        // from there; one removed goes from every copy.
        put(&mut laptop, "n1", "Laptop's, edited");
        put(&mut laptop, "n2", "Desktop's, edited");
        let shown = laptop.container("notes").unwrap();
        let in_shown: Vec<String> = laptop.doc.keys(&shown).collect();
        assert_eq!(in_shown, ["n1", "n2"]);
        let (contents, conflicts) = laptop.read().unwrap();
        assert!(conflicts.is_empty(), "{conflicts:?}");
        assert_eq!(
            records(&contents, "notes")["n2"]["title"],
            text("Desktop's, edited")
        );
        laptop
            .write_records("notes", &BTreeMap::from([("n2".to_owned(), None)]))
            .unwrap();
        assert_eq!(laptop.record_keys("notes").unwrap().len(), 1);
    }
}
