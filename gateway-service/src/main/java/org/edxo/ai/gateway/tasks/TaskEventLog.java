package org.edxo.ai.gateway.tasks;

import io.r2dbc.spi.Readable;
import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.contracts.messages.TaskEventType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** {@code gateway.task_events}: the replay log, written once per (task_id, seq), read back in seq order. */
@Repository
public class TaskEventLog {

    private final DatabaseClient db;

    public TaskEventLog(DatabaseClient db) {
        this.db = db;
    }

    /** @return true when the event is new, false when it was already stored (a redelivery or a duplicate). */
    public Mono<Boolean> append(TaskEvent event) {
        // No conflict target: a duplicate (task_id, seq) and a duplicate event id are both "already stored".
        return db.sql("""
                        INSERT INTO gateway.task_events (task_id, seq, event_id, type, data, occurred_at)
                        VALUES (:taskId, :seq, :eventId, :type, :data, :occurredAt)
                        ON CONFLICT DO NOTHING""")
                .bind("taskId", event.taskId())
                .bind("seq", event.seq())
                .bind("eventId", event.id())
                .bind("type", event.type().wireName())
                .bind("data", TaskRepository.jsonb(event.data() == null ? Map.of() : event.data()))
                .bind("occurredAt", event.occurredAt() == null ? Instant.now() : event.occurredAt())
                .fetch()
                .rowsUpdated()
                .map(count -> count > 0);
    }

    /** One event of a batch: {@code dataJson} is its {@code data} as JSON text. */
    public record NewEvent(UUID taskId, long seq, UUID eventId, String type, String dataJson, Instant occurredAt) {
    }

    /**
     * Stores a batch in one statement (inside the caller's transaction); events already stored, by (task_id, seq)
     * or by event id, are skipped.
     *
     * @return the (task_id, seq) of the events that were new, as {@code taskId + ":" + seq}
     */
    public Mono<java.util.Set<String>> appendAll(java.util.List<NewEvent> events) {
        int n = events.size();
        UUID[] taskIds = new UUID[n];
        Long[] seqs = new Long[n];
        UUID[] eventIds = new UUID[n];
        String[] types = new String[n];
        String[] data = new String[n];
        String[] occurred = new String[n];
        for (int i = 0; i < n; i++) {
            NewEvent event = events.get(i);
            taskIds[i] = event.taskId();
            seqs[i] = event.seq();
            eventIds[i] = event.eventId();
            types[i] = event.type();
            data[i] = event.dataJson();
            occurred[i] = (event.occurredAt() == null ? Instant.now() : event.occurredAt()).toString();
        }
        return db.sql("""
                        INSERT INTO gateway.task_events (task_id, seq, event_id, type, data, occurred_at)
                        SELECT t, s, e, ty, CAST(d AS jsonb), CAST(o AS timestamptz)
                        FROM unnest(CAST(:taskIds AS uuid[]), CAST(:seqs AS bigint[]), CAST(:eventIds AS uuid[]),
                                    CAST(:types AS text[]), CAST(:data AS text[]), CAST(:occurred AS text[])) AS x(t, s, e, ty, d, o)
                        ON CONFLICT DO NOTHING
                        RETURNING task_id, seq""")
                .bind("taskIds", taskIds)
                .bind("seqs", seqs)
                .bind("eventIds", eventIds)
                .bind("types", types)
                .bind("data", data)
                .bind("occurred", occurred)
                .map(row -> row.get("task_id", UUID.class) + ":" + row.get("seq", Long.class))
                .all()
                .collect(java.util.stream.Collectors.toSet());
    }

    public Flux<RecordedTaskEvent> after(UUID taskId, long afterSeq) {
        return db.sql("""
                        SELECT task_id, seq, type, data FROM gateway.task_events
                        WHERE task_id = :taskId AND seq > :afterSeq ORDER BY seq""")
                .bind("taskId", taskId)
                .bind("afterSeq", afterSeq)
                .map(TaskEventLog::toEvent)
                .all();
    }

    /** The stored events of the task with {@code fromSeq <= seq <= toSeq}, in order. */
    public Flux<RecordedTaskEvent> between(UUID taskId, long fromSeq, long toSeq) {
        return db.sql("""
                        SELECT task_id, seq, type, data FROM gateway.task_events
                        WHERE task_id = :taskId AND seq BETWEEN :fromSeq AND :toSeq ORDER BY seq""")
                .bind("taskId", taskId)
                .bind("fromSeq", fromSeq)
                .bind("toSeq", toSeq)
                .map(TaskEventLog::toEvent)
                .all();
    }

    @SuppressWarnings("unchecked")
    private static RecordedTaskEvent toEvent(Readable row) {
        Object data = TaskRepository.fromJsonb(row, "data");
        return new RecordedTaskEvent(
                row.get("task_id", UUID.class),
                row.get("seq", Long.class),
                TaskEventType.fromWireName(row.get("type", String.class)),
                data instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of());
    }
}
