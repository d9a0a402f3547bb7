package org.edxo.ai.worker.it;

import org.edxo.ai.contracts.json.Json;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for settings-service and billing-service: the routes the worker calls (section, price,
 * hold, release), on a random port, serving the documents those services promise (404 for an
 * unknown model, 402 for a hold when {@link #refuseHolds} is set).
 */
final class FakeInternalServices implements AutoCloseable {

    static final String SECTION = "analyse_plan_cours";
    static final String MODEL = "gpt-5-mini";

    private final DisposableServer server;
    private final AtomicInteger settingsFetches = new AtomicInteger();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<JsonNode> holds = new CopyOnWriteArrayList<>();
    private final List<String> releases = new CopyOnWriteArrayList<>();
    private final Set<String> sections = ConcurrentHashMap.newKeySet();
    private final Map<String, String> relayed = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean refuseHolds;
    private volatile String systemPrompt = "Tu es un conseiller pédagogique du réseau collégial.";
    private volatile String promptTemplate = "  Vérifie la cohérence entre le calendrier et les savoir-faire.  ";

    FakeInternalServices() {
        sections.add(SECTION);
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes
                        .get("/api/v1/settings/sections/{section}", (request, response) -> {
                            authorizations.add(request.requestHeaders().get("Authorization", ""));
                            if (!sections.contains(request.param("section"))) {
                                return response.status(404).sendString(Mono.just("{\"error\":\"Section inconnue.\"}"));
                            }
                            settingsFetches.incrementAndGet();
                            return response.header("Content-Type", "application/json")
                                    .sendString(Mono.just(Json.writeString(settingsDocument(request.param("section")))));
                        })
                        .get("/api/v1/billing/prices/{model}", (request, response) -> {
                            authorizations.add(request.requestHeaders().get("Authorization", ""));
                            if (!MODEL.equals(request.param("model"))) {
                                return response.status(404).header("Content-Type", "application/json")
                                        .sendString(Mono.just("{\"error\":\"Modèle inconnu.\"}"));
                            }
                            return response.header("Content-Type", "application/json").sendString(Mono.just(
                                    "{\"model\":\"gpt-5-mini\",\"input_per_million\":\"0.250000\","
                                            + "\"cached_input_per_million\":\"0.025000\",\"output_per_million\":\"2.000000\","
                                            + "\"effective_from\":\"2025-08-07T00:00:00Z\"}"));
                        })
                        .post("/api/v1/billing/holds", (request, response) -> request.receive().aggregate().asString()
                                .flatMap(body -> {
                                    authorizations.add(request.requestHeaders().get("Authorization", ""));
                                    holds.add(Json.tree(body));
                                    return refuseHolds ? Mono.just(402) : Mono.just(201);
                                })
                                .flatMap(status -> response.status(status).header("Content-Type", "application/json")
                                        .sendString(Mono.just(status == 402
                                                ? "{\"error\":\"Crédits insuffisants pour cette opération.\"}"
                                                : "{\"hold_id\":\"00000000-0000-0000-0000-000000000001\",\"amount\":\"0.100000\","
                                                        + "\"balance\":\"9.900000\",\"held\":\"0.100000\"}")).then()))
                        .post("/api/v1/billing/holds/{taskId}/{attempt}/release", (request, response) -> {
                            releases.add(request.param("taskId") + ":" + request.param("attempt"));
                            return response.header("Content-Type", "application/json").sendString(Mono.just("{}"));
                        })
                        // The gateway's account of what earlier attempts streamed (set by the test).
                        .get("/internal/v1/tasks/{taskId}/relayed", (request, response) -> {
                            String body = relayed.get(request.param("taskId"));
                            return body == null
                                    ? response.status(404).sendString(Mono.just("{\"error\":\"Tâche introuvable.\"}"))
                                    : response.header("Content-Type", "application/json").sendString(Mono.just(body));
                        }))
                .bindNow();
    }

    private Map<String, Object> settingsDocument(String section) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("section", section);
        document.put("system_prompt", systemPrompt);
        document.put("ai_model", MODEL);
        document.put("reasoning_effort", "medium");
        document.put("verbosity", "low");
        document.put("max_output_tokens", null);
        document.put("templates", Map.of("prompt", promptTemplate));
        document.put("updated_at", "2026-01-15T10:00:00Z");
        return document;
    }

    /** Serves {@code section} too (same settings as {@link #SECTION}). */
    void serveSection(String section) {
        sections.add(section);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** What the worker must send as instructions: both parts trimmed, a blank line between. */
    String expectedInstructions() {
        return systemPrompt.trim() + "\n\n" + promptTemplate.trim();
    }

    void systemPrompt(String systemPrompt) {
        this.systemPrompt = systemPrompt;
    }

    String systemPrompt() {
        return systemPrompt;
    }

    int settingsFetches() {
        return settingsFetches.get();
    }

    List<String> authorizations() {
        return authorizations;
    }

    /** Bodies of {@code POST /api/v1/billing/holds}, in arrival order. */
    List<JsonNode> holds() {
        return holds;
    }

    /** {@code <task_id>:<attempt>} of each release asked. */
    List<String> releases() {
        return releases;
    }

    /** What {@code GET /internal/v1/tasks/{task_id}/relayed} answers for the task (404 otherwise). */
    void relayed(String taskId, String body) {
        relayed.put(taskId, body);
    }

    /** When true, holds are refused with billing's 402. */
    void refuseHolds(boolean refuse) {
        this.refuseHolds = refuse;
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
