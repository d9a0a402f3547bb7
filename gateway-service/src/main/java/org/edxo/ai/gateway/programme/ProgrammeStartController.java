package org.edxo.ai.gateway.programme;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.gateway.tasks.FormNumbers;
import org.edxo.ai.gateway.tasks.KindPolicy;
import org.edxo.ai.gateway.tasks.StartRequests;
import org.edxo.ai.gateway.tasks.TaskStarter;
import org.edxo.ai.gateway.web.ApiException;
import org.edxo.ai.gateway.web.ApiException.FieldError;
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

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The programme's start routes (reference §3.4 and §3.5 item 1), with the original's checks in its order
 * and words: role (403 "Accès restreint (admin/coordo)"), then membership of the programme (403 "Accès
 * refusé"), then the parameters (400). The body is the original's form plus the snapshot EDxo sends.
 */
@RestController
public class ProgrammeStartController {

    static final String INVALID = "Paramètres invalides.";
    static final String WRONG_PROGRAMME = "Instantané invalide : le programme ne correspond pas à l'URL.";
    /** The fields the original's message "Paramètres invalides (heures/sessions)." is about. */
    private static final Set<String> HOURS_AND_SESSIONS = Set.of("/total_hours", "/nb_sessions");

    private final TaskStarter starter;
    private final JsonBodyReader bodies;

    public ProgrammeStartController(TaskStarter starter, JsonBodyReader bodies) {
        this.starter = starter;
        this.bodies = bodies;
    }

    /**
     * Body {@code {"total_hours", "total_units"?, "nb_sessions", "additional_info"?, "programme": {id, nom},
     * "competences": [{code, nom}], "ai_model"?, "reasoning_effort"?, "verbosity"?}}.
     */
    @PostMapping("/programme/{programmeId}/grille/generate")
    Mono<ResponseEntity<Map<String, Object>>> generateGrille(@PathVariable String programmeId, ServerHttpRequest request,
                                                            Authentication authentication) {
        Caller caller = Caller.of(authentication);
        KindPolicy policy = KindPolicy.of(TaskKinds.GENERATE_PROGRAMME_GRILLE);
        long id = authorize(caller, policy, programmeId);
        return bodies.readObject(request).flatMap(body -> {
            ObjectNode input = input(id, body, "programme", "total_hours", "total_units", "nb_sessions",
                    "additional_info", "competences");
            FormNumbers.integer(input, "total_hours");
            FormNumbers.integer(input, "nb_sessions");
            FormNumbers.decimal(input, "total_units");
            requireSameProgramme(input, id);
            return starter.start(caller, policy, input, StartRequests.options(body), "")
                    .onErrorMap(ApiException.class, error -> hoursAndSessionsOnly(error, policy));
        }).map(StartRequests::accepted);
    }

    /**
     * Body {@code {"courses": [...], "competences": [...], "additional_info"?, "ai_model"?, "reasoning_effort"?,
     * "verbosity"?}}.
     */
    @PostMapping("/programme/{programmeId}/logigramme/generate")
    Mono<ResponseEntity<Map<String, Object>>> generateLogigramme(@PathVariable String programmeId,
                                                                ServerHttpRequest request, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        KindPolicy policy = KindPolicy.of(TaskKinds.GENERATE_PROGRAMME_LOGIGRAMME);
        long id = authorize(caller, policy, programmeId);
        return bodies.readObject(request)
                .flatMap(body -> starter.start(caller, policy, input(id, body, "courses", "competences", "additional_info"),
                        StartRequests.options(body), ""))
                .map(StartRequests::accepted);
    }

    /** Role, path id, membership: before the body is read, as the original answered before reading the form. */
    private static long authorize(Caller caller, KindPolicy policy, String programmeId) {
        policy.authorize(caller);
        long id = StartRequests.pathId(programmeId, "programme");
        KindPolicy.authorizeProgramme(caller, id);
        return id;
    }

    private static ObjectNode input(long programmeId, JsonNode body, String... fields) {
        ObjectNode input = Json.mapper().createObjectNode();
        input.put("programme_id", programmeId);
        StartRequests.copy(body, input, fields);
        return input;
    }

    /** A snapshot of another programme than the URL's is refused (the original could mix them up: §7.3 S3). */
    private static void requireSameProgramme(JsonNode input, long programmeId) {
        JsonNode snapshotId = input.path("programme").path("id");
        if (snapshotId.isIntegralNumber() && snapshotId.asLong() != programmeId) {
            throw ApiException.invalid(WRONG_PROGRAMME,
                    List.of(new FieldError("/programme/id", "doit valoir " + programmeId + " (l'identifiant de l'URL)")));
        }
    }

    /** The original's message names hours and sessions: other bad fields get the general one, same details. */
    @SuppressWarnings("unchecked")
    private static Throwable hoursAndSessionsOnly(ApiException error, KindPolicy policy) {
        if (error.status() != HttpStatus.BAD_REQUEST || !policy.invalidInputMessage().equals(error.body().get("error"))) {
            return error;
        }
        List<FieldError> details = (List<FieldError>) error.body().get("details");
        boolean aboutHoursOrSessions = details != null
                && details.stream().anyMatch(detail -> HOURS_AND_SESSIONS.contains(detail.field()));
        return aboutHoursOrSessions || details == null ? error : ApiException.invalid(INVALID, details);
    }
}
