package org.edxo.ai.worker.tasks;

import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.contracts.messages.TaskEventType;
import org.edxo.ai.worker.messaging.BrokerPublisher;
import org.edxo.ai.worker.messaging.Delivery;
import org.edxo.ai.worker.tasks.CommandValidator.Accepted;
import org.edxo.ai.worker.tasks.CommandValidator.Rejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.UUID;

/**
 * Takes each command delivery and returns at once: a valid command starts its task (which acks the
 * delivery when it has settled), an invalid one is announced with {@code task.rejected} and rejected
 * to the dead-letter queue. The prefetch bounds how many deliveries are held at once. Once shutdown has
 * begun ({@link CommandIntake}), a command is handed back to the broker untouched.
 */
@Component
public class TaskCommandListener {

    private static final Logger log = LoggerFactory.getLogger(TaskCommandListener.class);

    private final CommandValidator validator;
    private final TaskRunner runner;
    private final BrokerPublisher publisher;
    private final CommandIntake intake;

    public TaskCommandListener(CommandValidator validator, TaskRunner runner, BrokerPublisher publisher,
                               CommandIntake intake) {
        this.validator = validator;
        this.runner = runner;
        this.publisher = publisher;
        this.intake = intake;
    }

    public void onCommand(Message<byte[]> message) {
        Delivery delivery = Delivery.of(message.getHeaders());
        if (!intake.admit(message.getHeaders())) {
            log.info("shutting down: a command delivered meanwhile goes back to the broker");
            publisher.requeue(delivery).subscribe(null, error ->
                    log.warn("could not hand a command back; the broker redelivers it when the channel closes: {}",
                            error.toString()));
            return;
        }
        CommandValidator.Verdict verdict;
        try {
            verdict = validator.validate(message.getPayload(), message.getHeaders());
        } catch (RuntimeException e) {
            log.error("unexpected error while validating a command", e);
            verdict = new Rejected(null, "unknown", "", null, CommandValidator.INVALID_COMMAND,
                    "Commande invalide : " + e.getMessage());
        }
        if (verdict instanceof Accepted accepted) {
            runner.start(accepted, delivery);
        } else if (verdict instanceof Rejected rejected) {
            reject(rejected, delivery);
        }
    }

    private void reject(Rejected rejected, Delivery delivery) {
        log.warn("command rejected to the dead-letter queue (task {}, kind {}): {} [{}]", rejected.taskId(),
                rejected.kind(), rejected.message(), rejected.errorCode());
        Mono<Void> announce = rejected.taskId() == null
                ? Mono.empty()
                : publisher.publish(rejectedEvent(rejected, delivery.attempt()))
                        .onErrorResume(error -> {
                            log.error("could not publish task.rejected for task {}", rejected.taskId(), error);
                            return Mono.empty();
                        });
        announce.then(publisher.reject(delivery))
                .subscribe(null, error -> log.error("could not reject a command delivery", error));
    }

    static TaskEvent rejectedEvent(Rejected rejected, int attempt) {
        return new TaskEvent(UUID.randomUUID(), TaskEventType.REJECTED, rejected.taskId(), rejected.kind(),
                rejected.userId(), TaskEvent.firstSeq(attempt), Instant.now(), TaskEvent.SCHEMA_VERSION,
                rejected.trace(), TaskEvent.data(TaskEvent.MESSAGE, rejected.message(),
                TaskEvent.ERROR_CODE, rejected.errorCode()));
    }
}
