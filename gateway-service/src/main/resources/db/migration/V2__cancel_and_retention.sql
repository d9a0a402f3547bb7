-- When a cancel was asked for: a worker that takes the command later (or again) revokes it instead of running it.
ALTER TABLE gateway.tasks ADD COLUMN cancel_requested_at timestamptz;

-- The retention purge takes the oldest untouched tasks first.
CREATE INDEX tasks_updated_idx ON gateway.tasks (updated_at);
