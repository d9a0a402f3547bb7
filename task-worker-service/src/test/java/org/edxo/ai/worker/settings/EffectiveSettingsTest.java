package org.edxo.ai.worker.settings;

import org.edxo.ai.contracts.messages.TaskCommand;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EffectiveSettingsTest {

    private static SectionSettings section(String model, String effort, String verbosity) {
        return new SectionSettings("analyse_plan_cours", "  Tu es expert.  ", model, effort, verbosity, 4000L,
                Map.of("prompt", "\nAnalyse le calendrier.\n"), "2026-01-01T00:00:00Z");
    }

    @Test
    void requestOverrideWinsOverSectionWhichWinsOverDefault() {
        EffectiveSettings overridden = EffectiveSettings.resolve(
                new TaskCommand.Options("gpt-5-mini", "low", "high"), section("gpt-5.1", "medium", "low"));
        assertThat(overridden.model()).isEqualTo("gpt-5-mini");
        assertThat(overridden.reasoningEffort()).isEqualTo("low");
        assertThat(overridden.verbosity()).isEqualTo("high");

        EffectiveSettings fromSection = EffectiveSettings.resolve(
                new TaskCommand.Options(null, " ", null), section("gpt-5.1", "medium", "low"));
        assertThat(fromSection.model()).isEqualTo("gpt-5.1");
        assertThat(fromSection.reasoningEffort()).isEqualTo("medium");
        assertThat(fromSection.verbosity()).isEqualTo("low");
        assertThat(fromSection.maxOutputTokens()).isEqualTo(4000L);

        EffectiveSettings defaults = EffectiveSettings.resolve(null, SectionSettings.empty("analyse_plan_cours"));
        assertThat(defaults.model()).isEqualTo(EffectiveSettings.DEFAULT_MODEL).isEqualTo("gpt-5");
        assertThat(defaults.reasoningEffort()).isNull();
        assertThat(defaults.verbosity()).isNull();
        assertThat(defaults.maxOutputTokens()).isNull();
        assertThat(defaults.instructions()).isNull();
        assertThat(defaults.settingsUsed()).containsEntry("model", "gpt-5")
                .containsEntry("reasoning_effort", null).containsEntry("verbosity", null);
    }

    @Test
    void instructionsAreSystemPromptBlankLineTemplateTrimmedWithEmptyPartsLeftOut() {
        assertThat(EffectiveSettings.resolve(null, section(null, null, null)).instructions())
                .isEqualTo("Tu es expert.\n\nAnalyse le calendrier.");
        assertThat(EffectiveSettings.instructions(null, " Modèle seul ")).isEqualTo("Modèle seul");
        assertThat(EffectiveSettings.instructions("Système seul", "   ")).isEqualTo("Système seul");
        assertThat(EffectiveSettings.instructions("", null)).isNull();
    }
}
