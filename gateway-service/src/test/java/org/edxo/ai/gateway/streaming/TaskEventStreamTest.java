package org.edxo.ai.gateway.streaming;

import org.edxo.ai.contracts.messages.TaskEventType;
import org.edxo.ai.gateway.GatewayProperties;
import org.edxo.ai.gateway.tasks.RecordedTaskEvent;
import org.edxo.ai.gateway.tasks.TaskEventLog;
import org.edxo.ai.gateway.tasks.TaskRepository;
import org.edxo.ai.gateway.tasks.TaskRow;
import org.edxo.ai.gateway.tasks.TaskState;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The replay/live seam of DESIGN §8, with the races made deterministic. */
class TaskEventStreamTest {

    private static final UUID TASK = UUID.randomUUID();

    private final InMemoryTaskEventHub hub = new InMemoryTaskEventHub();
    private final TaskEventLog log = mock(TaskEventLog.class);
    private final TaskRepository tasks = mock(TaskRepository.class);
    private final AtomicBoolean recorderCatchingUp = new AtomicBoolean();
    private final TaskEventStream stream = withHeartbeat(Duration.ofMinutes(5));

    private TaskEventStream withHeartbeat(Duration heartbeat) {
        return new TaskEventStream(hub, log, tasks, recorderCatchingUp::get, new GatewayProperties(
                URI.create("http://billing"), Duration.ofSeconds(1), Duration.ofSeconds(1), DataSize.ofMegabytes(2),
                new GatewayProperties.Sse(heartbeat, Duration.ofSeconds(3), 64)));
    }

    private static RecordedTaskEvent event(long seq, TaskEventType type) {
        return new RecordedTaskEvent(TASK, seq, type, Map.of("delta", "d" + seq, "result", Map.of("ok", true)));
    }

    private static TaskRow row(TaskState state, long lastSeq) {
        return new TaskRow(TASK, "analyse_plan_de_cours", "u", state, "", Map.of(), null, lastSeq);
    }

    private static List<String> ids(List<ServerSentEvent<String>> events) {
        return events.stream().map(e -> e.event() + (e.id() == null ? "" : ":" + e.id())).toList();
    }

    @Test
    void eventsRelayedWhileTheReplayRunsAreNeitherLostNorDuplicated() {
        // While the replay query runs, events 3 (also in the query's result) and 4 (committed too late for it) go live.
        when(log.after(TASK, 0)).thenReturn(Flux.defer(() -> {
            hub.publish(event(3, TaskEventType.OUTPUT_DELTA));
            hub.publish(event(4, TaskEventType.OUTPUT_DELTA));
            return Flux.just(event(1, TaskEventType.STARTED), event(2, TaskEventType.PROGRESS),
                    event(3, TaskEventType.OUTPUT_DELTA));
        }));
        when(tasks.find(TASK)).thenReturn(Mono.just(row(TaskState.PROGRESS, 4)));
        when(log.after(TASK, 4)).thenReturn(Flux.just(event(5, TaskEventType.SUCCEEDED)));

        List<ServerSentEvent<String>> received = stream.stream(TASK, 0)
                .doOnNext(e -> {
                    if ("4".equals(e.id())) {
                        hub.publish(event(5, TaskEventType.SUCCEEDED));
                    }
                })
                .collectList().block(Duration.ofSeconds(5));

        assertThat(ids(received)).containsExactly("open", "progress:1", "progress:2", "progress:3", "progress:4", "done:5");
        assertThat(hub.liveTasks()).isZero();
    }

    @Test
    void aResumingClientGetsOnlyEventsAfterItsCursor() {
        when(log.after(TASK, 2)).thenReturn(Flux.just(event(3, TaskEventType.OUTPUT_DELTA), event(4, TaskEventType.SUCCEEDED)));
        List<ServerSentEvent<String>> received = stream.stream(TASK, 2).collectList().block(Duration.ofSeconds(5));
        assertThat(ids(received)).containsExactly("open", "progress:3", "done:4");
    }

    @Test
    void aTaskFinishedWithoutATerminalEventIsClosedFromItsRow() {
        when(log.after(TASK, 0)).thenReturn(Flux.empty());
        when(tasks.find(TASK)).thenReturn(Mono.just(row(TaskState.FAILURE, 0)));
        List<ServerSentEvent<String>> received = stream.stream(TASK, 0).collectList().block(Duration.ofSeconds(5));
        assertThat(ids(received)).containsExactly("open", "done");
    }

