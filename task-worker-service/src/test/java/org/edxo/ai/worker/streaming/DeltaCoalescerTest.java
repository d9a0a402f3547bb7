package org.edxo.ai.worker.streaming;

import org.edxo.ai.worker.openai.ModelStreamEvent;
import org.edxo.ai.worker.openai.ModelStreamEvent.Delta;
import org.edxo.ai.worker.openai.ModelStreamEvent.DeltaKind;
import org.edxo.ai.worker.openai.ModelStreamEvent.Finished;
import org.edxo.ai.worker.openai.ModelStreamEvent.Status;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeltaCoalescerTest {

    private static final Duration INTERVAL = Duration.ofMillis(50);
    private static final long MS = 1_000_000L;

    private static Delta out(String text) {
        return new Delta(DeltaKind.OUTPUT, text);
    }

    private static Delta reasoning(String text) {
        return new Delta(DeltaKind.REASONING, text);
    }

    @Test
    void firstDeltaOfABurstGoesOutAtOnceThenDeltasWaitForTheInterval() {
        DeltaCoalescer coalescer = new DeltaCoalescer(INTERVAL, 1024);

        assertThat(coalescer.offer(out("a"), 0)).containsExactly(out("a"));
        assertThat(coalescer.offer(out("b"), 5 * MS)).isEmpty();
        assertThat(coalescer.offer(out("c"), 20 * MS)).isEmpty();
        assertThat(coalescer.flushIfDue(54 * MS)).isEmpty();
        assertThat(coalescer.deadline()).hasValue(55 * MS);
        assertThat(coalescer.flushIfDue(55 * MS)).contains(out("bc"));
        assertThat(coalescer.deadline()).isEmpty();
    }

    @Test
    void aDeltaAfterAQuietIntervalStartsANewBurst() {
        DeltaCoalescer coalescer = new DeltaCoalescer(INTERVAL, 1024);
        coalescer.offer(out("a"), 0);

        assertThat(coalescer.offer(out("b"), 10 * MS)).isEmpty();
        assertThat(coalescer.flushIfDue(60 * MS)).contains(out("b"));
        // Less than one interval after the last publish: it waits.
        assertThat(coalescer.offer(out("c"), 70 * MS)).isEmpty();
        assertThat(coalescer.flushIfDue(120 * MS)).contains(out("c"));
        // A whole interval of silence: at once again.
        assertThat(coalescer.offer(out("d"), 200 * MS)).containsExactly(out("d"));
    }

    @Test
    void pendingTextReachingMaxBytesGoesOutAtOnce() {
        DeltaCoalescer coalescer = new DeltaCoalescer(INTERVAL, 8);
        coalescer.offer(out("first"), 0);

        assertThat(coalescer.offer(out("1234"), MS)).isEmpty();
        assertThat(coalescer.offer(out("567"), 2 * MS)).isEmpty();
        assertThat(coalescer.offer(out("8"), 3 * MS)).containsExactly(out("12345678"));
        assertThat(coalescer.deadline()).isEmpty();
    }

    @Test
    void maxBytesCountsUtf8Bytes() {
        DeltaCoalescer coalescer = new DeltaCoalescer(INTERVAL, 4);
        coalescer.offer(out("x"), 0);

        assertThat(coalescer.offer(out("é"), MS)).isEmpty();           // 2 bytes
        assertThat(coalescer.offer(out("à"), 2 * MS)).containsExactly(out("éà")); // 4 bytes
        assertThat(DeltaCoalescer.utf8Length("a€😀")).isEqualTo(1 + 3 + 4);
    }

    @Test
    void aKindSwitchFlushesThePendingTextAndStartsANewBurst() {
        DeltaCoalescer coalescer = new DeltaCoalescer(INTERVAL, 1024);
        coalescer.offer(reasoning("r1"), 0);
        coalescer.offer(reasoning("r2"), MS);

        assertThat(coalescer.offer(out("{"), 2 * MS)).containsExactly(reasoning("r2"), out("{"));
        assertThat(coalescer.offer(out("\"a\""), 3 * MS)).isEmpty();
        assertThat(coalescer.flush(4 * MS)).contains(out("\"a\""));
        assertThat(coalescer.flush(5 * MS)).isEmpty();
    }

    @Test
    void operatorFlushesOnTimeBeforeOtherEventsAndAtTheEnd() {
        Finished finished = new Finished(Status.COMPLETED, "resp_1", null, null);
        StepVerifier.withVirtualTime(() -> {
                    VirtualTimeScheduler scheduler = VirtualTimeScheduler.get();
                    Flux<ModelStreamEvent> source = Flux.concat(
                            Flux.just(reasoning("r1"), reasoning("r2")),
                            Flux.<ModelStreamEvent>just(reasoning("r3")).delaySubscription(Duration.ofMillis(60), scheduler),
                            Flux.just(out("o1"), out("o2"), finished),
                            Flux.<ModelStreamEvent>just(out("late")).delaySubscription(Duration.ofMillis(10), scheduler));
                    return DeltaCoalescer.coalesce(source, INTERVAL, 1024, scheduler);
                })
                .expectSubscription()
                .expectNext(reasoning("r1"))          // at once: first of the burst
                .expectNoEvent(Duration.ofMillis(49))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(reasoning("r2"))          // due 50 ms after it was pending
                .thenAwait(Duration.ofMillis(10))
                .expectNext(reasoning("r3"))          // t=60: the last publish was 10 ms ago, so it waits...
                .expectNext(out("o1"))                // ...but the kind switch flushes it; o1 starts a burst
                .expectNext(out("o2"))                // flushed before the terminal event
                .expectNext(finished)
                .thenAwait(Duration.ofMillis(10))
                .expectNext(out("late"))              // flushed at the end of the stream
                .verifyComplete();
    }

    @Test
    void operatorFlushesPendingTextBeforeAnError() {
        StepVerifier.withVirtualTime(() -> DeltaCoalescer.coalesce(
                        Flux.<ModelStreamEvent>just(out("a"), out("b"))
                                .concatWith(Flux.error(new IllegalStateException("cut"))),
                        INTERVAL, 1024, VirtualTimeScheduler.get()))
                .expectNext(out("a"), out("b"))
                .verifyErrorMessage("cut");
    }

    @Test
    void aSteadyStreamBecomesAboutOneMessagePerInterval() {
        // 1,000 one-character deltas, one per millisecond: about 1 s of stream.
        StepVerifier.withVirtualTime(() -> {
                    VirtualTimeScheduler scheduler = VirtualTimeScheduler.get();
                    Flux<ModelStreamEvent> source = Flux.interval(Duration.ofMillis(1), scheduler)
                            .take(1000)
                            .map(i -> out("x"));
                    return DeltaCoalescer.coalesce(source, INTERVAL, 1024, scheduler)
                            .collectList();
                })
                .thenAwait(Duration.ofSeconds(2))
                .assertNext(deltas -> {
                    assertThat(deltas).hasSizeBetween(19, 22);
                    assertThat(deltas.stream().map(d -> ((Delta) d).text()).reduce("", String::concat))
                            .hasSize(1000);
                })
                .verifyComplete();
    }

    @Test
    void operatorIsSafeWhenTimerAndUpstreamRaceOnRealThreads() throws InterruptedException {
        Sinks.Many<ModelStreamEvent> upstream = Sinks.many().unicast().onBackpressureBuffer();
        List<ModelStreamEvent> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        var done = new java.util.concurrent.CountDownLatch(1);
        DeltaCoalescer.coalesce(upstream.asFlux(), Duration.ofMillis(1), 1024, reactor.core.scheduler.Schedulers.parallel())
                .doOnTerminate(done::countDown)
                .subscribe(received::add);
        StringBuilder sent = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            String text = Integer.toString(i % 10);
            sent.append(text);
            upstream.emitNext(out(text), Sinks.EmitFailureHandler.FAIL_FAST);
            if (i % 500 == 0) {
                Thread.sleep(2);
            }
        }
        upstream.emitComplete(Sinks.EmitFailureHandler.FAIL_FAST);
        assertThat(done.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(received.stream().map(d -> ((Delta) d).text()).reduce("", String::concat)).isEqualTo(sent.toString());
    }

    @Test
    void whileTheSubscriberIsBusyDeltasMergeAndNothingIsLostOrReordered() {
        // A subscriber that takes one element at a time (a publish awaiting its confirm): deltas decided
        // meanwhile wait and merge, per kind, up to maxBytes; other events keep their place.
        Sinks.Many<ModelStreamEvent> upstream = Sinks.many().unicast().onBackpressureBuffer();
        Finished finished = new Finished(Status.COMPLETED, "resp_1", null, null);
        StepVerifier.create(DeltaCoalescer.coalesce(upstream.asFlux(), Duration.ZERO, 6, reactor.core.scheduler.Schedulers.immediate()), 0)
                .then(() -> upstream.tryEmitNext(out("a")))
                .thenRequest(1)
                .expectNext(out("a"))
                .then(() -> {
                    upstream.tryEmitNext(out("b"));
                    upstream.tryEmitNext(out("c"));
                    upstream.tryEmitNext(reasoning("r"));
                    upstream.tryEmitNext(out("def"));
                    upstream.tryEmitNext(out("ghij"));
                    upstream.tryEmitNext(finished);
                })
                .expectNoEvent(Duration.ofMillis(20))
                .thenRequest(1)
                .expectNext(out("bc"))
                .thenRequest(10)
                .expectNext(reasoning("r"), out("def"), out("ghij"), finished)
                .then(upstream::tryEmitComplete)
                .verifyComplete();
    }

    @Test
    void withDemandEveryDeltaAfterAQuietIntervalGoesAtOnce() {
        // At 50 tokens/s and a 10 ms interval, no delta waits for another.
        StepVerifier.withVirtualTime(() -> DeltaCoalescer.coalesce(Flux.interval(Duration.ofMillis(20), VirtualTimeScheduler.get())
                                .take(3).map(i -> (ModelStreamEvent) out("t" + i)), Duration.ofMillis(10), 1024,
                        VirtualTimeScheduler.get()))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(20))
                .expectNext(out("t0"))
                .expectNoEvent(Duration.ofMillis(20))
                .expectNext(out("t1"))
                .expectNoEvent(Duration.ofMillis(20))
                .expectNext(out("t2"))
                .verifyComplete();
    }
}
