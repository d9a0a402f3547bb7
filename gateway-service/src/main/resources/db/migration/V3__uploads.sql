-- Files users upload for the document tasks: kept in the database (no shared file system between gateway
-- instances), fetched by workers through an internal route, deleted with their task by the retention
-- purge (cascade) or, when never attached to a task, after edxo.gateway.uploads.unattached-ttl.
CREATE TABLE gateway.uploads (
    id           uuid        PRIMARY KEY,
    owner_id     text        NOT NULL,
    task_id      uuid        REFERENCES gateway.tasks (task_id) ON DELETE CASCADE,
    filename     text        NOT NULL,
    content_type text        NOT NULL,
    size         bigint      NOT NULL CHECK (size > 0),
    sha256       text        NOT NULL,
    bytes        bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- PDF and DOCX are compressed already: no TOAST compression, which also lets substring() read one slice
-- of the value without loading all of it (the internal route streams the bytes slice by slice).
ALTER TABLE gateway.uploads ALTER COLUMN bytes SET STORAGE EXTERNAL;

CREATE INDEX uploads_task_idx ON gateway.uploads (task_id);
CREATE INDEX uploads_unattached_idx ON gateway.uploads (created_at) WHERE task_id IS NULL;
