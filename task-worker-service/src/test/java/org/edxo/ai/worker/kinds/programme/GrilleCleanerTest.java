package org.edxo.ai.worker.kinds.programme;

import org.edxo.ai.contracts.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every cleaning rule of the original's grid task (reference §3.4 item 4). */
class GrilleCleanerTest {

    private static Map<String, Object> course(String json) {
        return GrilleCleaner.course(Json.tree(json));
    }

    @Test
    void hoursAreWholeNumbersAndAnythingElseIsZero() {
        assertThat(GrilleCleaner.hours(Json.tree("3"))).isEqualTo(3);
        assertThat(GrilleCleaner.hours(Json.tree("3.7"))).isEqualTo(3);
        assertThat(GrilleCleaner.hours(Json.tree("\"4\""))).isEqualTo(4);
        assertThat(GrilleCleaner.hours(Json.tree("\"deux\""))).isZero();
        assertThat(GrilleCleaner.hours(Json.tree("null"))).isZero();
        assertThat(GrilleCleaner.hours(Json.tree("-2"))).isZero();
    }

    @Test
    void unitsFallBackToTheSumOfHoursWhenNotPositiveOrInvalidAndAreRoundedToTwoDecimals() {
        assertThat(GrilleCleaner.units(Json.tree("2.666"), 8)).isEqualTo(2.67);
        assertThat(GrilleCleaner.units(Json.tree("0"), 7)).isEqualTo(7.0);
        assertThat(GrilleCleaner.units(Json.tree("-1.5"), 6)).isEqualTo(6.0);
        assertThat(GrilleCleaner.units(Json.tree("\"beaucoup\""), 5)).isEqualTo(5.0);
        assertThat(GrilleCleaner.units(Json.tree("\"2,5\""), 5)).isEqualTo(2.5);
        assertThat(GrilleCleaner.units(Json.tree("null"), 9)).isEqualTo(9.0);

        Map<String, Object> cleaned = course("""
                {"nom": "Réseaux I", "heures_theorie": 2.9, "heures_laboratoire": 3, "heures_travail_maison": "2",
                 "nombre_unites": 0, "prealables": [], "corequis": []}""");
        assertThat(cleaned).containsEntry("heures_theorie", 2).containsEntry("heures_laboratoire", 3)
                .containsEntry("heures_travail_maison", 2).containsEntry("nombre_unites", 7.0);
    }

    @Test
    void namesAreTrimmedCutAt120CharactersAndDefaultToCoursGenere() {
        String longName = "Programmation ".repeat(12);
        Map<String, Object> cleaned = course("{\"nom\": \"  " + longName + "\"}");
        assertThat((String) cleaned.get("nom")).hasSizeLessThanOrEqualTo(120).startsWith("Programmation Programmation")
                .doesNotEndWith(" ");
        assertThat(course("{\"nom\": \"   \"}")).containsEntry("nom", "Cours généré");
        assertThat(course("{}")).containsEntry("nom", "Cours généré");
        assertThat(course("{\"nom\": 42}")).containsEntry("nom", "Cours généré");
    }

    @Test
    void prerequisitesAreDeduplicatedIgnoringCaseAndCappedAtTwo() {
        Map<String, Object> cleaned = course("""
                {"nom": "Projet", "prealables": ["Bases de données", " bases de DONNÉES ", "BASES DE DONNÉES", "",
                 "Réseaux I", "Programmation web", "Sécurité"]}""");
        assertThat(cleaned.get("prealables")).isEqualTo(List.of("Bases de données", "Réseaux I"));

        assertThat(course("{\"nom\": \"Projet\", \"prerequis\": [\"A\", \"a\", \"B\", \"C\"]}").get("prealables"))
                .as("the original also read the key prerequis").isEqualTo(List.of("A", "B"));
    }

    @Test
    void corequisitesAreDeduplicated() {
        Map<String, Object> cleaned = course("""
                {"nom": "Projet", "corequis": ["Stage", "Stage ", "Éthique", "Stage", "  ", 3]}""");
        assertThat(cleaned.get("corequis")).isEqualTo(List.of("Stage", "Éthique"));
    }

