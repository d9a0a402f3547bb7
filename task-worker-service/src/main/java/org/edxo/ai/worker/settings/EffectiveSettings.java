package org.edxo.ai.worker.settings;

import org.edxo.ai.contracts.kinds.SettingsPrecedence;
import org.edxo.ai.contracts.kinds.SettingsPrecedence.Choice;
import org.edxo.ai.contracts.messages.TaskCommand;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one call really uses. One precedence rule for every kind and every field
 * ({@link SettingsPrecedence}): the request's override ({@code data.options}), then the section
 * setting, then the global default. settings-service has already applied the default to the section
 * it serves ({@code sources} says so); this class applies the override, and falls back to
 * {@link #DEFAULT_MODEL} only when settings-service did not know the section at all.
 *
 * @param systemPrompt the section's system prompt, trimmed; null when blank
 * @param sources      per {@code settings_used} key: {@code request}, {@code section} or {@code default}
 */
public record EffectiveSettings(String model, String reasoningEffort, String verbosity, Long maxOutputTokens,
                                String systemPrompt, Map<String, String> sources) {

    public static final String DEFAULT_MODEL = "gpt-5";

    public EffectiveSettings(String model, String reasoningEffort, String verbosity, Long maxOutputTokens,
                             String systemPrompt) {
        this(model, reasoningEffort, verbosity, maxOutputTokens, systemPrompt, Map.of());
    }

    public static EffectiveSettings resolve(TaskCommand.Options options, SectionSettings section) {
        TaskCommand.Options request = options == null ? new TaskCommand.Options(null, null, null) : options;
        Choice model = SettingsPrecedence.choose(request.model(), section.aiModel(), DEFAULT_MODEL);
        Choice effort = SettingsPrecedence.choose(request.reasoningEffort(), section.reasoningEffort(), null);
        Choice verbosity = SettingsPrecedence.choose(request.verbosity(), section.verbosity(), null);
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("model", source(model, section, "ai_model"));
        sources.put("reasoning_effort", source(effort, section, "reasoning_effort"));
        sources.put("verbosity", source(verbosity, section, "verbosity"));
        String systemPrompt = section.systemPrompt() == null || section.systemPrompt().isBlank()
                ? null : section.systemPrompt().trim();
        return new EffectiveSettings(model.value(), effort.value(), verbosity.value(),
                section.maxOutputTokens() != null && section.maxOutputTokens() > 0 ? section.maxOutputTokens() : null,
                systemPrompt, Map.copyOf(sources));
    }

    /** A value from the served section keeps the source settings-service gave it. */
    private static String source(Choice choice, SectionSettings section, String field) {
        return choice.source().equals(SettingsPrecedence.SECTION) ? section.source(field) : choice.source();
    }

    public EffectiveSettings withMaxOutputTokens(Long limit) {
        return new EffectiveSettings(model, reasoningEffort, verbosity, limit, systemPrompt, sources);
    }

    /** {@code settings_used} in the result. */
    public Map<String, Object> settingsUsed() {
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("model", model);
        used.put("reasoning_effort", reasoningEffort);
        used.put("verbosity", verbosity);
        used.put("sources", sources);
        return used;
    }
}
