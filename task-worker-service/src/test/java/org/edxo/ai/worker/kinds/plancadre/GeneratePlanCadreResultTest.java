package org.edxo.ai.worker.kinds.plancadre;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.worker.kinds.KindHandler;
import org.edxo.ai.worker.settings.GenerationSection;
import org.edxo.ai.worker.settings.SettingsClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class GeneratePlanCadreResultTest {

    private static final UUID TASK = UUID.fromString("0b7e2c1a-4a55-4f1e-9d3c-2f1e8a9b7c6d");

    private final GeneratePlanCadreHandler handler = new GeneratePlanCadreHandler(mock(SettingsClient.class));

    private static final String ANSWER = """
            {"fields": [
               {"field_name": "Objectif terminal", "content": "  \\"Concevoir des structures de données efficaces.\\"  "},
               {"field_name": null, "content": "orphelin"},
               {"field_name": "Intro et place du cours", "content": null}],
             "fields_with_description": [
               {"field_name": "Objets cibles", "content": [
                  {"texte": " 'Arbres' ", "description": "Arbres binaires de recherche"},
                  {"texte": null, "description": "  "},
                  {"texte": "", "description": "Tables de hachage"}]},
               {"field_name": "Description des cours corequis", "content": []},
               {"field_name": null, "content": [{"texte": "perdu", "description": null}]}],
             "savoir_etre": ["\\"Rigueur\\"", "   ", "Curiosité intellectuelle"],
             "capacites": [
               {"capacite": " Implanter des structures linéaires ", "description_capacite": null,
                "ponderation_min": null, "ponderation_max": 40,
                "savoirs_necessaires": [" Piles "], "savoirs_faire": [{"texte": "Programmer une file", "cible": null, "seuil_reussite": "'File fonctionnelle'"}],
                "moyens_evaluation": null}]}
            """;

    private static KindHandler.ResultContext context(String cost, Object planState) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("input_tokens", 5210L);
        usage.put("output_tokens", 1830L);
        usage.put("cached_input_tokens", 0L);
        usage.put("reasoning_tokens", 640L);
        usage.put("cost", new BigDecimal(cost));
        usage.put("model", "gpt-5");
        return new KindHandler.ResultContext(TASK, "J'ai repris l'objectif terminal.", usage,
                Map.of("model", "gpt-5", "reasoning_effort", "medium", "sources", Map.of("model", "section")), "",
                planState);
    }

    private Map<String, Object> result(ObjectNode input, List<GenerationSection> sections, String answer, String cost) {
        KindHandler.Plan plan = handler.plan(input, sections);
        return handler.result(input, List.of(Json.tree(answer)), context(cost, plan.state()));
    }

    @Test
    void theAnswerBecomesTheOriginalsPreviewCleanedAndValidAgainstTheResultSchema() {
        ObjectNode input = PlanCadreFixtures.input();

        Map<String, Object> result = result(input, PlanCadreFixtures.sections(), ANSWER, "0.041235");
        JsonNode tree = Json.mapper().valueToTree(result);

        assertThat(ContractValidator.validate(TaskKinds.GENERATE_PLAN_CADRE.resultSchema(), tree)).isEmpty();
        assertThat(new ArrayList<>(result.keySet())).containsExactly("status", "message", "plan_id", "cours_id", "preview",
                "proposed", "validation_url", "reasoning_summary", "usage", "settings_used");
        assertThat(result).containsEntry("status", "success").containsEntry("plan_id", 31L).containsEntry("cours_id", 18L)
                .containsEntry("preview", true)
                .containsEntry("message", "Proposition d'amélioration générée. Coût: 0.0412 crédits.")
                .containsEntry("validation_url", "/plan_cadre/31/review?task_id=" + TASK)
                .containsEntry("reasoning_summary", "J'ai repris l'objectif terminal.");
        assertThat(tree.get("proposed")).isEqualTo(Json.tree("""
                {"fields": {"objectif_terminal": "Concevoir des structures de données efficaces.", "place_intro": ""},
                 "fields_with_description": {"Objets cibles": [
                     {"texte": "Arbres", "description": "Arbres binaires de recherche"},
                     {"texte": "", "description": "Tables de hachage"}]},
                 "savoir_etre": ["Rigueur", "Curiosité intellectuelle"],
                 "capacites": [{"capacite": "Implanter des structures linéaires", "description_capacite": "",
                     "ponderation_min": 0, "ponderation_max": 40, "savoirs_necessaires": ["Piles"],
                     "savoirs_faire": [{"texte": "Programmer une file", "cible": "", "seuil_reussite": "File fonctionnelle"}],
                     "moyens_evaluation": []}]}"""));
    }

    @Test
    void onlyThePartsTheModelWasAskedForAreReadAndEmptyPartsAreRemoved() {
        ObjectNode input = PlanCadreFixtures.input("{\"target_columns\": [\"objectif_terminal\"]}");

        Map<String, Object> result = result(input, PlanCadreFixtures.sections(), ANSWER, "0");

        assertThat((JsonNode) Json.mapper().valueToTree(result.get("proposed"))).as("place_intro was not asked for")
                .isEqualTo(Json.tree("""
                {"fields": {"objectif_terminal": "Concevoir des structures de données efficaces."}}"""));
        assertThat(result.get("message")).isEqualTo("Proposition d'amélioration générée. Coût: 0.0 crédits.");

        Map<String, Object> nothing = result(PlanCadreFixtures.input("{\"target_columns\": [\"capacites\"]}"),
                PlanCadreFixtures.sections(), "{\"fields\":[],\"fields_with_description\":[],\"savoir_etre\":[],\"capacites\":[]}", "0.5");
        assertThat((Map<?, ?>) nothing.get("proposed")).isEmpty();
        assertThat(ContractValidator.validate(TaskKinds.GENERATE_PLAN_CADRE.resultSchema(), (JsonNode) Json.mapper().valueToTree(nothing)))
                .isEmpty();
        assertThat(nothing.get("message")).isEqualTo("Proposition d'amélioration générée. Coût: 0.5 crédits.");
    }

    @Test
    void sectionsTheModelWasNotGivenAreNotProposed() {
        List<GenerationSection> sections = PlanCadreFixtures.with(
                new GenerationSection("Objets cibles", 14, false, ""));

        Map<String, Object> result = result(PlanCadreFixtures.input(), sections, ANSWER, "0");

        JsonNode proposed = Json.mapper().valueToTree(result.get("proposed"));
        assertThat(proposed.has("fields_with_description")).as("Objets cibles is not written by the AI here").isFalse();
        assertThat(proposed.get("fields").has("objectif_terminal")).isTrue();
    }

    @Test
    void withoutTargetsTheNonAiTextsJoinThePreview() {
        List<GenerationSection> sections = new ArrayList<>(PlanCadreFixtures.sections());
        sections.replaceAll(s -> switch (s.name()) {
            case "Évaluation de la Langue" -> new GenerationSection(s.name(), s.position(), false, "Politique de {code_cours}.");
            case "Description des cours corequis" -> new GenerationSection(s.name(), s.position(), false, "Aucun corequis.");
            case "Savoir-être" -> new GenerationSection(s.name(), s.position(), false, "Rigueur\nRespect");
            default -> s;
        });

        Map<String, Object> result = result(PlanCadreFixtures.input(), sections, ANSWER, "0.00004");
        JsonNode proposed = Json.mapper().valueToTree(result.get("proposed"));

        assertThat(proposed.get("fields").get("eval_evaluation_de_la_langue").asString()).isEqualTo("Politique de 420-2B4-EM.");
        assertThat(proposed.get("fields_with_description").get("Description des cours corequis"))
                .isEqualTo(Json.tree("[{\"texte\": \"Aucun corequis.\", \"description\": \"\"}]"));
        assertThat(proposed.get("savoir_etre")).isEqualTo(Json.tree("[\"Rigueur\", \"Respect\"]"));
        assertThat(result.get("message")).isEqualTo("Proposition d'amélioration générée. Coût: 0.0 crédits.");
    }

    @Test
    void twoTasksWithEqualInputsKeepTheirOwnPlans() {
        ObjectNode first = PlanCadreFixtures.input();
        ObjectNode second = PlanCadreFixtures.input();
        KindHandler.Plan firstPlan = handler.plan(first, PlanCadreFixtures.sections());
        KindHandler.Plan secondPlan = handler.plan(second,
                PlanCadreFixtures.with(new GenerationSection("Évaluation de la Langue", 9, false, "Texte fixe.")));

        JsonNode fromFirst = Json.mapper().valueToTree(handler.result(first, List.of(Json.tree(ANSWER)),
                context("0", firstPlan.state())).get("proposed"));
        JsonNode fromSecond = Json.mapper().valueToTree(handler.result(second, List.of(Json.tree(ANSWER)),
                context("0", secondPlan.state())).get("proposed"));

        assertThat(fromFirst.get("fields").has("eval_evaluation_de_la_langue")).isFalse();
        assertThat(fromSecond.get("fields").get("eval_evaluation_de_la_langue").asString()).isEqualTo("Texte fixe.");
    }

    @Test
    void theCostIsRoundedAsPythonsRoundToFourDecimals() {
        assertThat(PlanCadreProposal.roundedCost(new BigDecimal("0.012345"))).isEqualTo("0.0123");
        assertThat(PlanCadreProposal.roundedCost(new BigDecimal("0.000050"))).isEqualTo("0.0");
        assertThat(PlanCadreProposal.roundedCost(new BigDecimal("0.000150"))).isEqualTo("0.0002");
        assertThat(PlanCadreProposal.roundedCost(new BigDecimal("2.000000"))).isEqualTo("2.0");
        assertThat(PlanCadreProposal.roundedCost(new BigDecimal("1.230000"))).isEqualTo("1.23");
    }

    @Test
    void cleaningStripsSpacesThenDoubleThenSingleQuotesAsTheOriginal() {
        assertThat(PlanCadreProposal.clean(Json.tree("\"  \\\"'Texte'\\\"  \""))).isEqualTo("Texte");
        assertThat(PlanCadreProposal.clean(Json.tree("\"'\\\"mixte\\\"'\""))).isEqualTo("\"mixte\"");
        assertThat(PlanCadreProposal.clean(Json.tree("null"))).isEmpty();
    }
}
