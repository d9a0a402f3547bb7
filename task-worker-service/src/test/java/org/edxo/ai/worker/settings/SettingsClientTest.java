package org.edxo.ai.worker.settings;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

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

    @Test
    void generationSectionsAreReadOnceAndDroppedWhenAGenerationSectionChangeOrAnImportIsAnnounced() {
        AtomicInteger reads = new AtomicInteger();
        SettingsClient client = new SettingsClient(section -> Mono.just(withPrompt("p")),
                () -> Mono.fromCallable(() -> List.of(new GenerationSection("Objets cibles", 14, true,
                        "Lecture " + reads.incrementAndGet()))), Duration.ofMinutes(5), Duration.ofSeconds(5));

        assertThat(client.generationSections().block().get(0).text()).isEqualTo("Lecture 1");
        assertThat(client.generationSections().block().get(0).text()).isEqualTo("Lecture 1");

        client.evict("analyse_plan_cours");
        client.evict("plan_cadre_improve");
        assertThat(client.generationSections().block().get(0).text()).as("other sections keep them").isEqualTo("Lecture 1");

        // settings-service announces a generation-section change (and its rollback) as section plan_cadre.
        client.evict(SettingsClient.GENERATION_SECTIONS_ANNOUNCED_AS);
        assertThat(client.generationSections().block().get(0).text()).isEqualTo("Lecture 2");

        client.evict(null); // an import
        assertThat(client.generationSections().block().get(0).text()).isEqualTo("Lecture 3");
        assertThat(reads).hasValue(3);
    }

    @Test
    void aFailedGenerationSectionsReadIsNotKept() {
        AtomicInteger reads = new AtomicInteger();
        SettingsClient client = new SettingsClient(section -> Mono.just(withPrompt("p")),
                () -> reads.incrementAndGet() == 1 ? Mono.error(new IllegalStateException("panne"))
                        : Mono.just(List.<GenerationSection>of()), Duration.ofMinutes(5), Duration.ofSeconds(5));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.generationSections().block())
                .isInstanceOf(org.edxo.ai.worker.tasks.TaskFailure.class);
        assertThat(client.generationSections().block()).isEmpty();
    }
}
