package org.edxo.ai.contracts;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The contracts of generate_plan_cadre: what campus systems may publish, and what the model may answer. */
class GeneratePlanCadreContractTest {

    private static final String INPUT = TaskKinds.GENERATE_PLAN_CADRE.inputSchema();
    private static final String MINIMAL = """
            {"plan_id": 31, "plan_cadre": {"id": 31, "cours_id": 18, "capacites": []},
             "contexte": {"code_cours": "420-2B4-EM", "nom_cours": "Structures de données"}%s}""";

    private static List<String> violations(String extra) {
        return ContractValidator.validate(INPUT, Json.tree(MINIMAL.formatted(extra))).stream()
                .map(ContractValidator.Violation::path).toList();
    }

    @Test
    void targetsAreKnownSectionsAsAListOrAsTheOriginalsCommaSeparatedString() {
        assertThat(violations("")).isEmpty();
        assertThat(violations(", \"target_columns\": [\"place_intro\", \"capacites\"], \"mode\": \"wand\", \"improve_only\": true")).isEmpty();
        assertThat(violations(", \"target_columns\": \" capacites , savoirs_etre\"")).isEmpty();
        assertThat(violations(", \"target_columns\": \"\"")).isEmpty();
        assertThat(violations(", \"target_columns\": [\"place_intro\", \"introduction\"]")).containsExactly("/target_columns/1");
        assertThat(violations(", \"target_columns\": \"capacites,introduction\"")).containsExactly("/target_columns");
        assertThat(violations(", \"mode\": \"baguette\"")).containsExactly("/mode");
        assertThat(violations(", \"stream\": true")).as("no unknown field").isNotEmpty();
    }

    @Test
    void thePlanAndTheCourseContextAreRequiredAndBounded() {
        assertThat(ContractValidator.validate(INPUT, Json.tree("{\"plan_id\": 31}"))).hasSize(2);
        assertThat(violations(", \"additional_info\": \"" + "x".repeat(20001) + "\"")).containsExactly("/additional_info");
        JsonNode badContext = Json.tree(MINIMAL.formatted("").replace("\"nom_cours\": \"Structures de données\"",
                "\"nom_cours\": \"\", \"heures_lab\": -1, \"competences\": []"));
        assertThat(ContractValidator.validate(INPUT, badContext).stream().map(ContractValidator.Violation::path).toList())
                .containsExactlyInAnyOrder("/contexte/nom_cours", "/contexte/heures_lab", "/contexte");
    }

    @Test
    void theAnswerSchemaAcceptsTheOriginalsNullsAndOnlyKnownSectionNames() {
        String output = TaskKinds.GENERATE_PLAN_CADRE.outputSchema();
        assertThat(ContractValidator.validate(output, Json.tree("""
                {"fields": [{"field_name": "Objectif terminal", "content": null}, {"field_name": null, "content": "x"}],
                 "fields_with_description": [{"field_name": "Objets cibles", "content": null}],
                 "savoir_etre": [],
                 "capacites": [{"capacite": null, "description_capacite": null, "ponderation_min": null,
                   "ponderation_max": 30, "savoirs_necessaires": null, "savoirs_faire": null, "moyens_evaluation": null}]}
                """))).isEmpty();
        assertThat(ContractValidator.validate(output, Json.tree("""
                {"fields": [{"field_name": "Ma section", "content": "x"}], "fields_with_description": [],
                 "savoir_etre": [], "capacites": []}"""))).isNotEmpty();
        assertThat(ContractValidator.validate(output, Json.tree("""
                {"fields": [], "fields_with_description": [], "savoir_etre": []}"""))).isNotEmpty();
    }
}
