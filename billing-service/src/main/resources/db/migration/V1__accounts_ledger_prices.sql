-- Credits of each user, the append-only ledger that explains every change, and the price book.
-- Money is NUMERIC(18,6) dollars, never floating point (DESIGN §6).

CREATE TABLE billing.accounts (
    user_id    text PRIMARY KEY,
    balance    numeric(18, 6) NOT NULL DEFAULT 0 CHECK (balance >= 0),
    updated_at timestamptz    NOT NULL DEFAULT now()
);

-- One row per change of a balance. amount is the signed change actually applied (credit > 0,
-- debit < 0), so balance_after = previous balance_after + amount, and the sum of a user's amounts is
-- the balance. uncovered is the part of a charge the balance could not pay (cost = uncovered - amount
-- for a capture); holds before spending will make it always 0.
CREATE TABLE billing.ledger_entries (
    id                  uuid PRIMARY KEY,
    -- Total order of the ledger (created_at can tie inside one transaction).
    seq                 bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    user_id             text           NOT NULL REFERENCES billing.accounts (user_id),
    kind                text           NOT NULL CHECK (kind IN ('hold', 'capture', 'release', 'top_up', 'adjustment')),
    amount              numeric(18, 6) NOT NULL,
    balance_after       numeric(18, 6) NOT NULL CHECK (balance_after >= 0),
    uncovered           numeric(18, 6) NOT NULL DEFAULT 0 CHECK (uncovered >= 0),
    -- Exactly-once effect: usage:<message id>, top-up:<Idempotency-Key>, later hold:<task>:<attempt>.
    idempotency_key     text           NOT NULL UNIQUE,
    task_id             uuid,
    model               text,
    input_tokens        bigint,
    cached_input_tokens bigint,
    output_tokens       bigint,
    reasoning_tokens    bigint,
    reason              text,
    actor               text,
    created_at          timestamptz    NOT NULL DEFAULT now()
);

CREATE INDEX ledger_entries_user_seq_idx ON billing.ledger_entries (user_id, seq DESC);
CREATE INDEX ledger_entries_task_idx ON billing.ledger_entries (task_id) WHERE task_id IS NOT NULL;

-- Append-only: corrections are new 'adjustment' entries, never edits.
CREATE FUNCTION billing.ledger_entries_append_only() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'billing.ledger_entries is append-only';
END;
$$;

CREATE TRIGGER ledger_entries_append_only
    BEFORE UPDATE OR DELETE ON billing.ledger_entries
    FOR EACH ROW EXECUTE FUNCTION billing.ledger_entries_append_only();

-- Dollars per 1,000,000 tokens. A new price is a new row with a later effective_from, so a usage is
-- always priced as of when it happened. No cached-input price = cached tokens cost the input price.
CREATE TABLE billing.prices (
    model                    text           NOT NULL,
    effective_from           timestamptz    NOT NULL,
    input_per_million        numeric(18, 6) NOT NULL CHECK (input_per_million >= 0),
    cached_input_per_million numeric(18, 6) CHECK (cached_input_per_million >= 0),
    output_per_million       numeric(18, 6) NOT NULL CHECK (output_per_million >= 0),
    PRIMARY KEY (model, effective_from)
);

-- The original's DEFAULT_PRICING (src/utils/openai_pricing.py), which has no cached-input price.
INSERT INTO billing.prices (model, effective_from, input_per_million, cached_input_per_million, output_per_million)
VALUES ('gpt-5', '2025-01-01T00:00:00Z', 5.00, NULL, 15.00),
       ('gpt-5-mini', '2025-01-01T00:00:00Z', 0.30, NULL, 1.20),
       ('gpt-5-nano', '2025-01-01T00:00:00Z', 0.05, NULL, 0.20);
