package org.edxo.ai.contracts.kinds;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The PDF import kinds: inputs name an upload; the recursive competency schema and the grid schema say what the original's did. */
class PdfImportSchemasTest {

    private static final String UPLOAD = "\"upload_id\": \"3f1c2a5e-8d4b-4c1e-9a7f-0b6d5e4c3a21\"";

    private static List<String> fields(String schema, String document) {
        return ContractValidator.validate(schema, Json.tree(document)).stream().map(ContractValidator.Violation::path).toList();
    }

    @Test
    void inputsNeedAnUploadIdAndTheirKindsFields() {
        assertThat(fields(TaskKinds.OCR_DEVIS.inputSchema(), "{" + UPLOAD + ", \"pdf_title\": \"Techniques de l'informatique\"}")).isEmpty();
        assertThat(fields(TaskKinds.OCR_DEVIS.inputSchema(), "{" + UPLOAD + "}")).isEmpty();
        assertThat(fields(TaskKinds.OCR_DEVIS.inputSchema(), "{\"upload_id\": \"devis.pdf\"}")).containsExactly("/upload_id");
        assertThat(fields(TaskKinds.OCR_DEVIS.inputSchema(), "{" + UPLOAD + ", \"programme_url\": \"https://x\"}")).containsExactly("");
        assertThat(fields(TaskKinds.IMPORT_COMPETENCES_PDF.inputSchema(), "{" + UPLOAD + ", \"programme_id\": 7}")).isEmpty();
        assertThat(fields(TaskKinds.IMPORT_COMPETENCES_PDF.inputSchema(), "{" + UPLOAD + "}")).containsExactly("");
        assertThat(fields(TaskKinds.IMPORT_GRILLE.inputSchema(), "{" + UPLOAD + ", \"programme_id\": null}")).isEmpty();
        assertThat(fields(TaskKinds.IMPORT_GRILLE.inputSchema(), "{" + UPLOAD + ", \"programme_id\": 0}")).containsExactly("/programme_id");
    }

    @Test
    void theCompetencySchemaNestsContextItemsAtAnyDepth() {
        String schema = TaskKinds.OCR_DEVIS.outputSchema();
        String competence = """
                {"competences": [{"Code": "00SE", "Nom de la compétence": "Analyser les fonctions de travail",
                  "Contexte de réalisation": [{"texte": "À partir :", "sous_points": [
                      {"texte": "de données", "sous_points": [{"texte": "sur la profession", "sous_points": null}]}]}],
                  "Critères de performance pour l’ensemble de la compétence": null,
                  "Éléments": [{"element": "Caractériser la fonction", "criteres": ["Examen juste"]}]}]}""";
        assertThat(fields(schema, competence)).isEmpty();
        assertThat(fields(schema, competence.replace("\"sous_points\": null", "\"sous_points\": null, \"x\": 1"))).isNotEmpty();
        assertThat(fields(schema, competence.replace("{\"texte\": \"sur la profession\", \"sous_points\": null}",
                "{\"texte\": \"sur la profession\"}"))).isNotEmpty();
        assertThat(TaskKinds.OCR_DEVIS.output().name()).isEqualTo("extraire_competences_en_json");
        assertThat(TaskKinds.IMPORT_COMPETENCES_PDF.output()).isEqualTo(TaskKinds.OCR_DEVIS.output());
    }

    @Test
    void theGridSchemaWantsSessionsFromOneAndNumericHours() {
        String schema = TaskKinds.IMPORT_GRILLE.outputSchema();
        String grid = """
                {"programme": "Techniques de l'informatique", "sessions": [{"numero_session": 1, "cours": [
                  {"code_cours": "420-1A1-JR", "titre_cours": "Programmation", "heures_theorie": 3, "heures_labo": 3,
                   "heures_maison": 2.5, "prerequis": [{"code_cours": "420-0A0-JR", "pourcentage_minimum": 50}], "corequis": []}]}]}""";
        assertThat(fields(schema, grid)).isEmpty();
        assertThat(fields(schema, grid.replace("\"numero_session\": 1", "\"numero_session\": 0"))).isNotEmpty();
        assertThat(fields(schema, grid.replace("\"heures_labo\": 3", "\"heures_labo\": \"3\""))).isNotEmpty();
        assertThat(TaskKinds.IMPORT_GRILLE.output().name()).isEqualTo("programme_etudes");
    }

    @Test
    void resultSchemasReadTheCompetenciesAndTheGridThroughTheOutputSchemas() {
        String competences = """
                [{"Code": "00SE", "Nom de la compétence": "Analyser", "Contexte de réalisation": null,
                  "Critères de performance pour l’ensemble de la compétence": ["Juste"], "Éléments": null}]""";
        String usage = "{\"input_tokens\": 10, \"output_tokens\": 5, \"cost\": 0.001, \"model\": \"gpt-5-mini\"}";
        String ocr = "{\"status\": \"success\", \"final_status\": \"SUCCESS\", "
                + "\"message\": \"Traitement OCR terminé. 1 compétence(s) extraite(s).\", \"competences_count\": 1, "
                + "\"pdf_title\": \"Devis\", \"base_filename\": \"devis\", \"competences\": " + competences + ", \"usage\": " + usage + "}";
        assertThat(fields(TaskKinds.OCR_DEVIS.resultSchema(), ocr)).isEmpty();
        assertThat(fields(TaskKinds.OCR_DEVIS.resultSchema(), ocr.replace("\"Juste\"", "1"))).isNotEmpty();
        String imported = "{\"status\": \"success\", \"result\": {\"base_filename\": \"devis\", \"competences\": " + competences
                + "}, \"usage\": " + usage.replace("{", "{\"prompt_tokens\": 10, \"completion_tokens\": 5, ")
                + ", \"validation_url\": \"/programme/7/competences/import/review?task_id=3f1c2a5e-8d4b-4c1e-9a7f-0b6d5e4c3a21\"}";
        assertThat(fields(TaskKinds.IMPORT_COMPETENCES_PDF.resultSchema(), imported)).isEmpty();
        assertThat(fields(TaskKinds.IMPORT_COMPETENCES_PDF.resultSchema(), imported.replace("\"prompt_tokens\": 10, ", ""))).isNotEmpty();
        String grille = "{\"status\": \"success\", \"result\": {\"programme\": \"TI\", \"sessions\": []}, \"usage\": " + usage
                + ", \"validation_url\": \"/confirm_grille_import/3f1c2a5e-8d4b-4c1e-9a7f-0b6d5e4c3a21?programme_id=7\"}";
        assertThat(fields(TaskKinds.IMPORT_GRILLE.resultSchema(), grille)).isEmpty();
        assertThat(fields(TaskKinds.IMPORT_GRILLE.resultSchema(), grille.replace("\"sessions\": []", "\"sessions\": 3"))).isNotEmpty();
    }
}
