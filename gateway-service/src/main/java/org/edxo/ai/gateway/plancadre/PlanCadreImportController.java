package org.edxo.ai.gateway.plancadre;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.gateway.tasks.FormNumbers;
import org.edxo.ai.gateway.tasks.KindPolicy;
import org.edxo.ai.gateway.tasks.StartRequests;
import org.edxo.ai.gateway.tasks.TaskStarter;
import org.edxo.ai.gateway.uploads.DocumentStarts;
import org.edxo.ai.gateway.uploads.DocumentType;
import org.edxo.ai.gateway.web.Caller;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The original's DOCX import of a plan-cadre (reference §3.9 item 1), kind import_plan_cadre, answering
 * {@code 202 {task_id}} (the original answered 200 {success, task_id}). Admin or coordo, as the original,
 * checked before anything of the request is read, with the original's refusal. Multipart {@code file} (a DOCX,
 * by its bytes), optional {@code ai_model} (the model override of the original's form) and {@code cours_id}
 * (PlanCadre.cours_id, echoed in the preview); or JSON with the same fields and an {@code upload_id}.
 */
@RestController
public class PlanCadreImportController {

    private final TaskStarter starter;
    private final DocumentStarts documents;

    public PlanCadreImportController(TaskStarter starter, DocumentStarts documents) {
        this.starter = starter;
        this.documents = documents;
    }

    @PostMapping("/plan_cadre/{planId}/import_docx_start")
    Mono<ResponseEntity<Map<String, Object>>> importDocxStart(@PathVariable String planId, ServerHttpRequest request,
                                                              Authentication authentication) {
        KindPolicy policy = KindPolicy.of(TaskKinds.IMPORT_PLAN_CADRE);
        Caller caller = Caller.of(authentication);
        policy.authorize(caller);
        long id = StartRequests.pathId(planId, "plan-cadre");
        return documents.start(request, caller, Set.of(DocumentType.DOCX), List.of("options"), policy.invalidInputMessage(),
                (fields, uploadId) -> {
                    ObjectNode body = fields.deepCopy();
                    FormNumbers.integer(body, "cours_id");
                    ObjectNode input = Json.mapper().createObjectNode();
                    if (uploadId != null) {
                        input.put(DocumentStarts.UPLOAD_ID, uploadId.toString());
                    }
                    input.put("plan_id", id);
                    StartRequests.copy(body, input, "cours_id");
                    return starter.start(caller, policy, input, StartRequests.options(body), "");
                }).map(StartRequests::accepted);
    }
}
