package org.edxo.ai.worker.tasks;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.TaskCommand;
import org.edxo.ai.support.security.ServiceTokens;
import org.edxo.ai.worker.billing.HoldClient;
import org.edxo.ai.worker.control.ControlProperties;
import org.edxo.ai.worker.openai.ModelStreamEvent.TokenUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Bills the earlier attempts of a redelivered command, whose worker died (or was stopped past its grace)
 * before it could report what they used: the provider counted those tokens all the same. The gateway's event
 * log tells which calls each attempt started and how much they streamed
 * ({@code GET /internal/v1/tasks/{id}/relayed?before_attempt=n}); each started call gets a usage on an
 * estimate (its prompt, and what it streamed), and the holds of the calls it never started are released.
 * A call its worker did report is not charged again: a usage id is {@link
 * org.edxo.ai.contracts.messages.UsageRecorded#idOf one per call}, and the ledger keeps one entry per id.
 * Never fails the task: without an answer, the dead attempts' holds wait for billing's sweeper as before.
 */
@Component
class AbandonedAttempts {

    private static final Logger log = LoggerFactory.getLogger(AbandonedAttempts.class);

    private final WebClient gateway;
    private final ServiceTokens serviceTokens;
    private final ControlProperties properties;
    private final HoldClient holdClient;

    AbandonedAttempts(ControlProperties properties, ServiceTokens serviceTokens, HoldClient holdClient) {
        this.gateway = WebClient.builder().baseUrl(properties.gatewayUrl()).build();
        this.serviceTokens = serviceTokens;
        this.properties = properties;
        this.holdClient = holdClient;
    }

    /** A call of an earlier attempt to bill, and its estimate. */
    record AbandonedCall(int attempt, TaskRunner.PreparedCall call, TokenUsage estimate) {
    }

    /**
     * Publishes (through {@code bill}) the estimate of every call the attempts before {@code attempt} started,
     * and releases the holds of the calls they did not start.
     */
    Mono<Void> settle(TaskCommand command, int attempt, List<TaskRunner.PreparedCall> calls,
                      java.util.function.Function<AbandonedCall, Mono<Void>> bill) {
        if (attempt <= 1) {
            return Mono.empty();
        }
        return relayed(command.taskId(), attempt)
                .flatMapMany(Flux::fromIterable)
                .concatMap(earlier -> {
                    int number = earlier.path("attempt").asInt();
                    Set<Integer> started = new HashSet<>();
                    Flux<Void> estimates = Flux.fromIterable(earlier.path("calls"))
                            .concatMap(relayed -> {
                                TaskRunner.PreparedCall call = callOf(calls, relayed.path("call").asInt());
                                if (call == null) {
                                    return Mono.<Void>empty();
                                }
                                started.add(call.index());
                                log.info("task {}: attempt {} call {} ended with its worker; billed on an estimate",
                                        command.taskId(), number, call.index());
                                return bill.apply(new AbandonedCall(number, call, estimate(call,
                                        relayed.path("output_bytes").asLong(), relayed.path("reasoning_bytes").asLong())));
                            });
                    Flux<Void> releases = Flux.defer(() -> Flux.fromIterable(calls)
                            .filter(call -> !started.contains(call.index()))
                            .concatMap(call -> holdClient.release(command.taskId(), number, call.index())));
                    return estimates.thenMany(releases);
                })
                .then();
    }

    /** What the call sent (its prompt and its file) and what it streamed, at about four bytes a token. */
    static TokenUsage estimate(TaskRunner.PreparedCall call, long outputBytes, long reasoningBytes) {
        long input = call.estimatedInputTokens();
        long reasoning = (reasoningBytes + 3) / 4;
        return new TokenUsage(input, 0, (outputBytes + 3) / 4 + reasoning, reasoning);
    }

    private static TaskRunner.PreparedCall callOf(List<TaskRunner.PreparedCall> calls, int index) {
        return calls.stream().filter(call -> call.index() == index).findFirst().orElse(null);
    }

    /** The {@code attempts} array of the gateway's answer; empty when it has none or cannot answer. */
    private Mono<JsonNode> relayed(UUID taskId, int attempt) {
        return gateway.get()
                .uri("/internal/v1/tasks/{taskId}/relayed?before_attempt={attempt}", taskId, attempt)
                .header(HttpHeaders.AUTHORIZATION, serviceTokens.serviceBearer())
                .exchangeToMono(response -> {
                    if (response.statusCode().is2xxSuccessful()) {
                        return response.bodyToMono(byte[].class).map(body -> Json.tree(body).path("attempts"));
                    }
                    if (response.statusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                        return response.releaseBody().thenReturn((JsonNode) Json.mapper().createArrayNode());
                    }
                    return response.createError();
                })
                .timeout(properties.checkTimeout())
                .onErrorResume(error -> {
                    log.warn("could not ask the gateway what the earlier attempts of task {} streamed ({}); their holds "
                            + "go back through billing's sweeper", taskId, error.toString());
                    return Mono.just(Json.mapper().createArrayNode());
                });
    }
}
