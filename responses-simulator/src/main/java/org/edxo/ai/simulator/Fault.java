package org.edxo.ai.simulator;

import java.util.Locale;

/**
 * A failure to inject into the next {@code count} {@code POST /v1/responses} requests (FIFO queue).
 *
 * @param type              what goes wrong
 * @param count             how many consecutive requests it applies to (at least 1)
 * @param retryAfterSeconds {@code retry-after} header of {@code rate_limit} / {@code insufficient_quota} (default 1)
 * @param afterEvents       for stream faults, how many events are sent before the fault (default 5; for
 *                          {@code failed}, default = every event before the terminal one)
 * @param delayMs           for {@code slow_first_token}, the delay before the first delta (default 2000)
 * @param message           error message for {@code failed} and the HTTP errors (null = the usual OpenAI text)
 */
public record Fault(Type type, int count, double retryAfterSeconds, int afterEvents, long delayMs, String message) {

    public enum Type {
        /** 429 {@code rate_limit_exceeded} with {@code retry-after}. */
        RATE_LIMIT,
        /** 429 {@code insufficient_quota}. */
        INSUFFICIENT_QUOTA,
        /** 500 {@code server_error}. */
        SERVER_ERROR,
        /** Stream, then close the connection without ending the chunked body (client sees an I/O error). */
        CUT_STREAM,
        /** Stream, then end the body cleanly without a terminal event. */
        TRUNCATE_STREAM,
        /** Delay the first delta by {@code delayMs}. */
        SLOW_FIRST_TOKEN,
        /** Stop sending but keep the connection open until the client goes away. */
        STALL,
        /** End with {@code response.failed}. */
        FAILED,
        /** Send a {@code data:} line with invalid JSON, then end the body. */
        MALFORMED,
        /**
         * Leave out the first output delta, everything else as usual (the terminal event still carries the
         * whole text): what a reader sees when a delta is lost between the model and itself.
         */
        DROP_DELTA;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Type fromWireName(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("unknown fault type: " + name);
            }
        }
    }

    public static final int DEFAULT_AFTER_EVENTS = 5;

    public Fault {
        if (type == null) {
            throw new IllegalArgumentException("fault type is required");
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1");
        }
        if (retryAfterSeconds < 0) {
            retryAfterSeconds = 1;
        }
        if (afterEvents < 0) {
            afterEvents = type == Type.FAILED ? Integer.MAX_VALUE : DEFAULT_AFTER_EVENTS;
        }
        if (delayMs < 0) {
            delayMs = 2000;
        }
    }

    /** A fault of this type with every parameter at its default, for one request. */
    public static Fault of(Type type) {
        return new Fault(type, 1, -1, -1, -1, null);
    }

    public static Fault rateLimit(double retryAfterSeconds) {
        return of(Type.RATE_LIMIT).withRetryAfterSeconds(retryAfterSeconds);
    }

    public static Fault serverError() {
        return of(Type.SERVER_ERROR);
    }

    public static Fault cutStream(int afterEvents) {
        return of(Type.CUT_STREAM).withAfterEvents(afterEvents);
    }

    public static Fault truncateStream(int afterEvents) {
        return of(Type.TRUNCATE_STREAM).withAfterEvents(afterEvents);
    }

    public static Fault stall(int afterEvents) {
        return of(Type.STALL).withAfterEvents(afterEvents);
    }

    public static Fault slowFirstToken(long delayMs) {
        return of(Type.SLOW_FIRST_TOKEN).withDelayMs(delayMs);
    }

    public Fault withCount(int count) {
        return new Fault(type, count, retryAfterSeconds, afterEvents, delayMs, message);
    }

    public Fault withRetryAfterSeconds(double retryAfterSeconds) {
        return new Fault(type, count, retryAfterSeconds, afterEvents, delayMs, message);
    }

    public Fault withAfterEvents(int afterEvents) {
        return new Fault(type, count, retryAfterSeconds, afterEvents, delayMs, message);
    }

    public Fault withDelayMs(long delayMs) {
        return new Fault(type, count, retryAfterSeconds, afterEvents, delayMs, message);
    }

    public Fault withMessage(String message) {
        return new Fault(type, count, retryAfterSeconds, afterEvents, delayMs, message);
    }
}
