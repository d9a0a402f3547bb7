package org.edxo.ai.worker.kinds.plandecours;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.contracts.money.ModelPrice;
import org.edxo.ai.worker.Fixtures;
import org.edxo.ai.worker.kinds.KindHandler;
import org.edxo.ai.worker.kinds.ModelCall;
import org.edxo.ai.worker.openai.ModelStreamEvent.TokenUsage;
import org.edxo.ai.worker.settings.EffectiveSettings;
import org.edxo.ai.worker.tasks.TaskFailure;
import org.edxo.ai.worker.tasks.TaskResults;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanDeCoursHandlersTest {

    private static final UUID TASK_ID = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final ModelPrice PRICE = new ModelPrice("gpt-5", new BigDecimal("1.25"), null, new BigDecimal("10"));
    private static final KindHandler.ResultContext CONTEXT = new KindHandler.ResultContext(TASK_ID, "Résumé.",
            TaskResults.usage(List.of(
                    new TaskResults.CallUsage("gpt-5", new TokenUsage(1000, 0, 500, 100), PRICE),
                    new TaskResults.CallUsage("gpt-5", new TokenUsage(400, 0, 200, 50), PRICE))),
            new EffectiveSettings("gpt-5", "medium", "low", null, "").settingsUsed(), "https://edxo.example");

    private static final List<String> REVIEW_KEYS = List.of("old_fields", "old_calendriers", "old_evaluations",
            "reasoning_summary", "validation_url", "plan_de_cours_url", "usage", "settings_used");

    private static final String BULK = """
            {"presentation_du_cours": "Nouvelle présentation.", "objectif_terminal_du_cours": "",
             "organisation_et_methodes": "Laboratoires hebdomadaires.", "accomodement": null,
             "evaluation_formative_apprentissages": "  ", "evaluation_expression_francais": null,
             "seuil_reussite": "60 %.", "materiel": "Multimètre et trousse d'outils.",
             "calendriers": [{"semaine": 1, "sujet": "Sécurité", "activites": "Visite", "travaux_hors_classe": null, "evaluations": null},
                             {"semaine": 2, "sujet": "Loi d'Ohm", "activites": "Labo 1", "travaux_hors_classe": "Exercices", "evaluations": "Quiz"}]}
            """;
    private static final String EVALUATIONS = """
            {"evaluations": [
              {"titre": "Examen 1", "description": "Lois", "semaine": 6,
               "capacites": [{"capacite": "Analyser le fonctionnement d'un circuit", "ponderation": "15 %"},
                             {"capacite": "C2", "ponderation": "10 %"},
                             {"capacite": "Capacité : Dépanner des dispositifs", "ponderation": "5 %"},
                             {"capacite": "Gérer un projet", "ponderation": "5 %"},
                             {"capacite": null, "ponderation": null}]},
              {"titre": "Épreuve finale", "description": "Dépannage", "semaine": 15,
               "capacites": [{"capacite": "cap 3", "ponderation": "40 %"}]}]}
            """;

    private static JsonNode input(String fieldName) {
        ObjectNode input = (ObjectNode) Fixtures.planDeCoursInput();
        if (fieldName != null) {
            input.put("field_name", fieldName);
        }
        return input;
    }

    private static JsonNode payload(KindHandler handler, JsonNode input, String... outputs) {
        List<JsonNode> parsed = new ArrayList<>();
        for (int i = 0; i < outputs.length; i++) {
            parsed.add(TaskResults.output(handler.kind().outputs().get(i), outputs[i]));
        }
        // TaskResults.result also validates the payload against the kind's result schema.
        Map<String, Object> result = TaskResults.result(handler, input, parsed, CONTEXT);
        JsonNode tree = Json.mapper().valueToTree(result);
        assertThat(ContractValidator.validate(handler.kind().resultSchema(), tree)).isEmpty();
        assertThat(tree.propertyNames()).containsAll(REVIEW_KEYS);
        assertThat(tree.path("status").asString()).isEqualTo("success");
        assertThat(tree.path("plan_id").asLong()).isEqualTo(88);
        assertThat(tree.path("cours_id").asLong()).isEqualTo(14);
        assertThat(tree.path("session").asString()).isEqualTo("H2026");
        assertThat(tree.path("validation_url").asString())
                .isEqualTo("https://edxo.example/plan_de_cours/review/88?task_id=" + TASK_ID);
        assertThat(tree.path("plan_de_cours_url").asString()).isEqualTo("https://edxo.example/cours/14/plan_de_cours/H2026/");
        assertThat(tree.path("reasoning_summary").asString()).isEqualTo("Résumé.");
        return tree;
    }

    // ------------------------------------------------------------------------------------------ calls

    @Test
    void theGlobalGenerationMakesTwoCallsInThePlanDeCoursSection() {
        List<ModelCall> calls = new GeneratePlanDeCoursHandler().calls(input(null));

        assertThat(calls).hasSize(2);
        assertThat(calls).extracting(ModelCall::section).containsExactly("plan_de_cours", "plan_de_cours");
        assertThat(calls).extracting(call -> call.output().name()).containsExactly("BulkPlanDeCoursResponse", "EvaluationsResponse");
        assertThat(calls.get(0).template().placement()).isEqualTo(ModelCall.Placement.USER_MESSAGE);
        assertThat(calls.get(0).userMessage()).isNull();
        assertThat(calls.get(1).progressMessage()).isEqualTo("Génération des évaluations…");
        assertThat(calls.get(1).template()).isNull();
        // The original's message: the course and the plan-cadre's objective and capacity names, nothing else.
        assertThat(Json.tree(calls.get(1).userMessage())).isEqualTo(Json.tree("""
                {"cours": {"code": "243-2B4-JR", "nom": "Dépannage de circuits", "session": "H2026"},
                 "plan_cadre": {"objectif_terminal": "Dépanner des dispositifs électroniques\\nsimples en laboratoire.",
                                "capacites": ["Analyser le fonctionnement d'un circuit", "Mesurer des grandeurs électriques",
                                              "Dépanner des dispositifs électroniques"]}}
                """));
        assertThat(new ArrayList<>(Json.tree(calls.get(1).userMessage()).propertyNames())).containsExactly("cours", "plan_cadre");
        assertThat(calls.get(1).userMessage()).contains("Dépannage").doesNotContain("\\u00e9");
    }

    @Test
    void aFieldUsesTheImproveSectionAndItsOwnTemplate() {
        ModelCall call = new ImprovePlanDeCoursFieldHandler().calls(input("materiel")).get(0);

        assertThat(call.section()).isEqualTo("plan_de_cours_improve");
        assertThat(call.output().name()).isEqualTo("SingleFieldResponse");
        assertThat(call.progressMessage()).isEqualTo("Génération de 'materiel' en cours...");
        assertThat(call.template().placement()).isEqualTo(ModelCall.Placement.USER_MESSAGE);
        assertThat(call.userMessage()).isNull();
    }

    @Test
    void theCalendarPrefersTheEditorsRowsToTheSnapshots() {
        ObjectNode input = (ObjectNode) input(null);
        input.putArray("existing_calendriers").addObject().put("semaine", "3").put("sujet", "Diodes (non enregistré)");

        ModelCall call = new GeneratePlanDeCoursCalendarHandler().calls(input).get(0);

        assertThat(call.section()).isEqualTo("plan_de_cours");
        assertThat(call.output().name()).isEqualTo("CalendarOnlyResponse");
        assertThat((String) call.template().variables().get("current_value"))
                .contains("Diodes (non enregistré)").doesNotContain("Sécurité au laboratoire");
        input.putArray("existing_calendriers");
        assertThat(new GeneratePlanDeCoursCalendarHandler().calls(input).get(0).template().variables().get("current_value"))
                .isEqualTo("");
    }

    @Test
    void theEvaluationsMessageIsTheOriginalsWithPrecisionsAndCurrentEvaluations() {
        ObjectNode input = (ObjectNode) input(null);
        input.putArray("existing_evaluations").addObject().put("titre", "Quiz").put("semaine", "4")
                .putArray("capacites").addObject().put("capacite_id", "2").put("ponderation", "5");

        String message = new GeneratePlanDeCoursEvaluationsHandler().userMessage(input);

        String[] parts = message.split("\n\n", 3);
        assertThat(new ArrayList<>(Json.tree(parts[0]).propertyNames())).containsExactly("cours", "plan_cadre");
        assertThat(parts[1]).isEqualTo("Contraintes/Précisions: Cours donné en formule hybride, une semaine sur deux à distance.");
        assertThat(parts[2]).startsWith("Évaluations actuelles:\n");
        JsonNode current = Json.tree(parts[2].substring("Évaluations actuelles:\n".length()));
        // The editor's link carried only an id: the model gets the capacity's name too.
        assertThat(current.path(0).path("capacites").path(0).path("capacite").asString())
                .isEqualTo("Mesurer des grandeurs électriques");
        assertThat(current.path(0).path("capacites").path(0).path("capacite_id").asString()).isEqualTo("2");
    }

    @Test
    void withoutEditorRowsTheEvaluationsMessageCarriesTheSnapshotsAndWithoutPrecisionsNoSuchLine() {
        ObjectNode input = (ObjectNode) input(null);
        input.remove("additional_info");

        String message = new GeneratePlanDeCoursEvaluationsHandler().userMessage(input);

        assertThat(message).doesNotContain("Contraintes/Précisions");
        JsonNode current = Json.tree(message.substring(message.indexOf("Évaluations actuelles:\n") + "Évaluations actuelles:\n".length()));
        assertThat(current.path(0).path("titre").asString()).isEqualTo("Examen 1");
        assertThat(current.path(0).path("capacites").path(0).path("capacite").asString())
                .isEqualTo("Analyser le fonctionnement d'un circuit");
        assertThat(new GeneratePlanDeCoursEvaluationsHandler().calls(input).get(0).section()).isEqualTo("plan_de_cours");
    }

    // ------------------------------------------------------------------------------------------ payloads

    @Test
    void theGlobalPayloadKeepsTheOldValueOfEveryFieldTheModelLeftEmpty() {
        JsonNode payload = payload(new GeneratePlanDeCoursHandler(), input(null), BULK, EVALUATIONS);

        JsonNode fields = payload.path("fields");
        assertThat(fields.path("presentation_du_cours").asString()).isEqualTo("Nouvelle présentation.");
        assertThat(fields.path("objectif_terminal_du_cours").asString()).isEqualTo("Dépanner des dispositifs électroniques simples.");
        assertThat(fields.path("accomodement").isNull()).isTrue();
        assertThat(fields.path("evaluation_formative_apprentissages").asString()).isEqualTo("Exercices commentés chaque semaine.");
        assertThat(fields.path("seuil_reussite").asString()).isEqualTo("60 %.");
        assertThat(payload.path("calendriers")).hasSize(2);
        assertThat(payload.path("calendriers").path(1).path("evaluations").asString()).isEqualTo("Quiz");
        assertThat(payload.path("old_calendriers").path(0).path("sujet").asString()).isEqualTo("Sécurité au laboratoire");
        assertThat(payload.path("old_fields").path("presentation_du_cours").asString())
                .isEqualTo("Ce cours initie au dépannage de circuits électroniques.");
        assertThat(payload.path("usage").path("calls")).hasSize(2);
        assertThat(payload.path("usage").path("input_tokens").asLong()).isEqualTo(1400);
    }

    @Test
    void evaluationLabelsAreResolvedToThePlanCadresCapacities() {
        JsonNode evaluations = payload(new GeneratePlanDeCoursHandler(), input(null), BULK, EVALUATIONS).path("evaluations");

        // Compared as parsed text: the payload holds Longs where parsing gives ints.
        assertThat(Json.tree(evaluations.path(0).path("capacites").toString())).isEqualTo(Json.tree("""
                [{"capacite_id": 1, "capacite": "Analyser le fonctionnement d'un circuit", "ponderation": "15 %"},
                 {"capacite_id": 2, "capacite": "Mesurer des grandeurs électriques", "ponderation": "10 %"},
                 {"capacite_id": 3, "capacite": "Dépanner des dispositifs électroniques", "ponderation": "5 %"},
                 {"capacite_id": null, "capacite": "Gérer un projet", "ponderation": "5 %"}]
                """));
        assertThat(evaluations.path(0).has("id")).isFalse();
        assertThat(evaluations.path(1).path("capacites").path(0).path("capacite_id").asLong()).isEqualTo(3);
        assertThat(evaluations.path(1).path("semaine").asInt()).isEqualTo(15);
    }

    @Test
    void oldEvaluationsAreSerializedAsTheOriginalWithTheirIdsAndCapacityNames() {
        JsonNode old = payload(new GeneratePlanDeCoursHandler(), input(null), BULK, EVALUATIONS).path("old_evaluations");

        assertThat(Json.tree(old.toString())).isEqualTo(Json.tree("""
                [{"id": 301, "titre": "Examen 1", "description": "Lois fondamentales", "semaine": 6,
                  "capacites": [{"capacite_id": 1, "capacite": "Analyser le fonctionnement d'un circuit", "ponderation": "20 %"},
                                {"capacite_id": 2, "capacite": "Mesurer des grandeurs électriques", "ponderation": "10"}]},
                 {"titre": "Épreuve finale", "description": "Dépannage d'un montage", "semaine": 15, "capacites": []}]
                """));
    }

    @Test
    void theGlobalPayloadKeepsTheOldCalendarAndEvaluationsWhenTheModelProposedNone() {
        ObjectNode bulk = (ObjectNode) Json.tree(BULK);
        bulk.putArray("calendriers");
        JsonNode payload = payload(new GeneratePlanDeCoursHandler(), input(null), bulk.toString(), "{\"evaluations\": []}");

        assertThat(payload.path("calendriers")).isEqualTo(payload.path("old_calendriers"));
        assertThat(payload.path("evaluations")).isEqualTo(payload.path("old_evaluations"));
    }

    @Test
    void aGlobalAnswerWithNothingInItFailsWithTheOriginalsMessage() {
        String empty = """
                {"presentation_du_cours": null, "objectif_terminal_du_cours": "", "organisation_et_methodes": null,
                 "accomodement": null, "evaluation_formative_apprentissages": null, "evaluation_expression_francais": null,
                 "seuil_reussite": " ", "materiel": null, "calendriers": []}
                """;
        GeneratePlanDeCoursHandler handler = new GeneratePlanDeCoursHandler();
        List<JsonNode> outputs = List.of(Json.tree(empty), Json.tree("{\"evaluations\": []}"));

        assertThatThrownBy(() -> handler.result(input(null), outputs, CONTEXT))
                .isInstanceOf(TaskFailure.class).hasMessage("Aucune donnée renvoyée par le modèle.");
    }

    @Test
    void theFieldPayloadCarriesTheValueTheProposedFieldsAndTheOriginalsKeys() {
        JsonNode payload = payload(new ImprovePlanDeCoursFieldHandler(), input("materiel"),
                "{\"champ_description\": \"Multimètre, pinces et lunettes de sécurité.\"}");

        assertThat(payload.path("field_name").asString()).isEqualTo("materiel");
        assertThat(payload.path("value").asString()).isEqualTo("Multimètre, pinces et lunettes de sécurité.");
        assertThat(payload.path("fields").path("materiel").asString()).isEqualTo("Multimètre, pinces et lunettes de sécurité.");
        assertThat(payload.path("old_fields").path("materiel").asString()).isEqualTo("Multimètre personnel.");
        assertThat(payload.path("fields").path("seuil_reussite")).isEqualTo(payload.path("old_fields").path("seuil_reussite"));
        assertThat(payload.path("evaluations")).isEqualTo(payload.path("old_evaluations"));
        assertThat(payload.path("usage").path("cost").isNumber()).isTrue();
    }

    @Test
    void anEmptyFieldFailsWithTheOriginalsMessage() {
        for (String empty : List.of("{\"champ_description\": null}", "{\"champ_description\": \"  \"}")) {
            assertThatThrownBy(() -> new ImprovePlanDeCoursFieldHandler().result(input("materiel"),
                    List.of(Json.tree(empty)), CONTEXT))
                    .isInstanceOf(TaskFailure.class).hasMessage("Aucune description générée.");
        }
    }

    @Test
    void theCalendarPayloadHasAllEightOldFieldsSeuilReussiteIncluded() {
        JsonNode payload = payload(new GeneratePlanDeCoursCalendarHandler(), input(null), """
                {"calendriers": [{"semaine": 1, "sujet": "Diodes", "activites": "Labo", "travaux_hors_classe": "Lecture", "evaluations": null}]}
                """);

        assertThat(payload.path("calendriers").path(0).path("sujet").asString()).isEqualTo("Diodes");
        assertThat(payload.path("old_fields").propertyNames()).containsExactlyElementsOf(PlanSnapshot.FIELDS);
        assertThat(payload.path("old_fields").path("seuil_reussite").asString()).isEqualTo("60 % et réussite de l'épreuve finale.");
        assertThat(payload.path("evaluations")).isEqualTo(payload.path("old_evaluations"));
        assertThat(payload.has("fields")).isFalse();
        assertThatThrownBy(() -> new GeneratePlanDeCoursCalendarHandler().result(input(null),
                List.of(Json.tree("{\"calendriers\": []}")), CONTEXT))
                .isInstanceOf(TaskFailure.class).hasMessage("Aucune entrée générée pour le calendrier.");
    }

    @Test
    void theEvaluationsPayloadProposesEvaluationsAndKeepsFieldsAndCalendar() {
        JsonNode payload = payload(new GeneratePlanDeCoursEvaluationsHandler(), input(null), EVALUATIONS);

        assertThat(payload.path("evaluations")).hasSize(2);
        assertThat(payload.path("evaluations").path(0).path("capacites").path(1).path("capacite_id").asLong()).isEqualTo(2);
        assertThat(payload.path("fields")).isEqualTo(payload.path("old_fields"));
        assertThat(payload.path("calendriers")).isEqualTo(payload.path("old_calendriers"));
        assertThatThrownBy(() -> new GeneratePlanDeCoursEvaluationsHandler().result(input(null),
                List.of(Json.tree("{\"evaluations\": []}")), CONTEXT))
                .isInstanceOf(TaskFailure.class).hasMessage("Aucune évaluation générée.");
    }

    @Test
    void aSessionWithSpacesIsEncodedInThePlanDeCoursLink() {
        ObjectNode input = (ObjectNode) input(null);
        ((ObjectNode) input.get("plan_de_cours")).put("session", "Hiver 2026");

        JsonNode payload = Json.mapper().valueToTree(new GeneratePlanDeCoursCalendarHandler().result(input, List.of(Json.tree("""
                {"calendriers": [{"semaine": 1, "sujet": "Diodes", "activites": null, "travaux_hors_classe": null, "evaluations": null}]}
                """)), CONTEXT));

        assertThat(payload.path("plan_de_cours_url").asString()).isEqualTo("https://edxo.example/cours/14/plan_de_cours/Hiver%202026/");
        assertThat(payload.path("session").asString()).isEqualTo("Hiver 2026");
    }
}
