package org.edxo.ai.simulator;

/**
 * Counters since start.
 *
 * @param requests          every {@code POST /v1/responses} received (rejected and faulted ones included)
 * @param streamsStarted    streaming responses that began sending events
 * @param streamsCompleted  streams whose body was sent to its end (terminal event, or a clean truncation fault)
 * @param clientDisconnects streams the client closed before their end
 */
public record Stats(long requests, long streamsStarted, long streamsCompleted, long clientDisconnects) {
}
