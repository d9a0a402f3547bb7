package org.edxo.ai.gateway.streaming;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.stream.config.BindingProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import java.util.function.Consumer;

@Configuration
public class StreamingConfiguration {

    @Bean
    InMemoryTaskEventHub taskEventHub(MeterRegistry meters) {
        InMemoryTaskEventHub hub = new InMemoryTaskEventHub();
        Gauge.builder("edxo.gateway.sse.live.tasks", hub, InMemoryTaskEventHub::liveTasks)
                .description("Tasks with live SSE subscribers on this instance")
                .register(meters);
        return hub;
    }

    /**
     * This instance's live queue, consumed by a plain listener container (the binding's per-message
     * function machinery cost more than the relay itself, BENCHMARKS.md); prefetch is safe on a queue
     * whose loss loses nothing.
     */
    @Bean
    DirectMessageListenerContainer taskEventLiveContainer(
            ConnectionFactory connectionFactory, TaskEventHub hub,
            BindingServiceProperties bindings,
            @Value("${edxo.gateway.live.prefetch:500}") int prefetch) {
        DirectMessageListenerContainer container = new DirectMessageListenerContainer(connectionFactory);
        // The group as the binding resolved it (the live one holds a random instance id).
        BindingProperties binding = bindings.getBindingProperties("taskEventLive-in-0");
        container.setQueueNames(binding.getDestination() + "." + binding.getGroup());
        container.setConsumersPerQueue(1);
        container.setPrefetchCount(prefetch);
        container.setAcknowledgeMode(AcknowledgeMode.AUTO);
        container.setMessagesPerAck(Math.max(1, prefetch / 4));
        container.setAckTimeout(50L);
        container.setMissingQueuesFatal(false);
        container.setMessageListener(new LiveTaskEventRelay(hub));
        return container;
    }

    /**
     * Binding {@code taskEventLive-in-0} exists only to declare this instance's live queue; it never starts
     * ({@code auto-startup: false}), {@link #taskEventLiveContainer} consumes.
     */
    @Bean
    Consumer<Message<byte[]>> taskEventLive() {
        return message -> {
            throw new IllegalStateException("the live queue is consumed by taskEventLiveContainer");
        };
    }
}