    @Test
    void threadsKeepOnlyGeneratedCoursesAndAreDroppedWithoutCourseOrDescription() {
        JsonNode grid = Json.tree("""
                {"sessions": [{"session": 1, "courses": [{"nom": "Programmation I"}, {"nom": "Réseaux I"}]},
                              {"session": 2, "courses": [{"nom": "Programmation II"}]}],
                 "fils_conducteurs": [
                   {"description": "Programmation", "couleur": "#112233",
                    "cours": ["Programmation I", "programmation ii", "Cours fantôme", "Programmation I"]},
                   {"description": "Fil sans cours connu", "couleur": "#445566", "cours": ["Cours fantôme"]},
                   {"description": "  ", "couleur": "#778899", "cours": ["Réseaux I"]},
                   {"description": "%s", "couleur": "#AABBCC", "cours": ["Réseaux I"]}]}
                """.formatted("Réseautique ".repeat(30)));

        List<Map<String, Object>> threads = threads(GrilleCleaner.clean(grid));

        assertThat(threads).hasSize(2);
        assertThat(threads.get(0)).containsEntry("description", "Programmation")
                .containsEntry("cours", List.of("Programmation I", "Programmation II"));
        assertThat((String) threads.get(1).get("description")).hasSizeLessThanOrEqualTo(200).startsWith("Réseautique");
        assertThat(threads.get(1)).containsEntry("cours", List.of("Réseaux I"));
    }

    @Test
    void threadColoursAreUniqueHexElseTheFirstUnusedPaletteColour() {
        JsonNode grid = Json.tree("""
                {"sessions": [{"session": 1, "courses": [{"nom": "A"}]}],
                 "fils_conducteurs": [
                   {"description": "un", "couleur": "#ff7f0e", "cours": ["A"]},
                   {"description": "deux", "couleur": "bleu", "cours": ["A"]},
                   {"description": "trois", "couleur": "#FF7F0E", "cours": ["A"]},
                   {"description": "quatre", "couleur": "#12345", "cours": ["A"]},
                   {"description": "cinq", "couleur": "#0A0B0C", "cours": ["A"]}]}""");

        List<String> colours = threads(GrilleCleaner.clean(grid)).stream().map(t -> (String) t.get("couleur")).toList();

        // #FF7F0E is taken by the first thread, so the palette starts at #1F77B4, then skips #FF7F0E.
        assertThat(colours).containsExactly("#FF7F0E", "#1F77B4", "#2CA02C", "#D62728", "#0A0B0C");
    }

    @Test
    void pastTenThreadsThePaletteStartsOver() {
        StringBuilder threads = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            threads.append(i == 0 ? "" : ",").append("{\"description\": \"fil ").append(i)
                    .append("\", \"couleur\": \"\", \"cours\": [\"A\"]}");
        }
        JsonNode grid = Json.tree("{\"sessions\": [{\"session\": 1, \"courses\": [{\"nom\": \"A\"}]}], \"fils_conducteurs\": ["
                + threads + "]}");

        List<String> colours = threads(GrilleCleaner.clean(grid)).stream().map(t -> (String) t.get("couleur")).toList();

        assertThat(colours.subList(0, 10)).isEqualTo(GrilleCleaner.PALETTE);
        assertThat(colours.subList(10, 12)).containsExactly("#1F77B4", "#FF7F0E");
    }

    @Test
    void aSessionWithoutANumberTakesItsPosition() {
        JsonNode grid = Json.tree("""
                {"sessions": [{"session": 1, "courses": []}, {"session": "deux", "courses": []}], "fils_conducteurs": []}""");

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sessions = (List<Map<String, Object>>) GrilleCleaner.clean(grid).get("sessions");

        assertThat(sessions).extracting(s -> s.get("session")).containsExactly(1, 2);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> threads(Map<String, Object> grid) {
        return (List<Map<String, Object>>) grid.get("fils_conducteurs");
    }
}
