package org.edxo.ai.gateway.tasks;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.MessageHeaderNames;
import org.edxo.ai.contracts.messages.TaskCommand;
import org.edxo.ai.gateway.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;

/**
 * Publishes task commands on {@code edxo.task.commands} (routing key = kind) and completes only once the
 * broker confirmed it holds the message (publisher confirms, DESIGN §5), so that a 202 means "queued".
 */
@Component
public class TaskCommandPublisher {

    public static final String BINDING = "taskCommands-out";

    private static final Logger log = LoggerFactory.getLogger(TaskCommandPublisher.class);

    private final StreamBridge streamBridge;
    private final Duration confirmTimeout;

    public TaskCommandPublisher(StreamBridge streamBridge, GatewayProperties properties) {
        this.streamBridge = streamBridge;
        this.confirmTimeout = properties.publishConfirmTimeout();
    }

    /** Completes when the broker acked the command; errors with {@link PublishFailedException} otherwise. */
    public Mono<Void> publish(TaskCommand command) {
        return Mono.defer(() -> {
                    CorrelationData correlation = new CorrelationData(command.id().toString());
                    // StreamBridge writes on a broker channel: blocking I/O, kept off the event loop.
                    if (!streamBridge.send(BINDING, message(command, correlation))) {
                        return Mono.error(new PublishFailedException("not sent"));
                    }
                    return Mono.fromFuture(correlation.getFuture()).flatMap(confirm -> {
                        if (!confirm.ack()) {
                            return Mono.error(new PublishFailedException("nacked: " + confirm.reason()));
                        }
                        if (correlation.getReturned() != null) {
                            return Mono.error(new PublishFailedException("unroutable: " + correlation.getReturned()));
                        }
                        return Mono.<Void>empty();
                    });
                })
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(confirmTimeout, Mono.error(() -> new PublishFailedException("no confirm within " + confirmTimeout)))
                .onErrorMap(e -> !(e instanceof PublishFailedException), e -> new PublishFailedException(e.toString()))
                .doOnError(e -> log.warn("command {} of task {} not published: {}", command.id(), command.taskId(),
                        e.getMessage()));
    }

    static Message<byte[]> message(TaskCommand command, CorrelationData correlation) {
        return MessageBuilder.withPayload(Json.write(command))
                .setHeader(MessageHeaderNames.TYPE, TaskCommand.TYPE)
                .setHeader(MessageHeaderNames.TASK_ID, command.taskId().toString())
                .setHeader(MessageHeaderNames.KIND, command.kind())
                .setHeader(MessageHeaderNames.USER_ID, command.userId())
                .setHeader(MessageHeaderNames.ROUTING_KEY, command.kind())
                .setHeader(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON_VALUE)
                .setHeader(AmqpHeaders.PUBLISH_CONFIRM_CORRELATION, correlation)
                .build();
    }

    /** The broker did not take the command (down, nack, unroutable, no confirm in time). */
    public static class PublishFailedException extends RuntimeException {
        PublishFailedException(String reason) {
            super(reason);
        }
    }
}
