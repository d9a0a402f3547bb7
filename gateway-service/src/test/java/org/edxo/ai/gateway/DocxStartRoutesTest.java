package org.edxo.ai.gateway;

import com.rabbitmq.client.GetResponse;
import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.gateway.uploads.TestFiles;
import org.edxo.ai.support.security.ServiceTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DOCX start routes (plan de cours import, plan-cadre import, DOCX → schema) against the real PostgreSQL and
 * RabbitMQ: multipart as EDxo's file modal posts it and JSON naming an upload, the command's input, 400 naming
 * the field, 403 with the original's refusal, 415 for a PDF or a text file named .docx.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class DocxStartRoutesTest {

    static final StartRouteInfrastructure INFRASTRUCTURE = new StartRouteInfrastructure();
    static final String PREFIX = INFRASTRUCTURE.prefix();
    static final ServiceTokens TOKENS = INFRASTRUCTURE.tokens();

    static final String PLAN_DE_COURS = """
            {"id": 101, "cours_id": 12, "session": "A2025",
             "cours_info": {"code": "243-2A4-RK", "nom": "Circuits électriques"}, "materiel": "Multimètre."}""";
    static final String PLAN_CADRE = """
            {"id": 55, "capacites": [{"id": 1, "capacite": "Analyser le fonctionnement d'un circuit"}]}""";
    static final String DENIED = "Vous n'avez pas la permission d'accéder à cette page.";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRASTRUCTURE.register(registry);
    }

    @LocalServerPort
    int port;

    // --------------------------------------------------------------------------------------------- plan de cours

    @Test
    void aPlanDeCoursDocxStartsTheImportWithTheSnapshotsAndItsUpload() {
        MultipartBodyBuilder form = planDeCoursForm(TestFiles.docx("Plan de cours", 0), "plan.docx");
        JsonNode command = startAndAwaitCommand("/plan_de_cours/import_docx_start", bearer("prof-1", "professeur"), form,
                TaskKinds.IMPORT_PLAN_DE_COURS);
        JsonNode input = command.path("data").path("input");
        assertThat(input.path("plan_id").asLong()).isEqualTo(101);
        assertThat(input.path("plan_de_cours")).isEqualTo(Json.tree(PLAN_DE_COURS));
        assertThat(input.path("plan_cadre")).isEqualTo(Json.tree(PLAN_CADRE));
        assertThat(input.has("cours_id")).as("the form's cours_id only names the plan").isFalse();
        // The upload is the task's: its owner sees it attached.
        JsonNode upload = Json.tree(http().get().uri("/api/v1/uploads/" + input.path("upload_id").asString())
                .header(HttpHeaders.AUTHORIZATION, bearer("prof-1", "professeur")).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        assertThat(upload.path("task_id").asString()).isEqualTo(command.path("task_id").asString());
        assertThat(upload.path("filename").asString()).isEqualTo("plan.docx");
    }

    @Test
    void anyRoleMayImportAPlanDeCoursAsInTheOriginal() {
        startAndAwaitCommand("/plan_de_cours/import_docx_start", bearer("guest-1", "invite"),
                planDeCoursForm(TestFiles.docx("Plan", 0), "plan.docx"), TaskKinds.IMPORT_PLAN_DE_COURS);
    }

    @Test
    void aJsonStartNamesAnUploadMadeBefore() {
        String owner = bearer("prof-2", "professeur");
        String uploadId = upload(owner, TestFiles.docx("Plan", 0), "plan.docx");
        String body = """
                {"upload_id": "%s", "cours_id": 12, "session": "A2025", "plan_de_cours": %s, "plan_cadre": %s,
                 "options": {"model": "gpt-5-mini"}}""".formatted(uploadId, PLAN_DE_COURS, PLAN_CADRE);
        String taskId = taskId(json("/plan_de_cours/import_docx_start", owner, body).expectStatus().isAccepted());
        JsonNode command = awaitCommand(taskId, TaskKinds.IMPORT_PLAN_DE_COURS);
        assertThat(command.path("data").path("input").path("upload_id").asString()).isEqualTo(uploadId);
        assertThat(command.path("data").path("options").path("model").asString()).isEqualTo("gpt-5-mini");

        json("/plan_de_cours/import_docx_start", owner, body.replace("\"upload_id\": \"" + uploadId + "\",", ""))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.details[0].field").isEqualTo("/upload_id");
    }

    @Test
    void aBadPlanDeCoursFormIs400NamingTheField() {
        String prof = bearer("prof-3", "professeur");
        for (var bad : List.of(Map.entry("cours_id", "13"), Map.entry("cours_id", "douze"), Map.entry("session", ""))) {
            MultipartBodyBuilder form = planDeCoursForm(TestFiles.docx("Plan", 0), "plan.docx");
            form.part(bad.getKey(), bad.getValue()); // a repeated field: the last value wins
            multipart("/plan_de_cours/import_docx_start", prof, form).expectStatus().isBadRequest()
                    .expectBody()
                    .jsonPath("$.error").isEqualTo("Requête invalide pour le plan de cours : voir details.")
                    .jsonPath("$.details[0].field").isEqualTo("/" + bad.getKey());
        }
        MultipartBodyBuilder broken = new MultipartBodyBuilder();
        broken.part("file", resource(TestFiles.docx("Plan", 0), "plan.docx"));
        broken.part("cours_id", "12");
        broken.part("session", "A2025");
        broken.part("plan_de_cours", "{\"id\": 101,");
        multipart("/plan_de_cours/import_docx_start", prof, broken).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.details[0].field").isEqualTo("/plan_de_cours");
    }

    @Test
    void aPdfOrATextFileNamedDocxIs415NamingTheExpectedType() {
        String prof = bearer("prof-4", "professeur");
        multipart("/plan_de_cours/import_docx_start", prof, planDeCoursForm(TestFiles.pdf("plan"), "plan.pdf"))
                .expectStatus().isEqualTo(415)
                .expectBody().jsonPath("$.error")
                .isEqualTo("Le fichier « plan.pdf » est un document PDF ; un document Word (.docx) est attendu.");
        multipart("/plan_de_cours/import_docx_start", prof, planDeCoursForm(TestFiles.text("Plan de cours"), "plan.docx"))
                .expectStatus().isEqualTo(415)
                .expectBody().jsonPath("$.error")
                .isEqualTo("Type de fichier non pris en charge : seuls les documents PDF et Word (.docx) sont acceptés.");
        // A PDF uploaded before cannot be named either.
        String pdf = upload(prof, TestFiles.pdf("plan"), "plan.pdf");
        json("/plan_cadre/55/import_docx_start", bearer("coordo-4", "coordo"), "{\"upload_id\": \"" + pdf + "\"}")
                .expectStatus().isNotFound();
        String coordo = bearer("coordo-5", "coordo");
        String coordoPdf = upload(coordo, TestFiles.pdf("plan"), "plan-cadre.pdf");
        json("/plan_cadre/55/import_docx_start", coordo, "{\"upload_id\": \"" + coordoPdf + "\"}")
                .expectStatus().isEqualTo(415)
                .expectBody().jsonPath("$.error")
                .isEqualTo("Le fichier « plan-cadre.pdf » est un document PDF ; un document Word (.docx) est attendu.");
    }

    // --------------------------------------------------------------------------------------------- plan-cadre

    @Test
    void aCoordoImportsAPlanCadreDocxWithTheModelOfTheForm() {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("file", resource(TestFiles.docx("Plan-cadre", 0), "plan-cadre.docx"));
        form.part("ai_model", "gpt-5-mini");
        form.part("cours_id", "12");
        JsonNode command = startAndAwaitCommand("/plan_cadre/55/import_docx_start", bearer("coordo-1", "coordo"), form,
                TaskKinds.IMPORT_PLAN_CADRE);
        JsonNode input = command.path("data").path("input");
        assertThat(input.path("plan_id").asLong()).isEqualTo(55);
        assertThat(input.path("cours_id").asLong()).isEqualTo(12);
        assertThat(command.path("data").path("options")).isEqualTo(Json.tree("{\"model\": \"gpt-5-mini\"}"));
    }

    @Test
    void thePlanCadreImportRefusesOtherRolesFirstAndABadPath() {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("file", resource(TestFiles.docx("Plan-cadre", 0), "plan-cadre.docx"));
        multipart("/plan_cadre/55/import_docx_start", bearer("prof-5", "professeur"), form).expectStatus().isForbidden()
                .expectBody().jsonPath("$.error").isEqualTo(DENIED);
        multipart("/plan_cadre/abc/import_docx_start", bearer("coordo-2", "coordo"), form).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Identifiant de plan-cadre invalide : abc");
        form.part("cours_id", "douze");
        multipart("/plan_cadre/55/import_docx_start", bearer("coordo-2", "coordo"), form).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.details[0].field").isEqualTo("/cours_id");
    }

    // --------------------------------------------------------------------------------------------- docx → schema

    @Test
    void anAdminTurnsADocxIntoASchemaWithTheFormsModelEffortAndVerbosity() {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("file", resource(TestFiles.docx("Formulaire", 0), "formulaire.docx"));
        form.part("model", "gpt-5-mini");
        form.part("reasoning_level", "high");
        form.part("verbosity", "low");
        JsonNode command = startAndAwaitCommand("/docx_to_schema/start", bearer("admin-1", "admin"), form,
                TaskKinds.DOCX_TO_SCHEMA);
        assertThat(command.path("data").path("input").propertyNames()).containsExactly("upload_id");
        assertThat(command.path("data").path("options"))
                .isEqualTo(Json.tree("{\"model\": \"gpt-5-mini\", \"reasoning_effort\": \"high\", \"verbosity\": \"low\"}"));
    }

    @Test
    void docxToSchemaIsForAdminsAndItsLevelsAreLowMediumOrHigh() {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("file", resource(TestFiles.docx("Formulaire", 0), "formulaire.docx"));
        multipart("/docx_to_schema/start", bearer("coordo-3", "coordo"), form).expectStatus().isForbidden()
                .expectBody().jsonPath("$.error").isEqualTo(DENIED);
        form.part("reasoning_level", "extreme");
        multipart("/docx_to_schema/start", bearer("admin-2", "admin"), form).expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error").isEqualTo("Requête invalide pour la conversion DOCX → schéma : voir details.")
                .jsonPath("$.details[0].field").isEqualTo("/reasoning_level");
    }

    // --------------------------------------------------------------------------------------------- generic route

    /** The generic route takes an upload only as the kinds' own routes do: the caller's own, once. */
    @Test
    void theGenericRouteTakesOnlyTheCallersOwnUnusedUpload() {
        String owner = bearer("admin-3", "admin");
        String uploadId = upload(owner, TestFiles.docx("Formulaire", 0), "formulaire.docx");
        String body = "{\"input\": {\"upload_id\": \"" + uploadId + "\"}}";
        // Another admin may name it (admins see every upload), a non-admin never.
        json("/api/v1/tasks/import_plan_cadre", bearer("coordo-6", "coordo"),
                "{\"input\": {\"upload_id\": \"" + uploadId + "\", \"plan_id\": 55}}")
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("Fichier introuvable.");
        String taskId = taskId(json("/api/v1/tasks/docx_to_schema", owner, body).expectStatus().isAccepted());
        awaitCommand(taskId, TaskKinds.DOCX_TO_SCHEMA);
        JsonNode upload = Json.tree(http().get().uri("/api/v1/uploads/" + uploadId).header(HttpHeaders.AUTHORIZATION, owner)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        assertThat(upload.path("task_id").asString()).isEqualTo(taskId);
        json("/api/v1/tasks/docx_to_schema", owner, body).expectStatus().isEqualTo(409);
    }

    // --------------------------------------------------------------------------------------------- odd requests

    /** Whatever the body, the three routes answer a 4xx with a JSON error, never a 5xx. */
    @Test
    void oddBodiesGetA4xxWithAJsonErrorNeverA5xx() {
        String json = MediaType.APPLICATION_JSON_VALUE;
        List<Map.Entry<String, String>> bodies = List.of(
                Map.entry(json, ""), Map.entry(json, "{\"upload_id\": "), Map.entry(json, "null"), Map.entry(json, "[1]"),
                Map.entry(json, "{\"upload_id\": 5, \"cours_id\": [], \"session\": {}, \"plan_de_cours\": \"x\", \"options\": 3}"),
                Map.entry(json, "{\"upload_id\": \"pas-un-uuid\"}"),
                Map.entry(json, "{\"upload_id\": \"" + java.util.UUID.randomUUID() + "\"}"),
                Map.entry(json, "{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}"),
                Map.entry("text/plain", "plan"),
                Map.entry("application/x-www-form-urlencoded", "cours_id=12&session=A2025"),
                Map.entry("multipart/form-data; boundary=xyz",
                        "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.json\"\r\n\r\n{}\r\n--xyz--\r\n"),
                Map.entry("multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"plan_de_cours\"\r\n\r\n{\r\n--xyz--\r\n"));
        for (String path : List.of("/plan_de_cours/import_docx_start", "/plan_cadre/55/import_docx_start", "/docx_to_schema/start")) {
            for (Map.Entry<String, String> body : bodies) {
                byte[] answer = http().post().uri(path).header(HttpHeaders.AUTHORIZATION, bearer("admin-9", "admin"))
                        .header(HttpHeaders.CONTENT_TYPE, body.getKey()).bodyValue(body.getValue()).exchange()
                        .expectStatus().value(status -> assertThat(status).as(path + " " + body).isBetween(400, 499))
                        .expectBody().returnResult().getResponseBody();
                assertThat(Json.tree(answer).path("error").asString()).as(path + " " + body).isNotBlank();
            }
        }
    }

    // --------------------------------------------------------------------------------------------- helpers

    private static MultipartBodyBuilder planDeCoursForm(byte[] file, String filename) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("file", resource(file, filename));
        form.part("cours_id", "12");
        form.part("session", "A2025");
        form.part("plan_de_cours", PLAN_DE_COURS);
        form.part("plan_cadre", PLAN_CADRE);
        return form;
    }

    private WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60)).build();
    }

    private WebTestClient.ResponseSpec multipart(String path, String authorization, MultipartBodyBuilder form) {
        return http().post().uri(path).header(HttpHeaders.AUTHORIZATION, authorization)
                .body(BodyInserters.fromMultipartData(form.build())).exchange();
    }

    private WebTestClient.ResponseSpec json(String path, String authorization, String body) {
        return http().post().uri(path).header(HttpHeaders.AUTHORIZATION, authorization)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private String upload(String authorization, byte[] file, String filename) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("file", resource(file, filename));
        return Json.tree(multipart("/api/v1/uploads", authorization, form).expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody()).path("upload_id").asString();
    }

    private JsonNode startAndAwaitCommand(String path, String authorization, MultipartBodyBuilder form, TaskKind kind) {
        return awaitCommand(taskId(multipart(path, authorization, form).expectStatus().isAccepted()), kind);
    }

    private static String taskId(WebTestClient.ResponseSpec accepted) {
        JsonNode body = Json.tree(accepted.expectBody(String.class).returnResult().getResponseBody());
        assertThat(body.propertyNames()).containsExactly("task_id");
        return body.get("task_id").asString();
    }

    /** The command on the workers' queue: valid, of the kind, its input valid against the kind's input schema. */
    private static JsonNode awaitCommand(String taskId, TaskKind kind) {
        GetResponse command = TestBroker.awaitCommand(PREFIX, taskId, Duration.ofSeconds(30));
        JsonNode tree = Json.tree(command.getBody());
        assertThat(ContractValidator.validate("schemas/messages/task-command.v1.schema.json", tree)).isEmpty();
        assertThat(tree.path("kind").asString()).isEqualTo(kind.id());
        assertThat(ContractValidator.validate(kind.inputSchema(), tree.path("data").path("input"))).isEmpty();
        return tree;
    }

    private static ByteArrayResource resource(byte[] bytes, String filename) {
        return new ByteArrayResource(bytes) {
            @Override
            public String getFilename() {
                return filename;
            }
        };
    }

    static String bearer(String user, String role) {
        return "Bearer " + TOKENS.mint(user, List.of(role), Duration.ofMinutes(10));
    }
}
