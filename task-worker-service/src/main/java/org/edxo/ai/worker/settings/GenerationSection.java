package org.edxo.ai.worker.settings;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A plan-cadre generation section (the original's GlobalGenerationSettings) as settings-service serves it on
 * {@code GET /api/v1/settings/generation-sections}: its display name, its order, whether the AI writes it,
 * and its text ({@code {name}} placeholders of {@code PromptVariables.GENERATION_SECTIONS}).
 */
public record GenerationSection(
        @JsonProperty("name") String name,
        @JsonProperty("position") int position,
        @JsonProperty("use_ai") boolean useAi,
        @JsonProperty("text") String text) {
}
