package org.edxo.ai.worker.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.JsonSchemaValidator;
import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.kinds.OutputFormat;
import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every output schema passes the SDK's own check of what Structured Outputs' strict mode accepts (its keyword
 * lists per type, references, limits): a schema the API would refuse with a 400 fails here, not in production
 * (e.g. {@code contentMediaType}, which strict mode does not take: docx_to_schema's JSON text uses a pattern).
 */
class OutputSchemasForOpenAiTest {

    @Test
    void everyOutputSchemaIsWithinWhatStrictModeAccepts() throws Exception {
        ObjectMapper jackson2 = new ObjectMapper();
        List<String> errors = new ArrayList<>();
        for (TaskKind kind : TaskKinds.all()) {
            for (OutputFormat output : kind.outputs()) {
                ObjectNode schema = (ObjectNode) jackson2.readTree(ContractValidator.schemaNode(output.schema()).toString());
                // The SDK wants the draft named at the root of the schemas it generates; the API does not.
                schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
                JsonSchemaValidator.Companion.create().validate(schema).errors().stream()
                        // Stricter than the API: a {"type": "null"} branch of anyOf is how Pydantic writes Optional,
                        // which the original sent in strict mode (reference §2.1).
                        .filter(error -> !error.endsWith("Unsupported 'type' value: 'null'."))
                        .forEach(error -> errors.add(kind.id() + " " + output.name() + ": " + error));
            }
        }
        assertThat(errors).isEmpty();
    }
}
