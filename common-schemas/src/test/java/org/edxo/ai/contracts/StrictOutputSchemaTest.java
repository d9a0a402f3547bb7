package org.edxo.ai.contracts;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.OutputFormat;
import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Structured Outputs' strict mode refuses a schema where an object allows extra properties or leaves a
 * property out of {@code required}; check every output schema before a model ever sees it.
 */
class StrictOutputSchemaTest {

    @Test
    void everyOutputSchemaIsStrict() {
        for (TaskKind kind : TaskKinds.all()) {
            for (OutputFormat output : kind.outputs()) {
                assertStrict(output.schema(), ContractValidator.schemaNode(output.schema()));
            }
        }
    }

    @Test
    void planDeCoursAiResponseAcceptsNullsAsTheOriginal() {
        String schema = TaskKinds.ANALYSE_PLAN_DE_COURS.outputSchema();
        assertThat(ContractValidator.validate(schema, Json.tree("""
                {"compatibility_percentage":null,"recommendation_ameliore":null,"recommendation_plan_cadre":null}
                """))).isEmpty();
        assertThat(ContractValidator.validate(schema, Json.tree("""
                {"compatibility_percentage":87.5,"recommendation_ameliore":"x","recommendation_plan_cadre":"y"}
                """))).isEmpty();
        assertThat(ContractValidator.validate(schema, Json.tree("""
                {"compatibility_percentage":87.5,"recommendation_ameliore":"x"}
                """))).isNotEmpty();
        assertThat(ContractValidator.validate(schema, Json.tree("""
                {"compatibility_percentage":1,"recommendation_ameliore":"x","recommendation_plan_cadre":"y","extra":1}
                """))).isNotEmpty();
    }

    private static void assertStrict(String where, JsonNode node) {
        if (node.isObject()) {
            if (node.has("properties")) {
                assertThat(node.path("additionalProperties").isBoolean() && !node.get("additionalProperties").asBoolean())
                        .as(where + ": additionalProperties must be false").isTrue();
                Set<String> required = new HashSet<>();
                node.path("required").forEach(r -> required.add(r.asString()));
                Set<String> properties = new HashSet<>(node.get("properties").propertyNames());
                assertThat(required).as(where + ": every property required").isEqualTo(properties);
            }
            for (String name : node.propertyNames()) {
                assertStrict(where + "/" + name, node.get(name));
            }
        } else if (node.isArray()) {
            node.forEach(child -> assertStrict(where, child));
        }
    }
}
