package org.edxo.ai.e2e;

import org.edxo.ai.contracts.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 5, end to end: an administrator changes the analysis prompt through settings-service, and the
 * very next model request the simulator receives carries it (settings.changed evicted the worker's
 * cached section, no restart); rolling the change back restores the previous text the same way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SettingsEndToEndTest {

    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);

    private RunningSystem system;
    private final HttpClient http = HttpClient.newHttpClient();
    private String admin;
    private String coordo;
    private String snapshot;
    private String lastTaskId;

    @BeforeAll
    void startSystem() throws Exception {
        system = RunningSystem.start();
        admin = system.token("admin-settings", "admin");
        String user = "coordo-" + UUID.randomUUID();
        coordo = system.token(user, "coordo");
        snapshot = Files.readString(Path.of(System.getProperty("edxo.repo.root", ".."))
                .resolve("demo/analyse-plan-de-cours.json"));
        HttpResponse<String> topUp = send("POST", system.gateway() + "/api/v1/billing/accounts/" + user + "/top-ups",
                admin, "{\"amount\":\"50.00\",\"reason\":\"Crédits de test\"}");
        assertThat(topUp.statusCode()).as(topUp.body()).isEqualTo(201);
    }

    @AfterAll
    void stopSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aPromptChangeReachesTheVeryNextModelRequestAndARollbackRestoresIt() throws Exception {
        String settings = system.url("settings-service") + "/api/v1/settings";
        String original = Json.tree(send("GET", settings + "/sections/analyse_plan_cours", admin, null).body())
                .get("templates").get("prompt").stringValue();

        // A first analysis, so that the worker holds the section in its cache: what follows proves eviction.
        JsonNode first = runAnalysis(101);
        assertThat(first.path("instructions").stringValue()).contains(original.trim());
        JsonNode firstResult = awaitResult(lastTaskId);
        assertThat(firstResult.path("settings_used").path("sources").path("model").stringValue()).isEqualTo("section");

        String marker = "Consigne modifiée " + UUID.randomUUID();
        HttpResponse<String> changed = send("PUT", settings + "/sections/analyse_plan_cours/templates/prompt", admin,
                Json.writeString(java.util.Map.of("template", marker + " pour le cours {cours_code} ({session}).")));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        long changedAt = System.nanoTime();

        JsonNode afterChange = runAnalysis(102);
        long deliveredAfterMs = (System.nanoTime() - changedAt) / 1_000_000;
        assertThat(afterChange.path("instructions").stringValue())
                .contains(marker + " pour le cours 420-1A1-EM (A2025).")
                .doesNotContain(original.trim());
        System.out.printf("settings change -> next model request observed after %d ms%n", deliveredAfterMs);
        awaitResult(lastTaskId);

        JsonNode history = Json.tree(send("GET", settings + "/history?section=analyse_plan_cours&limit=1", admin, null).body());
        assertThat(history.get(0).get("after").get("template").stringValue()).startsWith(marker);
        HttpResponse<String> rolledBack = send("POST", settings + "/history/" + history.get(0).get("id").longValue()
                + "/rollback", admin, "");
        assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);

        JsonNode afterRollback = runAnalysis(103);
        assertThat(afterRollback.path("instructions").stringValue()).contains(original.trim()).doesNotContain(marker);
        awaitResult(lastTaskId);
    }

    /** Starts an analysis and returns the model request it caused: the next one the simulator receives. */
    private JsonNode runAnalysis(int planId) throws Exception {
        int before = system.simulatorRequests().size();
        HttpResponse<String> started = send("POST", system.gateway() + "/gestion_programme/analyse_plan_de_cours/"
                + planId + "/start", coordo, snapshot);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        lastTaskId = Json.tree(started.body()).get("task_id").stringValue();
        AtomicReference<List<JsonNode>> requests = new AtomicReference<>();
        await().atMost(TASK_TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
            requests.set(system.simulatorRequests());
            return requests.get().size() > before;
        });
        return requests.get().get(before);
    }

    private JsonNode awaitResult(String taskId) {
        AtomicReference<JsonNode> status = new AtomicReference<>();
        await().atMost(TASK_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            status.set(Json.tree(send("GET", system.gateway() + "/tasks/status/" + taskId, coordo, null).body()));
            String state = status.get().path("state").stringValue();
            return "SUCCESS".equals(state) || "FAILURE".equals(state);
        });
        assertThat(status.get().path("state").stringValue()).as(status.get().toString()).isEqualTo("SUCCESS");
        return status.get().path("result");
    }

    private HttpResponse<String> send(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
