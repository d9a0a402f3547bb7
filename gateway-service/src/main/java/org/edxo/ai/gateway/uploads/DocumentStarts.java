package org.edxo.ai.gateway.uploads;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.gateway.web.ApiException;
import org.edxo.ai.gateway.web.ApiException.FieldError;
import org.edxo.ai.gateway.web.Caller;
import org.edxo.ai.gateway.web.JsonBodyReader;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The two ways a document start route is called: multipart ({@code file} and form fields, as EDxo's file modal
 * posts them: the file is received, checked and stored, and deleted again if the start is refused), or JSON
 * naming an {@code upload_id} made before with {@code POST /api/v1/uploads}. Either way the route gets the
 * request's fields as one JSON object and the upload's id, and starts its task from them.
 */
@Component
public class DocumentStarts {

    /** The field of a JSON start that names its upload. */
    public static final String UPLOAD_ID = "upload_id";

    /** Builds and starts the task from the request's fields and the upload (null when a JSON start named none). */
    @FunctionalInterface
    public interface Start {
        Mono<UUID> start(ObjectNode fields, UUID uploadId);
    }

    private final Uploads uploads;
    private final JsonBodyReader bodies;

    public DocumentStarts(Uploads uploads, JsonBodyReader bodies) {
        this.uploads = uploads;
        this.bodies = bodies;
    }

    /**
     * @param jsonFields      form fields that carry JSON (a snapshot, {@code options}): parsed, a 400 naming the
     *                        field when they do not parse
     * @param invalidMessage  the kind's 400 message
     */
    public Mono<UUID> start(ServerHttpRequest request, Caller caller, Set<DocumentType> accepted, List<String> jsonFields,
                            String invalidMessage, Start start) {
        MediaType type = request.getHeaders().getContentType();
        if (type != null && MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) {
            return uploads.startWith(request, caller, accepted,
                    form -> start.start(formFields(form.fields(), jsonFields, invalidMessage), form.upload().id()));
        }
        return bodies.readObject(request).map(ObjectNode.class::cast).flatMap(body -> {
            JsonNode uploadId = body.get(UPLOAD_ID);
            if (uploadId == null || !uploadId.isString()) {
                // No upload named: the kind's input schema names the missing field (400).
                return start.start(body, null);
            }
            return uploads.startWithExisting(uploadId.stringValue(), caller, accepted,
                    upload -> start.start(body, upload.id()));
        });
    }

    /** The form's fields as a JSON object: text values, those of {@code jsonFields} parsed. */
    static ObjectNode formFields(Map<String, String> fields, List<String> jsonFields, String invalidMessage) {
        ObjectNode body = Json.mapper().createObjectNode();
        fields.forEach((name, value) -> {
            if (!jsonFields.contains(name)) {
                body.put(name, value);
                return;
            }
            if (value == null || value.isBlank()) {
                return;
            }
            try {
                body.set(name, Json.tree(value));
            } catch (JacksonException e) {
                throw ApiException.invalid(invalidMessage, List.of(new FieldError("/" + name, "JSON invalide")));
            }
        });
        return body;
    }
}
