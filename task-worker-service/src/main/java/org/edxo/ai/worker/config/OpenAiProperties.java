package org.edxo.ai.worker.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * How the worker reaches the Responses API ({@code edxo.openai.*}).
 *
 * @param apiKey           from {@code OPENAI_API_KEY} only
 * @param baseUrl          the SDK posts to {@code {baseUrl}/responses}, so it ends with {@code /v1}
 * @param connectTimeout   TCP connect timeout
 * @param readTimeout      longest silence between two bytes of the stream (keepalives come every ~30 s)
 * @param callTimeout      the whole call including the streamed body; must stay below RabbitMQ's
 *                         {@code consumer_timeout} (30 min), since the command stays unacked meanwhile
 * @param firstTokenTimeout longest wait for the stream's first useful event (delta or terminal event);
 *                         past it the attempt is abandoned and, since nothing was relayed yet, retried
 * @param retry            the one retry layer of model calls (the SDK's own retries are off)
 * @param circuitBreaker   one breaker per model
 * @param bulkhead         one concurrency limit per model
 * @param kinds            time limits of one task kind, over the two above ({@code edxo.openai.kinds.<kind>.*}):
 *                         a long document import may wait longer for its first token than an analysis
 */
@ConfigurationProperties("edxo.openai")
public record OpenAiProperties(
        @DefaultValue("") String apiKey,
        @DefaultValue("http://127.0.0.1:8090/v1") String baseUrl,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("120s") Duration readTimeout,
        @DefaultValue("20m") Duration callTimeout,
        @DefaultValue("120s") Duration firstTokenTimeout,
        @DefaultValue Retry retry,
        @DefaultValue CircuitBreaker circuitBreaker,
        @DefaultValue Bulkhead bulkhead,
        Map<String, KindLimits> kinds) {

    public OpenAiProperties {
        kinds = kinds == null ? Map.of() : Map.copyOf(kinds);
    }

    /**
     * @param firstTokenTimeout the kind's first-token limit (null: {@code edxo.openai.first-token-timeout})
     * @param callTimeout       the kind's whole-call limit, retries included (null: {@code edxo.openai.call-timeout})
     */
    public record KindLimits(Duration firstTokenTimeout, Duration callTimeout) {
    }

    /** The first-token limit of a task kind's calls. */
    public Duration firstTokenTimeout(String kind) {
        KindLimits limits = kinds.get(kind);
        return limits != null && limits.firstTokenTimeout() != null ? limits.firstTokenTimeout() : firstTokenTimeout;
    }

    /** The limit of one whole model call of a task kind (never above {@code call-timeout}, OkHttp's own limit). */
    public Duration callTimeout(String kind) {
        KindLimits limits = kinds.get(kind);
        return limits != null && limits.callTimeout() != null && limits.callTimeout().compareTo(callTimeout) < 0
                ? limits.callTimeout() : callTimeout;
    }

    /**
     * Retries of a call that failed before its first event was relayed: 429 {@code rate_limit_exceeded},
     * 5xx, connection errors and a first-token timeout ({@code insufficient_quota} never).
     *
     * @param maxAttempts    attempts in all, the first included
     * @param initialBackoff wait before the second attempt when the answer names none; doubles each time
     * @param maxBackoff     cap of that exponential wait
     * @param maxRetryAfter  cap of a wait asked by {@code Retry-After} / {@code Retry-After-Ms}
     */
    public record Retry(
            @DefaultValue("3") int maxAttempts,
            @DefaultValue("500ms") Duration initialBackoff,
            @DefaultValue("8s") Duration maxBackoff,
            @DefaultValue("10s") Duration maxRetryAfter) {

        public Retry {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("edxo.openai.retry.max-attempts must be at least 1");
            }
        }
    }

    /**
     * Opens when {@code failureRateThreshold} % of the last {@code slidingWindowSize} attempts (at least
     * {@code minimumNumberOfCalls}) failed with a 5xx, a connection error or a timeout; while open, tasks
     * on that model fail at once without calling it.
     */
    public record CircuitBreaker(
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("20") int slidingWindowSize,
            @DefaultValue("10") int minimumNumberOfCalls,
            @DefaultValue("30s") Duration waitInOpenState,
            @DefaultValue("2") int permittedCallsInHalfOpenState) {
    }

    /**
     * @param maxConcurrentCalls model streams open at once per model in this instance (application.yml
     *                           defaults it to {@code edxo.worker.max-concurrent-tasks}); an attempt over
     *                           the limit waits like a retry (backoff), then fails {@code model_unavailable}
     */
    public record Bulkhead(@DefaultValue("64") int maxConcurrentCalls) {
    }
}
