package org.edxo.ai.worker.openai;

import com.openai.core.http.Headers;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import org.edxo.ai.worker.config.OpenAiProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The one resilience layer of model calls (DESIGN §8), per model: a retry that honours
 * {@code Retry-After}, a circuit breaker and a bulkhead, plus the first-token time limit. A call is
 * retried only while none of its events has gone downstream: once something was relayed, a failure is
 * wrapped in {@link BrokenAfterOutput} and ends the call (it never silently re-runs).
 */
@Component
public class ModelResilience {

    private static final Logger log = LoggerFactory.getLogger(ModelResilience.class);
    static final String INSUFFICIENT_QUOTA = "insufficient_quota";
    /** Longer than any call may last ({@code edxo.openai.call-timeout} caps them), so no call counts as slow. */
    private static final Duration NEVER_SLOW = Duration.ofDays(1);

    private final OpenAiProperties properties;
    private final RetryRegistry retries;
    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;

    public ModelResilience(OpenAiProperties properties) {
        this.properties = properties;
        OpenAiProperties.Retry retry = properties.retry();
        this.retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(retry.maxAttempts())
                .retryOnException(ModelResilience::retryable)
                .intervalBiFunction((IntervalBiFunction<Object>) (attempt, outcome) ->
                        waitMillis(attempt, outcome.isLeft() ? outcome.getLeft() : null, retry))
                .build());
        OpenAiProperties.CircuitBreaker breaker = properties.circuitBreaker();
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(breaker.failureRateThreshold())
                .slidingWindowSize(breaker.slidingWindowSize())
                .minimumNumberOfCalls(breaker.minimumNumberOfCalls())
                .waitDurationInOpenState(breaker.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(breaker.permittedCallsInHalfOpenState())
                // The model's health, not the request's: a 4xx, a quota or a stream cut by a cancel says nothing about it.
                .recordException(ModelResilience::modelUnhealthy)
                // Nor is a long call: a stream lasts as long as its output (minutes for a long generation), and
                // resilience4j's default (every call over 60 s "slow") opened the breaker after ten of them. A
                // silent model is caught by the first-token timeout, which counts as a failure.
                .slowCallDurationThreshold(NEVER_SLOW)
                .build());
        this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(properties.bulkhead().maxConcurrentCalls())
                // Never block the calling thread: a full bulkhead fails the attempt, which the retry spaces out.
                .maxWaitDuration(Duration.ZERO)
                .build());
    }

    /** {@link #call(String, Duration, Supplier)} with {@code edxo.openai.first-token-timeout}. */
    public Flux<ModelStreamEvent> call(String model, Supplier<Flux<ModelStreamEvent>> attempt) {
        return call(model, properties.firstTokenTimeout(), attempt);
    }

    /**
     * The model's events, each attempt taken from {@code attempt} (subscribed once per attempt).
     * Errors: the last attempt's own error, {@link BrokenAfterOutput} after a relayed event,
     * {@link FirstTokenTimeout}, or resilience4j's {@code CallNotPermittedException} / {@link BulkheadFullException}.
     */
    public Flux<ModelStreamEvent> call(String model, Duration firstTokenTimeout, Supplier<Flux<ModelStreamEvent>> attempt) {
        AtomicBoolean relayed = new AtomicBoolean();
        Flux<ModelStreamEvent> oneAttempt = Flux.defer(attempt)
                .timeout(Mono.delay(firstTokenTimeout), event -> Mono.never())
                .onErrorMap(TimeoutException.class, timeout -> new FirstTokenTimeout(firstTokenTimeout))
                .transformDeferred(CircuitBreakerOperator.of(breakers.circuitBreaker(model)))
                .transformDeferred(BulkheadOperator.of(bulkheads.bulkhead(model)))
                .doOnNext(event -> relayed.set(true))
                .onErrorMap(error -> relayed.get() && !(error instanceof BrokenAfterOutput), BrokenAfterOutput::new)
                .doOnError(error -> {
                    if (retryable(error)) {
                        log.info("model {}: attempt failed before any output ({}), retried if attempts remain",
                                model, error.toString());
                    }
                });
        return oneAttempt.transformDeferred(RetryOperator.of(retries.retry(model)));
    }

    /** The breaker of a model (tests, metrics). */
    public CircuitBreaker circuitBreaker(String model) {
        return breakers.circuitBreaker(model);
    }

    static boolean retryable(Throwable error) {
        if (error instanceof RateLimitException rateLimit) {
            return !quotaExhausted(rateLimit);
        }
        if (error instanceof OpenAIServiceException service) {
            return service.statusCode() >= 500;
        }
        return error instanceof OpenAIIoException || error instanceof IOException
                || error instanceof FirstTokenTimeout || error instanceof BulkheadFullException;
    }

    static boolean modelUnhealthy(Throwable error) {
        if (error instanceof BrokenAfterOutput broken) {
            error = broken.getCause();
        }
        if (error instanceof OpenAIServiceException service) {
            return service.statusCode() >= 500;
        }
        return error instanceof OpenAIIoException || error instanceof IOException || error instanceof FirstTokenTimeout;
    }

    /** A 429 {@code insufficient_quota}: out of credit, permanent until someone pays; never retried. */
    public static boolean quotaExhausted(Throwable error) {
        return error instanceof RateLimitException rateLimit
                && (rateLimit.code().filter(INSUFFICIENT_QUOTA::equals).isPresent()
                || rateLimit.type().filter(INSUFFICIENT_QUOTA::equals).isPresent());
    }

    /** {@code Retry-After-Ms}, else {@code Retry-After} (seconds or an HTTP date), capped; else exponential. */
    static long waitMillis(int attempt, Throwable error, OpenAiProperties.Retry retry) {
        if (error instanceof OpenAIServiceException service) {
            Long asked = retryAfterMillis(service.headers());
            if (asked != null) {
                return Math.min(Math.max(0, asked), retry.maxRetryAfter().toMillis());
            }
        }
        double exponential = retry.initialBackoff().toMillis() * Math.pow(2, Math.max(0, attempt - 1));
        long capped = (long) Math.min(exponential, retry.maxBackoff().toMillis());
        // Up to 25 % less, so that tasks failed together do not all come back at the same instant.
        return capped - (long) (capped * 0.25 * ThreadLocalRandom.current().nextDouble());
    }

    static Long retryAfterMillis(Headers headers) {
        try {
            String millis = first(headers.values("retry-after-ms"));
            if (millis != null) {
                return (long) Double.parseDouble(millis);
            }
            String seconds = first(headers.values("retry-after"));
            if (seconds == null) {
                return null;
            }
            try {
                return (long) (Double.parseDouble(seconds) * 1000);
            } catch (NumberFormatException notANumber) {
                ZonedDateTime at = ZonedDateTime.parse(seconds, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Duration.between(java.time.Instant.now(), at.toInstant()).toMillis();
            }
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0).trim();
    }

    /** The stream failed after some of its events were relayed: ends the call, never retried. */
    public static final class BrokenAfterOutput extends RuntimeException {
        BrokenAfterOutput(Throwable cause) {
            super(cause.toString(), cause, false, false);
        }
    }

    /** No useful event within {@code edxo.openai.first-token-timeout}. */
    public static final class FirstTokenTimeout extends RuntimeException {
        FirstTokenTimeout(Duration limit) {
            super("aucun jeton reçu en " + (limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms"),
                    null, false, false);
        }
    }
}
