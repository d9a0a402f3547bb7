package org.edxo.ai.gateway.streaming;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.gateway.tasks.RecordedTaskEvent;
import org.edxo.ai.gateway.tasks.TaskRow;
import org.edxo.ai.gateway.tasks.TaskState;
import org.springframework.http.codec.ServerSentEvent;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns task events into the SSE vocabulary of the original (reference §4.2), with deltas instead of whole
 * buffers:
 * <pre>
 * event: open      data: {}                                              (retry: 3000, no id)
 * event: progress  data: {"state": S, "meta": {message | stream_chunk | stream_buffer | reasoning_chunk | reasoning_summary | reset}}
 * event: done      data: {"state": SUCCESS|FAILURE|REVOKED, "result": R|null, "meta": {message?, reasoning_summary?}}
 * event: ping      data: {}                                              (no id)
 * event: error     data: {"error": "..."}                                (no id)
 * </pre>
 * Every progress and done event carries {@code id: <seq>}, the cursor a reconnecting client sends back.
 * When a task starts its next model call, {@code stream_buffer: ""} tells clients to start the output
 * anew (the original's orchestrator replaces its buffer with {@code stream_buffer}).
 */
public final class TaskSseMapper {

    public static final String OPEN = "open";
    public static final String PROGRESS = "progress";
    public static final String DONE = "done";
    public static final String PING = "ping";
    public static final String ERROR = "error";

    static final String STREAM_CHUNK = "stream_chunk";
    static final String STREAM_BUFFER = "stream_buffer";
    static final String REASONING_CHUNK = "reasoning_chunk";
    static final String RESET = "reset";
    private static final String EMPTY = "{}";

    private TaskSseMapper() {
    }

    public static ServerSentEvent<String> open(Duration retry) {
        return ServerSentEvent.<String>builder().event(OPEN).retry(retry).data(EMPTY).build();
    }

    public static ServerSentEvent<String> ping() {
        return ServerSentEvent.<String>builder().event(PING).data(EMPTY).build();
    }

    public static ServerSentEvent<String> error(String message) {
        return ServerSentEvent.<String>builder().event(ERROR).data(Json.writeString(Map.of("error", message))).build();
    }

    public static boolean ends(ServerSentEvent<?> event) {
        return DONE.equals(event.event()) || ERROR.equals(event.event());
    }

    public static ServerSentEvent<String> toSse(RecordedTaskEvent event) {
        TaskState state = TaskState.after(event.type());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", state.name());
        if (event.type().terminal()) {
            data.put("result", state == TaskState.SUCCESS ? event.data().get(TaskEvent.RESULT) : null);
            data.put("meta", doneMeta(event));
            return build(DONE, event.seq(), data);
        }
        data.put("meta", progressMeta(event));
        return build(PROGRESS, event.seq(), data);
    }

    /**
     * The closing event of a finished task whose terminal event is not (or no longer) in the stream:
     * a task the gateway failed itself, or a client resuming past the stored {@code done}. Not replayable,
     * so no id.
     */
    public static ServerSentEvent<String> doneFromRow(TaskRow task) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", task.state().name());
        data.put("result", task.state() == TaskState.SUCCESS ? task.result() : null);
        data.put("meta", task.meta());
        return ServerSentEvent.<String>builder().event(DONE).data(Json.writeString(data)).build();
    }

    private static Map<String, Object> progressMeta(RecordedTaskEvent event) {
        Map<String, Object> meta = new LinkedHashMap<>();
        switch (event.type()) {
            case OUTPUT_DELTA -> meta.put(STREAM_CHUNK, event.text(TaskEvent.DELTA));
            case REASONING_DELTA -> meta.put(REASONING_CHUNK, event.text(TaskEvent.DELTA));
            case RESET -> {
                meta.put(RESET, true);
                putIfText(meta, event, TaskEvent.MESSAGE);
            }
            default -> {
                putIfText(meta, event, TaskEvent.MESSAGE);
                putIfText(meta, event, TaskEvent.REASONING_SUMMARY);
                if (Boolean.TRUE.equals(event.data().get(TaskEvent.OUTPUT_RESTART))) {
                    meta.put(STREAM_BUFFER, "");
                }
            }
        }
        return meta;
    }

    private static Map<String, Object> doneMeta(RecordedTaskEvent event) {
        Map<String, Object> meta = new LinkedHashMap<>();
        putIfText(meta, event, TaskEvent.MESSAGE);
        putIfText(meta, event, TaskEvent.REASONING_SUMMARY);
        putIfText(meta, event, TaskEvent.ERROR_CODE);
        return meta;
    }

    private static void putIfText(Map<String, Object> meta, RecordedTaskEvent event, String key) {
        String value = event.text(key);
        if (value != null) {
            meta.put(key, value);
        }
    }

    private static ServerSentEvent<String> build(String name, long seq, Map<String, Object> data) {
        return ServerSentEvent.<String>builder().id(Long.toString(seq)).event(name).data(Json.writeString(data)).build();
    }
}
