package org.edxo.ai.worker.kinds.competences;

import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.worker.documents.PdfAttachments;
import org.edxo.ai.worker.documents.PdfAttachments.PdfUpload;
import org.edxo.ai.worker.kinds.KindHandler;
import org.edxo.ai.worker.kinds.ModelCall;
import org.edxo.ai.worker.kinds.OriginalUsage;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The competencies of a devis PDF for one programme's review page (reference §3.6, simple_import_competences_pdf):
 * the same call as {@link OcrDevisHandler}, the original's payload, whose {@code validation_url} opens the review.
 * The original never billed it; here every call is billed.
 */
@Component
public class ImportCompetencesPdfHandler implements KindHandler {

    static final String EXTRACTING_MESSAGE = "Extraction IA : lecture des compétences du PDF…";

    private final PdfAttachments pdfs;

    public ImportCompetencesPdfHandler(PdfAttachments pdfs) {
        this.pdfs = pdfs;
    }

    @Override
    public TaskKind kind() {
        return TaskKinds.IMPORT_COMPETENCES_PDF;
    }

    @Override
    public Mono<Plan> plan(JsonNode input) {
        return pdfs.fetch(input).map(pdf -> new Plan(List.of(
                ModelCall.withFile(kind().section(), kind().output(), EXTRACTING_MESSAGE, pdf.attachment(), "")), pdf));
    }

    @Override
    public Map<String, Object> result(JsonNode input, List<JsonNode> outputs, ResultContext context) {
        PdfUpload pdf = context.planState(PdfUpload.class);
        long programmeId = input.path("programme_id").asLong();
        Map<String, Object> extracted = new LinkedHashMap<>();
        extracted.put("base_filename", pdf.baseFilename());
        extracted.put("competences", CompetencesPayload.competences(outputs.get(0)));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "success");
        result.put("programme_id", programmeId);
        result.put("result", extracted);
        result.put("usage", OriginalUsage.of(context.usage()));
        result.put("settings_used", context.settingsUsed());
        result.put("validation_url", context.link("/programme/" + programmeId + "/competences/import/review?task_id="
                + context.taskId()));
        if (context.reasoningSummary() != null) {
            result.put("reasoning_summary", context.reasoningSummary());
        }
        return result;
    }
}
