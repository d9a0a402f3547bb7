package org.edxo.ai.worker.kinds.plancadre;

import org.edxo.ai.contracts.kinds.PromptTemplate;
import org.edxo.ai.contracts.kinds.PromptVariables;
import org.edxo.ai.worker.tasks.TaskFailure;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SectionVariablesTest {

    @Test
    void theTaskProvidesExactlyTheRegisteredVariables() {
        Map<String, Object> variables = SectionVariables.of(PlanCadreFixtures.input().get("contexte"));

        assertThat(variables.keySet()).containsExactlyElementsOf(PromptVariables.GENERATION_SECTIONS.keySet());
        assertThat(variables).containsEntry("code_cours", "420-2B4-EM").containsEntry("session", "2")
                .containsEntry("heures_maison", "2.5")
                .containsEntry("cours_prealables", "- 420-1A1-EM: Introduction à la programmation (note requise: 60%)");
    }

    @Test
    void missingValuesReadNonDefiniAndEmptyListsSayNone() {
        Map<String, Object> variables = SectionVariables.of(PlanCadreFixtures.tree(
                "{\"code_cours\": \"420-2B4-EM\", \"nom_cours\": \"Structures\", \"programme\": \" \", \"session\": null,"
                        + " \"cours_corequis\": [{\"code\": null, \"nom\": null}, {\"nom\": \"Sans code\"}]}"));
        String everything = PromptVariables.GENERATION_SECTIONS.keySet().stream()
                .map(name -> name + "=[{" + name + "}]").reduce("", (a, b) -> a + b + " ").strip();

        assertThat(PromptTemplate.render(everything, variables)).isEqualTo("code_cours=[420-2B4-EM] nom_cours=[Structures] "
                + "fil_conducteur=[Non défini] programme=[Non défini] session=[Non défini] competences_developpees=[(aucune)] "
                + "competences_atteintes=[(aucune)] cours_prealables=[(aucun)] cours_corequis=[- Sans code] "
                + "cours_developpant_une_meme_competence=[(aucun)] heures_theorie=[Non défini] heures_lab=[Non défini] "
                + "heures_maison=[Non défini]");
    }

    @Test
    void aTextSettingsShouldHaveRefusedFailsTheTaskClearly() {
        assertThatThrownBy(() -> SectionVariables.render("Objets cibles", "Objets de {inconnue}", Map.of()))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> assertThat(failure.getMessage())
                        .startsWith("Texte de la section de génération « Objets cibles » invalide : "));
        assertThat(SectionVariables.render("Objets cibles", null, Map.of())).isEmpty();
    }
}
