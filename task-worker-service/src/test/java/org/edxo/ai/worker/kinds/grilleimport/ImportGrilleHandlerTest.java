package org.edxo.ai.worker.kinds.grilleimport;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.worker.kinds.KindTestSupport;
import org.edxo.ai.worker.kinds.PdfKindTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ImportGrilleHandlerTest {

    static final String ANSWER = """
            {"programme": "Techniques de l'informatique", "sessions": [
              {"numero_session": 1, "cours": [{"code_cours": "420-1A1-JR", "titre_cours": "Programmation I",
                "heures_theorie": 3, "heures_labo": 3, "heures_maison": 3, "prerequis": [], "corequis": []}]},
              {"numero_session": 2, "cours": [{"code_cours": "420-2A1-JR", "titre_cours": "Programmation II",
                "heures_theorie": 2, "heures_labo": 4, "heures_maison": 2.5,
                "prerequis": [{"code_cours": "420-1A1-JR", "pourcentage_minimum": 50}], "corequis": ["420-2B1-JR"]}]}]}""";

    private final ImportGrilleHandler handler = new ImportGrilleHandler(null);

    @Test
    void thePayloadIsTheGridWithTheConfirmationLinkNamingTheProgramme() {
        JsonNode payload = PdfKindTestSupport.payload(handler,
                Json.tree("{\"upload_id\": \"3f1c2a5e-8d4b-4c1e-9a7f-0b6d5e4c3a21\", \"programme_id\": 7}"),
                ANSWER, PdfKindTestSupport.pdf("grille.pdf"), "**Lecture de la grille**");

        assertThat(payload.path("status").stringValue()).isEqualTo("success");
        assertThat(payload.path("result")).isEqualTo(Json.tree(ANSWER));
        assertThat(payload.path("usage").path("input_tokens").asLong()).isEqualTo(1200);
        assertThat(payload.path("usage").path("output_tokens").asLong()).isEqualTo(800);
        assertThat(payload.path("validation_url").stringValue())
                .isEqualTo("/confirm_grille_import/" + KindTestSupport.TASK_ID + "?programme_id=7");
        assertThat(payload.path("reasoning_summary").stringValue()).isEqualTo("**Lecture de la grille**");
        assertThat(handler.kind().section()).isEqualTo("grille_import");
    }

    @Test
    void withoutAProgrammeTheLinkHasNoQuery() {
        JsonNode payload = PdfKindTestSupport.payload(handler,
                Json.tree("{\"upload_id\": \"3f1c2a5e-8d4b-4c1e-9a7f-0b6d5e4c3a21\", \"programme_id\": null}"),
                ANSWER, PdfKindTestSupport.pdf("grille.pdf"), null);

        assertThat(payload.path("validation_url").stringValue()).isEqualTo("/confirm_grille_import/" + KindTestSupport.TASK_ID);
        assertThat(payload.has("reasoning_summary")).isFalse();
    }
}
