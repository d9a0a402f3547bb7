package org.edxo.ai.worker.messaging;

import org.edxo.ai.contracts.messages.TaskCommand;
import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.contracts.messages.TaskEventType;

import java.util.Map;

/**
 * Creates one task's events with strictly increasing {@code seq}, from {@link TaskEvent#firstSeq} of the
 * attempt, so the events of a redelivered command never collide with those the gateway already stored for an
 * earlier attempt (it keeps events idempotently by (task_id, seq)).
 * Create events in the order they are published.
 */
public final class TaskEventSequence {

    private final TaskCommand command;
    private long seq;

    public TaskEventSequence(TaskCommand command, int attempt) {
        this.command = command;
        this.seq = TaskEvent.firstSeq(attempt) - 1;
    }

    public TaskEvent next(TaskEventType type, Map<String, Object> data) {
        return TaskEvent.of(command, type, ++seq, data);
    }

    public TaskEvent next(TaskEventType type, String message) {
        return next(type, TaskEvent.data(TaskEvent.MESSAGE, message));
    }
}
