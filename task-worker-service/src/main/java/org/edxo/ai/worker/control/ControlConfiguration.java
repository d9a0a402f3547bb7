package org.edxo.ai.worker.control;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import java.util.function.Consumer;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ControlProperties.class)
public class ControlConfiguration {

    /** Binding {@code taskControl-in-0}: one non-durable queue per instance on {@code edxo.task.control}. */
    @Bean
    Consumer<Message<byte[]>> taskControl(TaskControlListener listener) {
        return listener::onControl;
    }
}
