package org.edxo.ai.worker.settings;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsClientTest {

    private static SectionSettings withPrompt(String prompt) {
        return new SectionSettings("analyse_plan_cours", prompt, "gpt-5", null, null, null, Map.of(), null, Map.of());
    }

    @Test
    void aReadInFlightDuringAnEvictionDoesNotCacheItsStaleAnswer() {
        List<Sinks.One<SectionSettings>> calls = new ArrayList<>();
        SettingsClient client = new SettingsClient(section -> {
            Sinks.One<SectionSettings> call = Sinks.one();
            calls.add(call);
            return call.asMono();
        }, Duration.ofMinutes(5), Duration.ofSeconds(5));

        List<String> early = new ArrayList<>();
        client.section("analyse_plan_cours").subscribe(settings -> early.add(settings.systemPrompt()));
        assertThat(calls).hasSize(1);

        // The change is committed and announced while the first read is still waiting for its answer.
        client.evict("analyse_plan_cours");
        calls.get(0).tryEmitValue(withPrompt("ancien"));
        assertThat(early).containsExactly("ancien");

        List<String> later = new ArrayList<>();
        client.section("analyse_plan_cours").subscribe(settings -> later.add(settings.systemPrompt()));
        assertThat(calls).as("the next task makes a new call").hasSize(2);
        calls.get(1).tryEmitValue(withPrompt("nouveau"));
        assertThat(later).containsExactly("nouveau");
        assertThat(client.section("analyse_plan_cours").block().systemPrompt()).isEqualTo("nouveau");
        assertThat(calls).as("the fresh answer is cached").hasSize(2);

        client.evict(null);
        client.section("analyse_plan_cours").subscribe();
        assertThat(calls).as("evicting everything drops the section too").hasSize(3);
    }
}
