package org.edxo.ai.contracts.kinds;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptTemplateTest {

    @Test
    void placeholdersAreReadLikePythonFormatWithDoubledBracesAsLiterals() {
        assertThat(PromptTemplate.placeholders("Session {session} {{pas une variable}} {cours_code} {session}"))
                .containsExactly("session", "cours_code");
        assertThat(PromptTemplate.render("{{\"a\": {x}}} et {y}", Map.of("x", 1, "y", "deux")))
                .isEqualTo("{\"a\": 1} et deux");
    }

    @Test
    void malformedTemplatesAreRefusedWithAFrenchMessage() {
        assertThatThrownBy(() -> PromptTemplate.placeholders("ouvert {session"))
                .hasMessageContaining("Accolade ouvrante non fermée");
        assertThatThrownBy(() -> PromptTemplate.placeholders("fermé }")).hasMessageContaining("Accolade fermante seule");
        assertThatThrownBy(() -> PromptTemplate.placeholders("{a.b}")).hasMessageContaining("Variable invalide : {a.b}");
        assertThatThrownBy(() -> PromptTemplate.render("{inconnue}", Map.of()))
                .hasMessageContaining("Variable inconnue : {inconnue}");
    }

    @Test
    void unknownPlaceholdersAreListed() {
        assertThat(PromptTemplate.unknownPlaceholders("{session} {xyz}", Set.of("session"))).containsExactly("xyz");
    }

    @Test
    void theRegistryCoversEveryPlanDeCoursFieldAndTheAnalysisTemplate() {
        assertThat(PromptVariables.allowed("analyse_plan_cours", "prompt")).get()
                .satisfies(vars -> assertThat(vars).containsKeys("plan_id", "session", "cours_code", "cours_nom"));
        for (String field : PromptVariables.PLAN_DE_COURS_FIELDS) {
            assertThat(PromptVariables.allowed("plan_de_cours", field)).get()
                    .satisfies(vars -> assertThat(vars).containsKeys("current_value", "session"));
        }
        assertThat(PromptVariables.allowed("plan_de_cours", "all")).isPresent();
        assertThat(PromptVariables.allowed("evaluation", "nope")).isEmpty();
    }
}
