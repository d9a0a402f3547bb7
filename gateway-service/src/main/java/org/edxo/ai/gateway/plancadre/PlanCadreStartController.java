package org.edxo.ai.gateway.plancadre;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.gateway.tasks.KindPolicy;
import org.edxo.ai.gateway.tasks.StartRequests;
import org.edxo.ai.gateway.tasks.TaskStarter;
import org.edxo.ai.gateway.web.ApiException;
import org.edxo.ai.gateway.web.Caller;
import org.edxo.ai.gateway.web.JsonBodyReader;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The original's plan-cadre start routes (reference §3.2 item 1, §4.6), all ending in generate_plan_cadre and
 * all answering {@code 202 {task_id}} (the legacy route answered 200). Admin or coordo only (the original's API
 * routes checked no role: weak point S4). As in the original every route forces {@code improve_only}: the task
 * returns a preview that EDxo applies on its review page.
 *
 * <p>Body (JSON): {@code plan_cadre} (PlanCadre.to_dict()), {@code contexte} (the course context the original's
 * task read from its database), {@code additional_info}, {@code mode}, {@code wand_instruction},
 * {@code target_columns} (a list or a comma-separated string) and the overrides {@code ai_model},
 * {@code reasoning_effort}, {@code verbosity} (or {@code options}); the contract is
 * {@code schemas/inputs/generate_plan_cadre.input.v1.schema.json}.
 */
@RestController
public class PlanCadreStartController {

    /** The sections {@code /improve/{section}} accepts: the input schema's {@code target_columns} values. */
    static final List<String> SECTIONS = sections();

    private final TaskStarter starter;
    private final JsonBodyReader bodies;

    public PlanCadreStartController(TaskStarter starter, JsonBodyReader bodies) {
        this.starter = starter;
        this.bodies = bodies;
    }

    @PostMapping("/api/plan_cadre/{planId}/generate")
    Mono<ResponseEntity<Map<String, Object>>> generate(@PathVariable String planId, ServerHttpRequest request,
                                                       Authentication authentication) {
        return start(planId, null, request, authentication);
    }

    @PostMapping("/api/plan_cadre/{planId}/improve")
    Mono<ResponseEntity<Map<String, Object>>> improve(@PathVariable String planId, ServerHttpRequest request,
                                                      Authentication authentication) {
        return start(planId, null, request, authentication);
    }

    /** One section: {@code target_columns} becomes {@code [section]}. */
    @PostMapping("/api/plan_cadre/{planId}/improve/{section}")
    Mono<ResponseEntity<Map<String, Object>>> improveSection(@PathVariable String planId, @PathVariable String section,
                                                             ServerHttpRequest request, Authentication authentication) {
        return start(planId, section, request, authentication);
    }

    /** The legacy form route: the same task (the original also forced improve_only here). */
    @PostMapping("/plan_cadre/{planId}/generate_content")
    Mono<ResponseEntity<Map<String, Object>>> generateContent(@PathVariable String planId, ServerHttpRequest request,
                                                              Authentication authentication) {
        return start(planId, null, request, authentication);
    }

    private Mono<ResponseEntity<Map<String, Object>>> start(String planId, String section, ServerHttpRequest request,
                                                           Authentication authentication) {
        Caller caller = Caller.of(authentication);
        KindPolicy policy = KindPolicy.of(TaskKinds.GENERATE_PLAN_CADRE);
        policy.authorize(caller); // before the body: a professeur learns nothing about it
        long id = StartRequests.pathId(planId, "plan-cadre");
        if (section != null && !SECTIONS.contains(section)) {
            throw ApiException.invalid("Section inconnue : " + section, List.of(new ApiException.FieldError("section",
                    "Sections permises : " + String.join(", ", SECTIONS) + ".")));
        }
        return bodies.readObject(request).flatMap(body -> {
            ObjectNode input = Json.mapper().createObjectNode();
            input.put("plan_id", id);
            StartRequests.copy(body, input, "plan_cadre", "contexte", "additional_info", "mode", "wand_instruction",
                    "target_columns");
            normalize(input);
            if (section != null) {
                input.putArray("target_columns").add(section);
            }
            input.put("improve_only", true);
            return starter.start(caller, policy, input, StartRequests.options(body), "");
        }).map(StartRequests::accepted);
    }

    /**
     * The original's form values as its task read them: {@code mode} lower-cased and trimmed, a comma-separated
     * {@code target_columns} split into a list (so that a bad section is named at its index).
     */
    private static void normalize(ObjectNode input) {
        JsonNode mode = input.get("mode");
        if (mode != null && mode.isString()) {
            input.put("mode", mode.stringValue().strip().toLowerCase(Locale.ROOT));
        }
        JsonNode targets = input.get("target_columns");
        if (targets != null && targets.isString()) {
            ArrayNode list = input.putArray("target_columns");
            for (String target : targets.stringValue().split(",")) {
                if (!target.isBlank()) {
                    list.add(target.strip());
                }
            }
        }
    }

    private static List<String> sections() {
        List<String> sections = new ArrayList<>();
        ContractValidator.schemaNode(TaskKinds.GENERATE_PLAN_CADRE.inputSchema())
                .at("/$defs/target_column/enum").forEach(value -> sections.add(value.stringValue()));
        return List.copyOf(sections);
    }
}
