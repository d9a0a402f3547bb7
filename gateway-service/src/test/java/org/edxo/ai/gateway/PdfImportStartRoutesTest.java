package org.edxo.ai.gateway;

import com.rabbitmq.client.GetResponse;
import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.gateway.uploads.TestFiles;
import org.edxo.ai.support.security.ServiceTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.r2dbc.core.DatabaseClient;
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
 * The PDF import start routes against the real PostgreSQL and RabbitMQ: the PDF in the form or named by an
 * earlier upload, the command's input, the original's access rules, and the refusals (a URL instead of a file,
 * a file that lies about its type, too large, a bad field) that leave no upload behind.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class PdfImportStartRoutesTest {

    static final StartRouteInfrastructure INFRASTRUCTURE = new StartRouteInfrastructure();
    static final String PREFIX = INFRASTRUCTURE.prefix();
    static final ServiceTokens TOKENS = INFRASTRUCTURE.tokens();
    static final byte[] PDF = TestFiles.pdf("Devis 420.B0 : compétence 00SE");
    static final String UPLOAD_THE_PDF = "Aucun fichier reçu : téléversez le PDF du devis dans le champ « file ». "
            + "EDxo ne télécharge aucun document depuis une adresse (programme_url, secteur_url).";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRASTRUCTURE.register(registry);
        // Small, so that the 413 needs no 20 MB body.
        registry.add("edxo.gateway.uploads.max-size", () -> "1MB");
    }

    @LocalServerPort
    int port;
    @Autowired
    DatabaseClient db;

    // ------------------------------------------------------------------------------------------- ocr

    @Test
    void anyUserStartsTheOcrWithTheFileAndItsTitleAndTheUploadGoesWithTheTask() {
        String user = bearer("prof-1", "professeur");
        JsonNode command = acceptedCommand(multipart("/ocr/start", user, PDF, "devis.pdf",
                Map.of("pdf_title", "Techniques de l'informatique", "ai_model", "gpt-5-mini")));

        assertThat(command.get("kind").asString()).isEqualTo("ocr_devis");
        JsonNode input = command.get("data").get("input");
        assertThat(ContractValidator.validate(TaskKinds.OCR_DEVIS.inputSchema(), input)).isEmpty();
        assertThat(input.get("pdf_title").asString()).isEqualTo("Techniques de l'informatique");
        assertThat(command.get("data").get("options").get("model").asString()).isEqualTo("gpt-5-mini");
        JsonNode upload = upload(input.get("upload_id").asString(), user);
        assertThat(upload.get("task_id").asString()).isEqualTo(command.get("task_id").asString());
        assertThat(upload.get("filename").asString()).isEqualTo("devis.pdf");
        assertThat(upload.get("content_type").asString()).isEqualTo("application/pdf");
    }

    @Test
    void theOcrTakesAnEarlierUploadByIdOnTheOriginalsRouteAndTheGenericOne() {
        String user = bearer("prof-2", "professeur");
        String uploadId = uploadId(user, PDF, "devis.pdf");
        JsonNode command = acceptedCommand(json("/ocr/start", user, "{\"upload_id\": \"" + uploadId + "\", \"pdf_title\": \"Devis\"}"));
        assertThat(command.get("data").get("input").get("upload_id").asString()).isEqualTo(uploadId);

        // Used once only; another user's upload is not found, on the generic route too.
        json("/ocr/start", user, "{\"upload_id\": \"" + uploadId + "\"}").expectStatus().isEqualTo(409);
        String other = uploadId(bearer("prof-3", "professeur"), PDF, "autre.pdf");
        json("/api/v1/tasks/ocr_devis", user, "{\"input\": {\"upload_id\": \"" + other + "\"}}").expectStatus().isNotFound();
        String own = uploadId(user, PDF, "mien.pdf");
        JsonNode generic = acceptedCommand(json("/api/v1/tasks/ocr_devis", user, "{\"input\": {\"upload_id\": \"" + own + "\"}}"));
        assertThat(upload(own, user).get("task_id").asString()).isEqualTo(generic.get("task_id").asString());
    }

    @Test
    void aUrlInsteadOfAFileIsA400SayingToUploadThePdf() {
        String user = bearer("prof-4", "professeur");
        http().post().uri("/ocr/start").header(HttpHeaders.AUTHORIZATION, user)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("secteur_url=https%3A%2F%2Fwww.quebec.ca&programme_url=https%3A%2F%2Fwww.quebec.ca%2Fdevis.pdf")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo(UPLOAD_THE_PDF).jsonPath("$.details[0].field").isEqualTo("/file");
        json("/ocr/start", user, "{\"programme_url\": \"https://www.quebec.ca/devis.pdf\"}")
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo(UPLOAD_THE_PDF);
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("programme_url", "https://www.quebec.ca/devis.pdf");
        http().post().uri("/ocr/start").header(HttpHeaders.AUTHORIZATION, user)
                .body(BodyInserters.fromMultipartData(form.build()))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo(UPLOAD_THE_PDF);
        json("/ocr/start", user, "{\"pdf_title\": \"Devis\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.details[0].field").isEqualTo("/upload_id");
    }

    // ----------------------------------------------------------------------------- competences import

    @Test
    void aMemberAnAdminOrACoordoImportsCompetenciesOthersGetAccesRefuse() {
        JsonNode command = acceptedCommand(multipart("/programme/7/competences/import_pdf/start",
                member("prof-7", "professeur", 7), PDF, "devis.pdf", Map.of()));
        assertThat(command.get("kind").asString()).isEqualTo("import_competences_pdf");
        JsonNode input = command.get("data").get("input");
        assertThat(ContractValidator.validate(TaskKinds.IMPORT_COMPETENCES_PDF.inputSchema(), input)).isEmpty();
        assertThat(input.get("programme_id").asLong()).isEqualTo(7);
        acceptedCommand(multipart("/programme/7/competences/import_pdf/start", member("coordo-3", "coordo", 3), PDF, "d.pdf", Map.of()));
        acceptedCommand(multipart("/programme/7/competences/import_pdf/start", bearer("admin-1", "admin"), PDF, "d.pdf", Map.of()));

        multipart("/programme/7/competences/import_pdf/start", member("prof-3", "professeur", 3), PDF, "d.pdf", Map.of())
                .expectStatus().isForbidden().expectBody().jsonPath("$.error").isEqualTo("Accès refusé");
        String uploadId = uploadId(member("prof-3", "professeur", 3), PDF, "d.pdf");
        json("/api/v1/tasks/import_competences_pdf", member("prof-3", "professeur", 3),
                "{\"input\": {\"upload_id\": \"" + uploadId + "\", \"programme_id\": 7}}")
                .expectStatus().isForbidden().expectBody().jsonPath("$.error").isEqualTo("Accès refusé");
        multipart("/programme/abc/competences/import_pdf/start", bearer("admin-1", "admin"), PDF, "d.pdf", Map.of())
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("Identifiant de programme invalide : abc");
    }

    // ------------------------------------------------------------------------------------ grille import

    @Test
    void theGridImportReadsTheFormsProgrammeIdAndNamesABadOne() {
        String user = bearer("prof-8", "professeur");
        JsonNode command = acceptedCommand(multipart("/grille/import", user, PDF, "grille.pdf", Map.of("programme_id", "12")));
        assertThat(command.get("kind").asString()).isEqualTo("import_grille");
        assertThat(command.get("data").get("input").get("programme_id").asLong()).isEqualTo(12);
        JsonNode without = acceptedCommand(multipart("/grille/import", user, PDF, "grille.pdf", Map.of()));
        assertThat(without.get("data").get("input").has("programme_id")).isFalse();
        assertThat(ContractValidator.validate(TaskKinds.IMPORT_GRILLE.inputSchema(), without.get("data").get("input"))).isEmpty();

        multipart("/grille/import", user, PDF, "grille.pdf", Map.of("programme_id", "douze"))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("Paramètres invalides pour l'import de la grille de cours.")
                .jsonPath("$.details[0].field").isEqualTo("/programme_id");
        // The refused start deleted the upload it had stored.
        assertThat(uploadsOf("prof-8")).isEqualTo(2);
    }

    // ---------------------------------------------------------------------------------- every route

    @Test
    void aFileThatLiesAboutItsTypeIsA415AndATooLargeOneA413NothingStored() {
        String user = member("prof-9", "professeur", 7);
        for (String path : List.of("/ocr/start", "/programme/7/competences/import_pdf/start", "/grille/import")) {
            multipart(path, user, TestFiles.text("Ceci n'est pas un PDF."), "devis.pdf", Map.of())
                    .expectStatus().isEqualTo(415).expectBody().jsonPath("$.error").value(error ->
                            assertThat((String) error).startsWith("Type de fichier non pris en charge"));
            multipart(path, user, TestFiles.docx("Plan de cours", 0), "devis.pdf", Map.of())
                    .expectStatus().isEqualTo(415).expectBody().jsonPath("$.error").value(error ->
                            assertThat((String) error).contains("est attendu"));
            byte[] big = new byte[2 * 1024 * 1024];
            System.arraycopy(PDF, 0, big, 0, PDF.length);
            multipart(path, user, big, "gros.pdf", Map.of())
                    .expectStatus().isEqualTo(413).expectBody().jsonPath("$.error").value(error ->
                            assertThat((String) error).startsWith("Fichier trop volumineux"));
        }
        assertThat(uploadsOf("prof-9")).isZero();
    }

    // ------------------------------------------------------------------------------------------ helpers

    WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024)).build();
    }

    WebTestClient.ResponseSpec multipart(String path, String authorization, byte[] bytes, String filename,
                                         Map<String, String> fields) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("file", new ByteArrayResource(bytes) {
            @Override
            public String getFilename() {
                return filename;
            }
        }).contentType(MediaType.APPLICATION_PDF);
        fields.forEach(form::part);
        return http().post().uri(path).header(HttpHeaders.AUTHORIZATION, authorization)
                .body(BodyInserters.fromMultipartData(form.build())).exchange();
    }

    WebTestClient.ResponseSpec json(String path, String authorization, String body) {
        return http().post().uri(path).header(HttpHeaders.AUTHORIZATION, authorization)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    JsonNode acceptedCommand(WebTestClient.ResponseSpec response) {
        String taskId = Json.tree(response.expectStatus().isAccepted().expectBody(String.class).returnResult().getResponseBody())
                .get("task_id").asString();
        GetResponse command = TestBroker.awaitCommand(PREFIX, taskId, Duration.ofSeconds(30));
        JsonNode tree = Json.tree(command.getBody());
        assertThat(ContractValidator.validate("schemas/messages/task-command.v1.schema.json", tree)).isEmpty();
        return tree;
    }

    String uploadId(String authorization, byte[] bytes, String filename) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("file", new ByteArrayResource(bytes) {
            @Override
            public String getFilename() {
                return filename;
            }
        });
        return Json.tree(http().post().uri("/api/v1/uploads").header(HttpHeaders.AUTHORIZATION, authorization)
                .body(BodyInserters.fromMultipartData(form.build())).exchange()
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody()).get("upload_id").asString();
    }

    JsonNode upload(String id, String authorization) {
        return Json.tree(http().get().uri("/api/v1/uploads/" + id).header(HttpHeaders.AUTHORIZATION, authorization)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    long uploadsOf(String owner) {
        return db.sql("SELECT count(*) AS n FROM gateway.uploads WHERE owner_id = :owner").bind("owner", owner)
                .map(row -> row.get("n", Long.class)).one().block();
    }

    static String bearer(String user, String role) {
        return "Bearer " + TOKENS.mint(user, List.of(role), Duration.ofMinutes(10));
    }

    static String member(String user, String role, Integer... programmes) {
        return "Bearer " + TOKENS.mint(user, List.of(role), Map.of("programmes", List.of(programmes)), Duration.ofMinutes(10));
    }
}
