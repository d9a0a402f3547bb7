package org.edxo.ai.worker.kinds;

import org.edxo.ai.contracts.kinds.TaskKind;
import tools.jackson.databind.JsonNode;

import java.util.Map;

/**
 * What differs from one task kind to the next: the user message built from the command's input,
 * and the final payload built from the model's (already schema-checked) output. Everything else
 * (settings, streaming, events, usage) is shared.
 */
public interface KindHandler {

    TaskKind kind();

    /** The text of the one user message sent to the model. */
    String userMessage(JsonNode input, JsonNode outputSchema);

    /**
     * The values of the placeholders of the section's {@code prompt} template: every variable that
     * {@link org.edxo.ai.contracts.kinds.PromptVariables} lists for it (missing data as empty strings).
     */
    default Map<String, Object> templateVariables(JsonNode input) {
        return Map.of();
    }

    /** The final payload, which must validate against {@link TaskKind#resultSchema()}. */
    Map<String, Object> result(JsonNode input, JsonNode modelOutput, ResultContext context);

    /**
     * What the shared pipeline knows about the call.
     *
     * @param reasoningSummary the whole reasoning summary, null if the model gave none
     * @param usage            {@code input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost, model}
     * @param settingsUsed     {@code model, reasoning_effort, verbosity}
     * @param webBaseUrl       EDxo's base URL for links (may be empty: relative links)
     */
    record ResultContext(String reasoningSummary, Map<String, Object> usage, Map<String, Object> settingsUsed,
                         String webBaseUrl) {
    }
}
