package org.edxo.ai.gateway.uploads;

import org.edxo.ai.gateway.web.Caller;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code POST /api/v1/uploads} (multipart {@code file}): 201 {@code {upload_id, content_type, size, sha256,
 * filename, created_at}} for campus systems that upload first and start a task with the id;
 * {@code GET} and {@code DELETE /api/v1/uploads/{id}} for the owner (or an admin), 404 for anyone else;
 * {@code GET /internal/v1/uploads/{id}} (role {@code service}): the bytes for workers.
 */
@RestController
public class UploadController {

    /** The SHA-256 of the bytes, lower-case hex: the worker checks what it received against it. */
    public static final String SHA256_HEADER = "X-Content-SHA256";

    private final Uploads uploads;
    private final UploadStore store;

    public UploadController(Uploads uploads, UploadStore store) {
        this.uploads = uploads;
        this.store = store;
    }

    @PostMapping("/api/v1/uploads")
    Mono<ResponseEntity<Map<String, Object>>> upload(ServerHttpRequest request, Authentication authentication) {
        return uploads.receive(request, Caller.of(authentication), Uploads.ANY_DOCUMENT)
                .map(form -> ResponseEntity.status(HttpStatus.CREATED).body(form.upload().toJson()));
    }

    @GetMapping("/api/v1/uploads/{uploadId}")
    Mono<Map<String, Object>> describe(@PathVariable String uploadId, Authentication authentication) {
        return uploads.visible(uploadId, Caller.of(authentication)).map(Upload::toJson);
    }

    @DeleteMapping("/api/v1/uploads/{uploadId}")
    Mono<ResponseEntity<Void>> delete(@PathVariable String uploadId, Authentication authentication) {
        return uploads.visible(uploadId, Caller.of(authentication))
                .flatMap(upload -> store.delete(upload.id()))
                .thenReturn(ResponseEntity.noContent().build());
    }

    @GetMapping("/internal/v1/uploads/{uploadId}")
    Mono<ResponseEntity<Flux<DataBuffer>>> content(@PathVariable String uploadId) {
        return Uploads.parse(uploadId)
                .flatMap(store::find)
                .switchIfEmpty(Mono.error(Uploads::notFound))
                .map(upload -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType(upload.type().mediaType()))
                        .contentLength(upload.size())
                        .header(SHA256_HEADER, upload.sha256())
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                                .filename(upload.filename(), StandardCharsets.UTF_8).build().toString())
                        .body(store.content(upload).map(DefaultDataBufferFactory.sharedInstance::wrap)));
    }
}