    @Test
    void aClientTooSlowForTheLiveBufferGetsAnErrorEventAndCanResume() {
        when(log.after(TASK, 0)).thenReturn(Flux.defer(() -> {
            for (int seq = 1; seq <= 200; seq++) {
                hub.publish(event(seq, TaskEventType.OUTPUT_DELTA));
            }
            return Flux.empty();
        }));
        when(tasks.find(TASK)).thenReturn(Mono.just(row(TaskState.PROGRESS, 200)));
        List<ServerSentEvent<String>> received = stream.stream(TASK, 0).collectList().block(Duration.ofSeconds(5));
        assertThat(received.get(received.size() - 1).event()).isEqualTo("error");
        assertThat(hub.liveTasks()).isZero();
    }

    @Test
    void aLiveEventThatOvertookTheCommitOfAnEarlierOneWaitsForItInTheLog() {
        // Event 3 went live before this client subscribed and was not committed when the replay ran; event 4
        // then arrives live. The stream fetches 3 from the log (once the recorder has it) before relaying 4.
        when(log.after(TASK, 0)).thenReturn(Flux.defer(() -> {
            hub.publish(event(4, TaskEventType.OUTPUT_DELTA));
            return Flux.just(event(1, TaskEventType.STARTED), event(2, TaskEventType.PROGRESS));
        }));
        when(log.after(TASK, 2)).thenReturn(Flux.empty(), Flux.empty(),
                Flux.just(event(3, TaskEventType.OUTPUT_DELTA), event(4, TaskEventType.OUTPUT_DELTA)));
        when(log.after(TASK, 4)).thenReturn(Flux.just(event(5, TaskEventType.SUCCEEDED)));
        when(tasks.find(TASK)).thenReturn(Mono.just(row(TaskState.PROGRESS, 2)));

        List<ServerSentEvent<String>> received = stream.stream(TASK, 0)
                .doOnNext(e -> {
                    if ("4".equals(e.id())) {
                        hub.publish(event(5, TaskEventType.SUCCEEDED));
                    }
                })
                .collectList().block(Duration.ofSeconds(5));

        assertThat(ids(received)).containsExactly("open", "progress:1", "progress:2", "progress:3", "progress:4", "done:5");
    }

    @Test
    void aNewAttemptAfterAGapWaitsUntilTheRecorderReachedIt() {
        // Attempt 1 stopped after seq 3 (the worker died); attempt 2 starts at 1,000,001.
        when(log.after(TASK, 0)).thenReturn(Flux.defer(() -> {
            hub.publish(event(1_000_001, TaskEventType.RESET));
            hub.publish(event(1_000_002, TaskEventType.SUCCEEDED));
            return Flux.just(event(1, TaskEventType.STARTED));
        }));
        // The recorder lags: first it has 2 (relayed at once), then nothing more, then 3 and the reset.
        when(log.after(TASK, 1)).thenReturn(Flux.just(event(2, TaskEventType.PROGRESS)));
        when(log.after(TASK, 2)).thenReturn(Flux.empty(),
                Flux.just(event(3, TaskEventType.OUTPUT_DELTA), event(1_000_001, TaskEventType.RESET)));
        when(log.after(TASK, 1_000_001)).thenReturn(Flux.just(event(1_000_002, TaskEventType.SUCCEEDED)));
        when(tasks.find(TASK)).thenReturn(Mono.just(row(TaskState.PROGRESS, 1)));

        List<ServerSentEvent<String>> received = stream.stream(TASK, 0).collectList().block(Duration.ofSeconds(5));

        assertThat(ids(received)).containsExactly("open", "progress:1", "progress:2", "progress:3",
                "progress:1000001", "done:1000002");
    }

