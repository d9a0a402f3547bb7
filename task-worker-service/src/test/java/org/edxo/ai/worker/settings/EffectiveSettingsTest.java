package org.edxo.ai.worker.settings;

import org.edxo.ai.contracts.messages.TaskCommand;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EffectiveSettingsTest {

    private static SectionSettings section(String model, String effort, String verbosity) {
        return new SectionSettings("analyse_plan_cours", "  Tu es expert.  ", model, effort, verbosity, 4000L,
                Map.of("prompt", "\nAnalyse le calendrier.\n"), "2026-01-01T00:00:00Z",
                Map.of("ai_model", "section", "reasoning_effort", "default", "verbosity", "section"));
    }

    @Test
    void requestOverrideWinsOverSectionWhichWinsOverDefault() {
        EffectiveSettings overridden = EffectiveSettings.resolve(
                new TaskCommand.Options("gpt-5-mini", "low", "high"), section("gpt-5.1", "medium", "low"));
        assertThat(overridden.model()).isEqualTo("gpt-5-mini");
        assertThat(overridden.reasoningEffort()).isEqualTo("low");
        assertThat(overridden.verbosity()).isEqualTo("high");
        assertThat(overridden.sources()).containsEntry("model", "request").containsEntry("reasoning_effort", "request")
                .containsEntry("verbosity", "request");

        EffectiveSettings fromSection = EffectiveSettings.resolve(
                new TaskCommand.Options(null, " ", null), section("gpt-5.1", "medium", "low"));
        assertThat(fromSection.model()).isEqualTo("gpt-5.1");
        assertThat(fromSection.reasoningEffort()).isEqualTo("medium");
        assertThat(fromSection.verbosity()).isEqualTo("low");
        assertThat(fromSection.maxOutputTokens()).isEqualTo(4000L);
        // settings-service said the effort came from the global default: the result says so too.
        assertThat(fromSection.settingsUsed()).containsEntry("sources",
                Map.of("model", "section", "reasoning_effort", "default", "verbosity", "section"));

        EffectiveSettings defaults = EffectiveSettings.resolve(null, SectionSettings.empty("analyse_plan_cours"));
        assertThat(defaults.model()).isEqualTo(EffectiveSettings.DEFAULT_MODEL).isEqualTo("gpt-5");
        assertThat(defaults.reasoningEffort()).isNull();
        assertThat(defaults.verbosity()).isNull();
        assertThat(defaults.maxOutputTokens()).isNull();
        assertThat(defaults.systemPrompt()).isNull();
        assertThat(defaults.settingsUsed()).containsEntry("model", "gpt-5")
                .containsEntry("reasoning_effort", null).containsEntry("verbosity", null);
        assertThat(defaults.sources()).containsEntry("model", "default");
        assertThat(defaults.withMaxOutputTokens(8000L).sources()).isEqualTo(defaults.sources());
    }

    @Test
    void theSystemPromptIsTrimmedAndABlankOneIsNone() {
        assertThat(EffectiveSettings.resolve(null, section(null, null, null)).systemPrompt()).isEqualTo("Tu es expert.");
        assertThat(EffectiveSettings.resolve(null, SectionSettings.empty("x")).systemPrompt()).isNull();
    }
}
