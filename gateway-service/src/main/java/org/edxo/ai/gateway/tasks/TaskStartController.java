package org.edxo.ai.gateway.tasks;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKinds;
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
import java.util.UUID;

/** Start routes: the original's analyse route (with its messages), the generic one, and the deprecated one. */
@RestController
public class TaskStartController {

    private final TaskStarter starter;
    private final JsonBodyReader bodies;

    public TaskStartController(TaskStarter starter, JsonBodyReader bodies) {
        this.starter = starter;
        this.bodies = bodies;
    }

    /** Body {@code {"plan_cours": {...}, "plan_cadre": {...}, "options"?: {...}}}: EDxo's snapshots of the plan. */
    @PostMapping("/gestion_programme/analyse_plan_de_cours/{planId}/start")
    Mono<ResponseEntity<Map<String, Object>>> startAnalyse(@PathVariable String planId, ServerHttpRequest request,
                                                           Authentication authentication) {
        Caller caller = Caller.of(authentication);
        KindPolicy policy = KindPolicy.of(TaskKinds.ANALYSE_PLAN_DE_COURS);
        // The role check comes first, as in the original: a professeur learns nothing about the body.
        policy.authorize(caller);
        long id = planId(planId);
        return bodies.readObject(request).flatMap(body -> {
            ObjectNode input = Json.mapper().createObjectNode();
            input.put("plan_id", id);
            copy(body, input, "plan_cours");
            copy(body, input, "plan_cadre");
            return starter.start(caller, policy, input, body.get("options"), "");
        }).map(TaskStartController::accepted);
    }

    /** Body {@code {"input": {...}, "options"?: {...}}}. */
    @PostMapping("/api/v1/tasks/{kind}")
    Mono<ResponseEntity<Map<String, Object>>> start(@PathVariable String kind, ServerHttpRequest request,
                                                    Authentication authentication) {
        KindPolicy policy = KindPolicy.find(kind)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "Type de tâche inconnu : " + kind));
        Caller caller = Caller.of(authentication);
        policy.authorize(caller);
        return bodies.readObject(request)
                .flatMap(body -> starter.start(caller, policy, body.get("input"), body.get("options"), "/input"))
                .map(TaskStartController::accepted);
    }

    @PostMapping("/gestion_programme/update_verifier_plan_cours/{planId}")
    ResponseEntity<Map<String, Object>> deprecatedVerify(@PathVariable String planId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "Endpoint déprécié. Utiliser /gestion_programme/analyse_plan_de_cours/<id>/start");
        body.put("replacement", "/gestion_programme/analyse_plan_de_cours/" + planId(planId) + "/start");
        return ResponseEntity.status(HttpStatus.GONE).body(body);
    }

    private static long planId(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Identifiant de plan invalide : " + raw);
        }
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (value != null) {
            to.set(field, value);
        }
    }

    private static ResponseEntity<Map<String, Object>> accepted(UUID taskId) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("task_id", taskId.toString()));
    }
}
