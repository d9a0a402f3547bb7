package org.edxo.ai.settings.defaults;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The last step of the precedence: what a section that sets nothing gets. Also the history snapshot. */
public record GlobalDefaults(
        @JsonProperty("ai_model") String aiModel,
        @JsonProperty("reasoning_effort") String reasoningEffort,
        @JsonProperty("verbosity") String verbosity) {
}
