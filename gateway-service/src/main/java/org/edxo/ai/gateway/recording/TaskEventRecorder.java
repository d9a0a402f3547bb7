package org.edxo.ai.gateway.recording;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.gateway.tasks.RecordedTaskEvent;
import org.edxo.ai.gateway.tasks.TaskEventLog;
import org.edxo.ai.gateway.tasks.TaskProjection;
import org.edxo.ai.gateway.tasks.TaskRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The durable consumer of {@code edxo.task.events} (group {@code recorder}): stores each event once in the
 * replay log and moves the task row forward, in one transaction (whichever instance takes it). It blocks the
 * listener thread on purpose: the binder acks only after the commit, so a crash redelivers instead of losing.
 */
public class TaskEventRecorder implements Consumer<Message<byte[]>> {

    private static final Logger log = LoggerFactory.getLogger(TaskEventRecorder.class);
    private static final String EVENT_SCHEMA = "schemas/messages/task-event.v1.schema.json";
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);

    private final TaskRepository tasks;
    private final TaskEventLog eventLog;
    private final TransactionalOperator transaction;

    public TaskEventRecorder(TaskRepository tasks, TaskEventLog eventLog, TransactionalOperator transaction) {
        this.tasks = tasks;
        this.eventLog = eventLog;
        this.transaction = transaction;
    }

    @Override
    public void accept(Message<byte[]> message) {
        TaskEvent event = parse(message.getPayload());
        Boolean inserted = transaction.transactional(record(event)).block(COMMIT_TIMEOUT);
        // Live relaying is the job of each instance's own queue (LiveTaskEventRelay), not of the recorder.
        if (!Boolean.TRUE.equals(inserted)) {
            log.debug("event {} of task {} (seq {}) already recorded", event.id(), event.taskId(), event.seq());
        }
    }

    /** @return whether the event was new */
    private Mono<Boolean> record(TaskEvent event) {
        RecordedTaskEvent recorded = RecordedTaskEvent.of(event);
        return tasks.insertIfAbsent(event.taskId(), event.kind(), event.userId())
                .then(eventLog.append(event))
                .flatMap(inserted -> {
                    if (!inserted) {
                        return Mono.just(false);
                    }
                    Mono<Void> update = switch (event.type()) {
                        case OUTPUT_DELTA, REASONING_DELTA -> tasks.advanceOnDelta(event.taskId(), event.seq());
                        default -> tasks.findForUpdate(event.taskId())
                                .flatMap(row -> tasks.write(event.taskId(), TaskProjection.apply(row.snapshot(), recorded)));
                    };
                    return update.thenReturn(true);
                });
    }

    private static TaskEvent parse(byte[] payload) {
        try {
            List<ContractValidator.Violation> violations = ContractValidator.validate(EVENT_SCHEMA, Json.tree(payload));
            if (!violations.isEmpty()) {
                throw new InvalidTaskEventException(violations.toString());
            }
            return Json.read(payload, TaskEvent.class);
        } catch (InvalidTaskEventException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidTaskEventException(e.getMessage());
        }
    }
}
