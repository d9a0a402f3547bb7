package org.edxo.ai.gateway.attempts;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.contracts.messages.TaskEventType;
import org.edxo.ai.gateway.tasks.RecordedTaskEvent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the attempts of a task relayed, call by call, read from its events: which calls started and how many
 * bytes of output and reasoning they streamed. A worker that takes over a command whose worker died bills
 * the dead attempts' calls on this estimate (the provider used those tokens; nobody reported them).
 */
public final class RelayedOutput {

    /** One attempt that left events, and the calls it started. */
    public record AttemptRelayed(@JsonProperty("attempt") int attempt, @JsonProperty("calls") List<CallRelayed> calls) {
    }

    /** One call that started. */
    public record CallRelayed(@JsonProperty("call") int call, @JsonProperty("output_bytes") long outputBytes,
                              @JsonProperty("reasoning_bytes") long reasoningBytes) {
    }

    private RelayedOutput() {
    }

    /**
     * @param events events in seq order; the seq tells the attempt ({@link TaskEvent#ATTEMPT_STRIDE}), a progress
     *               event carrying {@link TaskEvent#CALL} starts that call, and the deltas that follow belong to
     *               it (to call 1 before any such marker)
     */
    public static List<AttemptRelayed> of(List<RecordedTaskEvent> events) {
        Map<Integer, Map<Integer, long[]>> attempts = new TreeMap<>();
        int currentAttempt = 0;
        int currentCall = 1;
        for (RecordedTaskEvent event : events) {
            int attempt = (int) ((event.seq() - 1) / TaskEvent.ATTEMPT_STRIDE) + 1;
            if (attempt != currentAttempt) {
                currentAttempt = attempt;
                currentCall = 1;
            }
            Map<Integer, long[]> calls = attempts.computeIfAbsent(attempt, a -> new TreeMap<>());
            if (event.type() == TaskEventType.PROGRESS && event.data().get(TaskEvent.CALL) instanceof Number call) {
                currentCall = call.intValue();
                calls.computeIfAbsent(currentCall, c -> new long[2]);
            } else if (event.type() == TaskEventType.OUTPUT_DELTA || event.type() == TaskEventType.REASONING_DELTA) {
                String delta = event.text(TaskEvent.DELTA);
                long bytes = delta == null ? 0 : delta.getBytes(StandardCharsets.UTF_8).length;
                calls.computeIfAbsent(currentCall, c -> new long[2])[event.type() == TaskEventType.OUTPUT_DELTA ? 0 : 1] += bytes;
            }
        }
        List<AttemptRelayed> relayed = new ArrayList<>(attempts.size());
        attempts.forEach((attempt, calls) -> {
            List<CallRelayed> started = new ArrayList<>(calls.size());
            calls.forEach((call, bytes) -> started.add(new CallRelayed(call, bytes[0], bytes[1])));
            relayed.add(new AttemptRelayed(attempt, started));
        });
        return relayed;
    }
}
