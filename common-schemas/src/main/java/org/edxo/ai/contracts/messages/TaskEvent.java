package org.edxo.ai.contracts.messages;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One thing that happened to a task, published by the worker on {@code edxo.task.events}.
 * {@code seq} is per task, strictly increasing from 1, assigned by the worker; the gateway stores
 * events idempotently by {@code (task_id, seq)} and replays them in that order.
 * Contract: {@code schemas/messages/task-event.v1.schema.json}; the keys of {@code data} per type are
 * the constants below.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskEvent(
        @JsonProperty("id") UUID id,
        @JsonProperty("type") TaskEventType type,
        @JsonProperty("task_id") UUID taskId,
        @JsonProperty("kind") String kind,
        @JsonProperty("user_id") String userId,
        @JsonProperty("seq") long seq,
        @JsonProperty("occurred_at") Instant occurredAt,
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("trace") String trace,
        @JsonProperty("data") Map<String, Object> data) {

    public static final int SCHEMA_VERSION = 1;

    /** Human status line, in French (started, progress, failed, revoked). */
    public static final String MESSAGE = "message";
    /** Text appended to the output or to the reasoning summary (output_delta, reasoning_delta). */
    public static final String DELTA = "delta";
    /** The whole reasoning summary so far (progress, succeeded). */
    public static final String REASONING_SUMMARY = "reasoning_summary";
    /** The final payload (succeeded). */
    public static final String RESULT = "result";
    /** A stable machine-readable reason (failed, rejected), e.g. {@code invalid_input}. */
    public static final String ERROR_CODE = "error_code";
    /**
     * True on the progress event that starts a task's next model call (a task may make several): the
     * output streamed so far is complete, clients start a new one; the final payload carries every call's result.
     */
    public static final String OUTPUT_RESTART = "output_restart";
    /**
     * On the progress event that starts a model call: its number from 1 (as in holds and usage); the deltas
     * that follow belong to it. What an attempt relayed per call can so be told from the event log.
     */
    public static final String CALL = "call";

    /**
     * Attempt n of a task numbers its events from {@code (n - 1) × ATTEMPT_STRIDE + 1}: the events of a
     * redelivered command never collide with those stored for an earlier attempt, and a seq tells its attempt.
     */
    public static final long ATTEMPT_STRIDE = 1_000_000L;

    /** The first seq of {@code attempt} (from 1). */
    public static long firstSeq(int attempt) {
        return (attempt - 1L) * ATTEMPT_STRIDE + 1;
    }

    public static TaskEvent of(TaskCommand command, TaskEventType type, long seq, Map<String, Object> data) {
        return new TaskEvent(UUID.randomUUID(), type, command.taskId(), command.kind(), command.userId(), seq,
                Instant.now(), SCHEMA_VERSION, command.trace(), data);
    }

    public String routingKey() {
        return kind + "." + type.routingSuffix();
    }

    /** Convenience for building small {@code data} maps in a stable key order. */
    public static Map<String, Object> data(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
