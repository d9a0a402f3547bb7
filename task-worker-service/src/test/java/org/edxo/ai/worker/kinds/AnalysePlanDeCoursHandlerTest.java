package org.edxo.ai.worker.kinds;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.worker.Fixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AnalysePlanDeCoursHandlerTest {

    private final AnalysePlanDeCoursHandler handler = new AnalysePlanDeCoursHandler();
    private final JsonNode schema = ContractValidator.schemaNode(TaskKinds.ANALYSE_PLAN_DE_COURS.outputSchema());

    @Test
    void userMessageHasTheOriginalKeysInOrderAndKeepsAccentsUnescaped() {
        String message = handler.userMessage(Fixtures.analyseInput(), schema);
        JsonNode tree = Json.tree(message);

        List<String> keys = new ArrayList<>(tree.propertyNames());
        assertThat(keys).containsExactly("plan_cours_id", "plan_cours", "plan_cadre_id", "plan_cadre", "schema_json");
        assertThat(tree.path("plan_cours_id").asLong()).isEqualTo(42);
        assertThat(tree.path("plan_cadre_id").asLong()).isEqualTo(9);
        assertThat(tree.path("plan_cours")).isEqualTo(Fixtures.analyseInput().path("plan_cours"));
        assertThat(tree.path("plan_cadre")).isEqualTo(Fixtures.analyseInput().path("plan_cadre"));
        assertThat(tree.path("schema_json")).isEqualTo(schema);
        assertThat(message).contains("Hélène Côté").doesNotContain("\\u00e9");
    }

    @Test
    void userMessageFallsBackToPlanIdAndNullPlanCadreId() {
        ObjectNode input = (ObjectNode) Fixtures.analyseInput();
        ((ObjectNode) input.get("plan_cours")).remove("id");
        ((ObjectNode) input.get("plan_cadre")).remove("id");

        JsonNode tree = Json.tree(handler.userMessage(input, schema));

        assertThat(tree.path("plan_cours_id").asLong()).isEqualTo(42);
        assertThat(tree.path("plan_cadre_id").isNull()).isTrue();
    }
}
