-- Live sync through a waymark-server: this device's pairing, and which shared plans sync
-- live rather than by file.

-- The server this device is paired with. The token is this device's alone: it never goes
-- into an archive, and a copied data file must be paired again on its new machine.
CREATE TABLE sync_server (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    url         TEXT NOT NULL CHECK (url LIKE 'ws://%' OR url LIKE 'wss://%'),
    account     TEXT NOT NULL CHECK (length(trim(account)) BETWEEN 1 AND 80),
    device      TEXT NOT NULL CHECK (length(trim(device)) BETWEEN 1 AND 80),
    token       TEXT NOT NULL CHECK (length(token) BETWEEN 16 AND 200),
    paused      INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    paired_at   TEXT NOT NULL,
    synced_at   TEXT
) STRICT;

-- A shared plan syncing live: the other side's account on the server.
ALTER TABLE plan_shares ADD COLUMN live_account TEXT
    CHECK (live_account IS NULL OR length(trim(live_account)) BETWEEN 1 AND 80);

-- What the server last confirmed it holds of each live document, for "N changes waiting".
CREATE TABLE sync_heads (
    doc    TEXT PRIMARY KEY CHECK (length(doc) BETWEEN 40 AND 60),
    heads  BLOB NOT NULL
) STRICT, WITHOUT ROWID;

-- Access changes for the server that wait for the next connection: granting a mentee's
-- account a plan, or withdrawing it.
CREATE TABLE sync_outbox (
    doc     TEXT NOT NULL CHECK (length(doc) BETWEEN 40 AND 60),
    account TEXT NOT NULL CHECK (length(trim(account)) BETWEEN 1 AND 80),
    access  TEXT CHECK (access IS NULL OR access IN ('read', 'write')),
    PRIMARY KEY (doc, account)
) STRICT, WITHOUT ROWID;
