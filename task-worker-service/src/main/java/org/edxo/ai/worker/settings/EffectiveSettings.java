package org.edxo.ai.worker.settings;

import org.edxo.ai.contracts.messages.TaskCommand;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What one call really uses. One precedence rule for every kind and every field: the request's
 * override ({@code data.options}), then the section setting, then the default.
 */
public record EffectiveSettings(String model, String reasoningEffort, String verbosity, Long maxOutputTokens,
                                String instructions) {

    public static final String DEFAULT_MODEL = "gpt-5";

    public static EffectiveSettings resolve(TaskCommand.Options options, SectionSettings section) {
        TaskCommand.Options request = options == null ? new TaskCommand.Options(null, null, null) : options;
        return new EffectiveSettings(
                firstSet(request.model(), section.aiModel(), DEFAULT_MODEL),
                firstSet(request.reasoningEffort(), section.reasoningEffort(), null),
                firstSet(request.verbosity(), section.verbosity(), null),
                section.maxOutputTokens() != null && section.maxOutputTokens() > 0 ? section.maxOutputTokens() : null,
                instructions(section.systemPrompt(), section.template(SectionSettings.PROMPT_TEMPLATE)));
    }

    /** System prompt, a blank line, then the template; each trimmed, empty parts left out; null if both are. */
    static String instructions(String systemPrompt, String template) {
        String joined = String.join("\n\n", Stream.of(systemPrompt, template)
                .filter(part -> part != null && !part.isBlank())
                .map(String::trim)
                .toList());
        return joined.isEmpty() ? null : joined;
    }

    /** {@code settings_used} in the result. */
    public Map<String, Object> settingsUsed() {
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("model", model);
        used.put("reasoning_effort", reasoningEffort);
        used.put("verbosity", verbosity);
        return used;
    }

    private static String firstSet(String override, String section, String fallback) {
        if (override != null && !override.isBlank()) {
            return override.trim();
        }
        if (section != null && !section.isBlank()) {
            return section.trim();
        }
        return fallback;
    }
}
