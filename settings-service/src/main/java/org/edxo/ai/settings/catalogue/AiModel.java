package org.edxo.ai.settings.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A model of the catalogue: whether administrators may pick it, and its output ceiling. */
public record AiModel(
        @JsonProperty("name") String name,
        @JsonProperty("enabled") boolean enabled,
        @JsonProperty("supports_reasoning") boolean supportsReasoning,
        @JsonProperty("max_output_tokens") int maxOutputTokens) {
}
