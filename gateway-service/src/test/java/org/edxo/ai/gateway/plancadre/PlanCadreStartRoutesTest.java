package org.edxo.ai.gateway.plancadre;

import org.edxo.ai.gateway.StartRouteInfrastructure;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
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

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The four plan-cadre start routes against the real PostgreSQL and RabbitMQ (own database and broker prefix),
 * billing answering a positive balance: 202 with the command's input on the workers' queue, 400 naming the
 * bad field, 403 for a professeur.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class PlanCadreStartRoutesTest {

    static final StartRouteInfrastructure INFRASTRUCTURE = new StartRouteInfrastructure();
    static final String PREFIX = INFRASTRUCTURE.prefix();
    static final ServiceTokens TOKENS = INFRASTRUCTURE.tokens();

    static final String PLAN_CADRE = """
            {"id": 31, "cours_id": 18, "objectif_terminal": "Choisir les structures de données appropriées.",
             "capacites": [{"id": 5, "capacite": "Implanter des structures linéaires", "ponderation_min": 30, "ponderation_max": 40,
               "savoirs_necessaires": [{"id": 1, "texte": "Listes chaînées"}], "savoirs_faire": [], "moyens_evaluation": []}],
             "savoirs_etre": [{"id": 1, "texte": "Rigueur"}], "objets_cibles": [], "competences_developpees": []}""";
    static final String CONTEXTE = """
            {"code_cours": "420-2B4-EM", "nom_cours": "Structures de données", "programme": "Techniques de l'informatique",
             "session": 2, "prealables_of": [{"code": "420-3C5-EM", "nom": "Bases de données", "note_necessaire": 60}],
             "heures_theorie": 3, "heures_lab": 3, "heures_maison": 3}""";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRASTRUCTURE.register(registry);
    }

    @LocalServerPort
    int port;

    private WebTestClient.ResponseSpec post(String path, String role, String body) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30)).build()
                .post().uri(path)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKENS.mint(role + "-1", List.of(role), Duration.ofMinutes(10)))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange();
    }

    private static String body(String extra) {
        return "{\"plan_cadre\": " + PLAN_CADRE + ", \"contexte\": " + CONTEXTE + extra + "}";
    }

    /** Starts a task and returns the input of its command, as the workers receive it. */
    private JsonNode startedInput(String path, String role, String body) {
        byte[] answer = post(path, role, body).expectStatus().isAccepted().expectBody().returnResult().getResponseBody();
        String taskId = Json.tree(answer).get("task_id").asString();
        JsonNode command = Json.tree(awaitCommand(taskId).getBody());
        assertThat(command.path("kind").asString()).isEqualTo("generate_plan_cadre");
        JsonNode input = command.path("data").path("input");
        assertThat(ContractValidator.validate(TaskKinds.GENERATE_PLAN_CADRE.inputSchema(), input)).isEmpty();
        return command.path("data");
    }

    @Test
    void generateAndImproveStartTheKindInImproveModeWithTheSnapshotAndTheOverrides() {
        JsonNode generate = startedInput("/api/plan_cadre/31/generate", "coordo", body(
                ", \"additional_info\": \"Insister sur les tests.\", \"improve_only\": false, \"stream\": true,"
                        + " \"ai_model\": \"gpt-5-mini\", \"reasoning_effort\": \"low\", \"verbosity\": \"\""));
        JsonNode input = generate.path("input");
        assertThat(input.path("plan_id").asLong()).isEqualTo(31);
        assertThat(input.path("improve_only").asBoolean()).as("every route forces improve_only").isTrue();
        assertThat(input.path("additional_info").asString()).isEqualTo("Insister sur les tests.");
        assertThat(input.path("plan_cadre")).isEqualTo(Json.tree(PLAN_CADRE));
        assertThat(input.path("contexte")).isEqualTo(Json.tree(CONTEXTE));
        assertThat(input.has("stream")).isFalse();
        assertThat(input.has("target_columns")).isFalse();
        assertThat(generate.path("options")).isEqualTo(Json.tree("{\"model\": \"gpt-5-mini\", \"reasoning_effort\": \"low\"}"));

        JsonNode improve = startedInput("/api/plan_cadre/31/improve", "admin",
                body(", \"target_columns\": \"capacites, savoirs_etre\""));
        assertThat(improve.path("input").path("target_columns")).isEqualTo(Json.tree("[\"capacites\", \"savoirs_etre\"]"));
        assertThat(improve.path("input").path("improve_only").asBoolean()).isTrue();
        assertThat(improve.has("options")).isFalse();
    }

    @Test
    void improvingOneSectionTargetsItAndTheWandModeTravelsWithItsInstruction() {
        JsonNode input = startedInput("/api/plan_cadre/31/improve/objectif_terminal", "coordo", body(
                ", \"mode\": \" Wand \", \"wand_instruction\": \"Plus concis.\", \"target_columns\": [\"capacites\"]")).path("input");

        assertThat(input.path("target_columns")).isEqualTo(Json.tree("[\"objectif_terminal\"]"));
        assertThat(input.path("mode").asString()).isEqualTo("wand");
        assertThat(input.path("wand_instruction").asString()).isEqualTo("Plus concis.");
    }

    @Test
    void theLegacyRouteAnswers202LikeTheOthers() {
        JsonNode input = startedInput("/plan_cadre/31/generate_content", "coordo",
                body(", \"additional_info\": \"Cours de deuxième session.\"")).path("input");

        assertThat(input.path("improve_only").asBoolean()).isTrue();
        assertThat(input.path("additional_info").asString()).isEqualTo("Cours de deuxième session.");
    }

    @Test
    void badInputsAre400NamingTheField() {
        post("/api/plan_cadre/31/improve/introduction", "coordo", body(""))
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error").isEqualTo("Section inconnue : introduction")
                .jsonPath("$.details[0].field").isEqualTo("section")
                .jsonPath("$.details[0].message").value(message -> assertThat((String) message)
                        .startsWith("Sections permises : place_intro, objectif_terminal,").contains("capacites"));
        post("/api/plan_cadre/31/generate", "coordo", "{\"contexte\": " + CONTEXTE + "}")
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error").isEqualTo("Données invalides pour la génération du plan-cadre.")
                .jsonPath("$.details[0].field").isEqualTo("/plan_cadre");
        post("/api/plan_cadre/31/improve", "coordo", body(", \"target_columns\": \"capacites, objectifs\""))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.details[0].field").isEqualTo("/target_columns/1");
        post("/plan_cadre/31/generate_content", "coordo", body(", \"mode\": \"baguette\""))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.details[0].field").isEqualTo("/mode");
        post("/api/plan_cadre/abc/generate", "coordo", body(""))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Identifiant de plan-cadre invalide : abc");
    }

    @Test
    void aProfesseurGets403OnEveryRouteBeforeTheBodyIsRead() {
        for (String path : List.of("/api/plan_cadre/31/generate", "/api/plan_cadre/31/improve",
                "/api/plan_cadre/31/improve/capacites", "/api/plan_cadre/31/improve/inconnue", "/plan_cadre/31/generate_content")) {
            post(path, "professeur", "pas du JSON")
                    .expectStatus().isForbidden()
                    .expectBody().jsonPath("$.error")
                    .isEqualTo("Vous n'avez pas les droits nécessaires pour générer ou améliorer ce plan-cadre.");
        }
    }

    private static GetResponse awaitCommand(String taskId) {
        AtomicReference<GetResponse> found = new AtomicReference<>();
        Map<String, GetResponse> seen = new HashMap<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            try (Connection connection = rabbit(); Channel channel = connection.createChannel()) {
                GetResponse response;
                while ((response = channel.basicGet(PREFIX + "edxo.task.commands.workers", true)) != null) {
                    seen.put(String.valueOf(response.getProps().getHeaders().get("edxo_task_id")), response);
                }
            }
            found.set(seen.get(taskId));
            return found.get() != null;
        });
        return found.get();
    }

    private static Connection rabbit() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        return factory.newConnection("plan-cadre-routes-test");
    }
}
