package org.edxo.ai.worker.documents;

import org.edxo.ai.worker.tasks.TaskFailure;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.util.UUID;

/**
 * What the DOCX kinds do first, in their plan (before any hold or model call): fetch the input's
 * {@code upload_id}, check it is a DOCX, and read its text as the original read it ({@link DocxText}). A document
 * that cannot be used fails the task {@code invalid_document} with a French reason.
 */
@Component
public class DocxUploads {

    static final String EMPTY = "Document DOCX vide : aucun texte à analyser.";

    private final UploadClient uploads;
    private final DocxText docxText;

    public DocxUploads(UploadClient uploads, DocxText docxText) {
        this.uploads = uploads;
        this.docxText = docxText;
    }

    /** The text of the input's DOCX, at most {@code maxChars} characters (the original's truncation). */
    public Mono<DocxText.Extracted> text(JsonNode input, int maxChars) {
        return Mono.defer(() -> uploads.fetch(UUID.fromString(input.path("upload_id").asString())))
                .map(UploadClient.FetchedUpload::requireDocx)
                .flatMap(upload -> docxText.extract(upload.bytes(), maxChars))
                .map(DocxUploads::requireText);
    }

    /** A DOCX without any text (an empty document, or images only) gives the model nothing to read. */
    static DocxText.Extracted requireText(DocxText.Extracted extracted) {
        if (extracted.text().isBlank()) {
            throw new TaskFailure(EMPTY, DocumentFailures.INVALID_DOCUMENT, null);
        }
        return extracted;
    }
}
