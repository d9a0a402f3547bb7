package org.edxo.ai.gateway;

import com.rabbitmq.client.GetResponse;
import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.support.security.ServiceTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start routes of the programme grid, the logigramme and the six-level evaluation grid against the real
 * PostgreSQL and RabbitMQ: the original's checks in its order and words (role, programme membership from the
 * token's {@code programmes} claim, parameters), and the command each start puts on the workers' queue.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ProgrammeAndEvaluationStartRoutesTest {

    static final StartRouteInfrastructure INFRASTRUCTURE = new StartRouteInfrastructure();
    static final String PREFIX = INFRASTRUCTURE.prefix();
    static final ServiceTokens TOKENS = INFRASTRUCTURE.tokens();

    static final String GRILLE = """
            {"total_hours": "1860", "total_units": "", "nb_sessions": 6, "additional_info": "Stage à la fin.",
             "stream": true, "ai_model": "gpt-5-mini", "reasoning_effort": "",
             "programme": {"id": 7, "nom": "Techniques de l'informatique"},
             "competences": [{"code": "00SE", "nom": "Analyser les fonctions de travail"}]}""";
    static final String LOGIGRAMME = """
            {"additional_info": "Le stage réinvestit tout.", "verbosity": "low",
             "courses": [{"code": "420-1A1-JR", "nom": "Introduction à la programmation", "session": 1,
                          "heures_theorie": 2, "heures_laboratoire": 3, "heures_travail_maison": 3}],
             "competences": [{"code": "00Q7", "nom": "Produire des algorithmes", "criteria_de_performance": null,
                              "contexte_de_realisation": null, "elements": [{"nom": "Décomposer", "criteres": []}]}]}""";
    static final String GRID = """
            {"savoir_faire": "Rédiger un algorithme", "capacite": "Produire des algorithmes",
             "savoir_faire_id": "31", "evaluation_id": 12, "seuil": "Cas usuels.", "cible": null}""";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRASTRUCTURE.register(registry);
    }

    @LocalServerPort
    int port;

    // --------------------------------------------------------------------------------------------- grille

    @Test
    void aCoordoOfTheProgrammeStartsTheGridAndTheCommandCarriesTheFormAndTheSnapshot() {
        JsonNode command = startAndAwaitCommand("/programme/7/grille/generate", member("coordo-7", "coordo", 7), GRILLE);

        assertThat(command.get("kind").asString()).isEqualTo("generate_programme_grille");
        JsonNode input = command.get("data").get("input");
        assertThat(ContractValidator.validate(TaskKinds.GENERATE_PROGRAMME_GRILLE.inputSchema(), input)).isEmpty();
        assertThat(input.get("programme_id").asLong()).isEqualTo(7);
        assertThat(input.get("total_hours").isIntegralNumber()).as("the form's \"1860\" read as int()").isTrue();
        assertThat(input.get("total_hours").asLong()).isEqualTo(1860);
        assertThat(input.get("total_units").isNull()).as("an empty form field is not given").isTrue();
        assertThat(input.get("nb_sessions").asLong()).isEqualTo(6);
        assertThat(input.get("additional_info").asString()).isEqualTo("Stage à la fin.");
        assertThat(input.get("programme").get("nom").asString()).isEqualTo("Techniques de l'informatique");
        assertThat(input.get("competences").get(0).get("code").asString()).isEqualTo("00SE");
        assertThat(input.has("stream")).as("the modal's fixed payload is not part of the input").isFalse();
        assertThat(command.get("data").get("options").get("model").asString()).isEqualTo("gpt-5-mini");
        assertThat(command.get("data").get("options").has("reasoning_effort")).isFalse();
    }

    @Test
    void badHoursOrSessionsAre400WithTheOriginalsMessageNamingTheField() {
        String coordo = member("coordo-7", "coordo", 7);
        for (var bad : List.of(Map.entry(GRILLE.replace("\"1860\"", "0"), "/total_hours"),
                Map.entry(GRILLE.replace("\"1860\"", "\"beaucoup\""), "/total_hours"),
                Map.entry(GRILLE.replace("\"nb_sessions\": 6", "\"nb_sessions\": -2"), "/nb_sessions"),
                Map.entry(GRILLE.replace("\"nb_sessions\": 6,", ""), "/nb_sessions"))) {
            post("/programme/7/grille/generate", coordo, bad.getKey())
                    .expectStatus().isBadRequest()
                    .expectBody()
                    .jsonPath("$.error").isEqualTo("Paramètres invalides (heures/sessions).")
                    .jsonPath("$.details[0].field").isEqualTo(bad.getValue());
        }
        post("/programme/7/grille/generate", coordo, GRILLE.replace("\"competences\"", "\"autres\""))
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error").isEqualTo("Paramètres invalides.")
                .jsonPath("$.details[0].field").isEqualTo("/competences");
        post("/programme/7/grille/generate", coordo, GRILLE.replace("\"id\": 7", "\"id\": 8"))
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error").isEqualTo("Instantané invalide : le programme ne correspond pas à l'URL.")
                .jsonPath("$.details[0].field").isEqualTo("/programme/id");
    }

    @Test
    void rolesAndMembershipAreCheckedFirstWithTheOriginalsMessages() {
        for (String path : List.of("/programme/7/grille/generate", "/programme/7/logigramme/generate")) {
            String body = path.contains("grille") ? GRILLE : LOGIGRAMME;
            post(path, member("prof-7", "professeur", 7), body)
                    .expectStatus().isForbidden()
                    .expectBody().jsonPath("$.error").isEqualTo("Accès restreint (admin/coordo)");
            // Refused before the body is read: even a malformed one gets the 403.
            post(path, member("coordo-3", "coordo", 3), "{\"pas du JSON")
                    .expectStatus().isForbidden()
                    .expectBody().jsonPath("$.error").isEqualTo("Accès refusé");
            post(path, bearer("coordo-none", "coordo"), body)
                    .expectStatus().isForbidden()
                    .expectBody().jsonPath("$.error").isEqualTo("Accès refusé");
            post(path, bearer("admin-1", "admin"), body).expectStatus().isAccepted();
        }
    }

    @Test
    void theGenericRouteChecksMembershipToo() {
        ObjectNode input = (ObjectNode) Json.tree(GRILLE);
        input.remove(List.of("stream", "ai_model", "reasoning_effort", "total_units"));
        input.put("programme_id", 7).put("total_hours", 1860);
        String body = Json.mapper().createObjectNode().set("input", input).toString();
        post("/api/v1/tasks/generate_programme_grille", member("coordo-3", "coordo", 3), body)
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.error").isEqualTo("Accès refusé");
        post("/api/v1/tasks/generate_programme_grille", member("coordo-7", "coordo", 7), body)
                .expectStatus().isAccepted();
    }

    // --------------------------------------------------------------------------------------------- logigramme

    @Test
    void theLogigrammeStartCarriesTheSnapshotAndAdditionalInfo() {
        JsonNode command = startAndAwaitCommand("/programme/7/logigramme/generate", member("coordo-7", "coordo", 7, 9),
                LOGIGRAMME);

        assertThat(command.get("kind").asString()).isEqualTo("generate_programme_logigramme");
        JsonNode input = command.get("data").get("input");
        assertThat(ContractValidator.validate(TaskKinds.GENERATE_PROGRAMME_LOGIGRAMME.inputSchema(), input)).isEmpty();
        assertThat(input.get("programme_id").asLong()).isEqualTo(7);
        assertThat(input.get("courses").get(0).get("code").asString()).isEqualTo("420-1A1-JR");
        assertThat(input.get("additional_info").asString()).isEqualTo("Le stage réinvestit tout.");
        assertThat(command.get("data").get("options").get("verbosity").asString()).isEqualTo("low");
    }

    @Test
    void aLogigrammeWithoutCoursesIs400NamingTheField() {
        ObjectNode withoutCourses = (ObjectNode) Json.tree(LOGIGRAMME);
        withoutCourses.putArray("courses");
        post("/programme/7/logigramme/generate", member("coordo-7", "coordo", 7), withoutCourses.toString())
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error").isEqualTo("Instantané invalide : courses et competences sont requis.")
                .jsonPath("$.details[0].field").isEqualTo("/courses");
        post("/programme/abc/logigramme/generate", member("coordo-7", "coordo", 7), LOGIGRAMME)
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Identifiant de programme invalide : abc");
    }

    // --------------------------------------------------------------------------------------------- evaluation grid

    @Test
    void aTeacherStartsTheSixLevelGrid() {
        JsonNode command = startAndAwaitCommand("/evaluation/generate_six_level_grid", bearer("prof-1", "professeur"), GRID);

        assertThat(command.get("kind").asString()).isEqualTo("generate_evaluation_grid");
        JsonNode input = command.get("data").get("input");
        assertThat(ContractValidator.validate(TaskKinds.GENERATE_EVALUATION_GRID.inputSchema(), input)).isEmpty();
        assertThat(input.get("savoir_faire_id").asLong()).isEqualTo(31);
        assertThat(input.get("evaluation_id").asLong()).isEqualTo(12);
        assertThat(input.get("seuil").asString()).isEqualTo("Cas usuels.");
        assertThat(input.get("cible").isNull()).isTrue();
    }

    @Test
    void theSixLevelGridRefusesOtherRolesAndMissingFields() {
        post("/evaluation/generate_six_level_grid", bearer("guest-1", "invite"), GRID)
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.error").isEqualTo("Accès restreint (admin/coordo/professeur)");
        post("/evaluation/generate_six_level_grid", bearer("coordo-1", "coordo"), GRID.replace("\"savoir_faire\": \"Rédiger un algorithme\",", ""))
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error").isEqualTo("Paramètres invalides : savoir_faire, capacite, savoir_faire_id et evaluation_id sont requis.")
                .jsonPath("$.details[0].field").isEqualTo("/savoir_faire");
    }

    // --------------------------------------------------------------------------------------------- helpers

    WebTestClient.ResponseSpec post(String path, String authorization, String body) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60)).build()
                .post().uri(path)
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange();
    }

    JsonNode startAndAwaitCommand(String path, String authorization, String body) {
        String taskId = Json.tree(post(path, authorization, body)
                .expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody()).get("task_id").asString();
        GetResponse command = TestBroker.awaitCommand(PREFIX, taskId, Duration.ofSeconds(30));
        JsonNode tree = Json.tree(command.getBody());
        assertThat(ContractValidator.validate("schemas/messages/task-command.v1.schema.json", tree)).isEmpty();
        assertThat(command.getEnvelope().getRoutingKey()).isEqualTo(tree.get("kind").asString());
        return tree;
    }

    static String bearer(String user, String role) {
        return "Bearer " + TOKENS.mint(user, List.of(role), Duration.ofMinutes(10));
    }

    /** A token whose {@code programmes} claim lists the programmes the user belongs to. */
    static String member(String user, String role, Integer... programmes) {
        return "Bearer " + TOKENS.mint(user, List.of(role), Map.of("programmes", List.of(programmes)), Duration.ofMinutes(10));
    }
}
