package org.edxo.ai.gateway.tasks;

import org.edxo.ai.contracts.messages.TaskEvent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one recorded event changes the task row (pure, so the rules are unit-tested):
 * <ul>
 *   <li>a terminal state never changes again;</li>
 *   <li>a non-terminal event older than the last applied one (a redelivery that overtook) changes nothing
 *       but is still stored for replay;</li>
 *   <li>{@code meta} keeps only the status line, the reasoning summary and the error code: deltas live in
 *       the replay log, never in the row (the original rewrote the whole buffer per token).</li>
 * </ul>
 */
public final class TaskProjection {

    /** The fields of the task row this projection reads and writes. */
    public record Snapshot(TaskState state, String message, Map<String, Object> meta, Object result, long lastSeq) {

        public Snapshot {
            message = message == null ? "" : message;
            meta = meta == null ? Map.of() : meta;
        }
    }

    private TaskProjection() {
    }

    public static Snapshot apply(Snapshot current, RecordedTaskEvent event) {
        long lastSeq = Math.max(current.lastSeq(), event.seq());
        boolean stale = !event.type().terminal() && event.seq() < current.lastSeq();
        if (current.state().terminal() || stale) {
            return new Snapshot(current.state(), current.message(), current.meta(), current.result(), lastSeq);
        }
        TaskState next = TaskState.after(event.type());
        String message = current.message();
        Map<String, Object> meta = new LinkedHashMap<>(current.meta());
        switch (event.type()) {
            case OUTPUT_DELTA, REASONING_DELTA -> {
                // Text only: nothing of the row changes but the state.
            }
            case RESET -> {
                // The model call restarts: the summary streamed so far is void.
                meta.remove(TaskEvent.REASONING_SUMMARY);
            }
            default -> {
                String reasoning = event.text(TaskEvent.REASONING_SUMMARY);
                if (reasoning != null) {
                    meta.put(TaskEvent.REASONING_SUMMARY, reasoning);
                }
                String errorCode = event.text(TaskEvent.ERROR_CODE);
                if (errorCode != null) {
                    meta.put(TaskEvent.ERROR_CODE, errorCode);
                }
            }
        }
        String newMessage = event.text(TaskEvent.MESSAGE);
        if (newMessage != null) {
            message = newMessage;
            meta.put(TaskEvent.MESSAGE, newMessage);
        }
        Object result = next == TaskState.SUCCESS ? event.data().get(TaskEvent.RESULT) : current.result();
        return new Snapshot(next, message, meta, result, lastSeq);
    }
}
