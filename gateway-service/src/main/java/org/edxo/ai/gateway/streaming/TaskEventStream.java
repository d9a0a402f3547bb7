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
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SSE stream of one task, resumable at any moment (DESIGN §8):
 * <ol>
 *   <li>subscribe to the live hub first, buffering what arrives;</li>
 *   <li>replay the stored events with seq above the client's cursor, in seq order;</li>
 *   <li>then relay the buffered and later live events with seq above the last one sent.</li>
 * </ol>
 * The recorder commits an event before relaying it, so an event is either already visible to the replay
 * query or still to come live: no gap; the seq filter removes the overlap: no duplicate.
 * The stream opens with {@code open}, ends after {@code done} (or {@code error}), and sends a {@code ping}
 * after each silent heartbeat period, which also detects vanished clients.
 */
@Service
public class TaskEventStream {

    private static final Logger log = LoggerFactory.getLogger(TaskEventStream.class);
    static final String STREAM_FAILED = "Le suivi de la tâche a été interrompu ; reconnectez-vous.";

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

    /** Adds a ping after every {@code heartbeat} without an event. */
    private Flux<ServerSentEvent<String>> withHeartbeat(Flux<ServerSentEvent<String>> events) {
        return events.publish(shared -> Flux.merge(shared, shared.startWith(TaskSseMapper.ping())
                .switchMap(any -> Flux.interval(heartbeat, heartbeat).map(tick -> TaskSseMapper.ping()))));
    }
}
