-- An upload serves one task. Once that task has failed or was cancelled the file can never be used again
-- (a new start needs a new upload), so it is deleted at once rather than kept until the retention purge:
-- a refused document leaves nothing behind. Kept in the database so that every path that ends a task
-- (the recorder, a cancel of a queued task, a failed publish) and the attach race are covered alike.
CREATE FUNCTION gateway.delete_uploads_of_ended_task() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM gateway.uploads WHERE task_id = NEW.task_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER tasks_failed_or_revoked_drop_uploads
    AFTER UPDATE OF state ON gateway.tasks
    FOR EACH ROW
    WHEN (NEW.state IN ('FAILURE', 'REVOKED') AND OLD.state IS DISTINCT FROM NEW.state)
    EXECUTE FUNCTION gateway.delete_uploads_of_ended_task();

-- The worker may fail a bad document before the start route attached the upload to its task.
CREATE FUNCTION gateway.delete_upload_of_ended_task() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM gateway.uploads u
    USING gateway.tasks t
    WHERE u.id = NEW.id AND t.task_id = NEW.task_id AND t.state IN ('FAILURE', 'REVOKED');
    RETURN NULL;
END
$$;

CREATE TRIGGER uploads_attached_to_ended_task_dropped
    AFTER UPDATE OF task_id ON gateway.uploads
    FOR EACH ROW
    WHEN (NEW.task_id IS NOT NULL)
    EXECUTE FUNCTION gateway.delete_upload_of_ended_task();
