package org.edxo.ai.gateway.streaming;

import org.edxo.ai.gateway.GatewayProperties;
import org.edxo.ai.gateway.tasks.RecordedTaskEvent;
import org.edxo.ai.gateway.tasks.TaskEventLog;
import org.edxo.ai.gateway.tasks.TaskRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Service;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SSE stream of one task, resumable at any moment (DESIGN §8):
 * <ol>
 *   <li>subscribe to the live hub first, buffering what arrives;</li>
 *   <li>replay the stored events with seq above the client's cursor, in seq order;</li>
 *   <li>then relay the buffered and later live events with seq above the last one sent.</li>
 * </ol>
 * Live events come from this instance's own queue on {@code edxo.task.events} (every gateway instance relays
 * every event), not from the recorder, so a live event may overtake its commit: a live event that does not
 * follow the last one sent first fetches the stored events in between ({@link #missedBefore}): no gap; the
 * seq filter removes the overlap: no duplicate.
 * The stream opens with {@code open}, ends after {@code done} (or {@code error}), and sends a {@code ping}
 * after each silent heartbeat period, which also detects vanished clients.
 */
@Service
public class TaskEventStream {

    private static final Logger log = LoggerFactory.getLogger(TaskEventStream.class);
    static final String STREAM_FAILED = "Le suivi de la tâche a été interrompu ; reconnectez-vous.";
    /** The worker's seq stride between attempts of one command (TaskEventSequence). */
    static final long ATTEMPT_STRIDE = 1_000_000L;
    private static final Duration GAP_POLL = Duration.ofMillis(25);
    private static final Duration GAP_WAIT = Duration.ofSeconds(3);

    private final TaskEventHub hub;
    private final TaskEventLog eventLog;
    private final TaskRepository tasks;
    private final Duration heartbeat;
    private final Duration retry;
    private final int liveBufferEvents;

    public TaskEventStream(TaskEventHub hub, TaskEventLog eventLog, TaskRepository tasks, GatewayProperties properties) {
        this.hub = hub;
        this.eventLog = eventLog;
        this.tasks = tasks;
        this.heartbeat = properties.sse().heartbeat();
        this.retry = properties.sse().retry();
        this.liveBufferEvents = properties.sse().liveBufferEvents();
    }

    /** @param cursor the last seq the client already has (0 for a new client) */
    public Flux<ServerSentEvent<String>> stream(UUID taskId, long cursor) {
        Flux<ServerSentEvent<String>> events = Flux.defer(() -> {
            Sinks.Many<RecordedTaskEvent> buffered = Sinks.many().unicast()
                    .onBackpressureBuffer(Queues.<RecordedTaskEvent>get(liveBufferEvents).get());
            Disposable live = hub.events(taskId).subscribe(event -> {
                if (buffered.tryEmitNext(event).isFailure()) {
                    buffered.tryEmitError(new IllegalStateException("live buffer full for task " + taskId));
                }
            });
            AtomicLong lastSent = new AtomicLong(cursor);
            Flux<ServerSentEvent<String>> replay = eventLog.after(taskId, cursor)
                    .doOnNext(event -> lastSent.set(event.seq()))
                    .map(TaskSseMapper::toSse);
            Mono<ServerSentEvent<String>> finishedWithoutEvent = Mono.defer(() -> tasks.find(taskId)
                    .filter(task -> task.state().terminal() && task.lastSeq() <= lastSent.get())
                    .map(TaskSseMapper::doneFromRow));
            Flux<ServerSentEvent<String>> liveTail = buffered.asFlux()
                    .concatMap(event -> {
                        long last = lastSent.get();
                        if (event.seq() <= last) {
                            return Flux.<RecordedTaskEvent>empty();
                        }
                        Flux<RecordedTaskEvent> missed = event.seq() == last + 1
                                ? Flux.empty() : missedBefore(taskId, last, event.seq());
                        return missed.concatWith(Mono.just(event));
                    })
                    .filter(event -> event.seq() > lastSent.get())
                    .doOnNext(event -> lastSent.set(event.seq()))
                    .map(TaskSseMapper::toSse);
            return Flux.concat(replay, finishedWithoutEvent, liveTail)
                    .concatWith(Mono.fromSupplier(() -> TaskSseMapper.error(STREAM_FAILED)))
                    .onErrorResume(e -> {
                        log.warn("SSE stream of task {} failed: {}", taskId, e.toString());
                        return Mono.just(TaskSseMapper.error(STREAM_FAILED));
                    })
                    .doFinally(signal -> live.dispose());
        });
        return withHeartbeat(events)
                .startWith(TaskSseMapper.open(retry))
                .takeUntil(TaskSseMapper::ends);
    }

    /**
     * The stored events between {@code last} and a live event that does not follow it. Live events come from
     * this instance's own queue, in parallel with the recorder: an event delivered live just before the hub
     * subscription may not be committed yet when the replay query runs. Within one attempt seqs are
     * contiguous, so the missing ones are known to exist: wait (briefly) until the recorder has them. Across
     * attempts (a redelivered command starts at attempt × 1,000,000 + 1) wait until the recorder reached
     * the live event itself, then take what precedes it.
     */
    private Flux<RecordedTaskEvent> missedBefore(UUID taskId, long last, long seq) {
        long expected = sameAttempt(last, seq) ? seq - last - 1 : -1;
        return Mono.defer(() -> eventLog.after(taskId, last).collectList())
                .flatMap(stored -> {
                    List<RecordedTaskEvent> before = stored.stream().filter(e -> e.seq() < seq).toList();
                    boolean caughtUp = stored.stream().anyMatch(e -> e.seq() >= seq);
                    return caughtUp || before.size() == expected ? Mono.just(before) : Mono.empty();
                })
                .repeatWhenEmpty(repeats -> repeats.delayElements(GAP_POLL))
                .timeout(GAP_WAIT, Mono.defer(() -> {
                    log.warn("task {}: events between seq {} and {} still not recorded after {}; relaying on",
                            taskId, last, seq, GAP_WAIT);
                    return eventLog.after(taskId, last).filter(e -> e.seq() < seq).collectList();
                }))
                .flatMapMany(Flux::fromIterable);
    }

    static boolean sameAttempt(long last, long seq) {
        return last == 0 ? seq <= ATTEMPT_STRIDE : (last - 1) / ATTEMPT_STRIDE == (seq - 1) / ATTEMPT_STRIDE;
    }

    /** Adds a ping after every {@code heartbeat} without an event. */
    private Flux<ServerSentEvent<String>> withHeartbeat(Flux<ServerSentEvent<String>> events) {
        return events.publish(shared -> Flux.merge(shared, shared.startWith(TaskSseMapper.ping())
                .switchMap(any -> Flux.interval(heartbeat, heartbeat).map(tick -> TaskSseMapper.ping()))));
    }
}
