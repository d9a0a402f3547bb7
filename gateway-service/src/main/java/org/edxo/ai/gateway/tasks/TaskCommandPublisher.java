package org.edxo.ai.gateway.tasks;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.MessageHeaderNames;
import org.edxo.ai.contracts.messages.TaskCommand;
import org.edxo.ai.gateway.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.edxo.ai.support.messaging.ConfirmedPublisher;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Publishes task commands on {@code edxo.task.commands} (routing key = kind) and completes only once the
 * broker confirmed it holds the message (publisher confirms, DESIGN §5), so that a 202 means "queued".
 * Sends straight through the RabbitMQ client ({@link ConfirmedPublisher}, a connection of its own, a few
 * channels with confirms in flight together): the framework path cost more per start than the rest of it.
 * The exchange and the workers queue are declared by the {@code taskCommands-out} binding.
 */
@Component
public class TaskCommandPublisher implements AutoCloseable {

    public static final String BINDING = "taskCommands-out";

    private static final Logger log = LoggerFactory.getLogger(TaskCommandPublisher.class);

    private final ConfirmedPublisher publisher;
    private final String exchange;
    private final Duration confirmTimeout;

    public TaskCommandPublisher(CachingConnectionFactory rabbitConnectionFactory, GatewayProperties properties,
                                @Value("${spring.cloud.stream.bindings.taskCommands-out.destination}") String exchange,
                                @Value("${edxo.gateway.command-publisher-channels:4}") int channels) {
        this.confirmTimeout = properties.publishConfirmTimeout();
        this.exchange = exchange;
        this.publisher = new ConfirmedPublisher(rabbitConnectionFactory.getRabbitConnectionFactory(), "gateway-commands",
                channels, confirmTimeout);
    }

    /** Completes when the broker acked the command; errors with {@link PublishFailedException} otherwise. */
    public Mono<Void> publish(TaskCommand command) {
        return Mono.defer(() -> Mono.fromFuture(publisher.publish(command.taskId(), exchange, command.kind(), headers(command),
                        command.id().toString(), Json.write(command))))
                // The send writes to a socket: kept off the event loop.
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(confirmTimeout, Mono.error(() -> new PublishFailedException("no confirm within " + confirmTimeout)))
                .onErrorMap(e -> !(e instanceof PublishFailedException), e -> new PublishFailedException(e.toString()))
                .doOnError(e -> log.warn("command {} of task {} not published: {}", command.id(), command.taskId(),
                        e.getMessage()));
    }

    @Override
    public void close() {
        publisher.close();
    }

    static Map<String, Object> headers(TaskCommand command) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(MessageHeaderNames.TYPE, TaskCommand.TYPE);
        headers.put(MessageHeaderNames.TASK_ID, command.taskId().toString());
        headers.put(MessageHeaderNames.KIND, command.kind());
        headers.put(MessageHeaderNames.USER_ID, command.userId());
        headers.put(MessageHeaderNames.ROUTING_KEY, command.kind());
        return headers;
    }

    /** The broker did not take the command (down, nack, unroutable, no confirm in time). */
    public static class PublishFailedException extends RuntimeException {
        PublishFailedException(String reason) {
            super(reason);
        }
    }
}
