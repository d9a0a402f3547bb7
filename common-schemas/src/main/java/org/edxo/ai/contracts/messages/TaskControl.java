package org.edxo.ai.contracts.messages;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.UUID;

/**
 * An order about a running or queued task, published by the gateway on {@code edxo.task.control}
 * (routing key {@code cancel}); every worker instance reads it from a queue of its own, and the one that
 * runs the task acts on it. {@code user_id} is who asked (the owner or an admin).
 * Contract: {@code schemas/messages/task-control.v1.schema.json}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskControl(
        @JsonProperty("id") UUID id,
        @JsonProperty("type") String type,
        @JsonProperty("task_id") UUID taskId,
        @JsonProperty("user_id") String userId,
        @JsonProperty("occurred_at") Instant occurredAt,
        @JsonProperty("schema_version") int schemaVersion) {

    public static final String CANCEL = "task.cancel";
    public static final String CANCEL_ROUTING_KEY = "cancel";
    public static final int SCHEMA_VERSION = 1;

    public static TaskControl cancel(UUID taskId, String userId) {
        return new TaskControl(UUID.randomUUID(), CANCEL, taskId, userId, Instant.now(), SCHEMA_VERSION);
    }
}
