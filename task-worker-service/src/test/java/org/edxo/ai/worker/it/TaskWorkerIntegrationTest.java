package org.edxo.ai.worker.it;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.contracts.messages.SettingsChanged;
import org.edxo.ai.contracts.messages.TaskCommand;
import org.edxo.ai.contracts.messages.UsageRecorded;
import org.edxo.ai.simulator.Fault;
import org.edxo.ai.simulator.RecordedRequest;
import org.edxo.ai.simulator.ResponsesSimulator;
import org.edxo.ai.simulator.SimulatorConfig;
import org.edxo.ai.support.testing.TestInfrastructure;
import org.edxo.ai.worker.Fixtures;
import org.edxo.ai.worker.it.BrokerProbe.Received;
import org.edxo.ai.worker.settings.SettingsClient;
import org.edxo.ai.worker.tasks.RunningTasks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker against the real RabbitMQ (this run's own prefix), the embedded Responses API simulator
 * (the real openai-java client on the wire) and fake settings/billing services.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class TaskWorkerIntegrationTest {

    private static final String PREFIX = TestInfrastructure.brokerPrefix();
    private static final String KIND = TaskKinds.ANALYSE_PLAN_DE_COURS.id();
    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(20);

    private static ResponsesSimulator simulator;
    private static FakeInternalServices internal;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        simulator = ResponsesSimulator.start(SimulatorConfig.fast().withTokensPerSecond(5000));
        internal = new FakeInternalServices();
        WorkerTestProperties.register(registry, PREFIX, simulator, internal);
        registry.add("edxo.worker.web-base-url", () -> "https://edxo.example");
        registry.add("edxo.worker.max-concurrent-tasks", () -> "8");
        // One attempt per call: this class follows a task's flow; ModelCallResilienceIntegrationTest covers retries.
        registry.add("edxo.openai.retry.max-attempts", () -> "1");
        registry.add("edxo.worker.control.gateway-url", internal::baseUrl);
    }

    @Value("${local.server.port}")
    private int port;
    @Autowired
    private SettingsClient settingsClient;
    @Autowired
    private RunningTasks runningTasks;
    @Autowired
    private BindingsLifecycleController bindings;

    private BrokerProbe broker;

    @BeforeAll
    void connectProbe() throws Exception {
        broker = new BrokerProbe(PREFIX);
    }

    @AfterAll
    void tearDown() throws Exception {
        // Consumers first, so that nothing re-declares what is deleted; the context closes after the class.
        bindings.changeState("taskCommand-in-0", BindingsLifecycleController.State.STOPPED);
        bindings.changeState("settingsChanged-in-0", BindingsLifecycleController.State.STOPPED);
        broker.deleteRunTopology();
        broker.close();
        simulator.close();
        internal.close();
    }

    // ------------------------------------------------------------------ helpers

    private UUID send(TaskCommand.Options options) throws Exception {
        UUID taskId = UUID.randomUUID();
        TaskCommand command = Fixtures.analyseCommand(taskId, options);
        broker.publishCommand(KIND, Json.write(command), Map.of("edxo_task_id", taskId.toString(), "edxo_kind", KIND,
                "edxo_type", TaskCommand.TYPE));
        return taskId;
    }

    /**
     * The task's events once its terminal event and every first-attempt event before it have arrived, in
     * seq order: one task's events may leave on different pooled channels, so arrival order may differ.
     */
    private List<Received> awaitTerminal(UUID taskId) {
        await().atMost(TASK_TIMEOUT).until(() -> {
            List<Received> events = broker.eventsOf(taskId.toString());
            List<Long> firstAttempt = events.stream().map(e -> e.body().path("seq").asLong())
                    .filter(seq -> seq < 1_000_000).toList();
            boolean contiguous = firstAttempt.stream().mapToLong(Long::longValue).max().orElse(0) == firstAttempt.size();
            return contiguous && events.stream()
                    .anyMatch(e -> List.of("task.succeeded", "task.failed", "task.rejected").contains(e.header("edxo_type")));
        });
        return broker.eventsOf(taskId.toString()).stream()
                .sorted(java.util.Comparator.comparingLong(e -> e.body().path("seq").asLong())).toList();
    }

    private static List<String> types(List<Received> events) {
        return events.stream().map(e -> e.body().path("type").stringValue()).toList();
    }

    private RecordedRequest requestOf(UUID taskId) {
        return simulator.requests().stream()
                .filter(r -> taskId.toString().equals(r.body().path("metadata").path("task_id").asString("")))
                .findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------ tests

    @Test
    @Order(1)
    void healthIsUp() {
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build()
                .get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    @Order(2)
    void aValidCommandStreamsCoalescedDeltasPublishesUsageThenSucceeds() throws Exception {
        UUID taskId = send(null);
        List<Received> events = awaitTerminal(taskId);
        List<String> types = types(events);

        // Order: started → progress (calling) → reasoning deltas → summary → output deltas → succeeded.
        assertThat(types.get(0)).isEqualTo("task.started");
        assertThat(events.get(0).body().path("data").path("message").stringValue()).isEqualTo("Tâche démarrée.");
        assertThat(types.get(1)).isEqualTo("task.progress");
        assertThat(events.get(1).body().path("data").path("message").stringValue()).isEqualTo("Appel du modèle (stream)…");
        assertThat(types.get(types.size() - 1)).isEqualTo("task.succeeded");
        int firstReasoning = types.indexOf("task.reasoning.delta");
        int firstOutput = types.indexOf("task.output.delta");
        int lastReasoning = types.lastIndexOf("task.reasoning.delta");
        assertThat(firstReasoning).isGreaterThan(1);
        assertThat(firstOutput).isGreaterThan(lastReasoning);
        List<Received> summaries = events.stream()
                .filter(e -> "Résumé du raisonnement".equals(e.body().path("data").path("message").asString(""))).toList();
        assertThat(summaries).isNotEmpty();
        int firstSummary = events.indexOf(summaries.get(0));
        assertThat(firstSummary).isBetween(firstReasoning, firstOutput);
        assertThat(summaries.get(summaries.size() - 1).body().path("data").path("reasoning_summary").stringValue())
                .isNotBlank();

        // seq strictly increasing from 1; every event honours the contract, headers repeat the envelope.
        for (int i = 0; i < events.size(); i++) {
            Received event = events.get(i);
            assertThat(event.body().path("seq").asLong()).isEqualTo(i + 1);
            assertThat(ContractValidator.validate("schemas/messages/task-event.v1.schema.json", event.body())).isEmpty();
            assertThat(event.routingKey()).startsWith(KIND + ".");
            assertThat(event.header("edxo_type")).isEqualTo(types.get(i));
            assertThat(event.header("edxo_kind")).isEqualTo(KIND);
        }
        assertThat(events.get(events.size() - 1).routingKey()).isEqualTo(KIND + ".succeeded");
        assertThat(events.get(events.size() - 1).headers()).containsKeys("edxo_type", "edxo_task_id", "edxo_kind",
                "edxo_routing_key");

        // The concatenated output deltas are the JSON the model produced; the result carries it.
        String output = events.stream().filter(e -> e.header("edxo_type").equals("task.output.delta"))
                .map(e -> e.body().path("data").path("delta").stringValue()).reduce("", String::concat);
        JsonNode modelOutput = Json.tree(output);
        JsonNode result = events.get(events.size() - 1).body().path("data").path("result");
        assertThat(ContractValidator.validate(TaskKinds.ANALYSE_PLAN_DE_COURS.resultSchema(), result)).isEmpty();
        assertThat(ContractValidator.validate(TaskKinds.ANALYSE_PLAN_DE_COURS.outputSchema(), modelOutput)).isEmpty();
        assertThat(result.path("compatibility_percentage")).isEqualTo(modelOutput.path("compatibility_percentage"));
        assertThat(result.path("recommendation_ameliore")).isEqualTo(modelOutput.path("recommendation_ameliore"));
        assertThat(result.path("recommendation_plan_cadre")).isEqualTo(modelOutput.path("recommendation_plan_cadre"));
        assertThat(result.path("plan_id").asLong()).isEqualTo(42);
        assertThat(result.path("validation_url").stringValue())
                .isEqualTo("https://edxo.example/gestion_programme/?open=verify&plan_id=42");
        assertThat(result.path("settings_used").path("model").stringValue()).isEqualTo(FakeInternalServices.MODEL);
        assertThat(result.path("settings_used").path("reasoning_effort").stringValue()).isEqualTo("medium");
        String reasoning = events.stream().filter(e -> e.header("edxo_type").equals("task.reasoning.delta"))
                .map(e -> e.body().path("data").path("delta").stringValue()).reduce("", String::concat);
        assertThat(result.path("reasoning_summary").stringValue().replace("\n\n", "")).isEqualTo(reasoning.replace("\n\n", ""));

        // Usage: one message, tokens as the simulator reported them, routed by model, before the terminal event.
        await().atMost(Duration.ofSeconds(5)).until(() -> !broker.usagesOf(taskId.toString()).isEmpty());
        List<Received> usages = broker.usagesOf(taskId.toString());
        assertThat(usages).hasSize(1);
        Received usage = usages.get(0);
        assertThat(ContractValidator.validate("schemas/messages/usage-recorded.v1.schema.json", usage.body())).isEmpty();
        assertThat(usage.routingKey()).isEqualTo(FakeInternalServices.MODEL);
        JsonNode usageData = usage.body().path("data");
        JsonNode resultUsage = result.path("usage");
        assertThat(usageData.path("model").stringValue()).isEqualTo(FakeInternalServices.MODEL);
        assertThat(usageData.path("section").stringValue()).isEqualTo(FakeInternalServices.SECTION);
        assertThat(usageData.path("attempt").asInt()).isEqualTo(1);
        assertThat(usageData.path("response_id").stringValue()).startsWith("resp_");
        for (String field : List.of("input_tokens", "cached_input_tokens", "output_tokens", "reasoning_tokens")) {
            assertThat(usageData.path(field).asLong()).as(field).isEqualTo(resultUsage.path(field).asLong());
        }
        long outputChunks = usageData.path("output_tokens").asLong() - usageData.path("reasoning_tokens").asLong();
        long reasoningChunks = usageData.path("reasoning_tokens").asLong();
        long outputDeltaMessages = types.stream().filter("task.output.delta"::equals).count();
        long reasoningDeltaMessages = types.stream().filter("task.reasoning.delta"::equals).count();
        assertThat(outputDeltaMessages).isPositive().isLessThan(outputChunks);
        assertThat(reasoningDeltaMessages).isPositive().isLessThan(reasoningChunks);
        assertThat(resultUsage.path("cost").isNumber()).isTrue();

        // What went over the wire to the model.
        JsonNode request = requestOf(taskId).body();
        assertThat(request.path("stream").asBoolean()).isTrue();
        assertThat(request.path("model").stringValue()).isEqualTo(FakeInternalServices.MODEL);
        assertThat(request.path("instructions").stringValue()).isEqualTo(internal.expectedInstructions());
        assertThat(request.path("reasoning").path("summary").stringValue()).isEqualTo("auto");
        assertThat(request.path("reasoning").path("effort").stringValue()).isEqualTo("medium");
        assertThat(request.path("text").path("verbosity").stringValue()).isEqualTo("low");
        assertThat(request.path("store").asBoolean(true)).isFalse();
        JsonNode format = request.path("text").path("format");
        assertThat(format.path("type").stringValue()).isEqualTo("json_schema");
        assertThat(format.path("name").stringValue()).isEqualTo("PlanDeCoursAIResponse");
        assertThat(format.path("strict").asBoolean()).isTrue();
        assertThat(format.path("schema"))
                .isEqualTo(ContractValidator.schemaNode(TaskKinds.ANALYSE_PLAN_DE_COURS.outputSchema()));
        JsonNode message = Json.tree(request.path("input").get(0).path("content").get(0).path("text").stringValue());
        assertThat(message.propertyNames())
                .containsExactly("plan_cours_id", "plan_cours", "plan_cadre_id", "plan_cadre", "schema_json");
        assertThat(internal.authorizations()).isNotEmpty().allMatch(value -> value.startsWith("Bearer ey"));
    }

    @Test
    @Order(3)
    void badCommandsAreDeadLetteredAndTheWorkerKeepsServing() throws Exception {
        broker.publishCommand(KIND, "ceci n'est pas du JSON".getBytes(StandardCharsets.UTF_8), Map.of());
        UUID unknownKindTask = UUID.randomUUID();
        Map<String, Object> command = Json.mapper().convertValue(Fixtures.analyseCommand(unknownKindTask, null), Map.class);
        command.put("kind", "generation_inconnue");
        broker.publishCommand("generation_inconnue", Json.write(command), Map.of());

        List<Received> rejected = awaitTerminal(unknownKindTask);
        assertThat(types(rejected)).containsExactly("task.rejected");
        JsonNode data = rejected.get(0).body().path("data");
        assertThat(data.path("error_code").stringValue()).isEqualTo("unknown_kind");
        assertThat(data.path("message").stringValue()).startsWith("Commande invalide : ").contains("generation_inconnue");
        assertThat(rejected.get(0).routingKey()).isEqualTo("generation_inconnue.rejected");

        List<String> deadLetters = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            deadLetters.addAll(broker.drainDeadLetters());
            assertThat(deadLetters).hasSize(2);
        });
        assertThat(deadLetters).anyMatch(body -> body.equals("ceci n'est pas du JSON"))
                .anyMatch(body -> body.contains(unknownKindTask.toString()));

        UUID validTask = send(null);
        assertThat(types(awaitTerminal(validTask))).last().isEqualTo("task.succeeded");
    }

    @Test
    @Order(4)
    void aModelServerErrorFailsTheTaskWithModelError() throws Exception {
        simulator.enqueueFault(Fault.serverError());
        UUID taskId = send(null);

        // In seq order: started and progress are published without confirms and may arrive swapped.
        List<Received> events = awaitTerminal(taskId).stream()
                .sorted(java.util.Comparator.comparingLong(e -> e.body().path("seq").asLong())).toList();

        assertThat(types(events)).containsExactly("task.started", "task.progress", "task.failed");
        JsonNode data = events.get(2).body().path("data");
        assertThat(data.path("error_code").stringValue()).isEqualTo("model_error");
        assertThat(data.path("message").stringValue()).startsWith("Erreur lors de l'appel au modèle : 500");
        assertThat(broker.usagesOf(taskId.toString())).isEmpty();
    }

    @Test
    @Order(5)
    void aTruncatedStreamFailsAndAnUnknownModelFailsBeforeAnyCall() throws Exception {
        simulator.enqueueFault(Fault.truncateStream(12));
        UUID truncated = send(null);
        List<Received> truncatedEvents = awaitTerminal(truncated);
        JsonNode failure = truncatedEvents.get(truncatedEvents.size() - 1).body().path("data");
        assertThat(failure.path("message").stringValue()).isEqualTo("Le flux du modèle s'est interrompu.");
        assertThat(failure.path("error_code").stringValue()).isEqualTo("model_error");

        long requestsBefore = simulator.stats().requests();
        UUID unknownModel = send(new TaskCommand.Options("gpt-inexistant", null, null));
        List<Received> events = awaitTerminal(unknownModel);
        assertThat(types(events)).containsExactly("task.started", "task.failed");
        assertThat(events.get(1).body().path("data").path("message").stringValue())
                .isEqualTo("Modèle 'gpt-inexistant' non trouvé dans la base de données.");
        assertThat(simulator.stats().requests()).isEqualTo(requestsBefore);
    }

    @Test
    @Order(6)
    void aSettingsChangedMessageEvictsTheCachedSection() throws Exception {
        String section = FakeInternalServices.SECTION;
        settingsClient.section(section).block();
        int fetches = internal.settingsFetches();
        String newPrompt = "Tu es un conseiller pédagogique exigeant.";
        internal.systemPrompt(newPrompt);
        assertThat(settingsClient.section(section).block().systemPrompt()).isNotEqualTo(newPrompt);
        assertThat(internal.settingsFetches()).isEqualTo(fetches);

        broker.publishSettingsChanged(Json.write(SettingsChanged.of(section)));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> newPrompt.equals(settingsClient.section(section).block().systemPrompt()));
        UUID taskId = send(null);
        assertThat(types(awaitTerminal(taskId))).last().isEqualTo("task.succeeded");
        assertThat(requestOf(taskId).instructions()).contains(internal.expectedInstructions());
    }

    @Test
    @Order(7)
    void aRedeliveredCommandStartsOverWithAResetAndSeqsPastTheFirstAttempt() throws Exception {
        simulator.enqueueFault(Fault.slowFirstToken(1500));
        UUID taskId = send(null);
        await().atMost(TASK_TIMEOUT).until(() -> broker.eventsOf(taskId.toString()).size() >= 2);

        // What the gateway recorded of the first attempt: call 1 started and streamed 400 + 40 bytes.
        internal.relayed(taskId.toString(), "{\"task_id\":\"" + taskId + "\",\"attempts\":[{\"attempt\":1,"
                + "\"calls\":[{\"call\":1,\"output_bytes\":400,\"reasoning_bytes\":40}]}]}");

        // The worker "dies" mid-call: its consumer channel closes and the broker redelivers the command.
        bindings.changeState("taskCommand-in-0", BindingsLifecycleController.State.STOPPED);
        bindings.changeState("taskCommand-in-0", BindingsLifecycleController.State.STARTED);

        await().atMost(TASK_TIMEOUT).until(() -> broker.eventsOf(taskId.toString()).stream()
                .anyMatch(e -> e.header("edxo_type").equals("task.succeeded") && e.body().path("seq").asLong() > 1_000_000));
        List<Received> secondAttempt = broker.eventsOf(taskId.toString()).stream()
                .filter(e -> e.body().path("seq").asLong() > 1_000_000).toList();
        assertThat(types(secondAttempt).subList(0, 3)).containsExactly("task.reset", "task.started", "task.progress");
        assertThat(secondAttempt.get(0).body().path("seq").asLong()).isEqualTo(1_000_001);
        assertThat(secondAttempt.get(0).body().path("data").path("message").stringValue())
                .isEqualTo("Nouvelle tentative : le contenu recommence.");
        assertThat(types(secondAttempt)).last().isEqualTo("task.succeeded");
        assertThat(secondAttempt.get(2).body().path("data").path("call").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.usagesOf(taskId.toString()).stream()
                .anyMatch(u -> u.body().path("data").path("attempt").asInt() == 2));

        // The first attempt is billed on the gateway's account (its worker never reported it), under the one usage
        // id of that call: had its worker reported it, billing would charge the call once.
        JsonNode estimate = broker.usagesOf(taskId.toString()).stream().map(Received::body)
                .filter(u -> u.path("data").path("attempt").asInt() == 1 && u.path("data").path("response_id").isMissingNode())
                .findFirst().orElseThrow();
        assertThat(estimate.path("id").stringValue()).isEqualTo(UsageRecorded.idOf(taskId, 1, 1).toString());
        assertThat(estimate.path("data").path("output_tokens").asLong()).isEqualTo(110);
        assertThat(estimate.path("data").path("reasoning_tokens").asLong()).isEqualTo(10);
        assertThat(estimate.path("data").path("input_tokens").asLong()).isPositive();
        assertThat(broker.usagesOf(taskId.toString()).stream().map(Received::body)
                .filter(u -> u.path("data").path("attempt").asInt() == 2).findFirst().orElseThrow()
                .path("id").stringValue()).isEqualTo(UsageRecorded.idOf(taskId, 2, 1).toString());
    }

    @Test
    @Order(8)
    void everyCallIsHeldFirstWithABoundedWorstCaseAndACallWithoutUsageReleasesItsHold() throws Exception {
        UUID succeeded = send(null);
        awaitTerminal(succeeded);
        JsonNode hold = internal.holds().stream()
                .filter(h -> h.path("task_id").stringValue().equals(succeeded.toString())).findFirst().orElseThrow();
        RecordedRequest request = requestOf(succeeded);
        long sentBytes = request.body().path("instructions").stringValue().getBytes(StandardCharsets.UTF_8).length
                + request.body().path("input").get(0).path("content").get(0).path("text").stringValue()
                .getBytes(StandardCharsets.UTF_8).length;
        assertThat(hold.path("user_id").stringValue()).isEqualTo("user-17");
        assertThat(hold.path("attempt").asInt()).isEqualTo(1);
        assertThat(hold.path("model").stringValue()).isEqualTo(FakeInternalServices.MODEL);
        // A token is at least one byte: the byte length bounds the input tokens from above.
        assertThat(hold.path("max_input_tokens").asLong()).isGreaterThanOrEqualTo(sentBytes);
        // No section value: the default bound is both held and sent to the model.
        assertThat(hold.path("max_output_tokens").asLong()).isEqualTo(16000);
        assertThat(request.body().path("max_output_tokens").asLong()).isEqualTo(16000);
        assertThat(internal.releases()).doesNotContain(succeeded + ":1");

        simulator.enqueueFault(Fault.serverError());
        UUID failed = send(null);
        awaitTerminal(failed);
        assertThat(internal.releases()).contains(failed + ":1");
    }

    @Test
    @Order(9)
    void aRefusedHoldFailsTheTaskWithInsufficientCreditsWithoutCallingTheModel() throws Exception {
        internal.refuseHolds(true);
        try {
            long requestsBefore = simulator.stats().requests();
            UUID taskId = send(null);
            List<Received> events = awaitTerminal(taskId);

            assertThat(types(events)).containsExactly("task.started", "task.failed");
            JsonNode data = events.get(1).body().path("data");
            assertThat(data.path("message").stringValue()).isEqualTo("Crédits insuffisants pour cette opération.");
            assertThat(data.path("error_code").stringValue()).isEqualTo("insufficient_credits");
            assertThat(simulator.stats().requests()).isEqualTo(requestsBefore);
            assertThat(broker.usagesOf(taskId.toString())).isEmpty();
            assertThat(internal.releases()).doesNotContain(taskId + ":1");
        } finally {
            internal.refuseHolds(false);
        }
    }

    @Test
    @Order(10)
    void aCommandHandedBackAgainAndAgainEndsInTheDeadLetterQueueAfterTheDeliveryLimit() throws Exception {
        // Nobody of ours consumes meanwhile: the test plays a consumer that can never finish the command.
        bindings.changeState("taskCommand-in-0", BindingsLifecycleController.State.STOPPED);
        try {
            UUID poison = send(null);
            int deliveries = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                if (broker.bounceCommand()) {
                    deliveries++;
                } else {
                    com.rabbitmq.client.GetResponse dead = broker.takeDeadLetter();
                    if (dead != null) {
                        assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).contains(poison.toString());
                        break;
                    }
                    Thread.sleep(20);
                }
            }
            // x-delivery-limit 10 on the queue (declared so by this worker's binding): the 11th return is the last.
            assertThat(deliveries).isEqualTo(11);
            assertThat(broker.readyCommands()).isZero();
        } finally {
            bindings.changeState("taskCommand-in-0", BindingsLifecycleController.State.STARTED);
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void everyCommandWasSettled() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> runningTasks.count() == 0);
        // Stopping the consumer closes its channel: any delivery still unacked would come back as ready.
        bindings.changeState("taskCommand-in-0", BindingsLifecycleController.State.STOPPED);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> broker.readyCommands() == 0);
        assertThat(broker.drainDeadLetters()).isEmpty();
    }
}
