package org.edxo.ai.worker.kinds.competences;

import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.worker.documents.PdfAttachments;
import org.edxo.ai.worker.documents.PdfAttachments.PdfUpload;
import org.edxo.ai.worker.kinds.KindHandler;
import org.edxo.ai.worker.kinds.ModelCall;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The competencies of a ministerial devis (reference §3.6, process_ocr_task): the uploaded PDF goes to the model
 * alone, every instruction is the {@code ocr} section's system prompt. The original downloaded a URL the user
 * picked and wrote the answer to a file; here the PDF is an upload and the competencies travel in the payload.
 */
@Component
public class OcrDevisHandler implements KindHandler {

    static final String EXTRACTING_MESSAGE = "Extraction IA : lecture du devis…";

    private final PdfAttachments pdfs;

    public OcrDevisHandler(PdfAttachments pdfs) {
        this.pdfs = pdfs;
    }

    @Override
    public TaskKind kind() {
        return TaskKinds.OCR_DEVIS;
    }

    @Override
    public Mono<Plan> plan(JsonNode input) {
        return pdfs.fetch(input).map(pdf -> new Plan(List.of(call(pdf)), pdf));
    }

    ModelCall call(PdfUpload pdf) {
        return ModelCall.withFile(kind().section(), kind().output(), EXTRACTING_MESSAGE, pdf.attachment(), "");
    }

    @Override
    public Map<String, Object> result(JsonNode input, List<JsonNode> outputs, ResultContext context) {
        PdfUpload pdf = context.planState(PdfUpload.class);
        List<Object> competences = CompetencesPayload.competences(outputs.get(0));
        String title = input.path("pdf_title").asString("").strip();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "success");
        result.put("final_status", "SUCCESS");
        result.put("message", "Traitement OCR terminé. " + competences.size() + " compétence(s) extraite(s).");
        result.put("competences_count", competences.size());
        result.put("pdf_title", title.isEmpty() ? pdf.baseFilename() : title);
        result.put("base_filename", pdf.baseFilename());
        result.put("competences", competences);
        result.put("usage", context.usage());
        result.put("settings_used", context.settingsUsed());
        if (context.reasoningSummary() != null) {
            result.put("reasoning_summary", context.reasoningSummary());
        }
        return result;
    }
}
