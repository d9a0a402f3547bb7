package org.edxo.ai.contracts.kinds;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The input contracts of the grid, logigramme and six-level grid kinds say what the original refused. */
class ProgrammeAndEvaluationSchemasTest {

    private static final String GRILLE = """
            {"programme_id": 7, "programme": {"id": 7, "nom": "Techniques de l'informatique"},
             "total_hours": 1860, "total_units": null, "nb_sessions": 6, "additional_info": "",
             "competences": [{"code": "00SE", "nom": "Analyser les fonctions de travail"}]}""";

    private static List<String> fields(TaskKind kind, String input) {
        return ContractValidator.validate(kind.inputSchema(), Json.tree(input)).stream()
                .map(ContractValidator.Violation::path).toList();
    }

    @Test
    void theGridNeedsPositiveHoursAndSessions() {
        TaskKind kind = TaskKinds.GENERATE_PROGRAMME_GRILLE;
        assertThat(fields(kind, GRILLE)).isEmpty();
        assertThat(fields(kind, GRILLE.replace("\"total_hours\": 1860", "\"total_hours\": 0"))).containsExactly("/total_hours");
        assertThat(fields(kind, GRILLE.replace("\"nb_sessions\": 6", "\"nb_sessions\": -1"))).containsExactly("/nb_sessions");
        assertThat(fields(kind, GRILLE.replace("\"nb_sessions\": 6", "\"nb_sessions\": 2.5"))).containsExactly("/nb_sessions");
        assertThat(fields(kind, GRILLE.replace("\"total_units\": null", "\"total_units\": 58.33"))).isEmpty();
        assertThat(fields(kind, GRILLE.replace("\"total_hours\": 1860,", ""))).containsExactly("");
    }

    @Test
    void theLogigrammeNeedsCoursesAndCompetencesWithCodes() {
        TaskKind kind = TaskKinds.GENERATE_PROGRAMME_LOGIGRAMME;
        String valid = """
                {"programme_id": 7, "courses": [{"code": "420-1A1-JR", "nom": "Programmation", "session": 1}],
                 "competences": [{"code": "00Q7", "nom": "Produire des algorithmes", "elements": []}]}""";
        assertThat(fields(kind, valid)).isEmpty();
        assertThat(fields(kind, valid.replace("[{\"code\": \"420-1A1-JR\", \"nom\": \"Programmation\", \"session\": 1}]", "[]")))
                .containsExactly("/courses");
        assertThat(fields(kind, valid.replace("\"code\": \"00Q7\", ", ""))).containsExactly("/competences/0");
    }

    @Test
    void theSixLevelGridNeedsTheSavoirFaireItsCapacityAndTheirIds() {
        TaskKind kind = TaskKinds.GENERATE_EVALUATION_GRID;
        String valid = """
                {"savoir_faire": "Rédiger un algorithme", "capacite": "Produire des algorithmes",
                 "savoir_faire_id": 31, "evaluation_id": 12, "seuil": null}""";
        assertThat(fields(kind, valid)).isEmpty();
        assertThat(fields(kind, valid.replace("\"Rédiger un algorithme\"", "\"\""))).containsExactly("/savoir_faire");
        assertThat(fields(kind, valid.replace("\"evaluation_id\": 12", "\"evaluation_id\": \"douze\""))).containsExactly("/evaluation_id");
    }

    @Test
    void theLogigrammeOutputOnlyAcceptsTheThreeLinkTypes() {
        String output = TaskKinds.GENERATE_PROGRAMME_LOGIGRAMME.outputSchema();
        assertThat(ContractValidator.validate(output, Json.tree("""
                {"links": [{"cours_code": "420-1A1-JR", "competence_code": "00Q7", "type": "reinvesti"}]}"""))).isEmpty();
        assertThat(ContractValidator.validate(output, Json.tree("""
                {"links": [{"cours_code": "420-1A1-JR", "competence_code": "00Q7", "type": "développé"}]}"""))).isNotEmpty();
    }
}
