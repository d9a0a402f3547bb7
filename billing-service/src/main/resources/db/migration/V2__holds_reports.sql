-- Holds before spending (DESIGN §6). balance stays the money the user can still commit; held is the
-- money set aside for model calls in flight. Both CHECKs keep every observable state >= 0.
ALTER TABLE billing.accounts
    ADD COLUMN held numeric(18, 6) NOT NULL DEFAULT 0 CHECK (held >= 0);

-- What usage reports group by; set on capture entries (from the usage message) and on holds.
ALTER TABLE billing.ledger_entries
    ADD COLUMN attempt   integer,
    ADD COLUMN section   text,
    ADD COLUMN task_kind text;

CREATE INDEX ledger_entries_kind_created_idx ON billing.ledger_entries (kind, created_at);

-- One row per hold: the working state the ledger (append-only) cannot carry. A hold is open until a
-- capture or a release settles it, in the same transaction as the settling ledger entry.
CREATE TABLE billing.holds (
    task_id       uuid           NOT NULL,
    attempt       integer        NOT NULL CHECK (attempt >= 1),
    user_id       text           NOT NULL REFERENCES billing.accounts (user_id),
    model         text           NOT NULL,
    amount        numeric(18, 6) NOT NULL CHECK (amount >= 0),
    hold_entry_id uuid           NOT NULL REFERENCES billing.ledger_entries (id),
    created_at    timestamptz    NOT NULL DEFAULT now(),
    -- captured | released | expired; null while open.
    settlement    text CHECK (settlement IN ('captured', 'released', 'expired')),
    settled_at    timestamptz,
    PRIMARY KEY (task_id, attempt)
);

CREATE INDEX holds_open_idx ON billing.holds (created_at) WHERE settlement IS NULL;

-- Statements cut the ledger by time: created_at must follow seq for one user's entries, which are
-- written one after the other under the account lock; now() (transaction start) would not.
ALTER TABLE billing.ledger_entries ALTER COLUMN created_at SET DEFAULT clock_timestamp();
