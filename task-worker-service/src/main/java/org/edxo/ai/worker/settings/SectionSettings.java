package org.edxo.ai.worker.settings;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * One settings section as settings-service serves it on
 * {@code GET /api/v1/settings/sections/{section}}. Blank strings mean "not set".
 */
public record SectionSettings(
        @JsonProperty("section") String section,
        @JsonProperty("system_prompt") String systemPrompt,
        @JsonProperty("ai_model") String aiModel,
        @JsonProperty("reasoning_effort") String reasoningEffort,
        @JsonProperty("verbosity") String verbosity,
        @JsonProperty("max_output_tokens") Long maxOutputTokens,
        @JsonProperty("templates") Map<String, String> templates,
        @JsonProperty("updated_at") String updatedAt) {

    /** The template appended to the system prompt (reference §3.1 item 3). */
    public static final String PROMPT_TEMPLATE = "prompt";

    public static SectionSettings empty(String section) {
        return new SectionSettings(section, null, null, null, null, null, Map.of(), null);
    }

    public String template(String name) {
        return templates == null ? null : templates.get(name);
    }
}
