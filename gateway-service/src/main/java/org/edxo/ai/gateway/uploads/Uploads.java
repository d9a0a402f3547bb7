package org.edxo.ai.gateway.uploads;

import org.edxo.ai.gateway.web.ApiException;
import org.edxo.ai.gateway.web.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * What the document start routes use: receive a multipart request (file in part {@code file}, other
 * form fields as strings), check the file's real type, store it, and tie it to the task the route starts,
 * deleting it again when the start fails. The type is read from the bytes, never from the name.
 */
@Service
public class Uploads {

    /** The 400 of a multipart request without its file (a route may answer with its own, clearer words). */
    public static final String MISSING_FILE = UploadMessages.MISSING_FILE;

    /** Every type the gateway stores. */
    public static final Set<DocumentType> ANY_DOCUMENT = EnumSet.allOf(DocumentType.class);

    private static final Logger log = LoggerFactory.getLogger(Uploads.class);

    private final MultipartFormReader reader;
    private final UploadStore store;

    public Uploads(MultipartFormReader reader, UploadStore store) {
        this.reader = reader;
        this.store = store;
    }

    /**
     * An upload with the form fields that came with it.
     *
     * @param fields the non-file parts, as strings
     */
    public record UploadForm(Upload upload, Map<String, String> fields) {

        public Optional<String> field(String name) {
            String value = fields.get(name);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
        }

        /** The field, or a 400 "Champ manquant : « name »." */
        public String requiredField(String name) {
            return field(name).orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, UploadMessages.missingField(name)));
        }
    }

    /**
     * Reads the request, checks the file and stores it for {@code caller}. Errors: 415 not multipart, not a
     * PDF or a DOCX, or not one of {@code accepted} (the message names both types); 413 over the size
     * limit; 400 no file, an empty file, a malformed request.
     */
    public Mono<UploadForm> receive(ServerHttpRequest request, Caller caller, Set<DocumentType> accepted) {
        return reader.read(request).flatMap(form -> {
            if (form.content() == null) {
                return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, UploadMessages.MISSING_FILE));
            }
            if (!form.content().hasRemaining()) {
                return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, UploadMessages.EMPTY));
            }
            String filename = FileNames.sanitise(form.filename());
            DocumentType type = ContentSniffer.detect(form.content())
                    .orElseThrow(() -> new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, UploadMessages.UNSUPPORTED));
            if (!accepted.contains(type)) {
                return Mono.error(new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        UploadMessages.wrongType(filename, type, accepted)));
            }
            return store.save(caller.userId(), filename, type, form.content(), form.sha256())
                    .map(upload -> new UploadForm(upload, form.fields()));
        });
    }

    /**
     * For a start route that takes the file in its own request: {@link #receive}, then {@code start} (which
     * validates the fields, checks credit, records and publishes the task, and gives its id), then the
     * upload is attached to that task. When {@code start} fails, the upload is deleted: a refused start
     * leaves nothing behind.
     */
    public Mono<UUID> startWith(ServerHttpRequest request, Caller caller, Set<DocumentType> accepted,
                                Function<UploadForm, Mono<UUID>> start) {
        return receive(request, caller, accepted).flatMap(form -> Mono.defer(() -> start.apply(form))
                .onErrorResume(error -> store.delete(form.upload().id()).onErrorResume(e -> Mono.just(false))
                        .then(Mono.error(error)))
                .flatMap(taskId -> attach(form.upload().id(), taskId).thenReturn(taskId)));
    }

    /**
     * For a start that names an upload made before ({@code POST /api/v1/uploads}, then {@code upload_id}
     * in the task's input): the caller's own upload (404 otherwise, as for tasks), of an accepted type
     * (415), not used by another task (409); then {@code start}, then the attach.
     */
    public Mono<UUID> startWithExisting(String rawUploadId, Caller caller, Set<DocumentType> accepted,
                                        Function<Upload, Mono<UUID>> start) {
        return usable(rawUploadId, caller, accepted)
                .flatMap(upload -> Mono.defer(() -> start.apply(upload))
                        .flatMap(taskId -> attach(upload.id(), taskId).thenReturn(taskId)));
    }

    /** The caller's upload (an admin sees every upload), unused and of an accepted type. */
    public Mono<Upload> usable(String rawUploadId, Caller caller, Set<DocumentType> accepted) {
        return visible(rawUploadId, caller).map(upload -> {
            if (!accepted.contains(upload.type())) {
                throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, UploadMessages.wrongType(upload.filename(), upload.type(), accepted));
            }
            if (upload.taskId() != null) {
                throw new ApiException(HttpStatus.CONFLICT, UploadMessages.ALREADY_USED);
            }
            return upload;
        });
    }

    /** The upload if the caller owns it or is admin; a 404 "Fichier introuvable." otherwise (existence never revealed). */
    public Mono<Upload> visible(String rawUploadId, Caller caller) {
        return parse(rawUploadId)
                .flatMap(store::find)
                .filter(upload -> caller.isAdmin() || upload.ownerId().equals(caller.userId()))
                .switchIfEmpty(Mono.error(Uploads::notFound));
    }

    /**
     * Ties the upload to its task (it is then purged with the task). Never fails: the task has been started
     * by then; an upload that could not be attached (already another task's, or a database error) is
     * logged, and the unattached purge removes it after {@code edxo.gateway.uploads.unattached-ttl}.
     */
    public Mono<Void> attach(UUID uploadId, UUID taskId) {
        return store.attach(uploadId, taskId)
                .doOnNext(attached -> {
                    if (!attached) {
                        log.warn("upload {} could not be attached to task {} (deleted, or taken by another task)", uploadId, taskId);
                    }
                })
                .onErrorResume(error -> {
                    log.warn("upload {} could not be attached to task {}: {}", uploadId, taskId, error.toString());
                    return Mono.empty();
                })
                .then();
    }

    static Mono<UUID> parse(String raw) {
        try {
            return Mono.just(UUID.fromString(raw));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Mono.error(Uploads::notFound);
        }
    }

    static ApiException notFound() {
        return new ApiException(HttpStatus.NOT_FOUND, UploadMessages.NOT_FOUND);
    }
}
