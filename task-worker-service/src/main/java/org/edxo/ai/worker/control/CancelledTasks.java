package org.edxo.ai.worker.control;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.support.security.ServiceTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a task was cancelled before this worker took its command: a short-lived set fed by the
 * {@code task.cancel} orders this instance received, else the gateway's
 * {@code GET /internal/v1/tasks/{id}/cancelled} (for orders sent before this instance existed, or to another
 * one). When the gateway cannot answer, the task runs: a cancel then still reaches it through the order.
 */
@Component
public class CancelledTasks {

    private static final Logger log = LoggerFactory.getLogger(CancelledTasks.class);

    private final Map<UUID, Instant> recent = new ConcurrentHashMap<>();
    private final WebClient gateway;
    private final ServiceTokens serviceTokens;
    private final ControlProperties properties;
    private final Clock clock = Clock.systemUTC();

    public CancelledTasks(ControlProperties properties, ServiceTokens serviceTokens) {
        this.gateway = WebClient.builder().baseUrl(properties.gatewayUrl()).build();
        this.serviceTokens = serviceTokens;
        this.properties = properties;
    }

    /** Remembers a cancel order (and forgets the expired ones). */
    public void remember(UUID taskId) {
        Instant now = clock.instant();
        recent.values().removeIf(until -> until.isBefore(now));
        recent.put(taskId, now.plus(properties.rememberFor()));
    }

    public boolean cancelledHere(UUID taskId) {
        Instant until = recent.get(taskId);
        return until != null && !until.isBefore(clock.instant());
    }

    /** Never empty, never an error. */
    public Mono<Boolean> isCancelled(UUID taskId) {
        if (cancelledHere(taskId)) {
            return Mono.just(true);
        }
        return gateway.get()
                .uri("/internal/v1/tasks/{taskId}/cancelled", taskId)
                .header(HttpHeaders.AUTHORIZATION, serviceTokens.serviceBearer())
                .exchangeToMono(response -> {
                    if (response.statusCode().is2xxSuccessful()) {
                        return response.bodyToMono(byte[].class)
                                .map(body -> Boolean.TRUE.equals(Json.read(body, Map.class).get("cancelled")));
                    }
                    if (response.statusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                        // Not recorded yet (a campus system published the command): nobody could cancel it.
                        return response.releaseBody().thenReturn(false);
                    }
                    return response.createError();
                })
                .timeout(properties.checkTimeout())
                .onErrorResume(error -> {
                    log.warn("could not ask the gateway whether task {} was cancelled ({}); running it", taskId,
                            error.toString());
                    return Mono.just(false);
                })
                .map(cancelled -> cancelled || cancelledHere(taskId));
    }
}
