package org.edxo.ai.gateway.tasks;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.gateway.uploads.DocumentKinds;
import org.edxo.ai.gateway.uploads.DocumentType;
import org.edxo.ai.gateway.uploads.Uploads;
import org.edxo.ai.gateway.web.ApiException;
import org.edxo.ai.gateway.web.Caller;
import org.edxo.ai.gateway.web.JsonBodyReader;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Start routes: the original's analyse route (with its messages), the generic one, and the deprecated one. */
@RestController
public class TaskStartController {

    private final TaskStarter starter;
    private final JsonBodyReader bodies;
    private final Uploads uploads;

    public TaskStartController(TaskStarter starter, JsonBodyReader bodies, Uploads uploads) {
        this.starter = starter;
        this.bodies = bodies;
        this.uploads = uploads;
    }

    /** Body {@code {"plan_cours": {...}, "plan_cadre": {...}, "options"?: {...}}}: EDxo's snapshots of the plan. */
    @PostMapping("/gestion_programme/analyse_plan_de_cours/{planId}/start")
    Mono<ResponseEntity<Map<String, Object>>> startAnalyse(@PathVariable String planId, ServerHttpRequest request,
                                                           Authentication authentication) {
        Caller caller = Caller.of(authentication);
        KindPolicy policy = KindPolicy.of(TaskKinds.ANALYSE_PLAN_DE_COURS);
        // The role check comes first, as in the original: a professeur learns nothing about the body.
        policy.authorize(caller);
        long id = StartRequests.pathId(planId, "plan");
        return bodies.readObject(request).flatMap(body -> {
            ObjectNode input = Json.mapper().createObjectNode();
            input.put("plan_id", id);
            StartRequests.copy(body, input, "plan_cours", "plan_cadre");
            return starter.start(caller, policy, input, StartRequests.options(body), "");
        }).map(StartRequests::accepted);
    }

    /** Body {@code {"input": {...}, "options"?: {...}}}. */
    @PostMapping("/api/v1/tasks/{kind}")
    Mono<ResponseEntity<Map<String, Object>>> start(@PathVariable String kind, ServerHttpRequest request,
                                                    Authentication authentication) {
        KindPolicy policy = KindPolicy.find(kind)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "Type de tâche inconnu : " + kind));
        Caller caller = Caller.of(authentication);
        policy.authorize(caller);
        Optional<Set<DocumentType>> documents = DocumentKinds.accepted(policy.kind().id());
        return bodies.readObject(request)
                .flatMap(body -> {
                    JsonNode uploadId = body.path("input").path("upload_id");
                    Mono<UUID> start = Mono.defer(() -> starter.start(caller, policy, body.get("input"), body.get("options"), "/input"));
                    // A document kind's upload must be the caller's and is tied to the task (a missing or malformed
                    // upload_id is the input schema's 400).
                    return documents.isEmpty() || !uploadId.isString() ? start
                            : uploads.startWithExisting(uploadId.stringValue(), caller, documents.get(), upload -> start);
                })
                .map(StartRequests::accepted);
    }

    @PostMapping("/gestion_programme/update_verifier_plan_cours/{planId}")
    ResponseEntity<Map<String, Object>> deprecatedVerify(@PathVariable String planId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "Endpoint déprécié. Utiliser /gestion_programme/analyse_plan_de_cours/<id>/start");
        body.put("replacement", "/gestion_programme/analyse_plan_de_cours/" + StartRequests.pathId(planId, "plan") + "/start");
        return ResponseEntity.status(HttpStatus.GONE).body(body);
    }
}
