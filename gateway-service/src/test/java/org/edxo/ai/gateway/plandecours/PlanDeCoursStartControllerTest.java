package org.edxo.ai.gateway.plandecours;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.contracts.messages.TaskCommand;
import org.edxo.ai.gateway.GatewayProperties;
import org.edxo.ai.gateway.billing.CreditCheck;
import org.edxo.ai.gateway.tasks.TaskCommandPublisher;
import org.edxo.ai.gateway.tasks.TaskRepository;
import org.edxo.ai.gateway.tasks.TaskStarter;
import org.edxo.ai.gateway.web.ApiErrorHandler;
import org.edxo.ai.gateway.web.JsonBodyReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.server.context.SecurityContextServerWebExchangeWebFilter;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

/**
 * The plan de cours start routes with the real {@link TaskStarter} (role, schema and command checks) and the
 * recording, billing and broker sides mocked: what each route puts in the command, and what it refuses.
 */
class PlanDeCoursStartControllerTest {

    private static final String PLAN_DE_COURS = """
            {"id": 88, "cours_id": 14, "session": "H2026", "materiel": "Multimètre.",
             "cours_info": {"code": "243-2B4-JR", "nom": "Dépannage de circuits"},
             "calendriers": [{"semaine": 1, "sujet": "Sécurité", "activites": "", "travaux_hors_classe": "", "evaluations": ""}],
             "evaluations": [{"titre_evaluation": "Examen 1", "description": "Lois", "semaine": 6}]}""";
    private static final String PLAN_CADRE = """
            {"id": 21, "cours_id": 14, "objectif_terminal": "Dépanner.",
             "capacites": [{"id": 1, "capacite": "Analyser un circuit", "ponderation_min": 20, "ponderation_max": 30}]}""";
    private static final String SNAPSHOT = "{\"plan_de_cours\": " + PLAN_DE_COURS + ", \"plan_cadre\": " + PLAN_CADRE
            + ", \"additional_info\": \"Formule hybride.\"}";

    private final TaskRepository tasks = mock(TaskRepository.class);
    private final TaskCommandPublisher publisher = mock(TaskCommandPublisher.class);
    private final CreditCheck credits = mock(CreditCheck.class);
    private WebTestClient client;

