package org.edxo.ai.worker.billing;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.money.ModelPrice;
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

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a model's price from billing-service ({@code GET /api/v1/billing/prices/{model}}), cached for
 * {@code edxo.worker.price-ttl}. The worker uses it only to show {@code usage.cost}; billing charges
 * from the usage message itself. An unknown model fails the task before the model is called.
 */
@Component
public class PriceClient {

    private static final Logger log = LoggerFactory.getLogger(PriceClient.class);

    private final WebClient webClient;
    private final ServiceTokens serviceTokens;
    private final WorkerProperties properties;
    private final Map<String, Mono<ModelPrice>> cache = new ConcurrentHashMap<>();

    public PriceClient(WorkerProperties properties, ServiceTokens serviceTokens) {
        this.webClient = WebClient.builder().baseUrl(properties.billingUrl()).build();
        this.serviceTokens = serviceTokens;
        this.properties = properties;
    }

    /** Money is sent as strings ({@code "1.250000"}). */
    record PriceDocument(
            @JsonProperty("model") String model,
            @JsonProperty("input_per_million") BigDecimal inputPerMillion,
            @JsonProperty("cached_input_per_million") BigDecimal cachedInputPerMillion,
            @JsonProperty("output_per_million") BigDecimal outputPerMillion,
            @JsonProperty("effective_from") String effectiveFrom) {
    }

    public Mono<ModelPrice> price(String model) {
        return cache.computeIfAbsent(model, this::load);
    }

    private Mono<ModelPrice> load(String model) {
        return Mono.defer(() -> webClient.get()
                        .uri("/api/v1/billing/prices/{model}", model)
                        .header(HttpHeaders.AUTHORIZATION, serviceTokens.serviceBearer())
                        .exchangeToMono(response -> {
                            if (response.statusCode().is2xxSuccessful()) {
                                return response.bodyToMono(byte[].class).map(body -> toPrice(model, body));
                            }
                            if (response.statusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                                return response.releaseBody().then(Mono.error(TaskFailure.unknownModel(model)));
                            }
                            return response.createError();
                        }))
                .timeout(properties.internalCallTimeout())
                .onErrorMap(error -> !(error instanceof TaskFailure), error -> {
                    log.warn("billing-service unavailable for the price of {}: {}", model, error.toString());
                    return TaskFailure.internalUnavailable("service de facturation", error);
                })
                .cache(value -> properties.priceTtl(), error -> Duration.ZERO, () -> Duration.ZERO);
    }

    private static ModelPrice toPrice(String model, byte[] body) {
        PriceDocument document = Json.read(body, PriceDocument.class);
        return new ModelPrice(document.model() != null ? document.model() : model, document.inputPerMillion(),
                document.cachedInputPerMillion(), document.outputPerMillion());
    }
}
