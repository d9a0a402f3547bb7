package org.edxo.ai.worker.openai;

import com.openai.core.http.Headers;
import com.openai.errors.RateLimitException;
import org.edxo.ai.worker.config.OpenAiProperties;
import org.junit.jupiter.api.Test;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ModelResilienceTest {

    private static final OpenAiProperties.Retry RETRY =
            new OpenAiProperties.Retry(3, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(10));

    private static RateLimitException rateLimit(Headers headers) {
        return RateLimitException.builder().headers(headers).build();
    }

    @Test
    void retryAfterMsWinsOverRetryAfterAndAWaitIsCapped() {
        assertThat(ModelResilience.retryAfterMillis(Headers.builder().put("retry-after-ms", "250.5")
                .put("retry-after", "3").build())).isEqualTo(250);
        assertThat(ModelResilience.retryAfterMillis(Headers.builder().put("retry-after", "1.5").build())).isEqualTo(1500);
        assertThat(ModelResilience.retryAfterMillis(Headers.builder().put("retry-after", "n'importe quoi").build())).isNull();
        assertThat(ModelResilience.retryAfterMillis(Headers.builder().build())).isNull();

        assertThat(ModelResilience.waitMillis(1, rateLimit(Headers.builder().put("retry-after", "2").build()), RETRY))
                .isEqualTo(2000);
        assertThat(ModelResilience.waitMillis(1, rateLimit(Headers.builder().put("retry-after", "3600").build()), RETRY))
                .isEqualTo(10_000);
    }

    @Test
    void withoutRetryAfterTheWaitGrowsExponentiallyUpToItsCap() {
        assertThat(ModelResilience.waitMillis(1, new IOException("reset"), RETRY)).isBetween(375L, 500L);
        assertThat(ModelResilience.waitMillis(2, new IOException("reset"), RETRY)).isBetween(750L, 1000L);
        assertThat(ModelResilience.waitMillis(10, new IOException("reset"), RETRY)).isBetween(6000L, 8000L);
    }

    @Test
    void onlyTransientFailuresAreRetried() {
        assertThat(ModelResilience.retryable(rateLimit(Headers.builder().build()))).isTrue();
        assertThat(ModelResilience.retryable(new IOException("connection refused"))).isTrue();
        assertThat(ModelResilience.retryable(new ModelResilience.BrokenAfterOutput(new IOException("cut")))).isFalse();
        assertThat(ModelResilience.retryable(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void longCallsThatSucceedNeverOpenTheBreakerButFailuresDo() {
        OpenAiProperties properties = new OpenAiProperties("", "http://127.0.0.1:1/v1", Duration.ofSeconds(10),
                Duration.ofSeconds(120), Duration.ofMinutes(20), Duration.ofSeconds(120), RETRY,
                new OpenAiProperties.CircuitBreaker(50, 20, 10, Duration.ofSeconds(30), 2), new OpenAiProperties.Bulkhead(64), Map.of());
        ModelResilience resilience = new ModelResilience(properties);

        // Twenty streams of five minutes each (a long generation): resilience4j's default counted them slow.
        CircuitBreaker longStreams = resilience.circuitBreaker("gpt-5");
        for (int call = 0; call < 20; call++) {
            longStreams.onSuccess(Duration.ofMinutes(5).toNanos(), TimeUnit.NANOSECONDS);
        }
        assertThat(longStreams.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(longStreams.getMetrics().getNumberOfSlowCalls()).isZero();

        CircuitBreaker failing = resilience.circuitBreaker("gpt-5-mini");
        for (int call = 0; call < 10; call++) {
            failing.onError(Duration.ofSeconds(1).toNanos(), TimeUnit.NANOSECONDS, new IOException("connection reset"));
        }
        assertThat(failing.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }
}
