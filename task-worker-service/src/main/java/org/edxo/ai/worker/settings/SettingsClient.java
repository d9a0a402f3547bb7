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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

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
 *
 * <p>The plan-cadre generation sections are read and cached the same way, as one list; settings-service
 * announces their changes as section {@value #GENERATION_SECTIONS_ANNOUNCED_AS} (and an import as null).
 */
@Component
public class SettingsClient {

    private static final Logger log = LoggerFactory.getLogger(SettingsClient.class);

    /** The {@code section} of the {@code settings.changed} messages announcing a generation-section change. */
    public static final String GENERATION_SECTIONS_ANNOUNCED_AS = "plan_cadre";

    private final Function<String, Mono<SectionSettings>> fetch;
    private final Supplier<Mono<List<GenerationSection>>> fetchGenerationSections;
    private final Duration ttl;
    private final Duration timeout;
    private final Map<String, Mono<SectionSettings>> cache = new ConcurrentHashMap<>();
    private final AtomicReference<Mono<List<GenerationSection>>> generationSections = new AtomicReference<>();

    @Autowired
    public SettingsClient(WorkerProperties properties, ServiceTokens serviceTokens) {
        this(webFetch(WebClient.builder().baseUrl(properties.settingsUrl()).build(), serviceTokens),
                webFetchGenerationSections(WebClient.builder().baseUrl(properties.settingsUrl()).build(), serviceTokens),
                properties.settingsTtl(), properties.internalCallTimeout());
    }

    SettingsClient(Function<String, Mono<SectionSettings>> fetch, Duration ttl, Duration timeout) {
        this(fetch, () -> Mono.error(new IllegalStateException("no generation sections here")), ttl, timeout);
    }

    SettingsClient(Function<String, Mono<SectionSettings>> fetch,
                   Supplier<Mono<List<GenerationSection>>> fetchGenerationSections, Duration ttl, Duration timeout) {
        this.fetch = fetch;
        this.fetchGenerationSections = fetchGenerationSections;
        this.ttl = ttl;
        this.timeout = timeout;
    }

    /** The section's settings; fails with {@link TaskFailure} {@code internal_unavailable}. */
    public Mono<SectionSettings> section(String section) {
        return cache.computeIfAbsent(section, this::load);
    }

    /**
     * The plan-cadre generation sections, in order; fails with {@link TaskFailure} {@code internal_unavailable}.
     */
    public Mono<List<GenerationSection>> generationSections() {
        return generationSections.updateAndGet(cached -> cached != null ? cached
                : cached(Mono.defer(fetchGenerationSections), "generation sections"));
    }

    /**
     * Drops one section, or every section when {@code section} is null; the generation sections go too when
     * {@code section} is null or {@value #GENERATION_SECTIONS_ANNOUNCED_AS}.
     */
    public void evict(String section) {
        if (section == null) {
            cache.clear();
        } else {
            cache.remove(section);
        }
        if (section == null || GENERATION_SECTIONS_ANNOUNCED_AS.equals(section)) {
            generationSections.set(null);
        }
    }

    private Mono<SectionSettings> load(String section) {
        return cached(Mono.defer(() -> fetch.apply(section)), "section " + section);
    }

    /** One shared call, its answer kept {@code ttl}, a failure not kept. */
    private <T> Mono<T> cached(Mono<T> call, String what) {
        return call
                .timeout(timeout)
                .onErrorMap(error -> {
                    log.warn("settings-service unavailable for {}: {}", what, error.toString());
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

    private static Supplier<Mono<List<GenerationSection>>> webFetchGenerationSections(WebClient webClient,
                                                                                       ServiceTokens serviceTokens) {
        return () -> webClient.get()
                .uri("/api/v1/settings/generation-sections")
                .header(HttpHeaders.AUTHORIZATION, serviceTokens.serviceBearer())
                .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                        ? response.bodyToMono(byte[].class).map(body -> List.of(Json.read(body, GenerationSection[].class)))
                        : response.createError());
    }
}
