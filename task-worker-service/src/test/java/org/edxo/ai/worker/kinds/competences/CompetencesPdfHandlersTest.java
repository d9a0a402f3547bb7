package org.edxo.ai.worker.kinds.competences;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.worker.documents.PdfAttachments.PdfUpload;
import org.edxo.ai.worker.kinds.KindTestSupport;
import org.edxo.ai.worker.kinds.ModelCall;
import org.edxo.ai.worker.kinds.PdfKindTestSupport;
import org.edxo.ai.worker.tasks.TaskFailure;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompetencesPdfHandlersTest {

    /** Two competencies as the model answers them: a nested context, null where the devis says nothing. */
    static final String ANSWER = """
            {"competences": [
              {"Code": "00SE", "Nom de la compétence": "Analyser les fonctions de travail",
               "Contexte de réalisation": [{"texte": "À partir :", "sous_points": [
                   {"texte": "de données sur la profession", "sous_points": null}]}],
               "Critères de performance pour l’ensemble de la compétence": ["Utilisation de la terminologie appropriée"],
               "Éléments": [{"element": "Caractériser la fonction de travail", "criteres": ["Examen juste des tâches"]}]},
              {"Code": "00SF", "Nom de la compétence": "Résoudre des problèmes mathématiques",
               "Contexte de réalisation": null, "Critères de performance pour l’ensemble de la compétence": null,
               "Éléments": null}]}""";

    private final OcrDevisHandler ocr = new OcrDevisHandler(null);
    private final ImportCompetencesPdfHandler importer = new ImportCompetencesPdfHandler(null);

    @Test
    void theCallSendsTheFileAloneWithTheOcrSection() {
        PdfUpload pdf = PdfKindTestSupport.pdf("devis-420.B0.pdf");
        ModelCall call = ocr.call(pdf);

        assertThat(call.section()).isEqualTo("ocr");
        assertThat(call.output().name()).isEqualTo("extraire_competences_en_json");
        assertThat(call.attachment()).isSameAs(pdf.attachment());
        assertThat(call.userMessage()).isEmpty();
        assertThat(call.template()).isNull();
    }

    @Test
    void ocrPayloadCountsTheCompetenciesAndCarriesThemWithTheOriginalsKeys() {
        JsonNode payload = PdfKindTestSupport.payload(ocr,
                Json.tree("{\"upload_id\": \"3f1c2a5e-8d4b-4c1e-9a7f-0b6d5e4c3a21\", \"pdf_title\": \" Techniques de l'informatique \"}"),
                ANSWER, PdfKindTestSupport.pdf("devis-420.B0.pdf"), "**Lecture du devis**");

        assertThat(payload.path("status").stringValue()).isEqualTo("success");
        assertThat(payload.path("final_status").stringValue()).isEqualTo("SUCCESS");
        assertThat(payload.path("message").stringValue()).isEqualTo("Traitement OCR terminé. 2 compétence(s) extraite(s).");
        assertThat(payload.path("competences_count").asInt()).isEqualTo(2);
        assertThat(payload.path("pdf_title").stringValue()).isEqualTo("Techniques de l'informatique");
        assertThat(payload.path("base_filename").stringValue()).isEqualTo("devis-420.B0");
        assertThat(payload.path("competences")).isEqualTo(Json.tree(ANSWER).path("competences"));
        assertThat(payload.path("usage").path("input_tokens").asLong()).isEqualTo(1200);
        assertThat(payload.path("reasoning_summary").stringValue()).isEqualTo("**Lecture du devis**");
    }

    @Test
    void withoutATitleTheFileNameIsTheTitleAndNoSummaryMeansNoKey() {
        JsonNode payload = PdfKindTestSupport.payload(ocr, Json.tree("{\"upload_id\": \"3f1c2a5e-8d4b-4c1e-9a7f-0b6d5e4c3a21\"}"),
                "{\"competences\": []}", PdfKindTestSupport.pdf("devis.pdf"), null);

        assertThat(payload.path("pdf_title").stringValue()).isEqualTo("devis");
        assertThat(payload.path("message").stringValue()).isEqualTo("Traitement OCR terminé. 0 compétence(s) extraite(s).");
        assertThat(payload.has("reasoning_summary")).isFalse();
    }

    @Test
    void importPayloadIsTheOriginalsWithTheReviewLinkAndPromptCompletionTokens() {
        JsonNode payload = PdfKindTestSupport.payload(importer,
                Json.tree("{\"upload_id\": \"3f1c2a5e-8d4b-4c1e-9a7f-0b6d5e4c3a21\", \"programme_id\": 12}"),
                ANSWER, PdfKindTestSupport.pdf("devis.pdf"), null);

        assertThat(payload.path("status").stringValue()).isEqualTo("success");
        assertThat(payload.path("result").path("base_filename").stringValue()).isEqualTo("devis");
        assertThat(payload.path("result").path("competences").size()).isEqualTo(2);
        assertThat(payload.path("result").path("competences").get(0).path("Code").stringValue()).isEqualTo("00SE");
        assertThat(payload.path("usage").path("prompt_tokens").asLong()).isEqualTo(1200);
        assertThat(payload.path("usage").path("completion_tokens").asLong()).isEqualTo(800);
        assertThat(payload.path("validation_url").stringValue())
                .isEqualTo("/programme/12/competences/import/review?task_id=" + KindTestSupport.TASK_ID);
    }

    @Test
    void anAnswerOutsideTheSchemaIsRefused() {
        assertThatThrownBy(() -> PdfKindTestSupport.payload(ocr, Json.tree("{\"upload_id\": \"3f1c2a5e-8d4b-4c1e-9a7f-0b6d5e4c3a21\"}"),
                ANSWER.replace("\"sous_points\": null", "\"sous_points\": \"aucun\""), PdfKindTestSupport.pdf("devis.pdf"), null))
                .isInstanceOf(TaskFailure.class);
    }
}
