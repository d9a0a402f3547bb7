package org.edxo.ai.settings.transfer;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.edxo.ai.settings.catalogue.AiModel;
import org.edxo.ai.settings.defaults.GlobalDefaults;
import org.edxo.ai.settings.generation.GenerationSection;

import java.util.List;

/**
 * Every setting as one JSON document ({@code GET /api/v1/settings/export}, {@code POST .../import}).
 * No timestamps, and every list in a stable order, so that two exports of the same settings are equal.
 */
public record SettingsExport(
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("defaults") GlobalDefaults defaults,
        @JsonProperty("models") List<AiModel> models,
        @JsonProperty("sections") List<Section> sections,
        @JsonProperty("templates") List<Template> templates,
        @JsonProperty("generation_sections") List<GenerationSection> generationSections) {

    public static final int SCHEMA_VERSION = 1;

    public record Section(
            @JsonProperty("section") String section,
            @JsonProperty("system_prompt") String systemPrompt,
            @JsonProperty("ai_model") String aiModel,
            @JsonProperty("reasoning_effort") String reasoningEffort,
            @JsonProperty("verbosity") String verbosity,
            @JsonProperty("max_output_tokens") Integer maxOutputTokens) {
    }

    public record Template(
            @JsonProperty("section") String section,
            @JsonProperty("name") String name,
            @JsonProperty("template") String template) {
    }
}
