package org.edxo.ai.e2e;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.OutputFormat;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four plan de cours kinds through the gateway, as EDxo's pages start them: each ends SUCCESS with the
 * keys the review page reads, every model call billed; the global one makes two calls and tells SSE clients
 * to start the output anew before the second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanDeCoursEndToEndTest {

    private static final List<String> REVIEW_KEYS = List.of("status", "plan_id", "cours_id", "session", "old_fields",
            "old_calendriers", "old_evaluations", "reasoning_summary", "usage", "settings_used", "validation_url",
            "plan_de_cours_url");
    private static final Set<Long> CAPACITY_IDS = Set.of(71L, 72L, 73L);

    private RunningSystem system;
    private TaskKindScenarios scenarios;
    private ObjectNode snapshot;

    @BeforeAll
    void startSystem() throws Exception {
        system = SharedSystem.get();
        scenarios = new TaskKindScenarios(system);
        try (InputStream in = getClass().getResourceAsStream("/snapshots/plan-de-cours.json")) {
            snapshot = (ObjectNode) Json.mapper().readTree(in);
        }
    }

    private ObjectNode body(String additionalInfo) {
        ObjectNode body = snapshot.deepCopy();
        body.put("additional_info", additionalInfo);
        return body;
    }

    @Test
    void theGlobalGenerationMakesTwoBilledCallsAndRestartsTheStreamBeforeTheEvaluations() throws Exception {
        String token = scenarios.newUserToken("prof", "professeur");
        String marker = "Précision " + UUID.randomUUID();
        ObjectNode body = body(marker);
        body.put("cours_id", 37).put("session", "H2026");

        TaskKindScenarios.Finished finished = scenarios.startAndSucceed(TaskKinds.GENERATE_PLAN_DE_COURS,
                "/plan_de_cours/generate_all_start", token, body.toString(), 2);

        JsonNode result = finished.result();
        assertThat(result.propertyNames()).containsAll(REVIEW_KEYS).contains("fields", "calendriers", "evaluations");
        assertReviewLinks(finished, result);
        assertThat(result.path("usage").path("calls")).hasSize(2);
        assertThat(result.path("old_fields").path("seuil_reussite").asString()).isEqualTo("La note de passage est de 60 %.");
        assertThat(result.path("old_evaluations").path(0).path("id").asLong()).isEqualTo(901);
        assertThat(result.path("old_evaluations").path(0).path("capacites").path(0).path("capacite").asString())
                .isEqualTo("Programmer la logique applicative côté serveur");

        // The output of call 1, then stream_buffer "" and the output of call 2, each valid against its schema.
        List<SseClient.Event> progress = finished.events().stream().filter(e -> e.name().equals("progress")).toList();
        int restart = indexOf(progress, "stream_buffer");
        assertThat(restart).as("a stream_buffer restart").isPositive();
        assertThat(meta(progress.get(restart)).path("stream_buffer").asString()).isEmpty();
        assertThat(meta(progress.get(restart)).path("message").asString()).isEqualTo("Génération des évaluations…");
        JsonNode bulk = Json.tree(chunks(progress.subList(0, restart)));
        JsonNode evaluations = Json.tree(finished.lastStreamedOutput());
        assertValid(TaskKinds.GENERATE_PLAN_DE_COURS.outputs().get(0), bulk);
        assertValid(TaskKinds.GENERATE_PLAN_DE_COURS.outputs().get(1), evaluations);
        assertThat(result.path("fields").path("presentation_du_cours").asString())
                .isEqualTo(bulk.path("presentation_du_cours").asString());
        assertThat(result.path("calendriers")).hasSize(bulk.path("calendriers").size());
        assertThat(result.path("evaluations")).hasSize(evaluations.path("evaluations").size());
        assertCapacityLinksPointIntoThePlanCadre(result.path("evaluations"));

        // What the model was asked: the all template with the plan-cadre's sections, then the original's JSON.
        List<JsonNode> requests = requestsOf(finished.taskId());
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).path("text").path("format").path("name").asString()).isEqualTo("BulkPlanDeCoursResponse");
        assertThat(requests.get(1).path("text").path("format").path("name").asString()).isEqualTo("EvaluationsResponse");
        assertThat(requests.get(0).path("instructions").asString()).contains("conseiller pédagogique");
        assertThat(userText(requests.get(0))).contains("420-3W5-JR", "Pondération: 30-40 %", "Capacités:", marker);
        JsonNode second = Json.tree(userText(requests.get(1)));
        assertThat(new ArrayList<>(second.propertyNames())).containsExactly("cours", "plan_cadre");
        assertThat(second.path("plan_cadre").path("capacites")).hasSize(3);
        assertThat(requests.get(1).path("reasoning").path("effort").asString()).isNotBlank();
    }

    @Test
    void theApiGenerateRouteRunsTheSameTwoCalls() throws Exception {
        String token = scenarios.newUserToken("coordo", "coordo");

        TaskKindScenarios.Finished finished = scenarios.startAndSucceed(TaskKinds.GENERATE_PLAN_DE_COURS,
                "/api/plan_de_cours/214/generate", token, body("").toString(), 2);

        assertThat(finished.result().path("plan_id").asLong()).isEqualTo(214);
        assertThat(finished.count("stream_buffer")).isEqualTo(1);
    }

    @Test
    void oneFieldIsProposedFromItsTemplateWithItsCurrentValue() throws Exception {
        String token = scenarios.newUserToken("prof", "professeur");

        TaskKindScenarios.Finished finished = scenarios.startAndSucceed(TaskKinds.IMPROVE_PLAN_DE_COURS_FIELD,
                "/api/plan_de_cours/214/improve/seuil_reussite", token, body("Mentionner l'épreuve finale.").toString(), 1);

        JsonNode result = finished.result();
        assertThat(result.propertyNames()).containsAll(REVIEW_KEYS).contains("field_name", "value", "fields", "evaluations");
        assertReviewLinks(finished, result);
        JsonNode output = Json.tree(finished.lastStreamedOutput());
        assertValid(TaskKinds.IMPROVE_PLAN_DE_COURS_FIELD.output(), output);
        assertThat(result.path("field_name").asString()).isEqualTo("seuil_reussite");
        assertThat(result.path("value").asString()).isEqualTo(output.path("champ_description").asString());
        assertThat(result.path("fields").path("seuil_reussite")).isEqualTo(result.path("value"));
        assertThat(result.path("old_fields").path("seuil_reussite").asString()).isEqualTo("La note de passage est de 60 %.");
        assertThat(result.path("fields").path("materiel")).isEqualTo(result.path("old_fields").path("materiel"));

        JsonNode request = requestsOf(finished.taskId()).get(0);
        // The field's template gets the current value (the original's never did: D3).
        assertThat(userText(request)).contains("La note de passage est de 60 %.", "Mentionner l'épreuve finale.",
                "Seuil de réussite");
        assertThat(request.path("instructions").asString()).contains("champ_description");
    }

    @Test
    void theCalendarIsProposedFromTheCalendrierTemplateWithTheEditorsRows() throws Exception {
        String token = scenarios.newUserToken("prof", "professeur");
        ObjectNode body = body("Semaine de lecture en semaine 8.");
        body.putArray("existing_calendriers").addObject().put("semaine", "1").put("sujet", "Rappel HTTP (non enregistré)");

        TaskKindScenarios.Finished finished = scenarios.startAndSucceed(TaskKinds.GENERATE_PLAN_DE_COURS_CALENDAR,
                "/api/plan_de_cours/214/generate_calendar", token, body.toString(), 1);

        JsonNode result = finished.result();
        assertThat(result.propertyNames()).containsAll(REVIEW_KEYS).contains("calendriers", "evaluations");
        assertReviewLinks(finished, result);
        JsonNode output = Json.tree(finished.lastStreamedOutput());
        assertValid(TaskKinds.GENERATE_PLAN_DE_COURS_CALENDAR.output(), output);
        assertThat(result.path("calendriers")).hasSize(output.path("calendriers").size());
        assertThat(result.path("calendriers").path(0).path("sujet")).isEqualTo(output.path("calendriers").path(0).path("sujet"));
        assertThat(result.path("old_calendriers")).hasSize(4);
        assertThat(result.path("old_fields").propertyNames()).contains("seuil_reussite");
        assertThat(result.path("evaluations")).isEqualTo(result.path("old_evaluations"));

        // The calendrier template is used (the original ignored it: D4), with the editor's rows.
        assertThat(userText(requestsOf(finished.taskId()).get(0)))
                .contains("Calendrier actuel", "Rappel HTTP (non enregistré)", "Semaine de lecture en semaine 8.");
    }

    @Test
    void evaluationsAreProposedWithTheirCapacityLinksResolved() throws Exception {
        String token = scenarios.newUserToken("coordo", "coordo");

        TaskKindScenarios.Finished finished = scenarios.startAndSucceed(TaskKinds.GENERATE_PLAN_DE_COURS_EVALUATIONS,
                "/api/plan_de_cours/214/generate_evaluations", token, body("Trois évaluations au plus.").toString(), 1);

        JsonNode result = finished.result();
        assertThat(result.propertyNames()).containsAll(REVIEW_KEYS).contains("fields", "calendriers", "evaluations");
        assertReviewLinks(finished, result);
        JsonNode output = Json.tree(finished.lastStreamedOutput());
        assertValid(TaskKinds.GENERATE_PLAN_DE_COURS_EVALUATIONS.output(), output);
        assertThat(result.path("evaluations")).hasSize(output.path("evaluations").size());
        assertThat(result.path("evaluations").path(0).path("titre")).isEqualTo(output.path("evaluations").path(0).path("titre"));
        assertCapacityLinksPointIntoThePlanCadre(result.path("evaluations"));
        assertThat(result.path("fields")).isEqualTo(result.path("old_fields"));

        JsonNode request = requestsOf(finished.taskId()).get(0);
        String message = userText(request);
        assertThat(new ArrayList<>(Json.tree(message.substring(0, message.indexOf("\n\n"))).propertyNames()))
                .containsExactly("cours", "plan_cadre");
        assertThat(message).contains("Contraintes/Précisions: Trois évaluations au plus.", "Évaluations actuelles:",
                "Intégrer une base de données à l'application");
        // The section's effort applies (the original sent none: D4).
        assertThat(request.path("reasoning").path("effort").asString()).isNotBlank();
    }

    @Test
    void badStartsAreRefusedNamingTheField() throws Exception {
        String token = scenarios.newUserToken("prof", "professeur");
        ObjectNode noPlanCadre = body("");
        noPlanCadre.remove("plan_cadre");
        scenarios.assertInvalid("/api/plan_de_cours/214/generate", token, noPlanCadre.toString(), "/plan_cadre");

        JsonNode unknown = scenarios.assertInvalid("/api/plan_de_cours/214/improve/nom_enseignant", token,
                body("").toString(), "/field_name");
        assertThat(unknown.path("error").asString()).isEqualTo("Champ non supporté: nom_enseignant");

        ObjectNode badRows = body("");
        badRows.put("existing_evaluations", "Quiz en semaine 3");
        scenarios.assertInvalid("/api/plan_de_cours/214/generate_evaluations", token, badRows.toString(),
                "/existing_evaluations");

        ObjectNode noSession = body("");
        noSession.put("cours_id", 37);
        scenarios.assertInvalid("/plan_de_cours/generate_all_start", token, noSession.toString(), "/session");

        scenarios.assertInvalid("/api/plan_de_cours/215/generate_calendar", token, body("").toString(), "/plan_de_cours/id");

        scenarios.assertRefused("/api/plan_de_cours/214/generate_calendar", system.token("invite-1", "invite"),
                body("").toString(), 403, "Vous n'avez pas les droits nécessaires pour modifier ce plan de cours.");
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static void assertReviewLinks(TaskKindScenarios.Finished finished, JsonNode result) {
        assertThat(result.path("status").asString()).isEqualTo("success");
        assertThat(result.path("plan_id").asLong()).isEqualTo(214);
        assertThat(result.path("cours_id").asLong()).isEqualTo(37);
        assertThat(result.path("session").asString()).isEqualTo("H2026");
        assertThat(result.path("validation_url").asString())
                .endsWith("/plan_de_cours/review/214?task_id=" + finished.taskId());
        assertThat(result.path("plan_de_cours_url").asString()).endsWith("/cours/37/plan_de_cours/H2026/");
        assertThat(result.path("settings_used").path("model").asString()).isNotBlank();
    }

    /** A resolved link names its plan-cadre capacity; an unresolved one keeps the model's label and a null id. */
    private void assertCapacityLinksPointIntoThePlanCadre(JsonNode evaluations) {
        for (JsonNode evaluation : evaluations) {
            for (JsonNode link : evaluation.path("capacites")) {
                if (!link.path("capacite_id").isNull()) {
                    assertThat(CAPACITY_IDS).contains(link.path("capacite_id").asLong());
                    String name = snapshot.path("plan_cadre").path("capacites").valueStream()
                            .filter(c -> c.path("id").asLong() == link.path("capacite_id").asLong())
                            .findFirst().orElseThrow().path("capacite").asString();
                    assertThat(link.path("capacite").asString()).isEqualTo(name);
                }
            }
        }
    }

    private static void assertValid(OutputFormat format, JsonNode output) {
        assertThat(ContractValidator.validate(format.schema(), output)).as(output.toString()).isEmpty();
    }

    private static JsonNode meta(SseClient.Event event) {
        return Json.tree(event.data()).path("meta");
    }

    private static int indexOf(List<SseClient.Event> events, String metaKey) {
        for (int i = 0; i < events.size(); i++) {
            if (meta(events.get(i)).has(metaKey)) {
                return i;
            }
        }
        return -1;
    }

    private static String chunks(List<SseClient.Event> events) {
        return events.stream().map(PlanDeCoursEndToEndTest::meta).filter(m -> m.has("stream_chunk"))
                .map(m -> m.get("stream_chunk").asString()).collect(Collectors.joining());
    }

    /** The model requests of one task (their metadata carries its id), oldest first. */
    private List<JsonNode> requestsOf(String taskId) throws Exception {
        return system.simulatorRequests().stream()
                .filter(request -> taskId.equals(request.path("metadata").path("task_id").asString("")))
                .toList();
    }

    /** Every input text of a model request (the user message). */
    private static String userText(JsonNode request) {
        StringBuilder text = new StringBuilder();
        for (JsonNode item : request.path("input")) {
            for (JsonNode content : item.path("content")) {
                text.append(content.path("text").asString(""));
            }
        }
        return text.toString();
    }
}