    @BeforeEach
    void routes() {
        when(credits.requireCredit(anyString())).thenReturn(Mono.empty());
        when(tasks.insertPending(any(), anyString(), anyString(), anyString())).thenReturn(Mono.empty());
        when(publisher.publish(any())).thenReturn(Mono.empty());
        GatewayProperties properties = new GatewayProperties(URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1),
                Duration.ofSeconds(1), DataSize.ofMegabytes(2), null);
        client = WebTestClient.bindToController(new PlanDeCoursStartController(
                        new TaskStarter(tasks, publisher, credits), new JsonBodyReader(properties)))
                .controllerAdvice(new ApiErrorHandler())
                // As in the application: the exchange's principal is the authenticated JWT.
                .webFilter(new SecurityContextServerWebExchangeWebFilter())
                .apply(springSecurity())
                .configureClient().build();
    }

    private WebTestClient.ResponseSpec post(String path, String role, String body) {
        return client.mutateWith(mockJwt().jwt(jwt -> jwt.subject("user-7"))
                        .authorities(new SimpleGrantedAuthority("ROLE_" + role)))
                .post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    /** Starts, expects 202 {task_id}, and returns the command that was published. */
    private TaskCommand started(String path, String role, String body) {
        JsonNode answer = Json.tree(post(path, role, body).expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody());
        ArgumentCaptor<TaskCommand> command = ArgumentCaptor.forClass(TaskCommand.class);
        verify(publisher).publish(command.capture());
        assertThat(answer.path("task_id").asString()).isEqualTo(command.getValue().taskId().toString());
        assertThat(command.getValue().userId()).isEqualTo("user-7");
        return command.getValue();
    }

    private static JsonNode inputOf(TaskCommand command) {
        JsonNode input = Json.mapper().valueToTree(command.data().input());
        assertThat(ContractValidator.validate(TaskKinds.find(command.kind()).orElseThrow().inputSchema(), input)).isEmpty();
        return input;
    }

    private static ObjectNode snapshot() {
        return (ObjectNode) Json.tree(SNAPSHOT);
    }

    private List<String> fieldsOf(WebTestClient.ResponseSpec response) {
        JsonNode error = Json.tree(response.expectStatus().isBadRequest().expectBody(String.class).returnResult().getResponseBody());
        assertThat(error.path("error").asString()).isNotBlank();
        verify(publisher, never()).publish(any());
        return error.path("details").valueStream().map(detail -> detail.path("field").asString()).toList();
    }

    // ------------------------------------------------------------------------------------------ 202

    @Test
    void generateAllStartTakesTheSnapshotsPlanIdAndTheOriginalsFormKeys() {
        ObjectNode body = snapshot();
        body.put("cours_id", 14).put("session", "H2026").put("ai_model", "gpt-5-mini").put("improve_only", true);

        TaskCommand command = started("/plan_de_cours/generate_all_start", "professeur", body.toString());

        assertThat(command.kind()).isEqualTo("generate_plan_de_cours");
        JsonNode input = inputOf(command);
        assertThat(input.propertyNames()).containsExactlyInAnyOrder("plan_id", "plan_de_cours", "plan_cadre", "additional_info");
        assertThat(input.path("plan_id").asLong()).isEqualTo(88);
        assertThat(input.path("plan_de_cours")).isEqualTo(body.path("plan_de_cours"));
        assertThat(input.path("plan_cadre")).isEqualTo(body.path("plan_cadre"));
        assertThat(input.path("additional_info").asString()).isEqualTo("Formule hybride.");
        assertThat(command.data().options().model()).isEqualTo("gpt-5-mini");
    }

    @Test
    void generateTakesThePlanIdFromThePath() {
        TaskCommand command = started("/api/plan_de_cours/88/generate", "coordo", SNAPSHOT);

        assertThat(command.kind()).isEqualTo("generate_plan_de_cours");
        assertThat(inputOf(command).path("plan_id").asLong()).isEqualTo(88);
        assertThat(command.data().options()).isNull();
    }

    @Test
    void improveCarriesTheFieldName() {
        TaskCommand command = started("/api/plan_de_cours/88/improve/materiel", "professeur", SNAPSHOT);

        assertThat(command.kind()).isEqualTo("improve_plan_de_cours_field");
        JsonNode input = inputOf(command);
        assertThat(input.path("field_name").asString()).isEqualTo("materiel");
        assertThat(input.path("plan_id").asLong()).isEqualTo(88);
        assertThat(input.has("plan_de_cours")).isTrue();
    }

    @Test
    void generateCalendarCarriesTheEditorsRows() {
        ObjectNode body = snapshot();
        body.putArray("existing_calendriers").addObject().put("semaine", "2").put("sujet", "Loi d'Ohm");

        TaskCommand command = started("/api/plan_de_cours/88/generate_calendar", "admin", body.toString());

        assertThat(command.kind()).isEqualTo("generate_plan_de_cours_calendar");
        assertThat(inputOf(command).path("existing_calendriers")).isEqualTo(body.path("existing_calendriers"));
    }

    @Test
    void generateEvaluationsCarriesTheEditorsRows() {
        ObjectNode body = snapshot();
        body.putArray("existing_evaluations").addObject().put("titre", "Quiz")
                .putArray("capacites").addObject().put("capacite_id", 1).put("ponderation", "10");

        TaskCommand command = started("/api/plan_de_cours/88/generate_evaluations", "professeur", body.toString());

        assertThat(command.kind()).isEqualTo("generate_plan_de_cours_evaluations");
        assertThat(inputOf(command).path("existing_evaluations")).isEqualTo(body.path("existing_evaluations"));
    }

    // ------------------------------------------------------------------------------------------ 400

    @Test
    void anUnknownFieldIsRefusedWithTheOriginalsMessageBeforeTheBodyIsRead() {
        JsonNode error = Json.tree(post("/api/plan_de_cours/88/improve/nom_enseignant", "professeur", "{pas du JSON")
                .expectStatus().isBadRequest().expectBody(String.class).returnResult().getResponseBody());

        assertThat(error.path("error").asString()).isEqualTo("Champ non supporté: nom_enseignant");
        assertThat(error.path("details").path(0).path("field").asString()).isEqualTo("/field_name");
        assertThat(error.path("details").path(0).path("message").asString()).contains("materiel", "seuil_reussite");
        verify(publisher, never()).publish(any());
    }

    @Test
    void generateAllStartNamesAMissingOrMismatchedCourseOrSession() {
        assertThat(fieldsOf(post("/plan_de_cours/generate_all_start", "coordo", SNAPSHOT)))
                .containsExactlyInAnyOrder("/cours_id", "/session");
        ObjectNode other = snapshot();
        other.put("cours_id", 14).put("session", "A2025");
        assertThat(fieldsOf(post("/plan_de_cours/generate_all_start", "coordo", other.toString()))).containsExactly("/session");
        ObjectNode noId = snapshot();
        noId.put("cours_id", 14).put("session", "H2026");
        ((ObjectNode) noId.get("plan_de_cours")).remove("id");
        assertThat(fieldsOf(post("/plan_de_cours/generate_all_start", "coordo", noId.toString())))
                .containsExactly("/plan_de_cours/id");
    }

    @Test
    void theSnapshotMustBeThePathsPlan() {
        assertThat(fieldsOf(post("/api/plan_de_cours/89/generate_calendar", "coordo", SNAPSHOT)))
                .containsExactly("/plan_de_cours/id");
    }

    @Test
    void schemaViolationsNameTheirFieldOnEveryRoute() {
        ObjectNode noPlanCadre = snapshot();
        noPlanCadre.remove("plan_cadre");
        for (String path : List.of("/api/plan_de_cours/88/generate", "/api/plan_de_cours/88/improve/accomodement",
                "/api/plan_de_cours/88/generate_calendar", "/api/plan_de_cours/88/generate_evaluations")) {
            assertThat(fieldsOf(post(path, "coordo", noPlanCadre.toString()))).as(path).containsExactly("/plan_cadre");
        }
        ObjectNode tooLong = snapshot();
        tooLong.put("additional_info", "x".repeat(10_001));
        assertThat(fieldsOf(post("/api/plan_de_cours/88/generate", "coordo", tooLong.toString())))
                .containsExactly("/additional_info");
        ObjectNode badRows = snapshot();
        badRows.put("existing_calendriers", "semaine 1 : sécurité");
        assertThat(fieldsOf(post("/api/plan_de_cours/88/generate_calendar", "coordo", badRows.toString())))
                .containsExactly("/existing_calendriers");
        ObjectNode badWeek = snapshot();
        badWeek.withArray("/plan_de_cours/calendriers").addObject().put("semaine", "deux");
        assertThat(fieldsOf(post("/api/plan_de_cours/88/generate_evaluations", "coordo", badWeek.toString())))
                .containsExactly("/plan_de_cours/calendriers/1/semaine");
        post("/api/plan_de_cours/abc/generate", "coordo", SNAPSHOT).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Identifiant de plan invalide : abc");
    }

    // ------------------------------------------------------------------------------------------ 403

    @Test
    void onlyAdminsCoordosAndTeachersMayWritePlansDeCours() {
        for (String path : List.of("/plan_de_cours/generate_all_start", "/api/plan_de_cours/88/generate",
                "/api/plan_de_cours/88/improve/materiel", "/api/plan_de_cours/88/improve/nom_enseignant",
                "/api/plan_de_cours/88/generate_calendar", "/api/plan_de_cours/88/generate_evaluations")) {
            post(path, "invite", "{pas du JSON").expectStatus().isForbidden()
                    .expectBody().jsonPath("$.error")
                    .isEqualTo("Vous n'avez pas les droits nécessaires pour modifier ce plan de cours.");
        }
        verify(publisher, never()).publish(any());
    }
}
