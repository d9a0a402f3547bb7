package org.edxo.ai.worker.settings;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.edxo.ai.contracts.kinds.SettingsPrecedence;

import java.util.Map;

/**
 * One settings section as settings-service serves it on
 * {@code GET /api/v1/settings/sections/{section}?view=effective}: the global defaults already applied,
 * and {@code sources} telling, per field ({@code ai_model}, {@code reasoning_effort}, {@code verbosity}),
 * whether the value is the section's or the default. Blank strings mean "not set".
 */
public record SectionSettings(
        @JsonProperty("section") String section,
        @JsonProperty("system_prompt") String systemPrompt,
        @JsonProperty("ai_model") String aiModel,
        @JsonProperty("reasoning_effort") String reasoningEffort,
        @JsonProperty("verbosity") String verbosity,
        @JsonProperty("max_output_tokens") Long maxOutputTokens,
        @JsonProperty("templates") Map<String, String> templates,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("sources") Map<String, String> sources) {

    /** The template appended to the system prompt (reference §3.1 item 3). */
    public static final String PROMPT_TEMPLATE = "prompt";

    public static SectionSettings empty(String section) {
        return new SectionSettings(section, null, null, null, null, null, Map.of(), null, Map.of());
    }

    public String template(String name) {
        return templates == null ? null : templates.get(name);
    }

    /** Where settings-service took {@code field} from; {@code section} when it did not say. */
    public String source(String field) {
        String source = sources == null ? null : sources.get(field);
        return source == null ? SettingsPrecedence.SECTION : source;
    }
}
