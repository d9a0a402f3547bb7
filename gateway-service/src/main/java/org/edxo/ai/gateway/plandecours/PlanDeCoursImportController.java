package org.edxo.ai.gateway.plandecours;

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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The original's DOCX import of a plan de cours (reference §3.7 item 1), kind import_plan_de_cours, answering
 * {@code 202 {task_id}} like every start route here (the original answered 200 {success, task_id}). Any
 * signed-in user, as the original. Multipart as EDxo's file modal posts it: {@code file} (a DOCX, by its bytes),
 * {@code cours_id}, {@code session} and the snapshots as JSON text ({@code plan_de_cours}: PlanDeCours.to_dict(),
 * {@code plan_cadre}: PlanCadre.to_dict() for the capacities); or JSON with the same fields and an
 * {@code upload_id}. {@code cours_id} and {@code session} must name the snapshot's plan.
 */
@RestController
public class PlanDeCoursImportController {

    private static final List<String> JSON_FIELDS = List.of("plan_de_cours", "plan_cadre", "options");

    private final TaskStarter starter;
    private final DocumentStarts documents;

    public PlanDeCoursImportController(TaskStarter starter, DocumentStarts documents) {
        this.starter = starter;
        this.documents = documents;
    }

    @PostMapping("/plan_de_cours/import_docx_start")
    Mono<ResponseEntity<Map<String, Object>>> importDocxStart(ServerHttpRequest request, Authentication authentication) {
        KindPolicy policy = KindPolicy.of(TaskKinds.IMPORT_PLAN_DE_COURS);
        Caller caller = Caller.of(authentication);
        policy.authorize(caller);
        return documents.start(request, caller, Set.of(DocumentType.DOCX), JSON_FIELDS, policy.invalidInputMessage(),
                (fields, uploadId) -> {
                    ObjectNode body = fields.deepCopy();
                    FormNumbers.integer(body, "cours_id");
                    long planId = PlanDeCoursStartController.identifiesItsPlan(body, policy);
                    ObjectNode input = Json.mapper().createObjectNode();
                    if (uploadId != null) {
                        input.put(DocumentStarts.UPLOAD_ID, uploadId.toString());
                    }
                    input.put("plan_id", planId);
                    StartRequests.copy(body, input, "plan_de_cours", "plan_cadre");
                    return starter.start(caller, policy, input, StartRequests.options(body), "");
                }).map(StartRequests::accepted);
    }
}
