package org.edxo.ai.worker.messaging;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.MessageHeaderNames;
import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.contracts.messages.UsageRecorded;
import org.edxo.ai.support.messaging.ConfirmedPublisher;
import org.edxo.ai.worker.config.WorkerProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes task events and usage, and settles command deliveries. Broker calls run on a bounded
 * scheduler, never on an event-loop thread.
 * <p>
 * All messages of one task go through one channel ({@link ConfirmedPublisher} lanes are picked by task id),
 * so they reach every queue in seq order without waiting for each confirm: a task may have up to
 * {@code edxo.worker.events-in-flight-per-task} events unconfirmed, and {@link #publish(TaskEvent)}
 * completes once the events before that window are confirmed. While it waits, the coalescer keeps
 * merging deltas, so a slow broker gets fewer, larger messages instead of a backlog. A terminal event and
 * a usage message complete only when they and every earlier message of the task are confirmed, so a
 * command is acked only once its events and usage are safe (DESIGN §5, §8). Any failed confirm fails the
 * task's next publish, and the command goes back to the queue.
 */
@Component
public class BrokerPublisher {

    private final ConfirmedPublisher publisher;
    private final Scheduler brokerScheduler;
    private final String eventsExchange;
    private final String usageExchange;
    private final int inFlightPerTask;
    private final Map<UUID, TaskConfirms> tasks = new ConcurrentHashMap<>();

    public BrokerPublisher(ConfirmedPublisher eventPublisher, Scheduler brokerScheduler, WorkerProperties properties,
                           @Value("${spring.cloud.stream.bindings.taskEvents-out.destination}") String eventsExchange,
                           @Value("${spring.cloud.stream.bindings.usageRecorded-out.destination}") String usageExchange) {
        this.publisher = eventPublisher;
        this.brokerScheduler = brokerScheduler;
        this.eventsExchange = eventsExchange;
        this.usageExchange = usageExchange;
        this.inFlightPerTask = properties.eventsInFlightPerTask();
    }

    /**
     * Publishes a task event. Completes when the broker confirmed every earlier event of the task but the
     * last {@code events-in-flight-per-task − 1}; for a terminal event, when it and all earlier ones are confirmed.
     */
    public Mono<Void> publish(TaskEvent event) {
        Map<String, Object> headers = headers(event.type().wireName(), event.taskId(), event.kind(), event.userId(),
                event.routingKey());
        int window = event.type().terminal() ? 0 : inFlightPerTask;
        return send(event.taskId(), eventsExchange, event.routingKey(), headers, event.id(), event, window);
    }

    /** Publishes a usage message (routing key: the model); completes when it and the task's earlier messages are confirmed. */
    public Mono<Void> publish(UsageRecorded usage) {
        Map<String, Object> headers = headers(UsageRecorded.TYPE, usage.taskId(), usage.kind(), usage.userId(),
                usage.data().model());
        return send(usage.taskId(), usageExchange, usage.data().model(), headers, usage.id(), usage, 0);
    }

    public Mono<Void> ack(Delivery delivery) {
        return Mono.<Void>fromRunnable(delivery::ack).subscribeOn(brokerScheduler);
    }

    public Mono<Void> reject(Delivery delivery) {
        return Mono.<Void>fromRunnable(delivery::reject).subscribeOn(brokerScheduler);
    }

    public Mono<Void> requeue(Delivery delivery) {
        return Mono.<Void>fromRunnable(delivery::requeue).subscribeOn(brokerScheduler);
    }

    /** Tasks with messages this instance is still tracking (a gauge, and a test hook). */
    public int trackedTasks() {
        return tasks.size();
    }

    /** The broker did not take a message: the only failure after which a command is requeued. */
    public static final class PublishFailure extends RuntimeException {
        PublishFailure(String exchange, Throwable cause) {
            super("could not publish on " + exchange + ": " + cause.getMessage(), cause);
        }
    }

    private static Map<String, Object> headers(String type, UUID taskId, String kind, String userId, String routingKey) {
        Map<String, Object> headers = new LinkedHashMap<>(8);
        headers.put(MessageHeaderNames.TYPE, type);
        headers.put(MessageHeaderNames.TASK_ID, taskId.toString());
        headers.put(MessageHeaderNames.KIND, kind);
        if (userId != null) {
            headers.put(MessageHeaderNames.USER_ID, userId);
        }
        headers.put(MessageHeaderNames.ROUTING_KEY, routingKey);
        return headers;
    }

    /** @param window messages of the task that may stay unconfirmed when this completes (0: all confirmed) */
    private Mono<Void> send(UUID taskId, String exchange, String routingKey, Map<String, Object> headers, UUID messageId,
                            Object payload, int window) {
        return Mono.defer(() -> {
                    TaskConfirms confirms = tasks.computeIfAbsent(taskId, id -> new TaskConfirms());
                    Throwable earlier = confirms.failure;
                    if (earlier != null) {
                        tasks.remove(taskId, confirms);
                        return Mono.error(earlier);
                    }
                    CompletableFuture<Void> confirmed = publisher.publish(taskId, exchange, routingKey, headers,
                            messageId.toString(), Json.write(payload));
                    CompletableFuture<Void> awaited = confirms.add(confirmed, window);
                    Mono<Void> result = Mono.fromFuture(awaited);
                    // A task forgets its tracking once all is confirmed, or once it learnt of a failure (it stops).
                    return window == 0 ? result.doFinally(signal -> tasks.remove(taskId, confirms))
                            : result.doOnError(error -> tasks.remove(taskId, confirms));
                })
                .onErrorMap(error -> error instanceof PublishFailure ? error : new PublishFailure(exchange, unwrap(error)))
                .subscribeOn(brokerScheduler);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** The unconfirmed messages of one task, oldest first, and the first failure among them. */
    private static final class TaskConfirms {

        private final ArrayDeque<CompletableFuture<Void>> unconfirmed = new ArrayDeque<>();
        volatile Throwable failure;

        /** Adds a sent message; returns what to wait for so that at most {@code window} stay unconfirmed. */
        synchronized CompletableFuture<Void> add(CompletableFuture<Void> confirmed, int window) {
            confirmed.whenComplete((ok, error) -> {
                if (error != null && failure == null) {
                    failure = unwrap(error);
                }
            });
            unconfirmed.addLast(confirmed);
            while (!unconfirmed.isEmpty() && unconfirmed.peekFirst().isDone() && !unconfirmed.peekFirst().isCompletedExceptionally()) {
                unconfirmed.pollFirst();
            }
            int mustConfirm = unconfirmed.size() - window;
            if (mustConfirm <= 0) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<?>[] awaited = new CompletableFuture<?>[mustConfirm];
            var iterator = unconfirmed.iterator();
            for (int i = 0; i < mustConfirm; i++) {
                awaited[i] = iterator.next();
            }
            return CompletableFuture.allOf(awaited);
        }
    }
}
