package org.edxo.ai.contracts.messages;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Asks a worker to run one task. Published on {@code edxo.task.commands} with the kind as routing key,
 * by the gateway or directly by a campus system acting for {@code user_id}.
 * Contract: {@code schemas/messages/task-command.v1.schema.json}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskCommand(
        @JsonProperty("id") UUID id,
        @JsonProperty("type") String type,
        @JsonProperty("task_id") UUID taskId,
        @JsonProperty("kind") String kind,
        @JsonProperty("user_id") String userId,
        @JsonProperty("occurred_at") Instant occurredAt,
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("trace") String trace,
        @JsonProperty("data") Data data) {

    public static final String TYPE = "task.command";
    public static final int SCHEMA_VERSION = 1;

    public TaskCommand {
        Objects.requireNonNull(taskId, "task_id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(userId, "user_id");
        Objects.requireNonNull(data, "data");
    }

    public static TaskCommand of(UUID taskId, String kind, String userId, Map<String, Object> input, Options options) {
        return new TaskCommand(UUID.randomUUID(), TYPE, taskId, kind, userId, Instant.now(), SCHEMA_VERSION, null,
                new Data(input, options));
    }

    /**
     * @param input   the task's input, valid against the kind's input schema (for example the domain snapshot)
     * @param options optional per-request overrides of the section settings
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Data(
            @JsonProperty("input") Map<String, Object> input,
            @JsonProperty("options") Options options) {
    }

    /** Request overrides; each wins over the section setting when present. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Options(
            @JsonProperty("model") String model,
            @JsonProperty("reasoning_effort") String reasoningEffort,
            @JsonProperty("verbosity") String verbosity) {
    }
}
