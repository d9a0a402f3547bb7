package org.edxo.ai.worker.settings;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.support.security.ServiceTokens;
import org.edxo.ai.worker.config.WorkerProperties;
import org.edxo.ai.worker.tasks.TaskFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads section settings from settings-service. Each section is cached (one shared in-flight call, so
 * a burst of tasks makes one request); a {@code settings.changed} message evicts it, and a safety TTL
 * bounds staleness if such a message is ever missed. Failures are not cached.
 */
@Component
public class SettingsClient {

    private static final Logger log = LoggerFactory.getLogger(SettingsClient.class);

    private final WebClient webClient;
    private final ServiceTokens serviceTokens;
    private final WorkerProperties properties;
    private final Map<String, Mono<SectionSettings>> cache = new ConcurrentHashMap<>();

    public SettingsClient(WorkerProperties properties, ServiceTokens serviceTokens) {
        this.webClient = WebClient.builder().baseUrl(properties.settingsUrl()).build();
        this.serviceTokens = serviceTokens;
        this.properties = properties;
    }

    /** The section's settings; fails with {@link TaskFailure} {@code internal_unavailable}. */
    public Mono<SectionSettings> section(String section) {
        return cache.computeIfAbsent(section, this::load);
    }

    /** Drops one section, or every section when {@code section} is null. */
    public void evict(String section) {
        if (section == null) {
            cache.clear();
        } else {
            cache.remove(section);
        }
    }

    private Mono<SectionSettings> load(String section) {
        return Mono.defer(() -> webClient.get()
                        .uri("/api/v1/settings/sections/{section}", section)
                        .header(HttpHeaders.AUTHORIZATION, serviceTokens.serviceBearer())
                        .exchangeToMono(response -> {
                            if (response.statusCode().is2xxSuccessful()) {
                                return response.bodyToMono(byte[].class)
                                        .map(body -> Json.read(body, SectionSettings.class));
                            }
                            if (response.statusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                                // A section nobody configured yet: every field falls back to its default.
                                return response.releaseBody().thenReturn(SectionSettings.empty(section));
                            }
                            return response.createError();
                        }))
                .timeout(properties.internalCallTimeout())
                .onErrorMap(error -> {
                    log.warn("settings-service unavailable for section {}: {}", section, error.toString());
                    return TaskFailure.internalUnavailable("service des paramètres", error);
                })
                .cache(value -> properties.settingsTtl(), error -> Duration.ZERO, () -> Duration.ZERO);
    }
}
