package org.edxo.ai.gateway.tasks;

import io.r2dbc.spi.Readable;
import org.edxo.ai.contracts.json.Json;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.UUID;

/** {@code gateway.tasks}: the row each task start creates and each recorded event updates. */
@Repository
public class TaskRepository {

    private static final String COLUMNS = "task_id, kind, user_id, state, message, meta, result, last_seq";

    private final DatabaseClient db;

    public TaskRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> insertPending(UUID taskId, String kind, String userId, String message) {
        return db.sql("""
                        INSERT INTO gateway.tasks (task_id, kind, user_id, state, message, meta)
                        VALUES (:taskId, :kind, :userId, 'PENDING', :message, :meta)""")
                .bind("taskId", taskId)
                .bind("kind", kind)
                .bind("userId", userId)
                .bind("message", message)
                .bind("meta", jsonb(Map.of("message", message)))
                .then();
    }

    /** Creates the row of a task first seen through its events (a campus system published the command itself). */
    public Mono<Void> insertIfAbsent(UUID taskId, String kind, String userId) {
        return db.sql("""
                        INSERT INTO gateway.tasks (task_id, kind, user_id, state)
                        VALUES (:taskId, :kind, :userId, 'PENDING')
                        ON CONFLICT (task_id) DO NOTHING""")
                .bind("taskId", taskId)
                .bind("kind", kind)
                .bind("userId", userId)
                .then();
    }

    /** A task first seen through its events. */
    public record NewTask(UUID taskId, String kind, String userId) {
    }

    /** {@link #insertIfAbsent} for the tasks of a batch of events, in one statement. */
    public Mono<Void> insertAllIfAbsent(java.util.Collection<NewTask> tasks) {
        UUID[] ids = tasks.stream().map(NewTask::taskId).toArray(UUID[]::new);
        String[] kinds = tasks.stream().map(NewTask::kind).toArray(String[]::new);
        String[] users = tasks.stream().map(NewTask::userId).toArray(String[]::new);
        return db.sql("""
                        INSERT INTO gateway.tasks (task_id, kind, user_id, state)
                        SELECT t, k, u, 'PENDING'
                        FROM unnest(CAST(:ids AS uuid[]), CAST(:kinds AS text[]), CAST(:users AS text[])) AS x(t, k, u)
                        ORDER BY t
                        ON CONFLICT (task_id) DO NOTHING""")
                .bind("ids", ids)
                .bind("kinds", kinds)
                .bind("users", users)
                .then();
    }

    /** {@link #advanceOnDelta} for several tasks at once: each task's highest delta seq of a batch. */
    public Mono<Void> advanceOnDeltas(Map<UUID, Long> highestSeqs) {
        UUID[] ids = highestSeqs.keySet().toArray(UUID[]::new);
        Long[] seqs = highestSeqs.values().toArray(Long[]::new);
        return db.sql("""
                        UPDATE gateway.tasks t
                        SET last_seq = GREATEST(t.last_seq, x.seq), updated_at = now(),
                            state = CASE WHEN t.state IN ('PENDING', 'STARTED') AND x.seq >= t.last_seq
                                         THEN 'PROGRESS' ELSE t.state END
                        FROM unnest(CAST(:ids AS uuid[]), CAST(:seqs AS bigint[])) AS x(task_id, seq)
                        WHERE t.task_id = x.task_id""")
                .bind("ids", ids)
                .bind("seqs", seqs)
                .then();
    }

    public Mono<TaskRow> find(UUID taskId) {
        return db.sql("SELECT " + COLUMNS + " FROM gateway.tasks WHERE task_id = :taskId")
                .bind("taskId", taskId)
                .map(TaskRepository::toRow)
                .one();
    }

    /** The row, locked until the end of the surrounding transaction. */
    public Mono<TaskRow> findForUpdate(UUID taskId) {
        return db.sql("SELECT " + COLUMNS + " FROM gateway.tasks WHERE task_id = :taskId FOR UPDATE")
                .bind("taskId", taskId)
                .map(TaskRepository::toRow)
                .one();
    }

