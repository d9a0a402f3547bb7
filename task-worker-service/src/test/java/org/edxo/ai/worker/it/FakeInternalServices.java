package org.edxo.ai.worker.it;

import org.edxo.ai.contracts.json.Json;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for settings-service and billing-service: the two read routes the worker calls, on a
 * random port, serving the documents those services promise (404 for an unknown model).
 */
final class FakeInternalServices implements AutoCloseable {

    static final String SECTION = "analyse_plan_cours";
    static final String MODEL = "gpt-5-mini";

    private final DisposableServer server;
    private final AtomicInteger settingsFetches = new AtomicInteger();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile String systemPrompt = "Tu es un conseiller pédagogique du réseau collégial.";
    private volatile String promptTemplate = "  Vérifie la cohérence entre le calendrier et les savoir-faire.  ";

    FakeInternalServices() {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes
                        .get("/api/v1/settings/sections/{section}", (request, response) -> {
                            authorizations.add(request.requestHeaders().get("Authorization", ""));
                            if (!SECTION.equals(request.param("section"))) {
                                return response.status(404).sendString(Mono.just("{\"error\":\"Section inconnue.\"}"));
                            }
                            settingsFetches.incrementAndGet();
                            return response.header("Content-Type", "application/json")
                                    .sendString(Mono.just(Json.writeString(settingsDocument())));
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
                        }))
                .bindNow();
    }

    private Map<String, Object> settingsDocument() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("section", SECTION);
        document.put("system_prompt", systemPrompt);
        document.put("ai_model", MODEL);
        document.put("reasoning_effort", "medium");
        document.put("verbosity", "low");
        document.put("max_output_tokens", null);
        document.put("templates", Map.of("prompt", promptTemplate));
        document.put("updated_at", "2026-01-15T10:00:00Z");
        return document;
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

    @Override
    public void close() {
        server.disposeNow();
    }
}
