package org.edxo.ai.gateway.plandecours;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.PromptVariables;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.gateway.tasks.KindPolicy;
import org.edxo.ai.gateway.tasks.StartRequests;
import org.edxo.ai.gateway.tasks.TaskStarter;
import org.edxo.ai.gateway.web.ApiException;
import org.edxo.ai.gateway.web.ApiException.FieldError;
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
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The original's plan de cours start routes (reference §3.3.a–d item 1, §4.6), each answering
 * {@code 202 {task_id}} (the original's generate_all_start answered 200 {success, task_id}). EDxo sends the
 * snapshots the task needs in the body: {@code plan_de_cours} (PlanDeCours.to_dict()), {@code plan_cadre}
 * (PlanCadre.to_dict()), {@code additional_info}, and the route's own fields; {@code options} or the
 * original's {@code ai_model}/{@code reasoning_effort}/{@code verbosity} override the section's settings.
 * The role check comes before the body is read.
 */
@RestController
public class PlanDeCoursStartController {

    static final String UNSUPPORTED_FIELD = "Champ non supporté: ";
    private static final String[] SNAPSHOT = {"plan_de_cours", "plan_cadre", "additional_info"};

    private final TaskStarter starter;
    private final JsonBodyReader bodies;

    public PlanDeCoursStartController(TaskStarter starter, JsonBodyReader bodies) {
        this.starter = starter;
        this.bodies = bodies;
    }

    /**
     * Body {@code {cours_id, session, plan_de_cours, plan_cadre, additional_info?}}. The original looked the
     * plan up by (cours_id, session); here they must name the snapshot's plan, whose id is the task's plan_id.
     */
    @PostMapping("/plan_de_cours/generate_all_start")
    Mono<ResponseEntity<Map<String, Object>>> generateAllStart(ServerHttpRequest request, Authentication authentication) {
        KindPolicy policy = KindPolicy.of(TaskKinds.GENERATE_PLAN_DE_COURS);
        return start(policy, authorized(policy, authentication), request, (body, input) -> {
            input.put("plan_id", identifiesItsPlan(body, policy));
            StartRequests.copy(body, input, SNAPSHOT);
        });
    }

    /** Body {@code {plan_de_cours, plan_cadre, additional_info?}}. */
    @PostMapping("/api/plan_de_cours/{planId}/generate")
    Mono<ResponseEntity<Map<String, Object>>> generate(@PathVariable String planId, ServerHttpRequest request,
                                                       Authentication authentication) {
        KindPolicy policy = KindPolicy.of(TaskKinds.GENERATE_PLAN_DE_COURS);
        return startForPlan(policy, authorized(policy, authentication), planId, request, (body, input) -> { });
    }

    /** Body {@code {plan_de_cours, plan_cadre, additional_info?}}; the field is one of the 8 the AI writes. */
    @PostMapping("/api/plan_de_cours/{planId}/improve/{fieldName}")
    Mono<ResponseEntity<Map<String, Object>>> improveField(@PathVariable String planId, @PathVariable String fieldName,
                                                           ServerHttpRequest request, Authentication authentication) {
        KindPolicy policy = KindPolicy.of(TaskKinds.IMPROVE_PLAN_DE_COURS_FIELD);
        Caller caller = authorized(policy, authentication);
        if (!PromptVariables.PLAN_DE_COURS_FIELDS.contains(fieldName)) {
            throw ApiException.invalid(UNSUPPORTED_FIELD + fieldName, List.of(new FieldError("/field_name",
                    "valeurs permises : " + String.join(", ", PromptVariables.PLAN_DE_COURS_FIELDS))));
        }
        return startForPlan(policy, caller, planId, request, (body, input) -> input.put("field_name", fieldName));
    }

    /** Body {@code {plan_de_cours, plan_cadre, additional_info?, existing_calendriers?}}. */
    @PostMapping("/api/plan_de_cours/{planId}/generate_calendar")
    Mono<ResponseEntity<Map<String, Object>>> generateCalendar(@PathVariable String planId, ServerHttpRequest request,
                                                               Authentication authentication) {
        KindPolicy policy = KindPolicy.of(TaskKinds.GENERATE_PLAN_DE_COURS_CALENDAR);
        return startForPlan(policy, authorized(policy, authentication), planId, request,
                (body, input) -> StartRequests.copy(body, input, "existing_calendriers"));
    }

    /** Body {@code {plan_de_cours, plan_cadre, additional_info?, existing_evaluations?}}. */
    @PostMapping("/api/plan_de_cours/{planId}/generate_evaluations")
    Mono<ResponseEntity<Map<String, Object>>> generateEvaluations(@PathVariable String planId, ServerHttpRequest request,
                                                                  Authentication authentication) {
        KindPolicy policy = KindPolicy.of(TaskKinds.GENERATE_PLAN_DE_COURS_EVALUATIONS);
        return startForPlan(policy, authorized(policy, authentication), planId, request,
                (body, input) -> StartRequests.copy(body, input, "existing_evaluations"));
    }

    /** The role check, before anything of the request is read (a refused caller learns nothing about the body). */
    private static Caller authorized(KindPolicy policy, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        policy.authorize(caller);
        return caller;
    }

    /** A route with the plan id in its path: the snapshot must be that plan's. */
    private Mono<ResponseEntity<Map<String, Object>>> startForPlan(KindPolicy policy, Caller caller, String planId,
                                                                   ServerHttpRequest request,
                                                                   BiConsumer<JsonNode, ObjectNode> routeFields) {
        long id = StartRequests.pathId(planId, "plan");
        return start(policy, caller, request, (body, input) -> {
            JsonNode snapshotId = body.path("plan_de_cours").path("id");
            if (snapshotId.isIntegralNumber() && snapshotId.asLong() != id) {
                throw ApiException.invalid(policy.invalidInputMessage(), List.of(new FieldError("/plan_de_cours/id",
                        "l'instantané est celui du plan " + snapshotId.asLong() + ", pas du plan " + id)));
            }
            input.put("plan_id", id);
            routeFields.accept(body, input);
            StartRequests.copy(body, input, SNAPSHOT);
        });
    }

    /** The body, the input the route builds from it, and the start (which validates it against the kind's schema). */
    private Mono<ResponseEntity<Map<String, Object>>> start(KindPolicy policy, Caller caller, ServerHttpRequest request,
                                                            BiConsumer<JsonNode, ObjectNode> build) {
        return bodies.readObject(request).flatMap(body -> {
            ObjectNode input = Json.mapper().createObjectNode();
            build.accept(body, input);
            return starter.start(caller, policy, input, StartRequests.options(body), "");
        }).map(StartRequests::accepted);
    }

    /**
     * The plan id of generate_all_start's snapshot, once {@code cours_id} and {@code session} (the original's
     * required parameters) are present and name the same plan; 400 naming each bad field otherwise.
     */
    static long identifiesItsPlan(JsonNode body, KindPolicy policy) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode coursId = body.path("cours_id");
        JsonNode session = body.path("session");
        JsonNode plan = body.path("plan_de_cours");
        if (!coursId.isIntegralNumber() || coursId.asLong() < 1) {
            errors.add(new FieldError("/cours_id", "un entier positif est requis"));
        }
        if (!session.isString() || session.stringValue().isBlank()) {
            errors.add(new FieldError("/session", "une session non vide est requise (ex. A2025)"));
        }
        if (!plan.isObject()) {
            errors.add(new FieldError("/plan_de_cours", "l'instantané du plan de cours (objet) est requis"));
        } else if (!plan.path("id").isIntegralNumber() || plan.path("id").asLong() < 1) {
            errors.add(new FieldError("/plan_de_cours/id", "l'identifiant du plan de cours est requis"));
        }
        if (errors.isEmpty()) {
            if (plan.path("cours_id").isIntegralNumber() && plan.path("cours_id").asLong() != coursId.asLong()) {
                errors.add(new FieldError("/cours_id", "ne correspond pas à plan_de_cours.cours_id ("
                        + plan.path("cours_id").asLong() + ")"));
            }
            if (plan.path("session").isString() && !plan.path("session").stringValue().equals(session.stringValue())) {
                errors.add(new FieldError("/session", "ne correspond pas à plan_de_cours.session ("
                        + plan.path("session").stringValue() + ")"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(policy.invalidInputMessage(), errors);
        }
        return plan.path("id").asLong();
    }
}
