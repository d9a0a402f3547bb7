package org.edxo.ai.settings;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.PromptTemplate;
import org.edxo.ai.contracts.kinds.PromptVariables;
import org.edxo.ai.contracts.messages.SettingsChanged;
import org.edxo.ai.support.security.ServiceTokens;
import org.edxo.ai.support.testing.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SettingsApiIntegrationTest {

    private static final String DATABASE = TestInfrastructure.createDatabase("settings");
    private static final String BROKER_PREFIX = TestInfrastructure.brokerPrefix();
    private static final String EXCHANGE = BROKER_PREFIX + "edxo.settings";
    private static final ServiceTokens TOKENS =
            new ServiceTokens(TestInfrastructure.JWT_SECRET, "settings-test", Clock.systemUTC());
    private static final String ADMIN = TOKENS.mint("admin-42", List.of("admin"), Duration.ofMinutes(10));
    private static final String SERVICE = TOKENS.mint("task-worker", List.of("service"), Duration.ofMinutes(10));
    private static final String COORDO = TOKENS.mint("coordo-7", List.of("coordo"), Duration.ofMinutes(10));

    private static Connection rabbit;
    private static final Queue<ReceivedMessage> received = new ConcurrentLinkedQueue<>();

    record ReceivedMessage(String routingKey, Map<String, Object> headers, JsonNode body) {
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", () -> TestInfrastructure.r2dbcUrl(DATABASE));
        registry.add("spring.flyway.url", () -> TestInfrastructure.jdbcUrl(DATABASE));
        registry.add("EDXO_BROKER_PREFIX", () -> BROKER_PREFIX);
        registry.add("edxo.security.jwt-secret", () -> TestInfrastructure.JWT_SECRET);
    }

    /** A plain AMQP queue bound like a worker's, so the test sees exactly what workers receive. */
    @BeforeAll
    static void listenToSettingsExchange() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        rabbit = factory.newConnection();
        Channel channel = rabbit.createChannel();
        channel.exchangeDeclare(EXCHANGE, "topic", true);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, EXCHANGE, "#");
        channel.basicConsume(queue, true, (tag, delivery) -> received.add(new ReceivedMessage(
                delivery.getEnvelope().getRoutingKey(), delivery.getProperties().getHeaders(),
                Json.tree(delivery.getBody()))), tag -> { });
    }

    @AfterAll
    static void removeExchange() throws Exception {
        try (Channel channel = rabbit.createChannel()) {
            channel.exchangeDelete(EXCHANGE);
        }
        rabbit.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient db;

    WebTestClient client;

    @BeforeEach
    void client() {
        client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30)).build();
    }

    private WebTestClient.ResponseSpec get(String path, String token) {
        return client.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
    }

    private WebTestClient.ResponseSpec put(String path, String token, String json) {
        return client.put().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    private static JsonNode json(WebTestClient.ResponseSpec response) {
        byte[] body = response.expectBody().returnResult().getResponseBody();
        return Json.tree(new String(body, StandardCharsets.UTF_8));
    }

    private static List<String> detailFields(JsonNode body) {
        return body.get("details").valueStream().map(detail -> detail.get("field").stringValue()).toList();
    }

    private List<Map<String, Object>> history(String section) {
        return db.sql("SELECT entity, name, changed_by, before::text AS before, after::text AS after "
                        + "FROM settings.setting_changes WHERE section = :section ORDER BY id")
                .bind("section", section)
                .fetch().all().collectList().block(Duration.ofSeconds(5));
    }

    @Test
    void aWorkerReadsTheSeededAnalysisSectionWithItsTemplate() {
        JsonNode section = json(get("/api/v1/settings/sections/analyse_plan_cours", SERVICE).expectStatus().isOk());

        assertThat(section.get("section").stringValue()).isEqualTo("analyse_plan_cours");
        assertThat(section.get("ai_model").stringValue()).isEqualTo("gpt-5");
        assertThat(section.get("reasoning_effort").stringValue()).isEqualTo("medium");
        assertThat(section.get("verbosity").stringValue()).isEqualTo("medium");
        assertThat(section.has("max_output_tokens")).isTrue();
        assertThat(section.get("max_output_tokens").isNull()).isTrue();
        assertThat(section.get("system_prompt").stringValue()).contains("plan-cadre", "JSON");
        assertThat(section.get("templates").get("prompt").stringValue())
                .contains("compatibility_percentage", "recommendation_ameliore", "recommendation_plan_cadre",
                        "savoir-être");
        assertThat(section.get("updated_at").stringValue()).endsWith("Z");
    }

    @Test
    void thePlanDeCoursSectionsAreSeededWithPromptsAndTemplatesUsingOnlyTheirTasksVariables() {
        JsonNode generation = json(get("/api/v1/settings/sections/plan_de_cours", SERVICE).expectStatus().isOk());
        assertThat(generation.get("system_prompt").stringValue())
                .contains("plan-cadre", "calendriers", "evaluations", "JSON", "100 %");
        JsonNode improve = json(get("/api/v1/settings/sections/plan_de_cours_improve", SERVICE).expectStatus().isOk());
        assertThat(improve.get("system_prompt").stringValue()).contains("champ_description", "JSON");

        JsonNode templates = generation.get("templates");
        List<String> names = new java.util.ArrayList<>(PromptVariables.PLAN_DE_COURS_FIELDS);
        names.addAll(List.of("all", "calendrier"));
        for (String name : names) {
            String template = templates.get(name).stringValue();
            assertThat(PromptTemplate.unknownPlaceholders(template,
                    PromptVariables.allowed("plan_de_cours", name).orElseThrow().keySet())).as(name).isEmpty();
        }
    }

    @Test
    void everySectionIsSeededAndAdminsListThem() {
        JsonNode sections = json(get("/api/v1/settings/sections", ADMIN).expectStatus().isOk());

        List<String> names = sections.valueStream().map(section -> section.get("section").stringValue()).toList();
        assertThat(names).contains("analyse_plan_cours", "plan_cadre", "plan_cadre_improve", "plan_cadre_import",
                "plan_de_cours", "plan_de_cours_improve", "plan_de_cours_import", "logigramme", "grille",
                "grille_import", "ocr", "evaluation", "docx_to_schema");
        assertThat(names).hasSize(13);
    }

    @Test
    void theProgrammeAndEvaluationSectionsAreSeededWithFrenchPromptsDescribingTheirAnswers() {
        JsonNode grille = json(get("/api/v1/settings/sections/grille", SERVICE).expectStatus().isOk());
        assertThat(grille.get("system_prompt").stringValue()).contains("sessions", "courses", "nom", "heures_theorie",
                "heures_laboratoire", "heures_travail_maison", "nombre_unites", "prealables", "corequis",
                "fils_conducteurs", "description", "couleur", "#RRGGBB", "au plus deux");
        JsonNode logigramme = json(get("/api/v1/settings/sections/logigramme", SERVICE).expectStatus().isOk());
        assertThat(logigramme.get("system_prompt").stringValue()).contains("links", "cours_code", "competence_code",
                "developpe", "atteint", "reinvesti", "additional_info");
        JsonNode evaluation = json(get("/api/v1/settings/sections/evaluation", SERVICE).expectStatus().isOk());
        assertThat(evaluation.get("system_prompt").stringValue()).contains("Niveau 1", "Niveau 4 — Seuil de réussite",
                "Niveau 6 — Dépassement", "level1_description", "level6_description");
    }

    @Test
    void thePdfImportSectionsAreSeededWithFrenchPromptsDescribingTheOriginalsSchemas() {
        JsonNode ocr = json(get("/api/v1/settings/sections/ocr", SERVICE).expectStatus().isOk());
        assertThat(ocr.get("system_prompt").stringValue()).contains("devis ministériel", "Code", "Nom de la compétence",
                "Contexte de réalisation", "texte", "sous_points", "Critères de performance pour l’ensemble de la compétence",
                "Éléments", "element", "criteres", "N'invente rien");
        JsonNode grilleImport = json(get("/api/v1/settings/sections/grille_import", SERVICE).expectStatus().isOk());
        assertThat(grilleImport.get("system_prompt").stringValue()).contains("grille de cours", "programme", "sessions",
                "numero_session", "code_cours", "titre_cours", "heures_theorie", "heures_labo", "heures_maison",
                "prerequis", "pourcentage_minimum", "corequis");
    }

    @Test
    void theDocxSectionsAreSeededWithFrenchPromptsDescribingTheirAnswers() {
        JsonNode planDeCours = json(get("/api/v1/settings/sections/plan_de_cours_import", SERVICE).expectStatus().isOk());
        assertThat(planDeCours.get("system_prompt").stringValue()).contains("TABLE n:", "calendriers", "mediagraphies",
                "disponibilites", "nom_enseignant", "evaluations", "N'invente rien");
        JsonNode planCadre = json(get("/api/v1/settings/sections/plan_cadre_import", SERVICE).expectStatus().isOk());
        assertThat(planCadre.get("system_prompt").stringValue()).contains("place_intro", "competences_developpees",
                "savoir_etre", "capacites", "seuil de réussite", "N'invente rien");
        assertThat(planCadre.get("templates").get("prompt").stringValue()).contains("{doc_text}");
        JsonNode docxToSchema = json(get("/api/v1/settings/sections/docx_to_schema", SERVICE).expectStatus().isOk());
        assertThat(docxToSchema.get("system_prompt").stringValue()).contains("title", "description", "schema",
                "markdown", "draft 2020-12");
        assertThat(docxToSchema.get("reasoning_effort").stringValue()).isEqualTo("medium");
        assertThat(docxToSchema.get("verbosity").stringValue()).isEqualTo("medium");
    }

    @Test
    void callersWithoutTheRightTokenAreTurnedAway() {
        client.get().uri("/api/v1/settings/sections/analyse_plan_cours").exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isNotEmpty();
        put("/api/v1/settings/sections/analyse_plan_cours", COORDO, "{\"verbosity\":\"low\"}")
                .expectStatus().isForbidden();
        get("/api/v1/settings/sections/analyse_plan_cours", COORDO).expectStatus().isForbidden();
        get("/api/v1/settings/sections", SERVICE).expectStatus().isForbidden();
        put("/api/v1/settings/sections/analyse_plan_cours", SERVICE, "{\"verbosity\":\"low\"}")
                .expectStatus().isForbidden();
        client.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void anAdminChangeIsReadBackAndRecordedInHistory() {
        String seeded = json(get("/api/v1/settings/sections/plan_cadre", SERVICE).expectStatus().isOk())
                .get("system_prompt").stringValue();
        JsonNode updated = json(put("/api/v1/settings/sections/plan_cadre", ADMIN,
                "{\"system_prompt\":\"Tu rédiges des plans-cadres.\",\"reasoning_effort\":\"high\",\"max_output_tokens\":4000}")
                .expectStatus().isOk());
        assertThat(updated.get("system_prompt").stringValue()).isEqualTo("Tu rédiges des plans-cadres.");

        JsonNode read = json(get("/api/v1/settings/sections/plan_cadre", SERVICE).expectStatus().isOk());
        assertThat(read.get("system_prompt").stringValue()).isEqualTo("Tu rédiges des plans-cadres.");
        assertThat(read.get("reasoning_effort").stringValue()).isEqualTo("high");
        assertThat(read.get("max_output_tokens").intValue()).isEqualTo(4000);
        assertThat(read.get("verbosity").isNull()).isTrue();

        List<Map<String, Object>> changes = history("plan_cadre");
        assertThat(changes).hasSize(1);
        Map<String, Object> change = changes.get(0);
        assertThat(change).containsEntry("entity", "section").containsEntry("changed_by", "admin-42");
        assertThat(change.get("name")).isNull();
        JsonNode before = Json.tree((String) change.get("before"));
        JsonNode after = Json.tree((String) change.get("after"));
        assertThat(before.get("system_prompt").stringValue()).isEqualTo(seeded);
        assertThat(before.get("reasoning_effort").isNull()).isTrue();
        assertThat(after.get("system_prompt").stringValue()).isEqualTo("Tu rédiges des plans-cadres.");
        assertThat(after.get("max_output_tokens").intValue()).isEqualTo(4000);
        String updatedBy = db.sql("SELECT updated_by FROM settings.section_settings WHERE section = 'plan_cadre'")
                .map(row -> row.get(0, String.class)).one().block(Duration.ofSeconds(5));
        assertThat(updatedBy).isEqualTo("admin-42");
    }

    @Test
    void absentFieldsStayWhileExplicitNullsClear() {
        put("/api/v1/settings/sections/plan_de_cours", ADMIN, "{\"reasoning_effort\":\"low\",\"verbosity\":\"high\"}")
                .expectStatus().isOk();

        JsonNode section = json(put("/api/v1/settings/sections/plan_de_cours", ADMIN, "{\"reasoning_effort\":null}")
                .expectStatus().isOk());

        assertThat(section.get("reasoning_effort").isNull()).isTrue();
        assertThat(section.get("verbosity").stringValue()).isEqualTo("high");
        assertThat(history("plan_de_cours")).hasSize(2);
    }

    @Test
    void anUpdateThatChangesNothingWritesNothing() {
        put("/api/v1/settings/sections/ocr", ADMIN, "{\"ai_model\":\"gpt-5\",\"verbosity\":null}").expectStatus().isOk();

        assertThat(history("ocr")).isEmpty();
    }

    @Test
    void invalidValuesAreRejectedFieldByField() {
        JsonNode effort = json(put("/api/v1/settings/sections/grille", ADMIN, "{\"reasoning_effort\":\"extreme\"}")
                .expectStatus().isBadRequest());
        assertThat(effort.get("error").stringValue()).isEqualTo("Paramètres invalides.");
        assertThat(detailFields(effort)).containsExactly("reasoning_effort");

        JsonNode model = json(put("/api/v1/settings/sections/grille", ADMIN, "{\"ai_model\":\"gpt-9\"}")
                .expectStatus().isBadRequest());
        assertThat(detailFields(model)).containsExactly("ai_model");

        JsonNode several = json(put("/api/v1/settings/sections/grille", ADMIN,
                "{\"verbosity\":\"verbose\",\"max_output_tokens\":500000,\"model\":\"gpt-5\"}").expectStatus().isBadRequest());
        assertThat(detailFields(several)).containsExactlyInAnyOrder("verbosity", "max_output_tokens", "model");

        db.sql("INSERT INTO settings.models (name, enabled, supports_reasoning, max_output_tokens) "
                + "VALUES ('gpt-4o-retired', FALSE, FALSE, 16384)").then().block(Duration.ofSeconds(5));
        JsonNode disabled = json(put("/api/v1/settings/sections/grille", ADMIN, "{\"ai_model\":\"gpt-4o-retired\"}")
                .expectStatus().isBadRequest());
        assertThat(disabled.get("details").get(0).get("message").stringValue()).contains("désactivé");

        assertThat(history("grille")).isEmpty();
    }

    @Test
    void anUnknownSectionIsNotFound() {
        put("/api/v1/settings/sections/nope", ADMIN, "{\"verbosity\":\"low\"}")
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("Section inconnue : nope");
        get("/api/v1/settings/sections/nope", SERVICE).expectStatus().isNotFound();
        put("/api/v1/settings/sections/nope/templates/prompt", ADMIN, "{\"template\":\"x\"}")
                .expectStatus().isNotFound();
    }

    @Test
    void malformedBodiesAreBadRequests() {
        put("/api/v1/settings/sections/grille", ADMIN, "{\"verbosity\": ").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Corps de requête JSON invalide.");
        put("/api/v1/settings/sections/grille", ADMIN, "[1, 2]").expectStatus().isBadRequest();
        client.put().uri("/api/v1/settings/sections/grille").header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN)
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isNotEmpty();
        put("/api/v1/settings/sections/grille/templates/prompt", ADMIN, "not json").expectStatus().isBadRequest();
    }

    @Test
    void anAdminWritesATemplateAndItIsRecorded() {
        JsonNode section = json(put("/api/v1/settings/sections/evaluation/templates/grille_six_niveaux", ADMIN,
                "{\"template\":\"Décris les six niveaux.\"}").expectStatus().isOk());
        assertThat(section.get("templates").get("grille_six_niveaux").stringValue()).isEqualTo("Décris les six niveaux.");

        put("/api/v1/settings/sections/evaluation/templates/grille_six_niveaux", ADMIN,
                "{\"template\":\"Décris les six niveaux de réussite.\"}").expectStatus().isOk();

        List<Map<String, Object>> changes = history("evaluation");
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0)).containsEntry("entity", "template").containsEntry("name", "grille_six_niveaux");
        assertThat(changes.get(0).get("before")).isNull();
        assertThat(Json.tree((String) changes.get(1).get("before")).get("template").stringValue())
                .isEqualTo("Décris les six niveaux.");
        assertThat(Json.tree((String) changes.get(1).get("after")).get("template").stringValue())
                .isEqualTo("Décris les six niveaux de réussite.");

        JsonNode blank = json(put("/api/v1/settings/sections/evaluation/templates/grille_six_niveaux", ADMIN,
                "{\"template\":\"   \"}").expectStatus().isBadRequest());
        assertThat(detailFields(blank)).containsExactly("template");
    }

    @Test
    void aChangeIsAnnouncedToWorkers() {
        put("/api/v1/settings/sections/logigramme", ADMIN, "{\"verbosity\":\"low\"}").expectStatus().isOk();
        put("/api/v1/settings/sections/logigramme/templates/prompt", ADMIN, "{\"template\":\"Relie les cours.\"}")
                .expectStatus().isOk();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(received).filteredOn(message -> message.body().get("section").stringValue().equals("logigramme"))
                        .hasSize(2)
                        .allSatisfy(message -> {
                            assertThat(message.routingKey()).isEqualTo("changed");
                            assertThat(message.body().get("type").stringValue()).isEqualTo(SettingsChanged.TYPE);
                            assertThat(String.valueOf(message.headers().get("edxo_type"))).isEqualTo(SettingsChanged.TYPE);
                        }));
    }

    @Test
    void anyAuthenticatedCallerReadsTheModelCatalogue() {
        get("/api/v1/settings/models", COORDO).expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.name == 'gpt-5')].enabled").isEqualTo(List.of(true))
                .jsonPath("$[?(@.name == 'gpt-5-mini')].supports_reasoning").isEqualTo(List.of(true))
                .jsonPath("$[?(@.name == 'gpt-5-nano')].max_output_tokens").isEqualTo(List.of(128000));
    }
}
