package org.edxo.ai.e2e;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.contracts.messages.UsageRecorded;
import org.edxo.ai.contracts.money.ModelPrice;
import org.edxo.ai.contracts.money.TokenCost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton, end to end through all four services on the real RabbitMQ and PostgreSQL:
 * browser → gateway → broker → worker → Responses API (simulator) → events → SSE, with settings and
 * billing in the loop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalysePlanDeCoursEndToEndTest {

    private static final ModelPrice GPT5 = new ModelPrice("gpt-5", new BigDecimal("5.00"), null, new BigDecimal("15.00"));
    private static final Duration STREAM_TIMEOUT = Duration.ofSeconds(60);

    private RunningSystem system;
    private final HttpClient http = HttpClient.newHttpClient();
    private final SseClient sse = new SseClient();
    private String admin;
    private JsonNode snapshot;

    @BeforeAll
    void startSystem() throws Exception {
        system = SharedSystem.get();
        admin = system.token("admin-1", "admin");
        Path sample = Path.of(System.getProperty("edxo.repo.root", "..")).resolve("demo/analyse-plan-de-cours.json");
        snapshot = Json.tree(Files.readString(sample));
    }

    @Test
    void anAnalysisStreamsToDoneAndIsBilledExactlyByTheFormula() throws Exception {
        String user = "coordo-" + UUID.randomUUID();
        String coordo = system.token(user, "coordo");
        HttpResponse<String> topUp = post("/api/v1/billing/accounts/" + user + "/top-ups", admin,
                "{\"amount\":\"10.00\",\"reason\":\"Crédits de départ\"}");
        assertThat(topUp.statusCode()).as(topUp.body()).isEqualTo(201);

        String taskId = startAnalysis(coordo, 101);

        List<SseClient.Event> events = sse.readUntilDone(
                system.gateway() + "/tasks/events/" + taskId + "?access_token=" + coordo, STREAM_TIMEOUT);
        assertThat(events.get(0).name()).isEqualTo("open");
        SseClient.Event done = events.get(events.size() - 1);
        assertThat(done.name()).as(events.toString()).isEqualTo("done");
        JsonNode doneData = Json.tree(done.data());
        assertThat(doneData.get("state").asString()).as(done.data()).isEqualTo("SUCCESS");

        // Deltas arrive before done, carry ids, and rebuild exactly the JSON the model produced.
        List<SseClient.Event> chunks = events.stream()
                .filter(e -> e.name().equals("progress") && Json.tree(e.data()).path("meta").has("stream_chunk"))
                .toList();
        assertThat(chunks).isNotEmpty();
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.id()).isNotBlank();
            assertThat(chunk.receivedAtNanos()).isLessThan(done.receivedAtNanos());
        });
        StringBuilder streamed = new StringBuilder();
        chunks.forEach(chunk -> streamed.append(Json.tree(chunk.data()).get("meta").get("stream_chunk").asString()));
        JsonNode modelOutput = Json.tree(streamed.toString());
        assertThat(ContractValidator.validate(TaskKinds.ANALYSE_PLAN_DE_COURS.outputSchema(), modelOutput)).isEmpty();
        assertThat(events).anyMatch(e -> e.name().equals("progress")
                && Json.tree(e.data()).path("meta").has("reasoning_chunk"));

        JsonNode result = doneData.get("result");
        assertThat(ContractValidator.validate(TaskKinds.ANALYSE_PLAN_DE_COURS.resultSchema(), result)).isEmpty();
        assertThat(result.get("plan_id").asInt()).isEqualTo(101);
        assertThat(result.get("compatibility_percentage")).isEqualTo(modelOutput.get("compatibility_percentage"));
        assertThat(result.get("validation_url").asString()).endsWith("/gestion_programme/?open=verify&plan_id=101");

        // The status route agrees with the stream.
        JsonNode status = Json.tree(get("/tasks/status/" + taskId, coordo).body());
        assertThat(status.get("state").asString()).isEqualTo("SUCCESS");
        assertThat(status.get("result")).isEqualTo(result);

        // The balance drops by exactly the cost of the tokens the model reported.
        JsonNode usage = result.get("usage");
        BigDecimal cost = TokenCost.of(usage.get("input_tokens").asLong(), 0, usage.get("output_tokens").asLong(), GPT5);
        assertThat(new BigDecimal(usage.get("cost").asString())).isEqualByComparingTo(cost);
        BigDecimal expected = new BigDecimal("10.00").subtract(cost);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(balanceOf(user, coordo)).isEqualByComparingTo(expected));
        JsonNode credit = Json.tree(get("/get_credit_balance", coordo).body());
        assertThat(credit.get("success").asBoolean()).isTrue();
        assertThat(credit.get("credit").asString()).isEqualTo(expected.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());

        // A finished task replays from the start, and resumes after a Last-Event-ID.
        List<SseClient.Event> replay = sse.readUntilDone(
                system.gateway() + "/tasks/events/" + taskId + "?access_token=" + coordo, STREAM_TIMEOUT);
        assertThat(replay.stream().map(SseClient.Event::id).filter(id -> id != null).toList())
                .isEqualTo(events.stream().map(SseClient.Event::id).filter(id -> id != null).toList());
        String middle = chunks.get(chunks.size() / 2).id();
        List<SseClient.Event> resumed = sse.readUntilDone(system.gateway() + "/tasks/events/" + taskId
                + "?access_token=" + coordo + "&last_event_id=" + middle, STREAM_TIMEOUT);
        assertThat(resumed).filteredOn(e -> e.id() != null)
                .allSatisfy(e -> assertThat(Long.parseLong(e.id())).isGreaterThan(Long.parseLong(middle)));
    }

    @Test
    void aDuplicatedUsageMessageChargesOnce() throws Exception {
        String user = "dup-" + UUID.randomUUID();
        assertThat(post("/api/v1/billing/accounts/" + user + "/top-ups", admin,
                "{\"amount\":\"1.00\",\"reason\":\"test\"}").statusCode()).isEqualTo(201);
        UsageRecorded usage = new UsageRecorded(UUID.randomUUID(), UsageRecorded.TYPE, UUID.randomUUID(),
                "analyse_plan_de_cours", user, Instant.now(), UsageRecorded.SCHEMA_VERSION, null,
                new UsageRecorded.Usage("gpt-5", "analyse_plan_cours", "resp_dup", 1, null, 10_000, 0, 2_000, 500));
        byte[] body = Json.write(usage);
        try (Connection connection = system.rabbit(); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                    .deliveryMode(2).headers(Map.of("edxo_type", UsageRecorded.TYPE)).build();
            channel.basicPublish(system.brokerPrefix + "edxo.usage", "gpt-5", properties, body);
            channel.basicPublish(system.brokerPrefix + "edxo.usage", "gpt-5", properties, body);
            channel.waitForConfirmsOrDie(5_000);
        }
        BigDecimal cost = TokenCost.of(10_000, 0, 2_000, GPT5); // 0.05 + 0.03 = 0.08
        assertThat(cost).isEqualByComparingTo("0.08");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(balanceOf(user, admin)).isEqualByComparingTo(new BigDecimal("0.92")));
        // Let a second charge have every chance to happen, then check there was none.
        Thread.sleep(1_000);
        assertThat(balanceOf(user, admin)).isEqualByComparingTo(new BigDecimal("0.92"));
        JsonNode ledger = Json.tree(get("/api/v1/billing/accounts/" + user + "/ledger", admin).body());
        assertThat(ledger.size()).as(ledger.toString()).isEqualTo(2); // the top-up and one capture
    }

    @Test
    void badRequestsGetClearErrors() throws Exception {
        String coordo = system.token("coordo-bad", "coordo");
        HttpResponse<String> missing = post("/gestion_programme/analyse_plan_de_cours/7/start", coordo,
                "{\"plan_cours\":{\"id\":7}}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(Json.tree(missing.body()).get("error").asString()).isNotBlank();
        assertThat(missing.body()).contains("plan_cadre");

        HttpResponse<String> malformed = post("/gestion_programme/analyse_plan_de_cours/7/start", coordo, "{\"plan_cours\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(Json.tree(malformed.body()).get("error").asString()).isNotBlank();

        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create(system.gateway() + "/tasks/status/" + UUID.randomUUID()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);

        assertThat(get("/tasks/status/" + UUID.randomUUID(), coordo).statusCode()).isEqualTo(404);

        HttpResponse<String> teacher = post("/gestion_programme/analyse_plan_de_cours/7/start",
                system.token("prof-1", "professeur"), snapshot.toString());
        assertThat(teacher.statusCode()).isEqualTo(403);
        assertThat(teacher.body()).contains("Vous n'avez pas les droits nécessaires");

        HttpResponse<String> deprecated = post("/gestion_programme/update_verifier_plan_cours/7", coordo, "{}");
        assertThat(deprecated.statusCode()).isEqualTo(410);
        assertThat(Json.tree(deprecated.body()).get("replacement").asString())
                .isEqualTo("/gestion_programme/analyse_plan_de_cours/7/start");
    }

    @Test
    void aMalformedCommandOnTheBrokerIsDeadLetteredReportedAndTheWorkerKeepsServing() throws Exception {
        UUID taskId = UUID.randomUUID();
        String badCommand = """
                {"id":"%s","type":"task.command","task_id":"%s","kind":"analyse_plan_de_cours","user_id":"campus-7",
                 "occurred_at":"2026-11-25T10:00:00Z","schema_version":1,"data":{"input":{"plan_id":"pas un nombre"}}}
                """.formatted(UUID.randomUUID(), taskId);
        String dlq = system.brokerPrefix + "edxo.task.commands.workers.dlq";
        try (Connection connection = system.rabbit(); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                    .deliveryMode(2).headers(Map.of("edxo_task_id", taskId.toString())).build();
            channel.basicPublish(system.brokerPrefix + "edxo.task.commands", "analyse_plan_de_cours", properties,
                    badCommand.getBytes(StandardCharsets.UTF_8));
            // Garbage with no task id of its own: it must not claim the first command's task (whose
            // rejection would then be recorded for an unknown owner).
            channel.basicPublish(system.brokerPrefix + "edxo.task.commands", "analyse_plan_de_cours",
                    new AMQP.BasicProperties.Builder().contentType("text/plain").deliveryMode(2).build(),
                    "ceci n'est pas du JSON".getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(5_000);

            await().atMost(Duration.ofSeconds(20)).until(() -> channel.messageCount(dlq) == 2);
            GetResponse dead = channel.basicGet(dlq, true);
            assertThat(dead).isNotNull();
        }
        // Reported: the task a campus system published for user campus-7 ends FAILURE with the reason.
        String campusUser = system.token("campus-7", "coordo");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> status = get("/tasks/status/" + taskId, campusUser);
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(Json.tree(status.body()).get("state").asString()).isEqualTo("FAILURE");
            assertThat(Json.tree(status.body()).get("message").asString()).contains("plan_id");
        });
        // And the worker keeps serving.
        String afterBad = "after-bad-" + UUID.randomUUID();
        String coordo = system.token(afterBad, "coordo");
        // A start needs credit (402 otherwise).
        assertThat(post("/api/v1/billing/accounts/" + afterBad + "/top-ups", admin,
                "{\"amount\":\"1.00\",\"reason\":\"test\"}").statusCode()).isEqualTo(201);
        String next = startAnalysis(coordo, 202);
        List<SseClient.Event> events = sse.readUntilDone(
                system.gateway() + "/tasks/events/" + next + "?access_token=" + coordo, STREAM_TIMEOUT);
        assertThat(Json.tree(events.get(events.size() - 1).data()).get("state").asString()).isEqualTo("SUCCESS");
    }

    private String startAnalysis(String token, int planId) throws Exception {
        ObjectNode body = (ObjectNode) snapshot.deepCopy();
        HttpResponse<String> started = post("/gestion_programme/analyse_plan_de_cours/" + planId + "/start", token,
                body.toString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return Json.tree(started.body()).get("task_id").asString();
    }

    private BigDecimal balanceOf(String user, String token) throws Exception {
        HttpResponse<String> response = get("/api/v1/billing/accounts/" + user, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new BigDecimal(Json.tree(response.body()).get("balance").asString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(system.gateway() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(system.gateway() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
