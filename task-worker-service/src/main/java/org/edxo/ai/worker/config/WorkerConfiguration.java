package org.edxo.ai.worker.config;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.SettingsChanged;
import org.edxo.ai.support.security.EdxoSecurity;
import org.edxo.ai.support.security.Roles;
import org.edxo.ai.worker.settings.SettingsClient;
import org.edxo.ai.worker.tasks.TaskCommandListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.function.Consumer;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({WorkerProperties.class, OpenAiProperties.class, CommandIntakeProperties.class})
public class WorkerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WorkerConfiguration.class);

    /** Binding {@code taskCommand-in-0}: commands, manual acknowledgement. */
    @Bean
    Consumer<Message<byte[]>> taskCommand(TaskCommandListener listener) {
        return listener::onCommand;
    }

    /** Binding {@code settingsChanged-in-0}: one queue per instance; drops the changed section's cache. */
    @Bean
    Consumer<Message<byte[]>> settingsChanged(SettingsClient settingsClient) {
        return message -> {
            String section = null;
            try {
                section = Json.read(message.getPayload(), SettingsChanged.class).section();
            } catch (RuntimeException e) {
                log.warn("unreadable settings.changed message; dropping every cached section", e);
            }
            log.info("settings changed: {}", section == null ? "all sections" : section);
            settingsClient.evict(section);
        };
    }

    /**
     * Publishing, confirms and acks touch sockets: they run here, never on an event loop. Short
     * blocking calls only, so a few threads serve many tasks.
     */
    @Bean(destroyMethod = "dispose")
    Scheduler brokerScheduler() {
        return Schedulers.newBoundedElastic(Math.max(4, 4 * Runtime.getRuntime().availableProcessors()),
                Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE, "edxo-broker");
    }

    /** The worker serves only actuator; health and metrics are open, the rest is for admins. */
    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, EdxoSecurity edxoSecurity) {
        return edxoSecurity.apply(http, false, exchanges -> exchanges.anyExchange().hasRole(Roles.ADMIN)).build();
    }
}
