package org.edxo.ai.worker.streaming;

import org.edxo.ai.worker.openai.ModelStreamEvent;
import org.edxo.ai.worker.openai.ModelStreamEvent.Delta;
import org.edxo.ai.worker.openai.ModelStreamEvent.DeltaKind;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Merges model deltas so that one stream yields at most about one message per interval instead of
 * one per token (DESIGN §7), without delaying the first token:
 * <ul>
 *   <li>a delta that arrives while nothing is pending, and either starts a new kind or comes at least
 *       one interval after the last publish, goes out at once (the first delta of a burst);</li>
 *   <li>otherwise it is appended to the pending text, which goes out one interval after its first
 *       delta arrived, or at once when it reaches {@code maxBytes} UTF-8 bytes;</li>
 *   <li>pending text always goes out before a delta of the other kind, before any non-delta event
 *       and at the end of the stream (complete or error).</li>
 * </ul>
 * The state machine is pure (time is a parameter); {@link #coalesce} runs it on a Reactor
 * {@link Scheduler}, whose clock and timers make it testable in virtual time.
 */
public final class DeltaCoalescer {

    private final long intervalNanos;
    private final int maxBytes;

    private DeltaKind pendingKind;
    private final StringBuilder pending = new StringBuilder();
    private int pendingBytes;
    private long pendingSince;

    private DeltaKind lastKind;
    private long lastEmitAt;
    private boolean emittedBefore;

    public DeltaCoalescer(Duration interval, int maxBytes) {
        if (interval.isNegative() || maxBytes < 1) {
            throw new IllegalArgumentException("interval must be >= 0 and maxBytes >= 1");
        }
        this.intervalNanos = interval.toNanos();
        this.maxBytes = maxBytes;
    }

    /** Takes one delta at time {@code now} (nanoseconds) and returns what must be published now, in order. */
    public List<Delta> offer(Delta delta, long now) {
        List<Delta> out = new ArrayList<>(2);
        if (delta.text() == null || delta.text().isEmpty()) {
            return out;
        }
        if (pendingKind != null && pendingKind != delta.kind()) {
            flush(now).ifPresent(out::add);
        }
        boolean startsBurst = pendingKind == null
                && (!emittedBefore || lastKind != delta.kind() || now - lastEmitAt >= intervalNanos);
        if (startsBurst) {
            out.add(emitted(delta, now));
            return out;
        }
        if (pendingKind == null) {
            pendingKind = delta.kind();
            pendingSince = now;
        }
        pending.append(delta.text());
        pendingBytes += utf8Length(delta.text());
        if (pendingBytes >= maxBytes) {
            flush(now).ifPresent(out::add);
        }
        return out;
    }

    /** The pending text if its interval has run out at {@code now}. */
    public Optional<Delta> flushIfDue(long now) {
        if (pendingKind != null && now - pendingSince >= intervalNanos) {
            return flush(now);
        }
        return Optional.empty();
    }

    /** The pending text, if any, whatever its age. */
    public Optional<Delta> flush(long now) {
        if (pendingKind == null) {
            return Optional.empty();
        }
        Delta delta = new Delta(pendingKind, pending.toString());
        pending.setLength(0);
        pendingBytes = 0;
        pendingKind = null;
        return Optional.of(emitted(delta, now));
    }

    /** When the pending text falls due, if there is any. */
    public OptionalLong deadline() {
        return pendingKind == null ? OptionalLong.empty() : OptionalLong.of(pendingSince + intervalNanos);
    }

    private Delta emitted(Delta delta, long now) {
        lastKind = delta.kind();
        lastEmitAt = now;
        emittedBefore = true;
        return delta;
    }

    /**
     * Coalesces the deltas of {@code events}; every other event passes through unchanged, after the
     * pending text. Timers and the clock come from {@code scheduler}.
     * <p>
     * The result also honours demand: what is due while the subscriber has requested nothing waits, and
     * deltas of one kind waiting together merge (up to {@code maxBytes}). Subscribed one element at a time
     * (e.g. {@code concatMap(publish, 0)}), a slow publish therefore means fewer, larger messages, not a
     * queue of small ones: batching happens only while deltas keep coming faster than they can be sent.
     */
    public static Flux<ModelStreamEvent> coalesce(Flux<ModelStreamEvent> events, Duration interval, int maxBytes,
                                                  Scheduler scheduler) {
        return Flux.create(sink -> new Run(new DeltaCoalescer(interval, maxBytes), maxBytes, sink, scheduler).start(events));
    }

    /** One subscription of {@link #coalesce}. */
    private static final class Run {

        private final DeltaCoalescer coalescer;
        private final int maxBytes;
        private final FluxSink<ModelStreamEvent> sink;
        private final Scheduler scheduler;
        // Upstream signals (the stream thread), timer ticks (the scheduler) and requests (the publishing
        // thread) race: one lock keeps the state consistent and the emitted order equal to the decided order.
        private final Object lock = new Object();
        private final Disposable.Swap timer = Disposables.swap();
        private final Disposable.Swap upstream = Disposables.swap();
        /** Decided, not yet requested by the subscriber; adjacent deltas of one kind merge here. */
        private final ArrayDeque<ModelStreamEvent> ready = new ArrayDeque<>();
        private int readyTailBytes;
        private boolean draining;
        private long armedDeadline = Long.MIN_VALUE;

        Run(DeltaCoalescer coalescer, int maxBytes, FluxSink<ModelStreamEvent> sink, Scheduler scheduler) {
            this.coalescer = coalescer;
            this.maxBytes = maxBytes;
            this.sink = sink;
            this.scheduler = scheduler;
        }

        void start(Flux<ModelStreamEvent> events) {
            sink.onDispose(() -> {
                upstream.dispose();
                timer.dispose();
            });
            sink.onRequest(n -> {
                synchronized (lock) {
                    drain();
                }
            });
            upstream.update(events.subscribe(this::onEvent, this::onError, this::onComplete));
        }

        private void onEvent(ModelStreamEvent event) {
            synchronized (lock) {
                long now = now();
                if (event instanceof Delta delta) {
                    coalescer.offer(delta, now).forEach(this::ready);
                } else {
                    coalescer.flush(now).ifPresent(this::ready);
                    ready(event);
                }
                armTimer();
                drain();
            }
        }

        private void onError(Throwable error) {
            synchronized (lock) {
                timer.dispose();
                coalescer.flush(now()).ifPresent(this::ready);
                // The sink buffers what was not requested yet and signals the error after it.
                ready.forEach(sink::next);
                ready.clear();
                sink.error(error);
            }
        }

        private void onComplete() {
            synchronized (lock) {
                timer.dispose();
                coalescer.flush(now()).ifPresent(this::ready);
                ready.forEach(sink::next);
                ready.clear();
                sink.complete();
            }
        }

        private void onTimer() {
            synchronized (lock) {
                coalescer.flushIfDue(now()).ifPresent(this::ready);
                armedDeadline = Long.MIN_VALUE;
                armTimer();
                drain();
            }
        }

        /** Queues a decided event, merging a delta into a waiting delta of the same kind. Under the lock. */
        private void ready(ModelStreamEvent event) {
            if (event instanceof Delta delta && ready.peekLast() instanceof Delta waiting && waiting.kind() == delta.kind()) {
                int bytes = utf8Length(delta.text());
                if (readyTailBytes + bytes <= maxBytes) {
                    ready.pollLast();
                    ready.addLast(new Delta(delta.kind(), waiting.text() + delta.text()));
                    readyTailBytes += bytes;
                    return;
                }
            }
            ready.addLast(event);
            readyTailBytes = event instanceof Delta delta ? utf8Length(delta.text()) : 0;
        }

        /** Hands over what the subscriber asked for. Under the lock; re-entered when a request comes back synchronously. */
        private void drain() {
            if (draining) {
                return;
            }
            draining = true;
            try {
                while (!ready.isEmpty() && sink.requestedFromDownstream() > 0) {
                    ModelStreamEvent next = ready.pollFirst();
                    if (ready.isEmpty()) {
                        readyTailBytes = 0;
                    }
                    sink.next(next);
                }
            } finally {
                draining = false;
            }
        }

        /** Keeps exactly one timer, set for the pending text's deadline. Called under the lock. */
        private void armTimer() {
            OptionalLong deadline = coalescer.deadline();
            if (deadline.isEmpty()) {
                armedDeadline = Long.MIN_VALUE;
                timer.update(Disposables.disposed());
            } else if (deadline.getAsLong() != armedDeadline) {
                armedDeadline = deadline.getAsLong();
                long delay = Math.max(0, armedDeadline - now());
                timer.update(scheduler.schedule(this::onTimer, delay, TimeUnit.NANOSECONDS));
            }
        }

        private long now() {
            return scheduler.now(TimeUnit.NANOSECONDS);
        }
    }

    static int utf8Length(CharSequence text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
