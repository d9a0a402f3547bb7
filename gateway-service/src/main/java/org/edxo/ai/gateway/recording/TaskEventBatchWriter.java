package org.edxo.ai.gateway.recording;

import com.rabbitmq.client.Channel;
import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.gateway.tasks.RecordedTaskEvent;
import org.edxo.ai.gateway.tasks.TaskEventLog;
import org.edxo.ai.gateway.tasks.TaskProjection;
import org.edxo.ai.gateway.tasks.TaskRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes recorded events by batches (DESIGN §7 "batch writes of the replay log"): whatever arrived while the
 * previous transaction ran goes in the next one, so a busy system writes hundreds per transaction. When
 * fewer than {@code lingerBelow} events wait, the writer lingers first (a few ms) to let more of them join:
 * at a few hundred events a second a transaction per event cost the gateway and PostgreSQL more than the
 * rest of an event's path. SSE clients get events from the live queue, not from the log, so lingering
 * delays only what waits on the log, by at most {@code linger}: reconnect catch-ups, the status route and the
 * stream's terminal event (sent once stored). One batch at a time, in arrival order, so each task's events
 * reach the log in seq order. Per batch, in one transaction: the rows of tasks first seen here, the events
 * (one multi-row insert, idempotent by (task_id, seq) and by event id), then the task rows: each new
 * non-delta event through {@link TaskProjection} in order, and one statement moving every task past its
 * highest new delta. The deliveries are acked after the commit; a batch that cannot be committed is
 * retried, then requeued.
 */
public class TaskEventBatchWriter {

    private static final Logger log = LoggerFactory.getLogger(TaskEventBatchWriter.class);

    /** One valid event and the delivery to settle once it is stored. */
    public record Pending(TaskEvent event, String dataJson, Channel channel, long deliveryTag) {
    }

    private final TaskRepository tasks;
    private final TaskEventLog eventLog;
    private final TransactionalOperator transaction;
    private final int maxBatch;
    private final Retry retry;
    private final Duration linger;
    /** Whether small batches linger at all ({@code linger} > 0). */
    private final boolean lingers;
    private final int lingerBelow;
    private final Scheduler lingerTimer;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();

    /**
     * @param linger      how long a small batch waits for more events (zero: never)
     * @param lingerBelow a batch of at least this many events is written at once
     */
    public TaskEventBatchWriter(TaskRepository tasks, TaskEventLog eventLog, TransactionalOperator transaction, int maxBatch,
                                Duration linger, int lingerBelow, Scheduler lingerTimer, Retry retry) {
        this.tasks = tasks;
        this.eventLog = eventLog;
        this.transaction = transaction;
        this.maxBatch = maxBatch;
        this.linger = linger;
        this.lingers = !linger.isZero() && !linger.isNegative();
        this.lingerBelow = lingerBelow;
        this.lingerTimer = lingerTimer;
        this.retry = retry;
    }

    public void submit(Pending pending) {
        queue.add(pending);
        queued.incrementAndGet();
        writeIfIdle();
    }

    /** Events received and not yet committed (a gauge). */
    public int backlog() {
        return queued.get();
    }

    private void writeIfIdle() {
        if (lingers && !queue.isEmpty() && queued.get() < lingerBelow && writing.compareAndSet(false, true)) {
            try {
                // The timer owns the writer meanwhile: what arrives during the linger joins this batch.
                lingerTimer.schedule(() -> {
                    if (!writeBatch()) {
                        writeNow();
                    }
                }, linger.toNanos(), TimeUnit.NANOSECONDS);
                return;
            } catch (RejectedExecutionException stopping) {
                writing.set(false);
            }
        }
        writeNow();
    }

    private void writeNow() {
        while (!queue.isEmpty() && writing.compareAndSet(false, true)) {
            if (writeBatch()) {
                return;
            }
        }
    }

