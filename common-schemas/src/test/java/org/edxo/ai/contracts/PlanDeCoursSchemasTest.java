package org.edxo.ai.contracts;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The plan de cours inputs share their snapshot definitions by {@code $ref}, read from this jar. */
class PlanDeCoursSchemasTest {

    private static final List<TaskKind> KINDS = List.of(TaskKinds.GENERATE_PLAN_DE_COURS,
            TaskKinds.IMPROVE_PLAN_DE_COURS_FIELD, TaskKinds.GENERATE_PLAN_DE_COURS_CALENDAR,
            TaskKinds.GENERATE_PLAN_DE_COURS_EVALUATIONS);

    private static ObjectNode input() {
        return (ObjectNode) Json.tree("""
                {"plan_id": 101, "field_name": "materiel", "additional_info": "Cours hybride",
                 "plan_de_cours": {"id": 101, "cours_id": 12, "session": "A2025", "campus": "Principal",
                   "cours_info": {"code": "420-1A1-EM", "nom": "Programmation", "programme_id": 3},
                   "materiel": null,
                   "calendriers": [{"semaine": 1, "sujet": "Variables", "activites": "Labo", "travaux_hors_classe": "", "evaluations": ""}],
                   "evaluations": [{"titre_evaluation": "Quiz", "description": "Boucles", "semaine": 3,
                                    "capacites": [{"capacite_id": 1, "ponderation": "10 %"}]}]},
                 "plan_cadre": {"id": 55, "objectif_terminal": "Programmer.",
                   "capacites": [{"id": 1, "capacite": "Traduire un algorithme", "ponderation_min": 30, "ponderation_max": 50,
                                  "savoirs_necessaires": [{"id": 1, "texte": "Types"}],
                                  "savoirs_faire": [{"id": 1, "texte": "Boucles", "cible": "c", "seuil_reussite": "s"}],
                                  "moyens_evaluation": []}]},
                 "existing_calendriers": [{"semaine": "2", "sujet": "Conditions"}],
                 "existing_evaluations": [{"titre": "Examen", "semaine": "8", "capacites": [{"capacite_id": "1", "ponderation": 30}]}]}
                """);
    }

    @Test
    void aRealisticSnapshotIsValidForEveryKind() {
        for (TaskKind kind : KINDS) {
            assertThat(ContractValidator.validate(kind.inputSchema(), input())).as(kind.id()).isEmpty();
        }
    }

    @Test
    void violationsInsideTheSharedDefinitionsPointIntoTheInput() {
        ObjectNode input = input();
        ((ObjectNode) input.get("plan_de_cours")).remove("session");
        ((ObjectNode) input.withArray("/plan_de_cours/calendriers").get(0)).put("semaine", "une");
        ((ObjectNode) input.withArray("/plan_cadre/capacites").get(0)).put("ponderation_max", 140);
        input.put("additional_info", "x".repeat(10_001));

        List<String> paths = ContractValidator.validate(TaskKinds.GENERATE_PLAN_DE_COURS.inputSchema(), input).stream()
                .map(ContractValidator.Violation::path).toList();

        assertThat(paths).containsExactlyInAnyOrder("/plan_de_cours", "/plan_de_cours/calendriers/0/semaine", "/plan_cadre/capacites/0/ponderation_max",
                "/additional_info");
        assertThat(ContractValidator.validate(TaskKinds.GENERATE_PLAN_DE_COURS.inputSchema(), input).toString())
                .contains("session");
    }

    @Test
    void thePlanCadreIsRequiredAndTheFieldNameIsOneOfTheEight() {
        ObjectNode noPlanCadre = input();
        noPlanCadre.remove("plan_cadre");
        for (TaskKind kind : KINDS) {
            assertThat(ContractValidator.validate(kind.inputSchema(), noPlanCadre).toString()).as(kind.id()).contains("plan_cadre");
        }
        ObjectNode unknownField = input();
        unknownField.put("field_name", "nom_enseignant");
        assertThat(ContractValidator.validate(TaskKinds.IMPROVE_PLAN_DE_COURS_FIELD.inputSchema(), unknownField))
                .extracting(ContractValidator.Violation::path).containsExactly("/field_name");
    }

    @Test
    void theEditorsRowsMustBeListsOfObjects() {
        ObjectNode input = input();
        input.put("existing_calendriers", "semaine 1");
        assertThat(ContractValidator.validate(TaskKinds.GENERATE_PLAN_DE_COURS_CALENDAR.inputSchema(), input))
                .extracting(ContractValidator.Violation::path).containsExactly("/existing_calendriers");
        input = input();
        input.withArray("existing_evaluations").add(7);
        assertThat(ContractValidator.validate(TaskKinds.GENERATE_PLAN_DE_COURS_EVALUATIONS.inputSchema(), input))
                .extracting(ContractValidator.Violation::path).containsExactly("/existing_evaluations/1");
    }

    @Test
    void aResultMissingTheReviewPagesKeysIsRefused() {
        JsonNode empty = Json.tree("{\"status\": \"success\"}");
        for (TaskKind kind : KINDS) {
            String violations = ContractValidator.validate(kind.resultSchema(), empty).toString();
            assertThat(violations).as(kind.id()).contains("old_fields", "old_calendriers", "old_evaluations",
                    "validation_url", "plan_de_cours_url", "usage");
        }
    }
}
