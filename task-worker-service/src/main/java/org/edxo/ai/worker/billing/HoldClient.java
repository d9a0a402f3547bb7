package org.edxo.ai.worker.billing;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.TaskCommand;
import org.edxo.ai.support.security.ServiceTokens;
import org.edxo.ai.worker.config.WorkerProperties;
import org.edxo.ai.worker.tasks.TaskFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Holds before spending (DESIGN §6): before a model call, billing-service sets the call's worst-case
 * cost aside ({@code POST /api/v1/billing/holds}); the usage message then captures the real cost. A
 * call that ends without usage gives its hold back ({@code POST /holds/{task}/{attempt}/release}).
 */
@Component
public class HoldClient {

    private static final Logger log = LoggerFactory.getLogger(HoldClient.class);
    /** Role and framing tokens around the texts (a few per message); generous. */
    static final long FRAMING_TOKENS = 64;

    private final WebClient webClient;
    private final ServiceTokens serviceTokens;
    private final WorkerProperties properties;

    public HoldClient(WorkerProperties properties, ServiceTokens serviceTokens) {
        this.webClient = WebClient.builder().baseUrl(properties.billingUrl()).build();
        this.serviceTokens = serviceTokens;
        this.properties = properties;
    }

    /**
     * An upper bound of the input tokens of a call: a BPE token is at least one UTF-8 byte, so the
     * byte length of every text sent (instructions, user message, the output schema of Structured
     * Outputs) plus a margin for the framing bounds the count from above.
     */
    public static long maxInputTokens(String... texts) {
        long bytes = FRAMING_TOKENS;
        for (String text : texts) {
            if (text != null) {
                bytes += text.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return bytes;
    }

    /**
     * Holds the worst case of model call {@code call} (from 1) of an attempt. Fails with
     * {@link TaskFailure#insufficientCredits()} (402), {@link TaskFailure#unknownModel} (404) or
     * {@link TaskFailure#internalUnavailable} (billing down).
     */
    public Mono<Void> hold(TaskCommand command, int attempt, int call, String model, long maxInputTokens,
                           long maxOutputTokens) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_id", command.userId());
        body.put("task_id", command.taskId().toString());
        body.put("attempt", attempt);
        body.put("call", call);
        body.put("model", model);
        body.put("max_input_tokens", maxInputTokens);
        body.put("max_output_tokens", maxOutputTokens);
        return Mono.defer(() -> webClient.post()
                        .uri("/api/v1/billing/holds")
                        .header(HttpHeaders.AUTHORIZATION, serviceTokens.serviceBearer())
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Json.write(body))
                        .exchangeToMono(response -> {
                            if (response.statusCode().is2xxSuccessful()) {
                                return response.releaseBody();
                            }
                            if (response.statusCode().isSameCodeAs(HttpStatus.PAYMENT_REQUIRED)) {
                                return response.releaseBody().then(Mono.error(TaskFailure.insufficientCredits()));
                            }
                            if (response.statusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                                return response.releaseBody().then(Mono.error(TaskFailure.unknownModel(model)));
                            }
                            return response.createError();
                        }))
                .timeout(properties.internalCallTimeout())
                .onErrorMap(error -> !(error instanceof TaskFailure), error -> {
                    log.warn("billing-service unavailable for the hold of task {}: {}", command.taskId(), error.toString());
                    return TaskFailure.internalUnavailable("service de facturation", error);
                });
    }

    /**
     * Gives back the hold of a call that ended without usage. Never fails the task: when billing
     * cannot be reached, its sweeper releases the hold after {@code edxo.billing.hold-ttl}.
     */
    public Mono<Void> release(UUID taskId, int attempt, int call) {
        return Mono.defer(() -> webClient.post()
                        .uri("/api/v1/billing/holds/{taskId}/{attempt}/release?call={call}", taskId, attempt, call)
                        .header(HttpHeaders.AUTHORIZATION, serviceTokens.serviceBearer())
                        .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                                || response.statusCode().isSameCodeAs(HttpStatus.NOT_FOUND)
                                ? response.releaseBody() : response.createError()))
                .timeout(properties.internalCallTimeout())
                .onErrorResume(error -> {
                    log.warn("could not release the hold of task {} attempt {} call {} (the sweeper will): {}",
                            taskId, attempt, call, error.toString());
                    return Mono.empty();
                });
    }
}
