package org.edxo.ai.gateway.evaluation;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.gateway.tasks.FormNumbers;
import org.edxo.ai.gateway.tasks.KindPolicy;
import org.edxo.ai.gateway.tasks.StartRequests;
import org.edxo.ai.gateway.tasks.TaskStarter;
import org.edxo.ai.gateway.web.Caller;
import org.edxo.ai.gateway.web.JsonBodyReader;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * The six-level evaluation grid (reference §8): the original answered synchronously with the grid; here
 * the same path starts a billed task and answers {@code 202 {task_id}}, the grid arriving in its result.
 */
@RestController
public class EvaluationStartController {

    private final TaskStarter starter;
    private final JsonBodyReader bodies;

    public EvaluationStartController(TaskStarter starter, JsonBodyReader bodies) {
        this.starter = starter;
        this.bodies = bodies;
    }

    /**
     * Body {@code {"savoir_faire", "capacite", "savoir_faire_id", "evaluation_id", "seuil"?, "cible"?,
     * "description_eval"?, "ai_model"?, "reasoning_effort"?, "verbosity"?}}.
     */
    @PostMapping("/evaluation/generate_six_level_grid")
    Mono<ResponseEntity<Map<String, Object>>> generateSixLevelGrid(ServerHttpRequest request, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        KindPolicy policy = KindPolicy.of(TaskKinds.GENERATE_EVALUATION_GRID);
        policy.authorize(caller);
        return bodies.readObject(request).flatMap(body -> {
            ObjectNode input = Json.mapper().createObjectNode();
            StartRequests.copy(body, input, "savoir_faire", "capacite", "savoir_faire_id", "evaluation_id", "seuil",
                    "cible", "description_eval");
            FormNumbers.integer(input, "savoir_faire_id");
            FormNumbers.integer(input, "evaluation_id");
            return starter.start(caller, policy, input, StartRequests.options(body), "");
        }).map(StartRequests::accepted);
    }
}
