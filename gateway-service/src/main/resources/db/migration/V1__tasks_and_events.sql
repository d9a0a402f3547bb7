-- One row per task: the projection clients poll (GET /tasks/status) and the owner check.
CREATE TABLE gateway.tasks (
    task_id     uuid        PRIMARY KEY,
    kind        text        NOT NULL,
    user_id     text        NOT NULL,
    state       text        NOT NULL CHECK (state IN ('PENDING', 'STARTED', 'PROGRESS', 'SUCCESS', 'FAILURE', 'REVOKED')),
    message     text        NOT NULL DEFAULT '',
    meta        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    result      jsonb,
    last_seq    bigint      NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);

CREATE INDEX tasks_user_created_idx ON gateway.tasks (user_id, created_at DESC);

-- The replay log: every event a worker published, stored once per (task_id, seq), read back in seq order.
CREATE TABLE gateway.task_events (
    task_id     uuid        NOT NULL REFERENCES gateway.tasks (task_id) ON DELETE CASCADE,
    seq         bigint      NOT NULL,
    event_id    uuid        NOT NULL UNIQUE,
    type        text        NOT NULL,
    data        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    occurred_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (task_id, seq)
);
