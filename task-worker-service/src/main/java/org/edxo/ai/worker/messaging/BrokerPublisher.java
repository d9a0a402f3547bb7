package org.edxo.ai.worker.messaging;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.MessageHeaderNames;
import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.contracts.messages.UsageRecorded;
import org.edxo.ai.worker.config.WorkerProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import java.time.Duration;
import java.util.UUID;

/**
 * Publishes task events and usage through Spring Cloud Stream, and settles command deliveries.
 * Every broker call runs on a bounded scheduler, never on an event-loop thread. Every message waits for
 * the broker's publisher confirm (and fails if it came back unroutable), so that a command is acked only
 * once its events and usage are safe (DESIGN §5, §8).
 */
@Component
public class BrokerPublisher {

    public static final String EVENTS_BINDING = "taskEvents-out";
    public static final String USAGE_BINDING = "usageRecorded-out";

    private final StreamBridge streamBridge;
    private final Scheduler brokerScheduler;
    private final Duration confirmTimeout;

    public BrokerPublisher(StreamBridge streamBridge, Scheduler brokerScheduler, WorkerProperties properties) {
        this.streamBridge = streamBridge;
        this.brokerScheduler = brokerScheduler;
        this.confirmTimeout = properties.publishConfirmTimeout();
    }

    /**
     * Publishes a task event and waits for the broker's confirm. Waiting for each confirm before the next
     * event of the same task keeps one task's events in seq order on the broker (sends go through pooled
     * channels, which keep no order between them); while a confirm is pending the coalescer keeps
     * batching deltas, so a slower broker means fewer, larger messages rather than a backlog.
     */
    public Mono<Void> publish(TaskEvent event) {
        MessageBuilder<byte[]> message = MessageBuilder.withPayload(Json.write(event))
                .setHeader(MessageHeaderNames.TYPE, event.type().wireName())
                .setHeader(MessageHeaderNames.TASK_ID, event.taskId().toString())
                .setHeader(MessageHeaderNames.KIND, event.kind())
                .setHeader(MessageHeaderNames.USER_ID, event.userId())
                .setHeader(MessageHeaderNames.ROUTING_KEY, event.routingKey());
        return send(EVENTS_BINDING, message, true);
    }

    /** Publishes a usage message (routing key: the model) and waits for the broker's confirm. */
    public Mono<Void> publish(UsageRecorded usage) {
        MessageBuilder<byte[]> message = MessageBuilder.withPayload(Json.write(usage))
                .setHeader(MessageHeaderNames.TYPE, UsageRecorded.TYPE)
                .setHeader(MessageHeaderNames.TASK_ID, usage.taskId().toString())
                .setHeader(MessageHeaderNames.KIND, usage.kind())
                .setHeader(MessageHeaderNames.USER_ID, usage.userId())
                .setHeader(MessageHeaderNames.ROUTING_KEY, usage.data().model());
        return send(USAGE_BINDING, message, true);
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

    /** The broker did not take a message: the only failure after which a command is requeued. */
    public static final class PublishFailure extends RuntimeException {
        PublishFailure(String binding, Throwable cause) {
            super("could not publish on " + binding + ": " + cause.getMessage(), cause);
        }
    }

    private Mono<Void> send(String binding, MessageBuilder<byte[]> message, boolean confirmed) {
        return Mono.defer(() -> {
            message.setHeader(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON_VALUE);
            CorrelationData correlation = confirmed ? new CorrelationData(UUID.randomUUID().toString()) : null;
            if (correlation != null) {
                // With the producer's use-confirm-header, the binder completes this future on the confirm.
                message.setHeader(AmqpHeaders.PUBLISH_CONFIRM_CORRELATION, correlation);
            }
            if (!streamBridge.send(binding, message.build())) {
                return Mono.error(new IllegalStateException("StreamBridge refused a message for " + binding));
            }
            if (correlation == null) {
                return Mono.<Void>empty();
            }
            return Mono.fromFuture(correlation.getFuture())
                    .timeout(confirmTimeout)
                    .flatMap(confirm -> {
                        if (!confirm.ack()) {
                            return Mono.error(new IllegalStateException(
                                    "the broker refused a message for " + binding + ": " + confirm.reason()));
                        }
                        if (correlation.getReturned() != null) {
                            return Mono.error(new IllegalStateException("a message for " + binding
                                    + " was unroutable: " + correlation.getReturned().getReplyText()));
                        }
                        return Mono.<Void>empty();
                    });
        }).onErrorMap(error -> new PublishFailure(binding, error)).subscribeOn(brokerScheduler);
    }
}
