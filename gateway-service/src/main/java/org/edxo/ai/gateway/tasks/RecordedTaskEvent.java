package org.edxo.ai.gateway.tasks;

import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.contracts.messages.TaskEventType;

import java.util.Map;
import java.util.UUID;

/**
 * A task event as the gateway keeps it (replay log row, live relay): what SSE clients need and nothing more.
 */
public record RecordedTaskEvent(UUID taskId, long seq, TaskEventType type, Map<String, Object> data) {

    public RecordedTaskEvent {
        data = data == null ? Map.of() : data;
    }

    public static RecordedTaskEvent of(TaskEvent event) {
        return new RecordedTaskEvent(event.taskId(), event.seq(), event.type(), event.data());
    }

    /** A text value of {@code data}, or null when absent or not a string. */
    public String text(String key) {
        return data.get(key) instanceof String value ? value : null;
    }
}
