package org.edxo.ai.worker.documents;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * {@code edxo.worker.documents.*}: what the document task kinds may fetch, parse and send to OpenAI.
 *
 * @param gatewayUrl         base URL of the gateway, whose internal route serves uploads ({@code EDXO_GATEWAY_URL})
 * @param fetchTimeout       whole fetch of one upload from the gateway
 * @param maxUploadSize      largest upload the worker accepts (the gateway's own limit, {@code EDXO_GATEWAY_MAX_UPLOAD_SIZE})
 * @param parseConcurrency   documents parsed at once per instance (POI and PDFBox are CPU and memory heavy)
 * @param parseTimeout       longest parse of one document (a crafted file must not hold a thread forever)
 * @param docx               zip-bomb thresholds of POI
 * @param pdf                PDFBox limits
 * @param openAiFiles        the Files API calls
 */
@ConfigurationProperties("edxo.worker.documents")
public record DocumentProperties(
        @DefaultValue("http://127.0.0.1:8080") String gatewayUrl,
        @DefaultValue("30s") Duration fetchTimeout,
        @DefaultValue("20MB") DataSize maxUploadSize,
        @DefaultValue("2") int parseConcurrency,
        @DefaultValue("60s") Duration parseTimeout,
        @DefaultValue Docx docx,
        @DefaultValue Pdf pdf,
        @DefaultValue OpenAiFiles openAiFiles) {

    public DocumentProperties {
        if (parseConcurrency < 1) {
            throw new IllegalArgumentException("edxo.worker.documents.parse-concurrency must be at least 1");
        }
    }

    /**
     * POI's {@code ZipSecureFile} thresholds, applied to every DOCX this worker opens (POI keeps them JVM-wide).
     *
     * @param minInflateRatio smallest compressed/uncompressed ratio of an entry (below: a zip bomb)
     * @param maxEntrySize    largest uncompressed entry
     * @param maxTextSize     largest text POI's extractors may return, in characters
     */
    public record Docx(
            @DefaultValue("0.01") double minInflateRatio,
            @DefaultValue("100MB") DataSize maxEntrySize,
            @DefaultValue("10000000") long maxTextSize) {
    }

    /**
     * @param maxMemory       PDFBox's scratch memory for one document (beyond: refused, never spilled to disk)
     * @param pageImageTokens input tokens counted per page when a PDF goes to the model as a file: the API
     *                        sends the model an image of each page besides its text (an upper bound, for holds)
     */
    public record Pdf(
            @DefaultValue("256MB") DataSize maxMemory,
            @DefaultValue("2000") long pageImageTokens) {
    }

    /**
     * @param uploadTimeout  one {@code POST /v1/files}
     * @param uploadRetries  retries of an upload the API refused with a 5xx or a 429 rate limit (it then stored nothing)
     * @param deleteTimeout  one {@code DELETE /v1/files/{id}}
     * @param deleteRetries  retries of a failed deletion (never fails the task)
     * @param retryBackoff   first wait between retries, doubled each time
     * @param expiresAfter   OpenAI deletes the file by itself after this (at least 1 h): the safety net when
     *                       this worker dies before its own deletion
     */
    public record OpenAiFiles(
            @DefaultValue("60s") Duration uploadTimeout,
            @DefaultValue("2") int uploadRetries,
            @DefaultValue("10s") Duration deleteTimeout,
            @DefaultValue("2") int deleteRetries,
            @DefaultValue("500ms") Duration retryBackoff,
            @DefaultValue("2h") Duration expiresAfter) {

        public OpenAiFiles {
            if (expiresAfter.compareTo(Duration.ofHours(1)) < 0 || expiresAfter.compareTo(Duration.ofDays(30)) > 0) {
                throw new IllegalArgumentException("edxo.worker.documents.open-ai-files.expires-after must be between 1h and 30d (OpenAI's bounds)");
            }
        }
    }
}
