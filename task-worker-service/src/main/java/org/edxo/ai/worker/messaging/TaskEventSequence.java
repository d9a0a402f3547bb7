package org.edxo.ai.worker.messaging;

import org.edxo.ai.contracts.messages.TaskCommand;
import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.contracts.messages.TaskEventType;

import java.util.Map;

/**
 * Creates one task's events with strictly increasing {@code seq}. Attempt n starts after
 * {@code (n - 1) × 1,000,000}, so the events of a redelivered command never collide with those
 * the gateway already stored for an earlier attempt (it keeps events idempotently by (task_id, seq)).
 * Create events in the order they are published.
 */
public final class TaskEventSequence {

    public static final long ATTEMPT_STRIDE = 1_000_000L;

    private final TaskCommand command;
    private long seq;

    public TaskEventSequence(TaskCommand command, int attempt) {
        this.command = command;
        this.seq = firstSeq(attempt) - 1;
    }

    public static long firstSeq(int attempt) {
        return (attempt - 1L) * ATTEMPT_STRIDE + 1;
    }

    public TaskEvent next(TaskEventType type, Map<String, Object> data) {
        return TaskEvent.of(command, type, ++seq, data);
    }

    public TaskEvent next(TaskEventType type, String message) {
        return next(type, TaskEvent.data(TaskEvent.MESSAGE, message));
    }
}
