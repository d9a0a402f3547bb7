package org.edxo.ai.worker.documents;

import org.edxo.ai.support.security.ServiceTokens;
import org.edxo.ai.worker.tasks.TaskFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Fetches an upload's bytes from the gateway ({@code GET /internal/v1/uploads/{id}}, service token), at
 * most {@code edxo.worker.documents.max-upload-size}, and checks them against the SHA-256 the gateway
 * computed when it stored them. The worker never fetches a URL a user gave: only uploads, by id.
 */
@Component
public class UploadClient {

    /** Header of the internal route: the SHA-256 of the bytes, lower-case hex. */
    public static final String SHA256_HEADER = "X-Content-SHA256";

    private static final Logger log = LoggerFactory.getLogger(UploadClient.class);

    /**
     * @param contentType the type the gateway detected from the content ({@code application/pdf} or the DOCX type)
     * @param filename    the name the user gave, sanitised, for display only (never trust its extension)
     */
    public record FetchedUpload(UUID id, String contentType, String filename, byte[] bytes, String sha256) {

        public static final String PDF = "application/pdf";
        public static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

        public boolean isPdf() {
            return PDF.equals(contentType);
        }

        public boolean isDocx() {
            return DOCX.equals(contentType);
        }

        /** Fails with "Type de document inattendu" unless this upload is a PDF. */
        public FetchedUpload requirePdf() {
            if (!isPdf()) {
                throw DocumentFailures.wrongType("PDF", label());
            }
            return this;
        }

        /** Fails with "Type de document inattendu" unless this upload is a DOCX. */
        public FetchedUpload requireDocx() {
            if (!isDocx()) {
                throw DocumentFailures.wrongType("DOCX", label());
            }
            return this;
        }

        private String label() {
            return isPdf() ? "PDF" : isDocx() ? "DOCX" : contentType;
        }
    }

    private final WebClient gateway;
    private final ServiceTokens serviceTokens;
    private final DocumentProperties properties;

    public UploadClient(DocumentProperties properties, ServiceTokens serviceTokens) {
        this.gateway = WebClient.builder().baseUrl(properties.gatewayUrl()).build();
        this.serviceTokens = serviceTokens;
        this.properties = properties;
    }

    /**
     * Fails with {@link DocumentFailures#uploadNotFound()}, {@link DocumentFailures#uploadTooLarge},
     * {@link DocumentFailures#corruptedUpload} or {@link TaskFailure#internalUnavailable} (gateway down).
     */
    public Mono<FetchedUpload> fetch(UUID uploadId) {
        long maxBytes = properties.maxUploadSize().toBytes();
        return Mono.defer(() -> gateway.get()
                        .uri("/internal/v1/uploads/{id}", uploadId)
                        .header(HttpHeaders.AUTHORIZATION, serviceTokens.serviceBearer())
                        .exchangeToMono(response -> read(uploadId, response, maxBytes)))
                .timeout(properties.fetchTimeout())
                .onErrorMap(error -> !(error instanceof TaskFailure), error -> {
                    log.warn("could not fetch upload {} from the gateway: {}", uploadId, error.toString());
                    return TaskFailure.internalUnavailable("passerelle (fichiers téléversés)", error);
                });
    }

    private Mono<FetchedUpload> read(UUID uploadId, ClientResponse response, long maxBytes) {
        if (response.statusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
            return response.releaseBody().then(Mono.error(DocumentFailures.uploadNotFound()));
        }
        if (!response.statusCode().is2xxSuccessful()) {
            return response.createError();
        }
        HttpHeaders headers = response.headers().asHttpHeaders();
        long declared = headers.getContentLength();
        if (declared > maxBytes) {
            return response.releaseBody().then(Mono.error(DocumentFailures.uploadTooLarge(maxBytes)));
        }
        String expectedSha = headers.getFirst(SHA256_HEADER);
        String contentType = headers.getContentType() == null ? "application/octet-stream"
                : headers.getContentType().getType() + "/" + headers.getContentType().getSubtype();
        String disposition = headers.getFirst(HttpHeaders.CONTENT_DISPOSITION);
        String filename = disposition == null ? null : ContentDisposition.parse(disposition).getFilename();
        return DataBufferUtils.join(response.bodyToFlux(DataBuffer.class), (int) Math.min(Integer.MAX_VALUE - 8, maxBytes))
                .map(UploadClient::bytes)
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, e -> DocumentFailures.uploadTooLarge(maxBytes))
                .map(bytes -> {
                    String actualSha = sha256(bytes);
                    if (expectedSha == null || !expectedSha.equalsIgnoreCase(actualSha)) {
                        throw DocumentFailures.corruptedUpload(expectedSha, actualSha);
                    }
                    return new FetchedUpload(uploadId, contentType, filename, bytes, actualSha);
                });
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
