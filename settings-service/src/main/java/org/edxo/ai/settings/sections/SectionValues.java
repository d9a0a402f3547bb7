package org.edxo.ai.settings.sections;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The editable fields of a section; also the snapshot stored in the change history. */
public record SectionValues(
        @JsonProperty("system_prompt") String systemPrompt,
        @JsonProperty("ai_model") String aiModel,
        @JsonProperty("reasoning_effort") String reasoningEffort,
        @JsonProperty("verbosity") String verbosity,
        @JsonProperty("max_output_tokens") Integer maxOutputTokens) {
}