    @Test
    void liveEventsOutOfOrderAreReorderedWithoutWaitingOnTheLog() {
        when(log.after(TASK, 0)).thenReturn(Flux.just(event(1, TaskEventType.STARTED), event(2, TaskEventType.PROGRESS)));
        when(log.after(TASK, 4)).thenReturn(Flux.just(event(5, TaskEventType.SUCCEEDED)));
        when(tasks.find(TASK)).thenReturn(Mono.just(row(TaskState.PROGRESS, 2)));

        List<ServerSentEvent<String>> received = stream.stream(TASK, 0)
                .doOnNext(e -> {
                    if ("2".equals(e.id())) {
                        hub.publish(event(4, TaskEventType.OUTPUT_DELTA));
                        hub.publish(event(3, TaskEventType.OUTPUT_DELTA));
                        hub.publish(event(5, TaskEventType.SUCCEEDED));
                    }
                })
                .collectList().block(Duration.ofSeconds(5));

        assertThat(ids(received)).containsExactly("open", "progress:1", "progress:2", "progress:3", "progress:4", "done:5");
        verify(log, never()).after(TASK, 2);
    }

    @Test
    void aGapInTheStoredEventsIsFilledBeforeWhatFollowsIt() {
        // Two recorder instances: one committed 4 (the end) while the other still holds 3.
        when(log.after(TASK, 0)).thenReturn(Flux.just(event(1, TaskEventType.STARTED), event(2, TaskEventType.PROGRESS),
                event(4, TaskEventType.SUCCEEDED)));
        when(log.after(TASK, 2)).thenReturn(Flux.just(event(4, TaskEventType.SUCCEEDED)),
                Flux.just(event(3, TaskEventType.OUTPUT_DELTA), event(4, TaskEventType.SUCCEEDED)));
        when(tasks.find(TASK)).thenReturn(Mono.just(row(TaskState.SUCCESS, 4)));

        List<ServerSentEvent<String>> received = stream.stream(TASK, 0).collectList().block(Duration.ofSeconds(5));

        assertThat(ids(received)).containsExactly("open", "progress:1", "progress:2", "progress:3", "done:4");
    }

    @Test
    void aLiveDoneWaitsUntilTheRecorderStoredItSoThatTheStatusRouteAgrees() {
        when(log.after(TASK, 0)).thenReturn(Flux.just(event(1, TaskEventType.STARTED)));
        // The recorder commits 2 only at the third look.
        when(log.after(TASK, 1)).thenReturn(Flux.empty(), Flux.empty(), Flux.just(event(2, TaskEventType.SUCCEEDED)));
        when(tasks.find(TASK)).thenReturn(Mono.just(row(TaskState.STARTED, 1)));

        List<ServerSentEvent<String>> received = stream.stream(TASK, 0)
                .doOnNext(e -> {
                    if ("1".equals(e.id())) {
                        hub.publish(event(2, TaskEventType.SUCCEEDED));
                    }
                })
                .collectList().block(Duration.ofSeconds(5));

        assertThat(ids(received)).containsExactly("open", "progress:1", "done:2");
        verify(log, times(3)).after(TASK, 1);
    }

    @Test
    void eventsTheLiveFeedNeverGotReachTheClientFromTheLogAfterAQuietPeriod() {
        TaskEventStream quickCatchUp = withHeartbeat(Duration.ofMillis(100));
        when(log.after(TASK, 0)).thenReturn(Flux.just(event(1, TaskEventType.STARTED)));
        // The live queue lost 2 and 3 (its connection was down); the log has them.
        when(log.after(TASK, 1)).thenReturn(Flux.empty(),
                Flux.just(event(2, TaskEventType.OUTPUT_DELTA), event(3, TaskEventType.SUCCEEDED)));
        when(tasks.find(TASK)).thenReturn(Mono.just(row(TaskState.STARTED, 1)));

        List<ServerSentEvent<String>> received = quickCatchUp.stream(TASK, 0)
                .filter(e -> !"ping".equals(e.event()))
                .collectList().block(Duration.ofSeconds(5));

        assertThat(ids(received)).containsExactly("open", "progress:1", "progress:2", "done:3");
    }

    @Test
    void aGapInsideAnAttemptIsNeverSkippedTheClientIsToldToResume() {
        when(log.after(TASK, 0)).thenReturn(Flux.defer(() -> {
            hub.publish(event(3, TaskEventType.OUTPUT_DELTA));
            return Flux.just(event(1, TaskEventType.STARTED));
        }));
        when(log.after(TASK, 1)).thenReturn(Flux.empty()); // 2 never gets stored in time
        when(tasks.find(TASK)).thenReturn(Mono.just(row(TaskState.PROGRESS, 1)));

        List<ServerSentEvent<String>> received = stream.stream(TASK, 0).collectList().block(Duration.ofSeconds(10));

        assertThat(ids(received)).containsExactly("open", "progress:1", "error");
    }