    public Mono<Void> write(UUID taskId, TaskProjection.Snapshot snapshot) {
        var spec = db.sql("""
                        UPDATE gateway.tasks
                        SET state = :state, message = :message, meta = :meta, result = :result, last_seq = :lastSeq,
                            updated_at = now(),
                            finished_at = CASE WHEN :terminal AND finished_at IS NULL THEN now() ELSE finished_at END
                        WHERE task_id = :taskId""")
                .bind("taskId", taskId)
                .bind("state", snapshot.state().name())
                .bind("message", snapshot.message())
                .bind("meta", jsonb(snapshot.meta()))
                .bind("lastSeq", snapshot.lastSeq())
                .bind("terminal", snapshot.state().terminal());
        spec = snapshot.result() == null
                ? spec.bindNull("result", io.r2dbc.postgresql.codec.Json.class)
                : spec.bind("result", jsonb(snapshot.result()));
        return spec.then();
    }

    /**
     * The cheap path for text deltas, which arrive many times a second: the same outcome as
     * {@link TaskProjection#apply} for a delta, in one statement and without reading the row.
     */
    public Mono<Void> advanceOnDelta(UUID taskId, long seq) {
        return db.sql("""
                        UPDATE gateway.tasks
                        SET last_seq = GREATEST(last_seq, :seq), updated_at = now(),
                            state = CASE WHEN state IN ('PENDING', 'STARTED') AND :seq >= last_seq
                                         THEN 'PROGRESS' ELSE state END
                        WHERE task_id = :taskId""")
                .bind("taskId", taskId)
                .bind("seq", seq)
                .then();
    }

    /** Marks a task whose command never reached the broker; a task some worker already touched is left alone. */
    public Mono<Void> markUnpublished(UUID taskId, String message) {
        return db.sql("""
                        UPDATE gateway.tasks
                        SET state = 'FAILURE', message = :message, meta = :meta, updated_at = now(), finished_at = now()
                        WHERE task_id = :taskId AND state = 'PENDING' AND last_seq = 0""")
                .bind("taskId", taskId)
                .bind("message", message)
                .bind("meta", jsonb(Map.of("message", message)))
                .then();
    }

    /**
     * Revokes a task nobody started yet (PENDING, no event recorded) and notes the cancel request.
     * @return whether it was still queued
     */
    public Mono<Boolean> revokeIfQueued(UUID taskId, String message) {
        return db.sql("""
                        UPDATE gateway.tasks
                        SET state = 'REVOKED', message = :message, meta = :meta, cancel_requested_at = now(),
                            updated_at = now(), finished_at = now()
                        WHERE task_id = :taskId AND state = 'PENDING' AND last_seq = 0""")
                .bind("taskId", taskId)
                .bind("message", message)
                .bind("meta", jsonb(Map.of("message", message)))
                .fetch()
                .rowsUpdated()
                .map(count -> count > 0);
    }

    /** Notes a cancel request on a task that is not finished (workers check it before running a command). */
    public Mono<Void> markCancelRequested(UUID taskId) {
        return db.sql("""
                        UPDATE gateway.tasks SET cancel_requested_at = COALESCE(cancel_requested_at, now())
                        WHERE task_id = :taskId AND state NOT IN ('SUCCESS', 'FAILURE', 'REVOKED')""")
                .bind("taskId", taskId)
                .then();
    }

    /** Whether a cancel was asked for this task or it is already revoked; empty when the task is unknown. */
    public Mono<Boolean> cancelled(UUID taskId) {
        return db.sql("SELECT state, cancel_requested_at FROM gateway.tasks WHERE task_id = :taskId")
                .bind("taskId", taskId)
                .map(row -> "REVOKED".equals(row.get("state", String.class))
                        || row.get("cancel_requested_at", java.time.OffsetDateTime.class) != null)
                .one();
    }

    static io.r2dbc.postgresql.codec.Json jsonb(Object value) {
        return io.r2dbc.postgresql.codec.Json.of(Json.write(value));
    }

    static Object fromJsonb(Readable row, String column) {
        var json = row.get(column, io.r2dbc.postgresql.codec.Json.class);
        return json == null ? null : Json.read(json.asArray(), Object.class);
    }

    @SuppressWarnings("unchecked")
    private static TaskRow toRow(Readable row) {
        Object meta = fromJsonb(row, "meta");
        return new TaskRow(
                row.get("task_id", UUID.class),
                row.get("kind", String.class),
                row.get("user_id", String.class),
                TaskState.valueOf(row.get("state", String.class)),
                row.get("message", String.class),
                meta instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of(),
                fromJsonb(row, "result"),
                row.get("last_seq", Long.class));
    }
}
