package org.edxo.ai.worker.documents;

import org.edxo.ai.worker.kinds.ModelCall;
import org.edxo.ai.worker.tasks.TaskFailure;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.UUID;

/**
 * The PDF of a document kind's input ({@code upload_id}), ready to go to the model as a file: fetched from the
 * gateway, checked to be a PDF that opens (not encrypted, at least one page, readable), and sized for the hold.
 * Every refusal is a {@link TaskFailure} {@code invalid_document} raised from a kind's plan, before any hold
 * or model call.
 */
@Component
public class PdfAttachments {

    /** The name the model sees when the user's file had none. */
    static final String DEFAULT_FILENAME = "document.pdf";

    /**
     * @param filename the user's file name, ending in {@code .pdf} (the Files API reads the type from it)
     * @param info     what PDFBox found in it
     */
    public record PdfUpload(UploadClient.FetchedUpload upload, String filename, PdfChecks.PdfInfo info,
                            ModelCall.Attachment attachment) {

        /** The file name without its extension: the original's {@code base_filename}. */
        public String baseFilename() {
            return filename.substring(0, filename.length() - ".pdf".length());
        }
    }

    private final UploadClient uploads;
    private final PdfChecks pdfChecks;
    private final long pageImageTokens;

    public PdfAttachments(UploadClient uploads, PdfChecks pdfChecks, DocumentProperties properties) {
        this.uploads = uploads;
        this.pdfChecks = pdfChecks;
        this.pageImageTokens = properties.pdf().pageImageTokens();
    }

    /**
     * The input's {@code upload_id}, fetched and checked. A PDF without extractable text (a scan) is accepted:
     * the model reads an image of every page, which is what the original's "OCR" relied on.
     */
    public Mono<PdfUpload> fetch(JsonNode input) {
        return Mono.defer(() -> uploads.fetch(UUID.fromString(input.path("upload_id").asString())))
                .map(UploadClient.FetchedUpload::requirePdf)
                .flatMap(upload -> pdfChecks.inspect(upload.bytes(), false).map(info -> {
                    String filename = pdfFilename(upload.filename());
                    return new PdfUpload(upload, filename, info, new ModelCall.Attachment(upload.bytes(), filename,
                            UploadClient.FetchedUpload.PDF, info.maxInputTokens(pageImageTokens),
                            info.estimatedInputTokens(pageImageTokens)));
                }));
    }

    /** The user's name (the gateway sanitised it) with a {@code .pdf} extension, whatever extension it had. */
    static String pdfFilename(String name) {
        if (name == null || name.isBlank()) {
            return DEFAULT_FILENAME;
        }
        String stripped = name.strip();
        if (stripped.toLowerCase(Locale.ROOT).endsWith(".pdf")) {
            stripped = stripped.substring(0, stripped.length() - 4);
        }
        return stripped.isBlank() ? DEFAULT_FILENAME : stripped + ".pdf";
    }
}
