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

    public Flux<RecordedTaskEvent> after(UUID taskId, long afterSeq) {
        return db.sql("""
                        SELECT task_id, seq, type, data FROM gateway.task_events
                        WHERE task_id = :taskId AND seq > :afterSeq ORDER BY seq""")
                .bind("taskId", taskId)
                .bind("afterSeq", afterSeq)
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
