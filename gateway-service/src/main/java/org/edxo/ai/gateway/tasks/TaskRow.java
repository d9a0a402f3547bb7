package org.edxo.ai.gateway.tasks;

import java.util.Map;
import java.util.UUID;

/** A row of {@code gateway.tasks}. {@code result} is any JSON value, null until the task succeeds. */
public record TaskRow(
        UUID taskId,
        String kind,
        String userId,
        TaskState state,
        String message,
        Map<String, Object> meta,
        Object result,
        long lastSeq) {

    public TaskProjection.Snapshot snapshot() {
        return new TaskProjection.Snapshot(state, message, meta, result, lastSeq);
    }
}
