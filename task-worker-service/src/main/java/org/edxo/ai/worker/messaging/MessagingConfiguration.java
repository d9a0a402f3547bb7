package org.edxo.ai.worker.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.edxo.ai.support.messaging.ConfirmedPublisher;
import org.edxo.ai.worker.config.WorkerProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    /**
     * Events and usage leave on a connection of their own (so a blocked publisher never stalls the
     * command consumer), configured as Spring Boot configured the binder's ({@code spring.rabbitmq.*}).
     */
    @Bean(destroyMethod = "close")
    ConfirmedPublisher eventPublisher(CachingConnectionFactory rabbitConnectionFactory, WorkerProperties worker,
                                      MeterRegistry meters) {
        ConfirmedPublisher publisher = new ConfirmedPublisher(rabbitConnectionFactory.getRabbitConnectionFactory(),
                "task-worker-events", worker.publisherChannels(), worker.publishConfirmTimeout());
        Gauge.builder("edxo.worker.events.unconfirmed", publisher, ConfirmedPublisher::unconfirmed)
                .description("Events and usage messages sent and not yet confirmed by the broker")
                .register(meters);
        return publisher;
    }
}
