package org.edxo.ai.gateway.streaming;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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

    /** Binding {@code taskEventLive-in-0}: this instance's own live queue. */
    @Bean
    LiveTaskEventRelay taskEventLive(TaskEventHub hub) {
        return new LiveTaskEventRelay(hub);
    }
}
