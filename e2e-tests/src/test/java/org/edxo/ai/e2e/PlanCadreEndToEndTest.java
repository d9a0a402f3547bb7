package org.edxo.ai.e2e;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * generate_plan_cadre end to end through the simulator: the original's start routes, the generation sections
 * of settings-service rendered into the model's message, the preview payload its review screen reads, one
 * capture per model call, and 400s naming the bad field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanCadreEndToEndTest {

    private static final TaskKind KIND = TaskKinds.GENERATE_PLAN_CADRE;
    private static final Set<String> PROPOSED_KEYS = Set.of("fields", "fields_with_description", "savoir_etre", "capacites");

    private RunningSystem system;
    private TaskKindScenarios scenarios;
    private String coordo;
    private ObjectNode snapshot;

    @BeforeAll
    void startSystem() throws Exception {
        system = SharedSystem.get();
        scenarios = new TaskKindScenarios(system);
        coordo = scenarios.newUserToken("coordo", "coordo");
        try (InputStream in = getClass().getResourceAsStream("/snapshots/plan-cadre-420-1A1-EM.json")) {
            snapshot = (ObjectNode) Json.mapper().readTree(in);
        }
    }

    @Test
    void generatingProposesEveryAiSectionFromTheRenderedSectionTextsAndTheNonAiOnesAsTheyAre() throws Exception {
        String langue = "Évaluation de la Langue";
        String fixed = "La qualité du français est évaluée selon la politique institutionnelle ({code_cours}).";
        JsonNode before = generationSection(langue);
        setGenerationSection(langue, "{\"use_ai\": false, \"text\": " + Json.writeString(fixed) + "}");
        TaskKindScenarios.Finished finished;
        try {
            finished = scenarios.startAndSucceed(KIND, "/api/plan_cadre/55/generate", coordo, snapshot.toString(), 1);
        } finally {
            setGenerationSection(langue, Json.writeString(before));
        }

        JsonNode result = finished.result();
        assertPreview(result, finished.taskId());
        JsonNode proposed = result.get("proposed");
        assertThat(proposed.get("fields").get("eval_evaluation_de_la_langue").asString())
                .isEqualTo("La qualité du français est évaluée selon la politique institutionnelle (420-1A1-EM).");
        JsonNode output = Json.tree(finished.lastStreamedOutput());
        assertThat(ContractValidator.validate(KIND.outputSchema(), output)).isEmpty();
        assertThat(proposed.get("capacites")).hasSameSizeAs(output.get("capacites"));
        proposed.get("capacites").forEach(capacite -> assertThat(new ArrayList<>(capacite.propertyNames())).containsExactly(
                "capacite", "description_capacite", "ponderation_min", "ponderation_max", "savoirs_necessaires",
                "savoirs_faire", "moyens_evaluation"));
        assertThat(proposed.get("savoir_etre")).isNotEmpty();

        JsonNode request = modelRequest(finished.taskId());
        assertThat(request.path("instructions").asString()).contains("Tu améliores les sections d'un plan-cadre existant")
                .doesNotContain("Mode baguette");
        JsonNode message = Json.tree(userMessage(request));
        assertThat(new ArrayList<>(message.propertyNames())).containsExactly("fields", "fields_with_description",
                "savoir_etre", "capacites", "course_context", "previous_sections_context", "current_capacites_snapshot",
                "improve_only", "additional_info");
        List<String> fields = names(message.get("fields"));
        assertThat(fields).hasSize(9).doesNotContain(langue).startsWith("Intro et place du cours");
        assertThat(message.get("fields").get(0).get("prompt").asString())
                .contains("Présente le cours 420-1A1-EM – Introduction à la programmation", "programme Techniques de l'informatique",
                        "- 00SG: Programmer des applications simples");
        assertThat(message.get("fields").get(0).get("current_content").asString()).startsWith("Le cours s'inscrit");
        assertThat(names(message.get("fields_with_description"))).hasSize(5).doesNotContain("Description des cours reliés");
        assertThat(message.toString()).contains("Ce cours est un prérequis pour:\\n- 420-2B4-EM: Structures de données (note requise: 60%)");
        assertThat(message.get("capacites")).hasSize(4);
        assertThat(message.get("current_capacites_snapshot")).hasSize(2);
        assertThat(message.get("improve_only").asBoolean()).isTrue();
        assertThat(message.get("additional_info").asString()).isEqualTo(snapshot.get("additional_info").asString());
    }

    @Test
    void improvingOneSectionSendsOnlyItWithThePrecedingSectionsAndProposesOnlyIt() throws Exception {
        TaskKindScenarios.Finished finished = scenarios.startAndSucceed(KIND, "/api/plan_cadre/55/improve/capacites",
                coordo, snapshot.toString(), 1);

        JsonNode result = finished.result();
        assertPreview(result, finished.taskId());
        assertThat(result.get("proposed").propertyNames()).containsExactly("capacites");

        JsonNode message = Json.tree(userMessage(modelRequest(finished.taskId())));
        assertThat(message.get("fields")).isEmpty();
        assertThat(message.get("fields_with_description")).isEmpty();
        assertThat(message.get("savoir_etre").isNull()).isTrue();
        assertThat(message.get("capacites")).hasSize(4);
        assertThat(message.get("previous_sections_context").asString())
                .startsWith("Contexte des sections précédentes (extrait):\n## Place et rôle du cours\n")
                .contains("## Objectif terminal\nConcevoir, programmer et tester").doesNotContain("## Capacités");
        assertThat(message.get("current_capacites_snapshot")).hasSize(2);
    }

    @Test
    void theWandModeAddsItsInstructionToTheSystemPromptAndTouchesOnlyTheTargetedSection() throws Exception {
        ObjectNode body = snapshot.deepCopy();
        body.put("mode", "wand").put("wand_instruction", "Reformule en une seule phrase claire.");
        TaskKindScenarios.Finished finished = scenarios.startAndSucceed(KIND, "/plan_cadre/55/generate_content",
                coordo, body.put("target_columns", "objectif_terminal").toString(), 1);

        JsonNode result = finished.result();
        assertPreview(result, finished.taskId());
        JsonNode fields = result.get("proposed").path("fields");
        assertThat(result.get("proposed").propertyNames()).isSubsetOf("fields");
        assertThat(fields.propertyNames()).isSubsetOf("objectif_terminal");

        JsonNode request = modelRequest(finished.taskId());
        assertThat(request.path("instructions").asString()).contains("Tu améliores les sections d'un plan-cadre existant")
                .contains("Mode baguette : tu es un assistant de rédaction concis.")
                .endsWith("Instruction de l'utilisateur : Reformule en une seule phrase claire.");
        JsonNode message = Json.tree(userMessage(request));
        assertThat(names(message.get("fields"))).containsExactly("Objectif terminal");
        assertThat(message.get("fields").get(0).get("current_content").asString()).startsWith("Concevoir, programmer");
        assertThat(message.get("additional_info").asString()).isEqualTo("Reformule en une seule phrase claire.");
        assertThat(message.get("previous_sections_context").asString()).contains("## Cours corequis\n- 420-1B1-EM");
    }

    @Test
    void badInputsAre400NamingTheFieldAndAProfesseurIsRefused() throws Exception {
        ObjectNode withoutPlan = snapshot.deepCopy();
        withoutPlan.remove("plan_cadre");
        scenarios.assertInvalid("/api/plan_cadre/55/generate", coordo, withoutPlan.toString(), "/plan_cadre");
        ObjectNode badContext = snapshot.deepCopy();
        ((ObjectNode) badContext.get("contexte")).put("heures_lab", "deux");
        scenarios.assertInvalid("/api/plan_cadre/55/improve", coordo, badContext.toString(), "/contexte/heures_lab");
        scenarios.assertInvalid("/api/plan_cadre/55/improve", coordo,
                snapshot.deepCopy().put("target_columns", "capacites,competences").toString(), "/target_columns/1");
        scenarios.assertInvalid("/api/plan_cadre/55/improve/competences", coordo, snapshot.toString(), "section");
        scenarios.assertRefused("/api/plan_cadre/55/generate", scenarios.newUserToken("prof", "professeur"),
                snapshot.toString(), 403, "Vous n'avez pas les droits nécessaires pour générer ou améliorer ce plan-cadre.");
    }

    @Test
    void whenNoSectionIsLeftForTheModelTheTaskFailsWithTheOriginalsMessageWithoutHoldingOrCalling() throws Exception {
        TaskKindScenarios.Finished finished = scenarios.start("/api/plan_cadre/55/improve/cours_relies", coordo,
                snapshot.toString());

        assertThat(finished.state()).isEqualTo("FAILURE");
        assertThat(finished.doneMeta().path("error_code").asString()).isEqualTo("no_ai_section");
        assertThat(finished.doneMeta().path("message").asString())
                .isEqualTo("Aucune génération IA requise (tous champs sont en mode non-AI).");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Json.tree(scenarios.get(
                "/tasks/status/" + finished.taskId(), coordo).body()).path("message").asString())
                .isEqualTo("Aucune génération IA requise (tous champs sont en mode non-AI)."));
        assertThat(system.simulatorRequests()).noneMatch(
                request -> finished.taskId().equals(request.path("metadata").path("task_id").asString("")));
        JsonNode ledger = Json.tree(scenarios.get("/api/v1/billing/accounts/" + TaskKindScenarios.subject(coordo) + "/ledger",
                coordo).body());
        assertThat(ledger.valueStream().map(entry -> entry.path("task_id").asString(""))).doesNotContain(finished.taskId());
    }

    // --------------------------------------------------------------------------------------------- helpers

    /** The keys the original's review screen reads. */
    private static void assertPreview(JsonNode result, String taskId) {
        assertThat(result.get("status").asString()).isEqualTo("success");
        assertThat(result.get("preview").asBoolean()).isTrue();
        assertThat(result.get("plan_id").asLong()).isEqualTo(55);
        assertThat(result.get("cours_id").asLong()).isEqualTo(12);
        assertThat(result.get("message").asString()).matches("Proposition d'amélioration générée\\. Coût: \\d+\\.\\d+ crédits\\.");
        assertThat(result.get("validation_url").asString()).endsWith("/plan_cadre/55/review?task_id=" + taskId);
        assertThat(result.get("proposed").propertyNames()).isSubsetOf(PROPOSED_KEYS);
        assertThat(result.get("settings_used").get("model").asString()).isNotBlank();
    }

    private JsonNode modelRequest(String taskId) throws Exception {
        List<JsonNode> requests = system.simulatorRequests().stream()
                .filter(request -> taskId.equals(request.path("metadata").path("task_id").asString(""))).toList();
        assertThat(requests).as("one model request for task " + taskId).hasSize(1);
        return requests.get(0);
    }

    private static String userMessage(JsonNode request) {
        for (JsonNode item : request.path("input")) {
            if ("user".equals(item.path("role").asString(""))) {
                return item.path("content").get(0).path("text").asString();
            }
        }
        throw new AssertionError("no user message in " + request);
    }

    private static List<String> names(JsonNode entries) {
        List<String> names = new ArrayList<>();
        entries.forEach(entry -> names.add(entry.path("field_name").asString()));
        return names;
    }

    private JsonNode generationSection(String name) throws Exception {
        JsonNode sections = Json.tree(settings("GET", "", null).body());
        for (JsonNode section : sections) {
            if (name.equals(section.path("name").asString())) {
                return section;
            }
        }
        throw new AssertionError("no generation section " + name);
    }

    private void setGenerationSection(String name, String body) throws Exception {
        HttpResponse<String> response = settings("PUT", "/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private HttpResponse<String> settings(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(system.url("settings-service")
                        + "/api/v1/settings/generation-sections" + path))
                .header("Authorization", "Bearer " + system.token("admin-plan-cadre", "admin"))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
