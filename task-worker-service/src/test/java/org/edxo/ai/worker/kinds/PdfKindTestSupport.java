package org.edxo.ai.worker.kinds;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.worker.documents.PdfAttachments.PdfUpload;
import org.edxo.ai.worker.documents.PdfChecks.PdfInfo;
import org.edxo.ai.worker.documents.UploadClient.FetchedUpload;
import org.edxo.ai.worker.tasks.TaskResults;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The PDF kinds' handler tests: a fetched PDF as a plan's state, and the payload built from a model answer. */
public final class PdfKindTestSupport {

    private PdfKindTestSupport() {
    }

    /** A two-page PDF named {@code filename}, as {@link org.edxo.ai.worker.documents.PdfAttachments} hands it over. */
    public static PdfUpload pdf(String filename) {
        byte[] bytes = "%PDF-1.7 devis".getBytes();
        return new PdfUpload(new FetchedUpload(UUID.randomUUID(), FetchedUpload.PDF, filename, bytes, "0".repeat(64)),
                filename, new PdfInfo(2, 900, 1000, false),
                new ModelCall.Attachment(bytes, filename, FetchedUpload.PDF, 5000, 4250));
    }

    /** The payload, checked against the kind's output and result schemas (both throw otherwise), as a JSON tree. */
    public static JsonNode payload(KindHandler handler, JsonNode input, String modelOutput, PdfUpload pdf,
                                   String reasoningSummary) {
        KindHandler.ResultContext base = KindTestSupport.context(reasoningSummary);
        KindHandler.ResultContext context = new KindHandler.ResultContext(base.taskId(), base.reasoningSummary(),
                base.usage(), base.settingsUsed(), base.webBaseUrl(), pdf);
        JsonNode output = TaskResults.output(handler.kind().output(), modelOutput);
        Map<String, Object> result = TaskResults.result(handler, input, List.of(output), context);
        return Json.mapper().valueToTree(result);
    }
}