    /** With the writer owned: writes what waits, or gives the writer up and answers false when nothing does. */
    private boolean writeBatch() {
        List<Pending> batch = new ArrayList<>(Math.min(maxBatch, queued.get()));
        Pending next;
        while (batch.size() < maxBatch && (next = queue.poll()) != null) {
            batch.add(next);
        }
        queued.addAndGet(-batch.size());
        if (batch.isEmpty()) {
            writing.set(false);
            return false;
        }
        transaction.transactional(store(batch))
                .retryWhen(retry)
                .subscribe(null, error -> {
                    log.error("could not record {} task events; they go back to the queue", batch.size(), error);
                    settle(batch, false);
                    done();
                }, () -> {
                    settle(batch, true);
                    done();
                });
        return true;
    }

    private void done() {
        writing.set(false);
        writeIfIdle();
    }

    private Mono<Void> store(List<Pending> batch) {
        Map<UUID, TaskRepository.NewTask> newTasks = new LinkedHashMap<>();
        List<TaskEventLog.NewEvent> rows = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            TaskEvent event = pending.event();
            newTasks.putIfAbsent(event.taskId(), new TaskRepository.NewTask(event.taskId(), event.kind(), event.userId()));
            rows.add(new TaskEventLog.NewEvent(event.taskId(), event.seq(), event.id(), event.type().wireName(),
                    pending.dataJson(), event.occurredAt()));
        }
        return tasks.insertAllIfAbsent(newTasks.values())
                .then(eventLog.appendAll(rows))
                .flatMap(inserted -> project(batch, inserted));
    }

    /** Moves the task rows forward for the events that were new. */
    private Mono<Void> project(List<Pending> batch, Set<String> inserted) {
        Map<UUID, Long> highestDelta = new LinkedHashMap<>();
        List<TaskEvent> others = new ArrayList<>();
        for (Pending pending : batch) {
            TaskEvent event = pending.event();
            if (!inserted.remove(event.taskId() + ":" + event.seq())) {
                continue; // already stored: a redelivery or a duplicate
            }
            switch (event.type()) {
                case OUTPUT_DELTA, REASONING_DELTA -> highestDelta.merge(event.taskId(), event.seq(), Math::max);
                default -> others.add(event);
            }
        }
        // Row locks in one order (task, then seq) whichever instance records.
        others.sort(Comparator.comparing(TaskEvent::taskId).thenComparingLong(TaskEvent::seq));
        Mono<Void> nonDeltas = Flux.fromIterable(others)
                .concatMap(event -> tasks.findForUpdate(event.taskId())
                        .flatMap(row -> tasks.write(event.taskId(), TaskProjection.apply(row.snapshot(), RecordedTaskEvent.of(event)))))
                .then();
        // After the other events: a delta only advances last_seq and PENDING/STARTED to PROGRESS, which commutes.
        return nonDeltas.then(highestDelta.isEmpty() ? Mono.empty() : tasks.advanceOnDeltas(highestDelta));
    }

    /** Acks (or requeues) the batch: per channel, its highest delivery tag covers the earlier ones. */
    private static void settle(List<Pending> batch, boolean stored) {
        Map<Channel, Long> highest = new LinkedHashMap<>();
        for (Pending pending : batch) {
            highest.merge(pending.channel(), pending.deliveryTag(), Math::max);
        }
        highest.forEach((channel, tag) -> {
            try {
                if (stored) {
                    channel.basicAck(tag, true);
                } else {
                    channel.basicNack(tag, true, true);
                }
            } catch (IOException | RuntimeException e) {
                // The channel closed: the broker redelivers these, and storing is idempotent.
                log.warn("could not settle recorded events up to delivery {}: {}", tag, e.toString());
            }
        });
    }

    static Retry defaultRetry() {
        return Retry.backoff(6, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5))
                .doBeforeRetry(signal -> log.warn("recording a batch failed ({}); retrying", signal.failure().toString()));
    }
}
