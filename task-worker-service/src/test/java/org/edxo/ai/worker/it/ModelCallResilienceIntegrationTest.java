package org.edxo.ai.worker.it;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.contracts.messages.TaskCommand;
import org.edxo.ai.simulator.Fault;
import org.edxo.ai.simulator.RecordedRequest;
import org.edxo.ai.simulator.ResponsesSimulator;
import org.edxo.ai.simulator.SimulatorConfig;
import org.edxo.ai.support.testing.TestInfrastructure;
import org.edxo.ai.worker.Fixtures;
import org.edxo.ai.worker.it.BrokerProbe.Received;
import org.edxo.ai.worker.openai.ModelResilience;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The retry layer, first-token limit and circuit breaker of model calls, against the embedded simulator's
 * faults (real openai-java client on the wire), the real RabbitMQ and fake settings/billing services.
 * Small limits: 3 attempts, 100 ms first backoff, 3 s first-token limit, a breaker that opens after 3
 * failures in a row.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
class ModelCallResilienceIntegrationTest {

    private static final String PREFIX = TestInfrastructure.brokerPrefix();
    private static final String KIND = TaskKinds.ANALYSE_PLAN_DE_COURS.id();
    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(30);

    private static ResponsesSimulator simulator;
    private static FakeInternalServices internal;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        simulator = ResponsesSimulator.start(SimulatorConfig.fast().withTokensPerSecond(5000));
        internal = new FakeInternalServices();
        WorkerTestProperties.register(registry, PREFIX, simulator, internal);
        registry.add("edxo.openai.retry.max-attempts", () -> "3");
        registry.add("edxo.openai.retry.initial-backoff", () -> "100ms");
        // The kind's own limits, over the worker-wide defaults (120 s, 20 min).
        registry.add("edxo.openai.kinds." + KIND + ".first-token-timeout", () -> "3s");
        registry.add("edxo.openai.kinds." + KIND + ".call-timeout", () -> "15s");
        registry.add("edxo.openai.circuit-breaker.failure-rate-threshold", () -> "100");
        registry.add("edxo.openai.circuit-breaker.sliding-window-size", () -> "3");
        registry.add("edxo.openai.circuit-breaker.minimum-number-of-calls", () -> "3");
        registry.add("edxo.openai.circuit-breaker.wait-in-open-state", () -> "60s");
    }

    @Autowired
    private BindingsLifecycleController bindings;
    @Autowired
    private ModelResilience modelResilience;

    private BrokerProbe broker;

    @BeforeAll
    void connectProbeAndWarmUp() throws Exception {
        broker = new BrokerProbe(PREFIX);
        // The JVM's first call initialises the SDK (its JSON mapper, event classes), which on a busy
        // machine took longer than the small first-token limit used here: one normal task first.
        UUID warmUp = send();
        assertThat(types(awaitTerminal(warmUp))).last().isEqualTo("task.succeeded");
    }

    @BeforeEach
    void closeTheBreaker() {
        // Each test starts from a healthy model; the breaker test opens it itself.
        modelResilience.circuitBreaker(FakeInternalServices.MODEL).reset();
        simulator.clearFaults();
    }

    @AfterAll
    void tearDown() throws Exception {
        bindings.changeState("taskCommand-in-0", BindingsLifecycleController.State.STOPPED);
        bindings.changeState("settingsChanged-in-0", BindingsLifecycleController.State.STOPPED);
        broker.deleteRunTopology();
        broker.close();
        simulator.close();
        internal.close();
    }

    private UUID send() throws Exception {
        UUID taskId = UUID.randomUUID();
        broker.publishCommand(KIND, Json.write(Fixtures.analyseCommand(taskId, null)), Map.of(
                "edxo_task_id", taskId.toString(), "edxo_kind", KIND, "edxo_type", TaskCommand.TYPE));
        return taskId;
    }

    private List<Received> awaitTerminal(UUID taskId) {
        await().atMost(TASK_TIMEOUT).until(() -> broker.eventsOf(taskId.toString()).stream()
                .anyMatch(e -> List.of("task.succeeded", "task.failed").contains(e.header("edxo_type"))));
        // In seq order: non-terminal events are published without waiting for confirms, so two of them
        // may reach the broker over different channels in either order (readers order by seq).
        return broker.eventsOf(taskId.toString()).stream()
                .sorted(Comparator.comparingLong(e -> e.body().path("seq").asLong())).toList();
    }

    private static List<String> types(List<Received> events) {
        return events.stream().map(e -> e.body().path("type").stringValue()).toList();
    }

    private static JsonNode terminalData(List<Received> events) {
        return events.get(events.size() - 1).body().path("data");
    }

    private List<RecordedRequest> requestsOf(UUID taskId) {
        return simulator.requests().stream()
                .filter(r -> taskId.toString().equals(r.body().path("metadata").path("task_id").asString("")))
                .toList();
    }

    @Test
    void aRateLimitIsRetriedAfterTheWaitItsRetryAfterAsks() throws Exception {
        simulator.enqueueFault(Fault.rateLimit(1));
        UUID taskId = send();

        List<Received> events = awaitTerminal(taskId);

        assertThat(types(events)).last().isEqualTo("task.succeeded");
        // Nothing was relayed by the refused attempt: one started, no reset.
        assertThat(types(events)).containsOnlyOnce("task.started").doesNotContain("task.reset");
        List<RecordedRequest> requests = requestsOf(taskId);
        assertThat(requests).hasSize(2);
        // Causal: the second request left only after the asked second (100 ms backoff otherwise).
        Duration gap = Duration.between(requests.get(0).receivedAt(), requests.get(1).receivedAt());
        System.out.printf("429 with retry-after: 1 → second request %d ms after the first%n", gap.toMillis());
        assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.usagesOf(taskId.toString()).size() == 1);
        assertThat(internal.releases()).doesNotContain(taskId + ":1");
    }

    @Test
    void anInsufficientQuotaIsNeverRetried() throws Exception {
        simulator.enqueueFault(Fault.of(Fault.Type.INSUFFICIENT_QUOTA).withCount(3));
        UUID taskId = send();

        List<Received> events = awaitTerminal(taskId);

        assertThat(types(events)).containsExactly("task.started", "task.progress", "task.failed");
        assertThat(terminalData(events).path("message").stringValue()).isEqualTo("Quota OpenAI épuisé.");
        assertThat(terminalData(events).path("error_code").stringValue()).isEqualTo("model_error");
        assertThat(requestsOf(taskId)).hasSize(1);
        assertThat(internal.releases()).contains(taskId + ":1");
        assertThat(broker.usagesOf(taskId.toString())).isEmpty();
    }

    @Test
    void aServerErrorOnEveryAttemptFailsAfterMaxAttemptsWithModelError() throws Exception {
        simulator.enqueueFault(Fault.serverError().withCount(3));
        UUID taskId = send();

        List<Received> events = awaitTerminal(taskId);

        assertThat(types(events)).containsExactly("task.started", "task.progress", "task.failed");
        assertThat(terminalData(events).path("error_code").stringValue()).isEqualTo("model_error");
        assertThat(terminalData(events).path("message").stringValue()).startsWith("Erreur lors de l'appel au modèle : 500");
        assertThat(requestsOf(taskId)).hasSize(3);
        assertThat(internal.releases()).contains(taskId + ":1");
    }

    @Test
    void aStreamCutAfterDeltasWereRelayedIsNotRetriedFailsCleanlyAndIsBilledOnAnEstimate() throws Exception {
        simulator.enqueueFault(Fault.cutStream(12));
        UUID taskId = send();

        List<Received> events = awaitTerminal(taskId);

        assertThat(types(events)).last().isEqualTo("task.failed");
        assertThat(types(events)).contains("task.reasoning.delta");
        assertThat(terminalData(events).path("message").stringValue()).isEqualTo("Le flux du modèle s'est interrompu.");
        assertThat(terminalData(events).path("error_code").stringValue()).isEqualTo("model_error");
        assertThat(requestsOf(taskId)).hasSize(1);
        // The provider worked on the request although it never reported its counts: the attempt is billed on
        // an estimate of what was sent and received, which settles its hold (nothing to release).
        List<Received> usages = broker.usagesOf(taskId.toString());
        assertThat(usages).hasSize(1);
        JsonNode usage = usages.get(0).body().path("data");
        assertThat(usage.path("input_tokens").asLong()).isPositive();
        assertThat(usage.path("output_tokens").asLong()).isPositive();
        assertThat(usage.path("call").asInt()).isEqualTo(1);
        assertThat(usage.path("response_id").isMissingNode()).isTrue();
        assertThat(internal.releases()).doesNotContain(taskId + ":1");
    }

    @Test
    void aFirstTokenLaterThanTheLimitAbandonsTheAttemptAndRetries() throws Exception {
        simulator.enqueueFault(Fault.slowFirstToken(15_000));
        UUID taskId = send();

        List<Received> events = awaitTerminal(taskId);

        assertThat(types(events)).last().isEqualTo("task.succeeded");
        assertThat(requestsOf(taskId)).hasSize(2);
        // The slow attempt was closed by the worker, not served to its end.
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.stats().clientDisconnects() >= 1);
    }

    @Test
    void aDeltaLostBetweenTheModelAndTheWorkerDoesNotSpoilTheResult() throws Exception {
        simulator.enqueueFault(Fault.of(Fault.Type.DROP_DELTA));
        UUID taskId = send();

        List<Received> events = awaitTerminal(taskId);

        assertThat(types(events)).last().isEqualTo("task.succeeded");
        // What a reader saw live lacks the model's first delta; the result comes from the model's whole text.
        String relayed = events.stream().filter(e -> "task.output.delta".equals(e.body().path("type").stringValue()))
                .map(e -> e.body().path("data").path("delta").stringValue()).collect(Collectors.joining());
        assertThat(relayed).isNotEmpty().doesNotStartWith("{");
        assertThat(terminalData(events).path("result").path("compatibility_percentage").isNumber()).isTrue();
        assertThat(requestsOf(taskId)).hasSize(1);
    }

    @Test
    void aCallOverItsKindsTimeLimitFailsCleanlyClosesTheStreamAndIsBilledOnAnEstimate() throws Exception {
        long disconnectsBefore = simulator.stats().clientDisconnects();
        simulator.enqueueFault(Fault.stall(12));
        UUID taskId = send();

        List<Received> events = awaitTerminal(taskId);

        assertThat(types(events)).last().isEqualTo("task.failed");
        assertThat(terminalData(events).path("message").stringValue())
                .isEqualTo("Délai dépassé : le modèle n'a pas terminé en 15 s.");
        assertThat(requestsOf(taskId)).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.stats().clientDisconnects() > disconnectsBefore);
        assertThat(broker.usagesOf(taskId.toString())).hasSize(1);
    }

    @Test
    void repeatedFailuresOpenTheBreakerAndTheNextTaskFailsWithoutCallingTheModel() throws Exception {
        simulator.enqueueFault(Fault.serverError().withCount(3));
        UUID failing = send();
        assertThat(terminalData(awaitTerminal(failing)).path("error_code").stringValue()).isEqualTo("model_error");
        CircuitBreaker breaker = modelResilience.circuitBreaker(FakeInternalServices.MODEL);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        long requestsBefore = simulator.stats().requests();
        UUID refused = send();
        List<Received> events = awaitTerminal(refused);

        assertThat(types(events)).containsExactly("task.started", "task.progress", "task.failed");
        assertThat(terminalData(events).path("error_code").stringValue()).isEqualTo("model_unavailable");
        assertThat(terminalData(events).path("message").stringValue())
                .isEqualTo("Le modèle 'gpt-5-mini' est momentanément indisponible ; réessayez dans quelques instants.");
        assertThat(simulator.stats().requests()).isEqualTo(requestsBefore);
        assertThat(internal.releases()).contains(refused + ":1");
    }
}
