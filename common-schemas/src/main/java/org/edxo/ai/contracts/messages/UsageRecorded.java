package org.edxo.ai.contracts.messages;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.UUID;

/**
 * The tokens one model call used, published by the worker on {@code edxo.usage} (routing key: the
 * model) once the call has ended, whatever its outcome. {@code id} is {@link #idOf} the call and is the
 * ledger's idempotency key: a redelivered or duplicated message never charges twice, nor does a call reported
 * both by its worker and, on an estimate, by the worker that took over after the first one died.
 * Contract: {@code schemas/messages/usage-recorded.v1.schema.json}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageRecorded(
        @JsonProperty("id") UUID id,
        @JsonProperty("type") String type,
        @JsonProperty("task_id") UUID taskId,
        @JsonProperty("kind") String kind,
        @JsonProperty("user_id") String userId,
        @JsonProperty("occurred_at") Instant occurredAt,
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("trace") String trace,
        @JsonProperty("data") Usage data) {

    public static final String TYPE = "usage.recorded";
    public static final int SCHEMA_VERSION = 1;

    /** The usage id of call {@code call} of attempt {@code attempt} of a task: one per call, whoever reports it. */
    public static UUID idOf(UUID taskId, int attempt, int call) {
        return UUID.nameUUIDFromBytes(("usage:" + taskId + ":" + attempt + ":" + call)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Token counts as the Responses API reports them: cached tokens are part of input tokens and
     * reasoning tokens part of output tokens. {@code call} numbers the model calls of one attempt from 1
     * (absent = 1): each call settles its own hold.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Usage(
            @JsonProperty("model") String model,
            @JsonProperty("section") String section,
            @JsonProperty("response_id") String responseId,
            @JsonProperty("attempt") int attempt,
            @JsonProperty("call") Integer call,
            @JsonProperty("input_tokens") long inputTokens,
            @JsonProperty("cached_input_tokens") long cachedInputTokens,
            @JsonProperty("output_tokens") long outputTokens,
            @JsonProperty("reasoning_tokens") long reasoningTokens) {

        /** The call's number, 1 when the message does not say. */
        public int callIndex() {
            return call == null ? 1 : call;
        }
    }
}
