package org.edxo.ai.worker.openai;

import com.openai.core.ObjectMappers;
import com.openai.models.responses.ResponseCreateParams;
import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.worker.settings.EffectiveSettings;
import org.edxo.ai.worker.tasks.Prompt;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ModelRequestFactoryTest {

    private static final UUID TASK_ID = UUID.fromString("11111111-2222-3333-4444-555555555555");

    /** The JSON body the SDK will post (the same serialisation it uses on the wire). */
    private static JsonNode body(ResponseCreateParams params) throws Exception {
        return Json.tree(ObjectMappers.jsonMapper().writeValueAsString(params._body()));
    }

    @Test
    void carriesTheStrictSchemaReasoningSummaryAndOneUserMessage() throws Exception {
        EffectiveSettings settings = new EffectiveSettings("gpt-5-mini", "high", "low", 2048L, "Système");
        JsonNode body = body(ModelRequestFactory.build(TaskKinds.ANALYSE_PLAN_DE_COURS.output(), settings,
                new Prompt("Système\n\nGabarit", "{\"plan_cours_id\":7,\"note\":\"déjà là\"}"), TASK_ID));

        assertThat(body.path("model").stringValue()).isEqualTo("gpt-5-mini");
        assertThat(body.path("instructions").stringValue()).isEqualTo("Système\n\nGabarit");
        JsonNode input = body.path("input");
        assertThat(input.size()).isEqualTo(1);
        assertThat(input.get(0).path("role").stringValue()).isEqualTo("user");
        assertThat(input.get(0).path("content").get(0).path("type").stringValue()).isEqualTo("input_text");
        assertThat(input.get(0).path("content").get(0).path("text").stringValue())
                .isEqualTo("{\"plan_cours_id\":7,\"note\":\"déjà là\"}");

        assertThat(body.path("reasoning").path("summary").stringValue()).isEqualTo("auto");
        assertThat(body.path("reasoning").path("effort").stringValue()).isEqualTo("high");
        JsonNode format = body.path("text").path("format");
        assertThat(format.path("type").stringValue()).isEqualTo("json_schema");
        assertThat(format.path("name").stringValue()).isEqualTo("PlanDeCoursAIResponse");
        assertThat(format.path("strict").asBoolean()).isTrue();
        assertThat(format.path("schema"))
                .isEqualTo(ContractValidator.schemaNode(TaskKinds.ANALYSE_PLAN_DE_COURS.outputSchema()));
        assertThat(format.path("schema").path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(body.path("text").path("verbosity").stringValue()).isEqualTo("low");
        assertThat(body.path("max_output_tokens").asLong()).isEqualTo(2048L);
        assertThat(body.path("store").asBoolean(true)).isFalse();
        assertThat(body.path("metadata").path("task_id").stringValue()).isEqualTo(TASK_ID.toString());
    }

    @Test
    void leavesOutWhatIsNotSet() throws Exception {
        EffectiveSettings settings = new EffectiveSettings("gpt-5", null, null, null, null);
        JsonNode body = body(ModelRequestFactory.build(TaskKinds.ANALYSE_PLAN_DE_COURS.output(), settings,
                new Prompt(null, "{}"), TASK_ID));

        assertThat(body.has("instructions")).isFalse();
        assertThat(body.has("max_output_tokens")).isFalse();
        assertThat(body.path("reasoning").has("effort")).isFalse();
        assertThat(body.path("reasoning").path("summary").stringValue()).isEqualTo("auto");
        assertThat(body.path("text").has("verbosity")).isFalse();
        assertThat(body.path("text").path("format").path("strict").asBoolean()).isTrue();
    }

    @Test
    void aFileComesFirstInTheUserMessageThenTheTextIfAny() throws Exception {
        EffectiveSettings settings = new EffectiveSettings("gpt-5", "medium", null, 4096L, "Extrais les compétences.");
        JsonNode withText = body(ModelRequestFactory.build(TaskKinds.OCR_DEVIS.output(), settings,
                new Prompt("Extrais les compétences.", "Titre : Techniques de l'informatique"), TASK_ID, "file-abc123"));

        JsonNode content = withText.path("input").get(0).path("content");
        assertThat(withText.path("input").size()).isEqualTo(1);
        assertThat(withText.path("input").get(0).path("role").stringValue()).isEqualTo("user");
        assertThat(content.size()).isEqualTo(2);
        assertThat(content.get(0).path("type").stringValue()).isEqualTo("input_file");
        assertThat(content.get(0).path("file_id").stringValue()).isEqualTo("file-abc123");
        assertThat(content.get(1).path("type").stringValue()).isEqualTo("input_text");
        assertThat(content.get(1).path("text").stringValue()).isEqualTo("Titre : Techniques de l'informatique");
        assertThat(withText.path("text").path("format").path("name").stringValue()).isEqualTo("extraire_competences_en_json");
        // The recursive context items go to the model as written: $defs and $ref.
        assertThat(withText.path("text").path("format").path("schema").path("$defs").has("context_item")).isTrue();

        JsonNode fileAlone = body(ModelRequestFactory.build(TaskKinds.OCR_DEVIS.output(), settings,
                new Prompt("Extrais les compétences.", ""), TASK_ID, "file-abc123"));
        assertThat(fileAlone.path("input").get(0).path("content").size()).isEqualTo(1);
        assertThat(fileAlone.path("input").get(0).path("content").get(0).path("file_id").stringValue()).isEqualTo("file-abc123");
        assertThat(fileAlone.path("instructions").stringValue()).isEqualTo("Extrais les compétences.");
    }

    @Test
    void withoutAFileTheMessageIsTextOnly() throws Exception {
        EffectiveSettings settings = new EffectiveSettings("gpt-5", null, null, null, null);
        JsonNode body = body(ModelRequestFactory.build(TaskKinds.ANALYSE_PLAN_DE_COURS.output(), settings,
                new Prompt(null, "{}"), TASK_ID, null));

        assertThat(body.path("input").get(0).path("content").size()).isEqualTo(1);
        assertThat(body.path("input").get(0).path("content").get(0).path("type").stringValue()).isEqualTo("input_text");
    }
}
