package org.edxo.ai.gateway.streaming;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;

@Configuration
public class StreamingConfiguration {

    static final int LIVE_QUEUE_EXPIRY_MS = 30_000;

    @Bean
    InMemoryTaskEventHub taskEventHub(MeterRegistry meters) {
        InMemoryTaskEventHub hub = new InMemoryTaskEventHub();
        Gauge.builder("edxo.gateway.sse.live.tasks", hub, InMemoryTaskEventHub::liveTasks)
                .description("Tasks with live SSE subscribers on this instance")
                .register(meters);
        return hub;
    }

    /**
     * This instance's live queue: every task event, for the SSE streams open here. Not durable, and not
     * auto-delete: a consumer lost to a broker hiccup or to a channel closed on an error finds it again (an
     * auto-delete queue went with its consumer, and the instance relayed nothing live until it restarted);
     * it expires 30 s after this instance stopped consuming it. Declared as beans, so that the container's
     * admin declares it again, with its binding, whenever it is missing (a broker restart, an outage longer
     * than the expiry). The name carries the instance id, resolved once here ({@code random.uuid}).
     */
    @Bean
    Declarables taskEventLiveQueue(@Value("${EDXO_BROKER_PREFIX:}") String prefix,
                                   @Value("${edxo.gateway.instance-id}") String instanceId) {
        String events = prefix + "edxo.task.events";
        Queue queue = QueueBuilder.nonDurable(events + ".gateway-" + instanceId).expires(LIVE_QUEUE_EXPIRY_MS).build();
        // As the binder declares the events exchange (durable topic), in case this comes first.
        TopicExchange exchange = ExchangeBuilder.topicExchange(events).durable(true).build();
        return new Declarables(exchange, queue, BindingBuilder.bind(queue).to(exchange).with("#"));
    }

    /**
     * Consumes the live queue with a plain listener container (the binding's per-message function machinery
     * cost more than the relay itself, BENCHMARKS.md); prefetch is safe on a queue whose loss loses nothing.
     */
    @Bean
    DirectMessageListenerContainer taskEventLiveContainer(
            ConnectionFactory connectionFactory, AmqpAdmin amqpAdmin, LiveTaskEventRelay relay,
            @Qualifier("taskEventLiveQueue") Declarables liveQueue,
            @Value("${edxo.gateway.live.prefetch:500}") int prefetch) {
        DirectMessageListenerContainer container = new DirectMessageListenerContainer(connectionFactory);
        container.setQueueNames(liveQueue.getDeclarablesByType(Queue.class).get(0).getName());
        container.setAmqpAdmin(amqpAdmin);
        container.setConsumersPerQueue(1);
        container.setPrefetchCount(prefetch);
        // The relay acks by batches itself (not the container's messagesPerAck: see LiveTaskEventRelay).
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setMissingQueuesFatal(false);
        container.setMessageListener(relay);
        return container;
    }

    /** Acks a quarter of the prefetch at a time, and what is left every {@code ack-interval}. */
    @Bean
    LiveTaskEventRelay liveTaskEventRelay(TaskEventHub hub, @Value("${edxo.gateway.live.prefetch:500}") int prefetch,
                                          @Value("${edxo.gateway.live.ack-interval:100ms}") Duration ackInterval) {
        return new LiveTaskEventRelay(hub, Math.max(1, prefetch / 4), ackInterval, Schedulers.parallel());
    }
}
