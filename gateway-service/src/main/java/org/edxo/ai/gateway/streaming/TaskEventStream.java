package org.edxo.ai.gateway.streaming;

import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.gateway.GatewayProperties;
import org.edxo.ai.gateway.tasks.RecordedTaskEvent;
import org.edxo.ai.gateway.tasks.TaskEventLog;
import org.edxo.ai.gateway.tasks.TaskRepository;
import org.edxo.ai.gateway.tasks.TaskRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Service;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The SSE stream of one task, resumable at any moment (DESIGN §8):
 * <ol>
 *   <li>subscribe to the live hub first, holding what arrives;</li>
 *   <li>read the stored events with seq above the client's cursor;</li>
 *   <li>relay, in seq order and once each, stored and live events alike, from one reorder buffer.</li>
 * </ol>
 * Within one attempt a task's seqs are contiguous, so the buffer knows when something is missing. Live events
 * come from this instance's own queue in the order the worker published them, so the live path never waits
 * on the recorder in the common case. A gap (an event delivered live just before this stream subscribed and
 * not committed yet when the log was read, a recorder instance that committed a later batch first, or a
 * new attempt whose predecessor's tail is unknown) is filled from the log, polled until the recorder has
 * caught up with the event after the gap, at most {@link #GAP_WAIT}. Past that, a gap between attempts is
 * crossed (a dead worker's attempt has no tail), but a gap inside an attempt is never skipped: the stream
 * ends with an {@code error} and the client resumes from its last event, from the log; unless this
 * instance's recorder is still storing what it received ({@link RecorderBacklog}), when the stream waits up
 * to {@link #GAP_WAIT_WHILE_RECORDING} (a resume would only meet the same gap, and cost a request).
 * <p>
 * The terminal event goes out once the log holds it (or after {@link #GAP_WAIT}), so that {@code /tasks/status}
 * read right after {@code done} agrees with it. When the live feed is silent for a heartbeat period, the log is
 * read too: events the live queue never got (lost while its broker connection was down, or published just
 * before this stream subscribed) still reach the client.
 * The stream opens with {@code open}, ends after {@code done} (or {@code error}), and sends a {@code ping}
 * on each heartbeat tick when nothing went out since the previous one (so at most two heartbeat periods of
 * silence), which also detects vanished clients.
 * <p>
 * An idle stream costs heap for as long as it is open (10,000 of them on one gateway, DESIGN §7): one
 * {@link Relay}, one sink and one periodic tick per stream, no operator chain of its own for the heartbeat,
 * and no reference kept to a log read once it has answered.
 */
@Service
public class TaskEventStream {

    private static final Logger log = LoggerFactory.getLogger(TaskEventStream.class);
    static final String STREAM_FAILED = "Le suivi de la tâche a été interrompu ; reconnectez-vous.";
    /** The worker's seq stride between attempts of one command (TaskEventSequence). */
    static final long ATTEMPT_STRIDE = TaskEvent.ATTEMPT_STRIDE;
    private static final Duration GAP_FIRST_POLL = Duration.ofMillis(10);
    private static final Duration GAP_POLL = Duration.ofMillis(25);
    /** Past {@link #GAP_WAIT} the recorder is behind: read the log less often. */
    private static final Duration GAP_POLL_BEHIND = Duration.ofMillis(250);
    private static final Duration GAP_WAIT = Duration.ofSeconds(3);
    /** How long a gap inside an attempt may wait while the recorder is catching up (RecorderBacklog). */
    static final Duration GAP_WAIT_WHILE_RECORDING = Duration.ofSeconds(30);

    private final TaskEventHub hub;
    private final TaskEventLog eventLog;
    private final TaskRepository tasks;
    private final RecorderBacklog recorder;
    private final Duration heartbeat;
    private final Duration retry;
    private final int liveBufferEvents;
    private final Scheduler timers = Schedulers.parallel();

    public TaskEventStream(TaskEventHub hub, TaskEventLog eventLog, TaskRepository tasks, RecorderBacklog recorder,
                           GatewayProperties properties) {
        this.hub = hub;
        this.eventLog = eventLog;
        this.tasks = tasks;
        this.recorder = recorder;
        this.heartbeat = properties.sse().heartbeat();
        this.retry = properties.sse().retry();
        this.liveBufferEvents = properties.sse().liveBufferEvents();
    }

    /** @param cursor the last seq the client already has (0 for a new client) */
    public Flux<ServerSentEvent<String>> stream(UUID taskId, long cursor) {
        return Flux.<ServerSentEvent<String>>create(sink -> new Relay(taskId, cursor, sink).start())
                .startWith(TaskSseMapper.open(retry));
    }

    static boolean sameAttempt(long last, long seq) {
        return last == 0 ? seq <= ATTEMPT_STRIDE : (last - 1) / ATTEMPT_STRIDE == (seq - 1) / ATTEMPT_STRIDE;
    }

    /** One subscription: the reorder buffer and what feeds it. Every method runs under {@code this}. */
    private final class Relay {

        private final UUID taskId;
        private final FluxSink<ServerSentEvent<String>> sink;
        private final TreeMap<Long, RecordedTaskEvent> held = new TreeMap<>();
        private final Disposable.Composite resources = Disposables.composite();
        private final Disposable.Swap gapTimer = Disposables.swap();
        /** The log read under way, if any: one at a time, and forgotten once answered. */
        private final Disposable.Swap logRead = Disposables.swap();
        private long lastSent;
        /** A live event arrived since the last tick. */
        private boolean liveSinceTick;
        /** An event went to the client since the last tick. */
        private boolean sentSinceTick;
        private boolean replayed;
        private boolean ended;
        /** The highest seq seen in the log while filling a gap. */
        private long logReached;
        /** When the current gap was first seen (scheduler nanos), or -1 when there is none. */
        private long gapSince = -1;
        private boolean fetching;

        Relay(UUID taskId, long cursor, FluxSink<ServerSentEvent<String>> sink) {
            this.taskId = taskId;
            this.lastSent = cursor;
            this.sink = sink;
        }

        void start() {
            sink.onDispose(this::release);
            sink.onRequest(n -> {
                synchronized (this) {
                    relay();
                }
            });
            resources.add(hub.events(taskId).subscribe(this::onLive));
            logRead.update(eventLog.after(taskId, lastSent).collectList()
                    .subscribe(this::onReplay, this::fail));
            resources.add(timers.schedulePeriodically(this::tick, heartbeat.toNanos(), heartbeat.toNanos(),
                    TimeUnit.NANOSECONDS));
        }

        /**
         * Every heartbeat period: a ping if nothing went out since the last tick, and, if no live event came
         * either, a read of the log, in case the live feed missed something.
         */
        private void tick() {
            synchronized (this) {
                if (ended) {
                    return;
                }
                if (!sentSinceTick) {
                    sink.next(TaskSseMapper.ping());
                }
                sentSinceTick = false;
                boolean quiet = !liveSinceTick;
                liveSinceTick = false;
                if (!replayed || fetching || !quiet) {
                    return;
                }
                fetching = true;
            }
            fetchGap();
        }

        private synchronized void onLive(RecordedTaskEvent event) {
            liveSinceTick = true;
            if (ended || event.seq() <= lastSent) {
                return;
            }
            held.put(event.seq(), event);
            if (held.size() > liveBufferEvents) {
                log.warn("SSE stream of task {}: live buffer full ({} events)", taskId, held.size());
                end(TaskSseMapper.error(STREAM_FAILED));
                return;
            }
            relay();
        }

        private synchronized void onReplay(List<RecordedTaskEvent> stored) {
            if (ended) {
                return;
            }
            stored.forEach(this::hold);
            noteStored(stored);
            replayed = true;
            relay();
            if (!ended && held.isEmpty()) {
                // A task the gateway failed itself, or a client resuming past the stored done: close it from its row.
                fetching = true; // the row read holds the log reads back: one read at a time
                logRead.update(tasks.find(taskId).subscribe(this::onRow, this::fail, this::onRowRead));
            }
        }

        private synchronized void onRow(TaskRow task) {
            if (!ended && task.state().terminal() && task.lastSeq() <= lastSent && held.isEmpty()) {
                end(TaskSseMapper.doneFromRow(task));
            }
        }

        /** The row has been read (or there is none): log reads may go again, and a gap seen meanwhile is chased. */
        private synchronized void onRowRead() {
            fetching = false;
            relay();
        }

        private void noteStored(List<RecordedTaskEvent> stored) {
            if (!stored.isEmpty()) {
                logReached = Math.max(logReached, stored.get(stored.size() - 1).seq());
            }
        }

        private void hold(RecordedTaskEvent event) {
            if (event.seq() > lastSent) {
                held.putIfAbsent(event.seq(), event);
            }
        }

        /** Sends the held events that follow the last one sent, as far as the subscriber asks; nothing before the replay. */
        private void relay() {
            while (replayed && !ended && !held.isEmpty() && sink.requestedFromDownstream() > 0) {
                Map.Entry<Long, RecordedTaskEvent> head = held.firstEntry();
                long seq = head.getKey();
                if (seq != lastSent + 1 && !mayJumpTo(seq)) {
                    if (!ended) {
                        awaitGap();
                    }
                    return;
                }
                if (head.getValue().type().terminal() && seq > logReached && !waitedTooLong()) {
                    awaitGap(); // done goes out once stored: /tasks/status then says the same
                    return;
                }
                held.pollFirstEntry();
                lastSent = seq;
                if (gapSince >= 0) {
                    // The gap closed (often by the live queue itself): no need for the log.
                    gapSince = -1;
                    gapTimer.update(Disposables.disposed());
                    fetching = false;
                }
                ServerSentEvent<String> sse = TaskSseMapper.toSse(head.getValue());
                if (TaskSseMapper.ends(sse)) {
                    end(sse);
                    return;
                }
                sentSinceTick = true;
                sink.next(sse);
            }
        }

        /** The next held event does not follow the last one sent: fetch what is between from the log, soon. */
        private void awaitGap() {
            long now = timers.now(TimeUnit.NANOSECONDS);
            if (gapSince < 0) {
                gapSince = now;
            }
            if (fetching) {
                return;
            }
            fetching = true;
            Duration delay = now - gapSince < GAP_FIRST_POLL.toNanos() ? GAP_FIRST_POLL
                    : waitedTooLong() ? GAP_POLL_BEHIND : GAP_POLL;
            gapTimer.update(timers.schedule(this::fetchGap, delay.toNanos(), TimeUnit.NANOSECONDS));
        }

        private void fetchGap() {
            long from;
            synchronized (this) {
                if (ended) {
                    return;
                }
                from = lastSent;
            }
            logRead.update(eventLog.after(taskId, from).collectList().subscribe(this::onGapFetched, this::fail));
        }

        private synchronized void onGapFetched(List<RecordedTaskEvent> stored) {
            fetching = false;
            if (ended) {
                return;
            }
            stored.forEach(this::hold);
            noteStored(stored);
            relay();
        }

        /**
         * Whether the held event {@code head}, which does not follow the last one sent, may go now. Within an
         * attempt the missing seqs are known to exist: only they (or the wait) release the gap. Across attempts,
         * the log decides: once the recorder reached {@code head}, what it holds before it is all there is.
         */
        private boolean mayJumpTo(long head) {
            boolean withinAttempt = sameAttempt(lastSent, head);
            if (!withinAttempt && logReached >= head) {
                return true;
            }
            if (!waitedTooLong()) {
                return false;
            }
            if (withinAttempt && recorder.catchingUp() && !waitedLongerThan(GAP_WAIT_WHILE_RECORDING)) {
                return false; // the missing events are in the recorder's hands: a resume would meet the same gap
            }
            if (!withinAttempt) {
                // The earlier attempt's tail was never published (its worker died mid-stream).
                log.warn("task {}: attempt before seq {} ends at {} as far as the log knows after {}; relaying on",
                        taskId, head, lastSent, GAP_WAIT);
                return true;
            }
            // Inside an attempt the missing events exist but are not stored yet: never skip them; the client
            // resumes from its last event, from the log.
            log.warn("task {}: events between seq {} and {} still not recorded after {}; the client resumes",
                    taskId, lastSent, head, GAP_WAIT);
            end(TaskSseMapper.error(STREAM_FAILED));
            return false;
        }

        private boolean waitedTooLong() {
            return waitedLongerThan(GAP_WAIT);
        }

        private boolean waitedLongerThan(Duration wait) {
            return gapSince >= 0 && timers.now(TimeUnit.NANOSECONDS) - gapSince >= wait.toNanos();
        }

        private void fail(Throwable error) {
            synchronized (this) {
                if (ended) {
                    return;
                }
                log.warn("SSE stream of task {} failed: {}", taskId, error.toString());
                end(TaskSseMapper.error(STREAM_FAILED));
            }
        }

        private void end(ServerSentEvent<String> last) {
            ended = true;
            held.clear();
            sink.next(last);
            // Before completing: the sink disposes only after its subscriber saw the end, and by then the
            // live subscription and the timers should be gone.
            release();
            sink.complete();
        }

        /** The live subscription, the timers and any log read (idempotent). */
        private void release() {
            resources.dispose();
            gapTimer.dispose();
            logRead.dispose();
        }
    }
}
