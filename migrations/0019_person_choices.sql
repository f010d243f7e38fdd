-- A value the person chose for a field of their own document that two devices changed at
-- once. Choosing writes it into the rows at once and leaves it here; the next sync round
-- writes it into the document again (even when it is the value shown, which ends the
-- conflict on every device). At 10,000 mentees loading that document alone takes longer
-- than a click may, so the choice does not wait for it.
CREATE TABLE sync_choices (
    doc        TEXT NOT NULL CHECK (length(doc) BETWEEN 40 AND 60),
    container  TEXT NOT NULL,
    key        TEXT NOT NULL,
    field      TEXT NOT NULL,
    -- As sync_conflicts holds its values: the kind, then the value.
    value      TEXT NOT NULL,
    PRIMARY KEY (doc, container, key, field)
) STRICT, WITHOUT ROWID;
