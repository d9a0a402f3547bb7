package org.edxo.ai.worker.kinds.docxschema;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.worker.kinds.KindTestSupport;
import org.edxo.ai.worker.tasks.TaskFailure;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocxToSchemaHandlerTest {

    private final DocxToSchemaHandler handler = new DocxToSchemaHandler(null);
    private static final JsonNode INPUT = Json.tree("{\"upload_id\": \"0b6a4f1e-3c1d-4c55-9a57-2f0e5d6c7b8a\"}");

    private static String output(String schemaText) {
        return Json.writeString(Json.mapper().createObjectNode()
                .put("title", "Plan de cours")
                .put("description", "Les sections d'un plan de cours.")
                .put("schema", schemaText)
                .put("markdown", "# Plan de cours\n\n- Présentation"));
    }

    @Test
    void theMessageCarriesTheDocumentsTextBetweenFences() {
        assertThat(DocxToSchemaHandler.userMessage("# Titre\n\nTexte")).isEqualTo("Texte du document (brut):\n---\n# Titre\n\nTexte\n---\n");
    }

    @Test
    void theSchemaTextIsParsedIntoTheResultWithTheOriginalsApiUsage() {
        JsonNode payload = KindTestSupport.payload(handler, INPUT,
                output("{\"type\": \"object\", \"properties\": {\"presentation\": {\"type\": \"string\"}}}"));

        assertThat(payload.path("status").asString()).isEqualTo("success");
        JsonNode result = payload.path("result");
        assertThat(result.path("title").asString()).isEqualTo("Plan de cours");
        assertThat(result.path("schema").path("properties").path("presentation").path("type").asString()).isEqualTo("string");
        assertThat(result.path("markdown").asString()).startsWith("# Plan de cours");
        assertThat(payload.path("api_usage").path("prompt_tokens").asLong()).isEqualTo(1200);
        assertThat(payload.path("api_usage").path("completion_tokens").asLong()).isEqualTo(800);
        assertThat(payload.path("api_usage").path("model").asString()).isEqualTo("gpt-5");
        assertThat(payload.path("usage").path("cost").isNumber()).isTrue();
    }

    @Test
    void schemaTextThatIsNotAJsonObjectFailsInFrench() {
        // Outside the braces the output schema's pattern refuses it; inside, the parse does.
        for (String bad : new String[] {"[1, 2]", "\"texte\"", "", "```json\n{}\n```", "{pas du JSON}", "{\"type\": }"}) {
            assertThatThrownBy(() -> KindTestSupport.payload(handler, INPUT, output(bad))).as(bad)
                    .isInstanceOfSatisfying(TaskFailure.class, failure -> {
                        assertThat(failure.getMessage()).isEqualTo("Erreur de validation du résultat IA.");
                        assertThat(failure.errorCode()).isEqualTo(TaskFailure.INVALID_OUTPUT);
                    });
        }
        assertThatThrownBy(() -> DocxToSchemaHandler.parseSchema("{pas du JSON}"))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> assertThat(failure.getCause().getMessage())
                        .startsWith(DocxToSchemaHandler.INVALID_SCHEMA));
    }
}
