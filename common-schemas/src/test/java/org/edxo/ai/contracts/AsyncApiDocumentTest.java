package org.edxo.ai.contracts;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The AsyncAPI document campus systems read must point at schemas that exist, for every channel. */
class AsyncApiDocumentTest {

    @Test
    void everyMessagePayloadReferencesAShippedSchema() throws IOException {
        JsonNode document;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("asyncapi.json")) {
            assertThat(in).isNotNull();
            document = Json.mapper().readTree(in);
        }
        List<String> references = new ArrayList<>();
        document.get("channels").forEach(channel -> channel.get("messages")
                .forEach(message -> references.add(message.get("payload").get("$ref").asString())));
        assertThat(references).hasSize(5);
        references.forEach(reference -> assertThat(ContractValidator.schemaNode(reference)).as(reference).isNotNull());
    }
}
