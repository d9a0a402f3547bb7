package org.edxo.ai.gateway.docxschema;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.gateway.tasks.KindPolicy;
import org.edxo.ai.gateway.tasks.StartRequests;
import org.edxo.ai.gateway.tasks.TaskStarter;
import org.edxo.ai.gateway.uploads.DocumentStarts;
import org.edxo.ai.gateway.uploads.DocumentType;
import org.edxo.ai.gateway.web.ApiException;
import org.edxo.ai.gateway.web.ApiException.FieldError;
import org.edxo.ai.gateway.web.Caller;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admin's DOCX → JSON Schema tool (reference §3.10), kind docx_to_schema, {@code 202 {task_id}}. Admin only,
 * checked before anything of the request is read, with the original's refusal. Multipart {@code file} (a DOCX,
 * by its bytes) and the original form's {@code model}, {@code reasoning_level} and {@code verbosity}
 * ({@code low|medium|high}; empty means the section's), which become the task's options; or JSON with the same
 * fields and an {@code upload_id}.
 */
@RestController
public class DocxToSchemaController {

    static final List<String> LEVELS = List.of("low", "medium", "high");

    private final TaskStarter starter;
    private final DocumentStarts documents;

    public DocxToSchemaController(TaskStarter starter, DocumentStarts documents) {
        this.starter = starter;
        this.documents = documents;
    }

    @PostMapping("/docx_to_schema/start")
    Mono<ResponseEntity<Map<String, Object>>> start(ServerHttpRequest request, Authentication authentication) {
        KindPolicy policy = KindPolicy.of(TaskKinds.DOCX_TO_SCHEMA);
        Caller caller = Caller.of(authentication);
        policy.authorize(caller);
        return documents.start(request, caller, Set.of(DocumentType.DOCX), List.of("options"), policy.invalidInputMessage(),
                (fields, uploadId) -> {
                    JsonNode options = options(fields, policy);
                    ObjectNode input = Json.mapper().createObjectNode();
                    if (uploadId != null) {
                        input.put(DocumentStarts.UPLOAD_ID, uploadId.toString());
                    }
                    return starter.start(caller, policy, input, options, "");
                }).map(StartRequests::accepted);
    }

    /**
     * {@code options} when given, else the form's fields: {@code model}, {@code reasoning_level} → reasoning
     * effort, {@code verbosity}; a level outside {@code low|medium|high} is a 400 naming its field.
     */
    static JsonNode options(JsonNode fields, KindPolicy policy) {
        if (fields.has("options")) {
            return fields.get("options");
        }
        List<FieldError> errors = new ArrayList<>();
        ObjectNode options = Json.mapper().createObjectNode();
        String model = text(fields, "model");
        if (model != null) {
            options.put("model", model);
        }
        String effort = level(fields, "reasoning_level", errors);
        if (effort != null) {
            options.put("reasoning_effort", effort);
        }
        String verbosity = level(fields, "verbosity", errors);
        if (verbosity != null) {
            options.put("verbosity", verbosity);
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(policy.invalidInputMessage(), errors);
        }
        return options.isEmpty() ? null : options;
    }

    private static String level(JsonNode fields, String name, List<FieldError> errors) {
        String value = text(fields, name);
        if (value != null && !LEVELS.contains(value)) {
            errors.add(new FieldError("/" + name, "valeurs permises : " + String.join(", ", LEVELS)));
            return null;
        }
        return value;
    }

    private static String text(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        return value != null && value.isString() && !value.stringValue().isBlank() ? value.stringValue().strip() : null;
    }
}
