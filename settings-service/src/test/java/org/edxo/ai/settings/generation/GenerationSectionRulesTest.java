package org.edxo.ai.settings.generation;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.settings.web.FieldError;
import org.edxo.ai.settings.web.InvalidRequestException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GenerationSectionRulesTest {

    private static final GenerationSection CURRENT = new GenerationSection("Objets cibles", 14, true, "Énumère les objets.");

    @Test
    void aTextMayUseTheCourseContextVariablesAndLiteralBraces() {
        GenerationSection next = GenerationSectionService.apply(CURRENT,
                Json.tree("{\"use_ai\": false, \"text\": \"Objets de {code_cours} {nom_cours} {{fixe}}\"}"), "");

        assertThat(next).isEqualTo(new GenerationSection("Objets cibles", 14, false, "Objets de {code_cours} {nom_cours} {{fixe}}"));
    }

    @Test
    void unknownOrMalformedPlaceholdersAreRefusedWithTheirField() {
        assertThatThrownBy(() -> GenerationSectionService.apply(CURRENT,
                Json.tree("{\"text\": \"{cours_code} et {nom_cours} et {plan_id}\"}"), "generation_sections[2]."))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.details()).extracting(FieldError::field,
                        FieldError::message).containsExactly(org.assertj.core.groups.Tuple.tuple("generation_sections[2].text",
                        "Variables inconnues : {cours_code}, {plan_id}. Variables permises : {code_cours}, {nom_cours}, "
                                + "{fil_conducteur}, {programme}, {session}, {competences_developpees}, {competences_atteintes}, "
                                + "{cours_prealables}, {cours_corequis}, {cours_developpant_une_meme_competence}, "
                                + "{heures_theorie}, {heures_lab}, {heures_maison}.")));
        assertThatThrownBy(() -> GenerationSectionService.apply(CURRENT, Json.tree("{\"text\": \"Objets }\"}"), ""))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.details().get(0).message()).startsWith("Accolade fermante seule"));
    }
}