    @Test
    void aGapInsideAnAttemptWaitsLongerWhileTheRecorderIsCatchingUp() {
        recorderCatchingUp.set(true);
        AtomicInteger reads = new AtomicInteger();
        when(log.after(TASK, 0)).thenReturn(Flux.defer(() -> {
            hub.publish(event(3, TaskEventType.OUTPUT_DELTA));
            hub.publish(event(4, TaskEventType.SUCCEEDED));
            return Flux.just(event(1, TaskEventType.STARTED));
        }));
        // 2 is stored only after 4 s, past the usual 3 s wait; then the recorder has stored everything.
        long storedAt = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        when(log.after(TASK, 1)).thenReturn(Flux.defer(() -> {
            reads.incrementAndGet();
            if (System.nanoTime() < storedAt) {
                return Flux.empty();
            }
            recorderCatchingUp.set(false);
            return Flux.just(event(2, TaskEventType.OUTPUT_DELTA), event(3, TaskEventType.OUTPUT_DELTA), event(4, TaskEventType.SUCCEEDED));
        }));
        when(tasks.find(TASK)).thenReturn(Mono.just(row(TaskState.PROGRESS, 1)));

        List<ServerSentEvent<String>> received = stream.stream(TASK, 0).collectList().block(Duration.ofSeconds(15));

        assertThat(ids(received)).containsExactly("open", "progress:1", "progress:2", "progress:3", "done:4");
        // 25 ms polls for 3 s, then 250 ms ones: about 120 + 4 log reads, not 160.
        assertThat(reads.get()).isBetween(60, 140);
    }

    @Test
    void seqsOfOneAttemptAreContiguous() {
        assertThat(TaskEventStream.sameAttempt(0, 5)).isTrue();
        assertThat(TaskEventStream.sameAttempt(3, 7)).isTrue();
        assertThat(TaskEventStream.sameAttempt(3, 1_000_001)).isFalse();
        assertThat(TaskEventStream.sameAttempt(1_000_001, 1_000_004)).isTrue();
        assertThat(TaskEventStream.sameAttempt(0, 1_000_001)).isFalse();
    }

    @Test
    void anIdleStreamIsPinged() {
        TaskEventStream fastPings = withHeartbeat(Duration.ofMillis(50));
        when(log.after(TASK, 0)).thenReturn(Flux.empty());
        when(tasks.find(TASK)).thenReturn(Mono.just(row(TaskState.PENDING, 0)));
        List<ServerSentEvent<String>> received = fastPings.stream(TASK, 0).take(3).collectList().block(Duration.ofSeconds(5));
        assertThat(ids(received)).containsExactly("open", "ping", "ping");
    }

    @Test
    void aStreamWithEventsFlowingIsNotPinged() {
        TaskEventStream oneSecondPings = withHeartbeat(Duration.ofSeconds(1));
        when(log.after(TASK, 0)).thenReturn(Flux.just(event(1, TaskEventType.STARTED)));
        when(log.after(TASK, 26)).thenReturn(Flux.just(event(27, TaskEventType.SUCCEEDED)));
        when(tasks.find(TASK)).thenReturn(Mono.just(row(TaskState.STARTED, 1)));
        Flux<Long> deltas = Flux.interval(Duration.ofMillis(100)).take(25)
                .doOnNext(i -> hub.publish(event(i + 2, TaskEventType.OUTPUT_DELTA)))
                .doOnComplete(() -> hub.publish(event(27, TaskEventType.SUCCEEDED)));

        List<ServerSentEvent<String>> received = oneSecondPings.stream(TASK, 0)
                .mergeWith(deltas.delaySubscription(Duration.ofMillis(50)).then(Mono.empty()))
                .collectList().block(Duration.ofSeconds(10));

        assertThat(ids(received)).doesNotContain("ping").startsWith("open", "progress:1").endsWith("done:27").hasSize(28);
    }
}
