package org.edxo.ai.worker.settings;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.support.security.ServiceTokens;
import org.edxo.ai.worker.config.WorkerProperties;
import org.edxo.ai.worker.tasks.TaskFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Reads effective section settings from settings-service ({@code ?view=effective}: defaults applied,
 * with sources) with the worker's service identity. Each section is cached as one shared call, so a
 * burst of tasks makes one request; a {@code settings.changed} message evicts it at once, and a
 * safety TTL bounds staleness if such a message is ever missed. Failures are not cached.
 *
 * <p>A read racing with an eviction cannot re-cache stale data: the map holds the call itself, never
 * its answer, so an answer that arrives after the eviction only reaches the tasks that asked before
 * it; the next task finds no entry and makes a new call, which runs after the change was committed
 * (settings-service announces only after the commit).
 */
@Component
public class SettingsClient {

    private static final Logger log = LoggerFactory.getLogger(SettingsClient.class);

    private final Function<String, Mono<SectionSettings>> fetch;
    private final Duration ttl;
    private final Duration timeout;
    private final Map<String, Mono<SectionSettings>> cache = new ConcurrentHashMap<>();

    @Autowired
    public SettingsClient(WorkerProperties properties, ServiceTokens serviceTokens) {
        this(webFetch(WebClient.builder().baseUrl(properties.settingsUrl()).build(), serviceTokens),
                properties.settingsTtl(), properties.internalCallTimeout());
    }

    SettingsClient(Function<String, Mono<SectionSettings>> fetch, Duration ttl, Duration timeout) {
        this.fetch = fetch;
        this.ttl = ttl;
        this.timeout = timeout;
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
        return Mono.defer(() -> fetch.apply(section))
                .timeout(timeout)
                .onErrorMap(error -> {
                    log.warn("settings-service unavailable for section {}: {}", section, error.toString());
                    return TaskFailure.internalUnavailable("service des paramètres", error);
                })
                .cache(value -> ttl, error -> Duration.ZERO, () -> Duration.ZERO);
    }

    private static Function<String, Mono<SectionSettings>> webFetch(WebClient webClient, ServiceTokens serviceTokens) {
        return section -> webClient.get()
                .uri("/api/v1/settings/sections/{section}?view=effective", section)
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
                });
    }
}
