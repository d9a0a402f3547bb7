package org.edxo.ai.settings.generation;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A plan-cadre generation section (the original's GlobalGenerationSettings, reference §3.2): whether
 * the AI writes it, and the instruction it gets. Also the history snapshot.
 */
public record GenerationSection(
        @JsonProperty("name") String name,
        @JsonProperty("position") int position,
        @JsonProperty("use_ai") boolean useAi,
        @JsonProperty("text") String text) {
}
