package org.edxo.ai.settings.sections;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.edxo.ai.contracts.kinds.SettingsPrecedence;
import org.edxo.ai.contracts.kinds.SettingsPrecedence.Choice;
import org.edxo.ai.settings.catalogue.AiModel;
import org.edxo.ai.settings.defaults.GlobalDefaults;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a worker reads: the section with the global defaults applied ({@link SettingsPrecedence}, the
 * request override is the worker's to apply) and, in {@code sources}, where each value came from
 * ({@code section} or {@code default}; {@code model} when the effective model takes no effort).
 */
public record EffectiveSection(
        @JsonProperty("section") String section,
        @JsonProperty("system_prompt") String systemPrompt,
        @JsonProperty("ai_model") String aiModel,
        @JsonProperty("reasoning_effort") String reasoningEffort,
        @JsonProperty("verbosity") String verbosity,
        @JsonProperty("max_output_tokens") Integer maxOutputTokens,
        @JsonProperty("templates") Map<String, String> templates,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("sources") Map<String, String> sources) {

    /** @param models the catalogue, by name (null for an unknown model) */
    static EffectiveSection of(SectionDocument section, GlobalDefaults defaults, Map<String, AiModel> models) {
        Choice model = SettingsPrecedence.choose(null, section.aiModel(), defaults.aiModel());
        Choice effort = SettingsPrecedence.choose(null, section.reasoningEffort(), defaults.reasoningEffort());
        Choice verbosity = SettingsPrecedence.choose(null, section.verbosity(), defaults.verbosity());
        AiModel entry = model.value() == null ? null : models.get(model.value());
        if (entry != null && !entry.supportsReasoning() && effort.value() != null) {
            effort = new Choice(null, "model");
        }
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("ai_model", model.source());
        sources.put("reasoning_effort", effort.source());
        sources.put("verbosity", verbosity.source());
        return new EffectiveSection(section.section(), section.systemPrompt(), model.value(), effort.value(),
                verbosity.value(), section.maxOutputTokens(), section.templates(), section.updatedAt(), sources);
    }
}
