package org.edxo.ai.e2e;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKind;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every task kind's end-to-end test checks, through the gateway like EDxo's frontend: a start route
 * answers 202, the task streams to {@code done} SUCCESS, the payload validates against the kind's result
 * schema, every model call reached billing (one capture per call, summing to the payload's cost), and an
 * invalid input gets a 400 naming the bad field.
 */
final class TaskKindScenarios {

    static final Duration STREAM_TIMEOUT = Duration.ofSeconds(90);

    private final RunningSystem system;
    private final HttpClient http = HttpClient.newHttpClient();
    private final SseClient sse = new SseClient();
    private final String admin;

    TaskKindScenarios(RunningSystem system) {
        this.system = system;
        this.admin = system.token("admin-scenarios", "admin");
    }

    /** A finished task: its SSE events (open … done), the done event's state and result. */
    record Finished(String taskId, List<SseClient.Event> events, String state, JsonNode result, JsonNode doneMeta) {

        /** The output text streamed to clients since the last start of a model call ({@code stream_buffer: ""}). */
        String lastStreamedOutput() {
            StringBuilder text = new StringBuilder();
            for (SseClient.Event event : events) {
                if (!event.name().equals("progress")) {
                    continue;
                }
                JsonNode meta = Json.tree(event.data()).path("meta");
                if (meta.has("stream_chunk")) {
                    text.append(meta.get("stream_chunk").asString());
                } else if (meta.has("stream_buffer")) {
                    text.setLength(0);
                    text.append(meta.get("stream_buffer").asString());
                }
            }
            return text.toString();
        }

        long count(String metaKey) {
            return events.stream().filter(e -> e.name().equals("progress") && Json.tree(e.data()).path("meta").has(metaKey))
                    .count();
        }
    }

    /** A user with the given roles and 10 $ of credit, and a token; {@code extraClaims} e.g. programmes. */
    String newUserToken(String prefix, String role) throws Exception {
        String user = prefix + "-" + UUID.randomUUID();
        topUp(user, "10.00");
        return system.token(user, role);
    }

    String newUserToken(String prefix, String role, java.util.Map<String, ?> claims) throws Exception {
        String user = prefix + "-" + UUID.randomUUID();
        topUp(user, "10.00");
        return system.tokens.mint(user, List.of(role), claims, Duration.ofHours(1));
    }

    void topUp(String user, String amount) throws Exception {
        HttpResponse<String> topUp = post("/api/v1/billing/accounts/" + user + "/top-ups", admin,
                "{\"amount\":\"" + amount + "\",\"reason\":\"Crédits de test\"}");
        assertThat(topUp.statusCode()).as(topUp.body()).isEqualTo(201);
    }

    /** POSTs a start route, expects 202 and follows the task over SSE until {@code done}. */
    Finished start(String path, String token, String body) throws Exception {
        return follow(path, post(path, token, body), token);
    }

    /** Expects {@code started} (the answer of a start route) to be 202 and follows its task over SSE until {@code done}. */
    Finished follow(String path, HttpResponse<String> started, String token) throws Exception {
        assertThat(started.statusCode()).as(path + " → " + started.body()).isEqualTo(202);
        String taskId = Json.tree(started.body()).get("task_id").asString();
        List<SseClient.Event> events = sse.readUntilDone(
                system.gateway() + "/tasks/events/" + taskId + "?access_token=" + token, STREAM_TIMEOUT);
        SseClient.Event done = events.get(events.size() - 1);
        assertThat(done.name()).as(events.toString()).isEqualTo("done");
        JsonNode data = Json.tree(done.data());
        return new Finished(taskId, events, data.path("state").asString(), data.path("result"), data.path("meta"));
    }

    /**
     * A start that must succeed: {@code done} SUCCESS, a payload valid against the kind's result schema and
     * equal to what {@code /tasks/status} serves, and one capture in the ledger per model call.
     */
    Finished startAndSucceed(TaskKind kind, String path, String token, String body, int modelCalls) throws Exception {
        return succeeded(kind, start(path, token, body), token, modelCalls);
    }

    /** The checks of {@link #startAndSucceed} on a task already followed to its end. */
    Finished succeeded(TaskKind kind, Finished finished, String token, int modelCalls) {
        assertThat(finished.state()).as(finished.doneMeta().toString()).isEqualTo("SUCCESS");
        assertThat(ContractValidator.validate(kind.resultSchema(), finished.result())).as(finished.result().toString())
                .isEmpty();
        // The live relay may deliver done before the recorder has stored it: the status catches up.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                Json.tree(get("/tasks/status/" + finished.taskId(), token).body()).path("result")).isEqualTo(finished.result()));
        assertBilledPerCall(token, finished, modelCalls);
        return finished;
    }

    /** One capture per model call for the task in the ledger, summing to the payload's {@code usage.cost}. */
    void assertBilledPerCall(String token, Finished finished, int modelCalls) {
        String user = subject(token);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode ledger = Json.tree(get("/api/v1/billing/accounts/" + user + "/ledger", admin).body());
            List<JsonNode> captures = StreamSupport.stream(ledger.spliterator(), false)
                    .filter(entry -> "capture".equals(entry.path("kind").asString(""))
                            && finished.taskId().equals(entry.path("task_id").asString("")))
                    .toList();
            assertThat(captures).as(ledger.toString()).hasSize(modelCalls);
            BigDecimal charged = captures.stream().map(entry -> new BigDecimal(entry.path("amount").asString()).negate())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(charged).isEqualByComparingTo(new BigDecimal(finished.result().path("usage").path("cost").asString()));
            // Every hold of the task was settled: a capture releases its hold first, a call without usage releases it.
            assertThat(countOf(ledger, "release", finished.taskId())).isEqualTo(countOf(ledger, "hold", finished.taskId()));
        });
    }

    private static long countOf(JsonNode ledger, String kind, String taskId) {
        return StreamSupport.stream(ledger.spliterator(), false)
                .filter(e -> kind.equals(e.path("kind").asString("")) && taskId.equals(e.path("task_id").asString("")))
                .count();
    }

    /** A start refused with 400 whose {@code details} name {@code field} (a JSON Pointer into the body). */
    JsonNode assertInvalid(String path, String token, String body, String field) throws Exception {
        HttpResponse<String> response = post(path, token, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = Json.tree(response.body());
        assertThat(error.path("error").asString()).isNotBlank();
        assertThat(error.path("details").valueStream().map(d -> d.path("field").asString()).toList())
                .as(response.body()).contains(field);
        return error;
    }

    /** A start refused with {@code status} and the original's French message. */
    void assertRefused(String path, String token, String body, int status, String message) throws Exception {
        HttpResponse<String> response = post(path, token, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(Json.tree(response.body()).path("error").asString()).isEqualTo(message);
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(system.gateway() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String token, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(system.gateway() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code sub} of one of our test tokens. */
    static String subject(String token) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        return Json.tree(payload).path("sub").asString();
    }
}
