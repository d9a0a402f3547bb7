package org.edxo.ai.settings.sections;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the API returns for a section: its settings and its templates by name. {@code updated_at} is
 * the latest change of the section or of any of its templates, so a reader can tell whether it is current.
 */
public record SectionDocument(
        @JsonProperty("section") String section,
        @JsonProperty("system_prompt") String systemPrompt,
        @JsonProperty("ai_model") String aiModel,
        @JsonProperty("reasoning_effort") String reasoningEffort,
        @JsonProperty("verbosity") String verbosity,
        @JsonProperty("max_output_tokens") Integer maxOutputTokens,
        @JsonProperty("templates") Map<String, String> templates,
        @JsonProperty("updated_at") Instant updatedAt) {

    static SectionDocument of(SectionRow row, Collection<TemplateRow> templates) {
        Map<String, String> byName = new LinkedHashMap<>();
        Instant updatedAt = row.updatedAt();
        for (TemplateRow template : templates) {
            byName.put(template.name(), template.template());
            if (template.updatedAt().isAfter(updatedAt)) {
                updatedAt = template.updatedAt();
            }
        }
        SectionValues values = row.values();
        return new SectionDocument(row.section(), values.systemPrompt(), values.aiModel(), values.reasoningEffort(),
                values.verbosity(), values.maxOutputTokens(), byName, updatedAt);
    }
}
