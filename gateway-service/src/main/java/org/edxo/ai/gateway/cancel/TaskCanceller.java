package org.edxo.ai.gateway.cancel;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.MessageHeaderNames;
import org.edxo.ai.contracts.messages.TaskControl;
import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.contracts.messages.TaskEventType;
import org.edxo.ai.gateway.tasks.TaskEventLog;
import org.edxo.ai.gateway.tasks.TaskRepository;
import org.edxo.ai.gateway.tasks.TaskRow;
import org.edxo.ai.gateway.tasks.TaskState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.MimeTypeUtils;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Instant;
import java.util.UUID;

/**
 * Cancels a task the caller may see:
 * <ul>
 *   <li>finished: nothing to do;</li>
 *   <li>queued (PENDING, no event yet): revoked at once, with its {@code task.revoked} stored and relayed to
 *       every instance's SSE clients; the worker that later takes the command revokes it without calling the
 *       model (it asks {@code /internal/v1/tasks/{id}/cancelled});</li>
 *   <li>running: the cancel is noted and a {@code task.cancel} order goes to every worker instance; the one
 *       running it closes the model stream, bills the input sent and publishes {@code task.revoked}.</li>
 * </ul>
 */
@Service
public class TaskCanceller {

    public static final String CONTROL_BINDING = "taskControl-out";
    public static final String EVENTS_BINDING = "taskEvents-out";
    static final String REQUESTED = "Annulation demandée.";
    static final String ALREADY_FINISHED = "La tâche est déjà terminée.";
    public static final String REVOKED = "Tâche annulée.";
    /** The seq a worker's first attempt would give its first event: a racing worker event is deduplicated. */
    static final long QUEUED_REVOKE_SEQ = 1;

    private static final Logger log = LoggerFactory.getLogger(TaskCanceller.class);

    private final TaskRepository tasks;
    private final TaskEventLog eventLog;
    private final TransactionalOperator transaction;
    private final StreamBridge streamBridge;

    public TaskCanceller(TaskRepository tasks, TaskEventLog eventLog, ReactiveTransactionManager transactionManager,
                         StreamBridge streamBridge) {
        this.tasks = tasks;
        this.eventLog = eventLog;
        this.transaction = TransactionalOperator.create(transactionManager);
        this.streamBridge = streamBridge;
    }

    /** What a cancel did: {@code accepted} false for a finished task (a no-op). */
    public record Outcome(boolean accepted, UUID taskId, TaskState state, String message) {
    }

    public Mono<Outcome> cancel(TaskRow task, String requestedBy) {
        if (task.state().terminal()) {
            return Mono.just(new Outcome(false, task.taskId(), task.state(), ALREADY_FINISHED));
        }
        TaskEvent revoked = new TaskEvent(UUID.randomUUID(), TaskEventType.REVOKED, task.taskId(), task.kind(),
                task.userId(), QUEUED_REVOKE_SEQ, Instant.now(), TaskEvent.SCHEMA_VERSION, null,
                TaskEvent.data(TaskEvent.MESSAGE, REVOKED));
        // The row is locked first, in the recorder's order (row, then events): a worker event being recorded
        // right now either commits before (the task is no longer queued) or waits for this revocation.
        Mono<Boolean> revokeQueued = transaction.transactional(tasks.findForUpdate(task.taskId())
                        .then(tasks.revokeIfQueued(task.taskId(), REVOKED))
                        .flatMap(queued -> queued ? eventLog.append(revoked).thenReturn(true) : Mono.just(false)))
                .onErrorResume(error -> {
                    // Not revoked here; the order below still stops whichever worker has the command.
                    log.warn("task {}: could not revoke it as queued ({}); asking the workers", task.taskId(),
                            error.toString());
                    return Mono.just(false);
                });
        return revokeQueued.flatMap(queued -> {
            Mono<Void> noted = queued ? send(EVENTS_BINDING, event(revoked)) : tasks.markCancelRequested(task.taskId());
            // Sent in both cases: a worker may have taken the command a moment ago.
            return noted.then(send(CONTROL_BINDING, control(TaskControl.cancel(task.taskId(), requestedBy))))
                    .thenReturn(new Outcome(true, task.taskId(), queued ? TaskState.REVOKED : task.state(), REQUESTED));
        });
    }

    private Mono<Void> send(String binding, Message<byte[]> message) {
        // StreamBridge writes on a broker channel: blocking I/O, kept off the event loop.
        return Mono.fromRunnable(() -> {
                    if (!streamBridge.send(binding, message)) {
                        throw new IllegalStateException("not sent on " + binding);
                    }
                })
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorResume(error -> {
                    // The cancel is stored: a worker taking the command later still sees it.
                    log.warn("cancel message on {} not sent: {}", binding, error.toString());
                    return Mono.empty();
                })
                .then();
    }

    static Message<byte[]> control(TaskControl control) {
        return MessageBuilder.withPayload(Json.write(control))
                .setHeader(MessageHeaderNames.TYPE, control.type())
                .setHeader(MessageHeaderNames.TASK_ID, control.taskId().toString())
                .setHeader(MessageHeaderNames.USER_ID, control.userId())
                .setHeader(MessageHeaderNames.ROUTING_KEY, TaskControl.CANCEL_ROUTING_KEY)
                .setHeader(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON_VALUE)
                .build();
    }

    static Message<byte[]> event(TaskEvent event) {
        return MessageBuilder.withPayload(Json.write(event))
                .setHeader(MessageHeaderNames.TYPE, event.type().wireName())
                .setHeader(MessageHeaderNames.TASK_ID, event.taskId().toString())
                .setHeader(MessageHeaderNames.KIND, event.kind())
                .setHeader(MessageHeaderNames.USER_ID, event.userId())
                .setHeader(MessageHeaderNames.ROUTING_KEY, event.routingKey())
                .setHeader(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON_VALUE)
                .build();
    }
}
