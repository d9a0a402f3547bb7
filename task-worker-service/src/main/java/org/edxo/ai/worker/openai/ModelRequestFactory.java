package org.edxo.ai.worker.openai;

import com.openai.core.JsonValue;
import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFormatTextJsonSchemaConfig;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseTextConfig;
import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.OutputFormat;
import org.edxo.ai.worker.documents.OpenAiFiles;
import org.edxo.ai.worker.settings.EffectiveSettings;
import org.edxo.ai.worker.tasks.Prompt;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the Responses API request of one model call: strict Structured Outputs with the call's schema,
 * a reasoning summary, one user message (a file first when the call has one), nothing stored on OpenAI's side.
 */
public final class ModelRequestFactory {

    private static final Map<String, ResponseFormatTextJsonSchemaConfig.Schema> SCHEMAS = new ConcurrentHashMap<>();

    private ModelRequestFactory() {
    }

    public static ResponseCreateParams build(OutputFormat output, EffectiveSettings settings, Prompt prompt,
                                             UUID taskId) {
        return build(output, settings, prompt, taskId, null);
    }

    /**
     * @param fileId a file of the Files API the model reads, or null: the user message is then the file
     *               ({@code input_file}) first, then the prompt's user message when it has text
     */
    public static ResponseCreateParams build(OutputFormat output, EffectiveSettings settings, Prompt prompt,
                                             UUID taskId, String fileId) {
        Reasoning.Builder reasoning = Reasoning.builder().summary(Reasoning.Summary.AUTO);
        if (settings.reasoningEffort() != null) {
            reasoning.effort(ReasoningEffort.of(settings.reasoningEffort()));
        }
        ResponseTextConfig.Builder text = ResponseTextConfig.builder()
                .format(ResponseFormatTextJsonSchemaConfig.builder()
                        .name(output.name())
                        .strict(true)
                        .schema(SCHEMAS.computeIfAbsent(output.schema(),
                                location -> schema(ContractValidator.schemaNode(location))))
                        .build());
        if (settings.verbosity() != null) {
            text.verbosity(ResponseTextConfig.Verbosity.of(settings.verbosity()));
        }
        ResponseCreateParams.Builder params = ResponseCreateParams.builder()
                .model(settings.model())
                .inputOfResponse(List.of(fileId == null
                        ? ResponseInputItem.ofMessage(ResponseInputItem.Message.builder()
                                .role(ResponseInputItem.Message.Role.USER)
                                .addInputTextContent(prompt.userMessage())
                                .build())
                        : OpenAiFiles.userMessageWithFile(fileId, prompt.userMessage())))
                .reasoning(reasoning.build())
                .text(text.build())
                .store(false)
                .metadata(ResponseCreateParams.Metadata.builder()
                        .putAdditionalProperty("task_id", JsonValue.from(taskId.toString()))
                        .build());
        if (prompt.instructions() != null) {
            params.instructions(prompt.instructions());
        }
        if (settings.maxOutputTokens() != null) {
            params.maxOutputTokens(settings.maxOutputTokens());
        }
        return params.build();
    }

    /** Our schemas are Jackson 3 trees; the SDK (Jackson 2) takes plain maps and lists. */
    @SuppressWarnings("unchecked")
    static ResponseFormatTextJsonSchemaConfig.Schema schema(JsonNode schema) {
        Map<String, Object> properties = Json.mapper().convertValue(schema, Map.class);
        ResponseFormatTextJsonSchemaConfig.Schema.Builder builder = ResponseFormatTextJsonSchemaConfig.Schema.builder();
        properties.forEach((key, value) -> builder.putAdditionalProperty(key, JsonValue.from(value)));
        return builder.build();
    }
}
