-- A task may make several model calls in one attempt (the plan de cours generation makes two): each
-- call holds its own worst case before the task starts its first call, and each call's usage settles
-- its own hold. Existing holds are call 1.
ALTER TABLE billing.holds ADD COLUMN call_index integer NOT NULL DEFAULT 1 CHECK (call_index >= 1);
ALTER TABLE billing.holds DROP CONSTRAINT holds_pkey;
ALTER TABLE billing.holds ADD PRIMARY KEY (task_id, attempt, call_index);
