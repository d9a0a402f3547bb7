package org.edxo.ai.worker.kinds.programme;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.worker.kinds.KindTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The original's link cleaning (reference §3.5 item 4) and the snapshot checks that replace its DB lookup. */
class LogigrammeCleanerTest {

    private final JsonNode input = KindTestSupport.fixture("programme-logigramme-input.json");

    private LogigrammeCleaner.Links clean(String links) {
        return LogigrammeCleaner.clean(Json.tree("{\"links\": " + links + "}"), input.get("courses"), input.get("competences"));
    }

    @Test
    void typesAreLowerCasedAndStrippedOfAccentsBeforeTheyAreChecked() {
        assertThat(LogigrammeCleaner.type(Json.tree("\"développé\""))).isEqualTo("developpe");
        assertThat(LogigrammeCleaner.type(Json.tree("\"Développé\""))).isEqualTo("developpe");
        assertThat(LogigrammeCleaner.type(Json.tree("\" RÉINVESTI \""))).isEqualTo("reinvesti");
        assertThat(LogigrammeCleaner.type(Json.tree("\"atteint\""))).isEqualTo("atteint");
        // NFKD also splits compatibility characters: a decomposed "é" (e + combining accent) is the same word.
        assertThat(LogigrammeCleaner.type(Json.tree("\"De\u0301veloppe\u0301\""))).isEqualTo("developpe");
        assertThat(LogigrammeCleaner.type(Json.tree("\"développée\""))).isNull();
        assertThat(LogigrammeCleaner.type(Json.tree("\"significatif\""))).isNull();
        assertThat(LogigrammeCleaner.type(Json.tree("3"))).isNull();
    }

    @Test
    void invalidItemsAndCodesAbsentFromTheSnapshotAreDropped() {
        LogigrammeCleaner.Links links = clean("""
                [{"cours_code": "420-1A1-JR", "competence_code": "00Q7", "type": "Développé"},
                 {"cours_code": "420-9Z9-JR", "competence_code": "00Q7", "type": "atteint"},
                 {"cours_code": "420-1A1-JR", "competence_code": "00ZZ", "type": "atteint"},
                 {"cours_code": "420-1B2-JR", "competence_code": "00SF", "type": "inconnu"},
                 {"cours_code": "420-1B2-JR", "type": "atteint"},
                 {"competence_code": "00SF", "type": "atteint"},
                 "pas un lien"]""");

        assertThat(links.proposedByModel()).isEqualTo(7);
        assertThat(links.kept()).containsExactly(Map.of("cours_code", "420-1A1-JR", "competence_code", "00Q7",
                "type", "developpe", "status", "Développé significativement"));
    }

    @Test
    void codesMatchIgnoringCaseAndSpacesAndComeBackAsTheSnapshotSpellsThem() {
        LogigrammeCleaner.Links links = clean("""
                [{"cours_code": " 420-6s9-jr ", "competence_code": "00sf", "type": "reinvesti"}]""");

        assertThat(links.kept()).containsExactly(Map.of("cours_code", "420-6S9-JR", "competence_code", "00SF",
                "type", "reinvesti", "status", "Réinvesti"));
    }

    @Test
    void aSecondLinkForTheSameCourseAndCompetenceIsDropped() {
        LogigrammeCleaner.Links links = clean("""
                [{"cours_code": "420-1A1-JR", "competence_code": "00Q7", "type": "developpe"},
                 {"cours_code": "420-1A1-JR", "competence_code": "00Q7", "type": "developpe"},
                 {"cours_code": "420-1a1-JR", "competence_code": "00Q7", "type": "atteint"},
                 {"cours_code": "420-1B2-JR", "competence_code": "00SF", "type": "atteint"}]""");

        assertThat(links.kept()).extracting(link -> link.get("cours_code") + " " + link.get("competence_code") + " "
                + link.get("status")).containsExactly("420-1A1-JR 00Q7 Développé significativement",
                "420-1B2-JR 00SF Atteint");
    }

    @Test
    void everyTypeMapsToTheStatusEdxoStores() {
        assertThat(LogigrammeCleaner.STATUS_BY_TYPE).containsExactly(Map.entry("developpe", "Développé significativement"),
                Map.entry("atteint", "Atteint"), Map.entry("reinvesti", "Réinvesti"));
    }

    @Test
    void theMessageSaysHowManyLinksAreProposed() {
        assertThat(GenerateProgrammeLogigrammeHandler.message(clean("[]")))
                .isEqualTo("Aucun lien proposé (réponse vide ou non exploitable)");
        assertThat(GenerateProgrammeLogigrammeHandler.message(clean("""
                [{"cours_code": "X", "competence_code": "Y", "type": "atteint"}]""")))
                .isEqualTo("0 lien proposé (aucune correspondance trouvée dans le programme)");
        assertThat(GenerateProgrammeLogigrammeHandler.message(clean("""
                [{"cours_code": "420-1A1-JR", "competence_code": "00Q7", "type": "atteint"}]""")))
                .isEqualTo("1 lien proposé");
        assertThat(GenerateProgrammeLogigrammeHandler.message(new LogigrammeCleaner.Links(
                List.of(Map.of(), Map.of(), Map.of()), 4))).isEqualTo("3 liens proposés");
    }
}
