package org.edxo.ai.worker.kinds.grilleimport;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.worker.documents.PdfAttachments;
import org.edxo.ai.worker.kinds.KindHandler;
import org.edxo.ai.worker.kinds.ModelCall;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A course grid PDF read into JSON for review (reference §3.8): the PDF alone as the user message, the
 * {@code grille_import} section's prompt and model (the original ignored the section's model and billed nothing),
 * the original's payload with the confirmation link.
 */
@Component
public class ImportGrilleHandler implements KindHandler {

    static final String CALLING_MESSAGE = "Appel au modèle IA...";

    private final PdfAttachments pdfs;

    public ImportGrilleHandler(PdfAttachments pdfs) {
        this.pdfs = pdfs;
    }

    @Override
    public TaskKind kind() {
        return TaskKinds.IMPORT_GRILLE;
    }

    @Override
    public Mono<Plan> plan(JsonNode input) {
        return pdfs.fetch(input).map(pdf -> new Plan(List.of(
                ModelCall.withFile(kind().section(), kind().output(), CALLING_MESSAGE, pdf.attachment(), "")), pdf));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> result(JsonNode input, List<JsonNode> outputs, ResultContext context) {
        JsonNode programmeId = input.path("programme_id");
        String query = programmeId.isIntegralNumber() ? "?programme_id=" + programmeId.asLong() : "";
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "success");
        result.put("result", Json.mapper().convertValue(outputs.get(0), Map.class));
        result.put("usage", context.usage());
        result.put("settings_used", context.settingsUsed());
        result.put("validation_url", context.link("/confirm_grille_import/" + context.taskId() + query));
        if (context.reasoningSummary() != null) {
            result.put("reasoning_summary", context.reasoningSummary());
        }
        return result;
    }
}
