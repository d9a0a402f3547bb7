package org.edxo.ai.worker.openai;

/**
 * The few things of a Responses stream that a task cares about, independent of the SDK's classes.
 */
public sealed interface ModelStreamEvent {

    enum DeltaKind { REASONING, OUTPUT }

    /** Text appended to the reasoning summary or to the output. */
    record Delta(DeltaKind kind, String text) implements ModelStreamEvent {
    }

    /** One reasoning summary part is complete. */
    record ReasoningSummaryDone(String text) implements ModelStreamEvent {
    }

    /** A flat {@code error} event: the stream reports a problem, a terminal event may follow. */
    record StreamError(String detail) implements ModelStreamEvent {
    }

    /**
     * The terminal event: {@code response.completed}, {@code .incomplete} or {@code .failed}.
     *
     * @param outputText the text of the response's message items, as the model reports it whole; null when it has none
     */
    record Finished(Status status, String responseId, TokenUsage usage, String detail, String outputText)
            implements ModelStreamEvent {

        public Finished(Status status, String responseId, TokenUsage usage, String detail) {
            this(status, responseId, usage, detail, null);
        }
    }

    enum Status { COMPLETED, INCOMPLETE, FAILED }

    /** Token counts: cached tokens are part of input tokens, reasoning tokens part of output tokens. */
    record TokenUsage(long inputTokens, long cachedInputTokens, long outputTokens, long reasoningTokens) {
    }
}
