package org.edxo.ai.e2e;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The PDF imports end to end, with real PDFs written by PDFBox, through the gateway's multipart routes, the worker,
 * the simulator's Files and Responses APIs and billing: the original's payload keys, one capture per model call
 * (the original billed these wrongly or not at all), the PDF sent as an {@code input_file} and never left on the
 * Files API; a PDF that cannot be read fails the task before any hold or model call and leaves nothing behind;
 * a file that is not a PDF, or too large, is refused at the door.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentsPdfEndToEndTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final SseClient sse = new SseClient();
    private RunningSystem system;
    private TaskKindScenarios scenarios;
    private String admin;

    @BeforeAll
    void startSystem() throws Exception {
        system = SharedSystem.get();
        scenarios = new TaskKindScenarios(system);
        admin = system.token("admin-pdf", "admin");
    }

    @Test
    void theOcrOfARealDevisCarriesItsCompetenciesWithTheOriginalsKeysAndIsBilled() throws Exception {
        String token = scenarios.newUserToken("prof-ocr", "professeur");
        String filename = "devis-" + UUID.randomUUID() + ".pdf";

        TaskKindScenarios.Finished finished = succeed(TaskKinds.OCR_DEVIS, "/ocr/start", token, TestPdfs.devis(), filename,
                Map.of("pdf_title", "Techniques de l'informatique"));
        JsonNode payload = finished.result();

        assertThat(payload.path("status").asString()).isEqualTo("success");
        assertThat(payload.path("final_status").asString()).isEqualTo("SUCCESS");
        int count = payload.path("competences").size();
        assertThat(payload.path("competences_count").asInt()).isEqualTo(count);
        assertThat(payload.path("message").asString()).isEqualTo("Traitement OCR terminé. " + count + " compétence(s) extraite(s).");
        assertThat(payload.path("pdf_title").asString()).isEqualTo("Techniques de l'informatique");
        assertThat(payload.path("base_filename").asString()).isEqualTo(filename.replace(".pdf", ""));
        assertThat(payload.path("usage").path("input_tokens").asLong()).isPositive();
        assertThat(payload.path("competences").get(0).has("Nom de la compétence")).isTrue();
        JsonNode request = assertReadTheFile(finished.taskId(), filename);
        assertThat(request.path("text").path("format").path("name").asString()).isEqualTo("extraire_competences_en_json");
    }

    @Test
    void aMemberImportsTheCompetenciesOfAPdfForTheReviewPageOthersGetAccesRefuse() throws Exception {
        String member = scenarios.newUserToken("prof-import", "professeur", Map.of("programmes", List.of(7)));
        String filename = "competences-" + UUID.randomUUID() + ".pdf";

        TaskKindScenarios.Finished finished = succeed(TaskKinds.IMPORT_COMPETENCES_PDF,
                "/programme/7/competences/import_pdf/start", member, TestPdfs.devis(), filename, Map.of());
        JsonNode payload = finished.result();

        assertThat(payload.path("status").asString()).isEqualTo("success");
        assertThat(payload.path("result").path("base_filename").asString()).isEqualTo(filename.replace(".pdf", ""));
        assertThat(payload.path("result").path("competences").isArray()).isTrue();
        assertThat(payload.path("usage").path("prompt_tokens").asLong()).isPositive();
        assertThat(payload.path("usage").path("completion_tokens").asLong()).isPositive();
        assertThat(payload.path("validation_url").asString())
                .isEqualTo("/programme/7/competences/import/review?task_id=" + finished.taskId());
        assertReadTheFile(finished.taskId(), filename);

        String stranger = scenarios.newUserToken("prof-autre", "professeur", Map.of("programmes", List.of(3)));
        HttpResponse<String> refused = multipart("/programme/7/competences/import_pdf/start", stranger,
                TestPdfs.devis(), "devis.pdf", Map.of());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(Json.tree(refused.body()).path("error").asString()).isEqualTo("Accès refusé");
    }

    @Test
    void theGridImportUsesItsSectionsModelAndLinksToTheConfirmationPage() throws Exception {
        String token = scenarios.newUserToken("coordo-grille", "coordo");
        String filename = "grille-" + UUID.randomUUID() + ".pdf";

        TaskKindScenarios.Finished finished = succeed(TaskKinds.IMPORT_GRILLE, "/grille/import", token, TestPdfs.grille(),
                filename, Map.of("programme_id", "7"));
        JsonNode payload = finished.result();

        assertThat(payload.path("status").asString()).isEqualTo("success");
        assertThat(payload.path("result").has("programme")).isTrue();
        assertThat(payload.path("result").path("sessions").isArray()).isTrue();
        assertThat(payload.path("usage").path("input_tokens").asLong()).isPositive();
        assertThat(payload.path("usage").path("output_tokens").asLong()).isPositive();
        assertThat(payload.path("validation_url").asString()).isEqualTo("/confirm_grille_import/" + finished.taskId() + "?programme_id=7");
        JsonNode request = assertReadTheFile(finished.taskId(), filename);
        assertThat(request.path("text").path("format").path("name").asString()).isEqualTo("programme_etudes");
        // The section's model, which the original ignored for this task.
        assertThat(payload.path("settings_used").path("sources").path("model").asString()).isEqualTo("section");
        assertThat(request.path("model").asString()).isEqualTo(payload.path("settings_used").path("model").asString());
    }

    @Test
    void anEncryptedPdfOrOneWithoutPagesFailsBeforeAnyHoldOrModelCallAndLeavesNothingBehind() throws Exception {
        String token = scenarios.newUserToken("prof-mauvais", "professeur");
        for (var bad : List.of(Map.entry(TestPdfs.encrypted(), "PDF chiffré"), Map.entry(TestPdfs.noPage(), "PDF vide"))) {
            String filename = "mauvais-" + UUID.randomUUID() + ".pdf";
            String uploadId = upload(token, bad.getKey(), filename);
            HttpResponse<String> started = scenarios.post("/ocr/start", token, "{\"upload_id\": \"" + uploadId + "\"}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            String taskId = Json.tree(started.body()).path("task_id").asString();

            TaskKindScenarios.Finished finished = follow(taskId, token);

            assertThat(finished.state()).isEqualTo("FAILURE");
            assertThat(finished.doneMeta().path("error_code").asString()).isEqualTo("invalid_document");
            assertThat(finished.doneMeta().path("message").asString()).startsWith(bad.getValue());
            assertThat(ledgerOf(token, taskId)).as("no hold, no capture").isEmpty();
            assertThat(new BigDecimal(Json.tree(scenarios.get("/api/v1/billing/accounts/" + TaskKindScenarios.subject(token), admin).body())
                    .path("held").asString())).isEqualByComparingTo(BigDecimal.ZERO);
            assertThat(requestsOf(taskId)).as("the model was never called").isEmpty();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(scenarios.get("/api/v1/uploads/" + uploadId, token).statusCode()).isEqualTo(404));
            assertThat(filesOnTheSimulator()).noneMatch(file -> filename.equals(file.path("filename").asString("")));
        }
    }

    @Test
    void aTextFileNamedPdfIsA415AndAnOversizedPdfA413() throws Exception {
        String token = scenarios.newUserToken("prof-porte", "professeur");
        HttpResponse<String> text = multipart("/ocr/start", token,
                "Compétence 00SE : Analyser les fonctions de travail".getBytes(StandardCharsets.UTF_8), "devis.pdf", Map.of());
        assertThat(text.statusCode()).as(text.body()).isEqualTo(415);
        assertThat(Json.tree(text.body()).path("error").asString()).startsWith("Type de fichier non pris en charge");

        // 21 MB behind a real PDF header: over the gateway's 20 MB.
        byte[] devis = TestPdfs.devis();
        byte[] big = Arrays.copyOf(devis, 21 * 1024 * 1024);
        HttpResponse<String> tooLarge = multipart("/grille/import", token, big, "grille.pdf", Map.of());
        assertThat(tooLarge.statusCode()).as(tooLarge.body()).isEqualTo(413);
        assertThat(Json.tree(tooLarge.body()).path("error").asString()).startsWith("Fichier trop volumineux");
    }

    // ------------------------------------------------------------------------------------------ helpers

    /**
     * A multipart start that must succeed: {@code done} SUCCESS, a payload valid against the kind's result schema
     * and equal to what {@code /tasks/status} serves, one capture in the ledger for the one model call.
     */
    private TaskKindScenarios.Finished succeed(TaskKind kind, String path, String token, byte[] pdf, String filename,
                                               Map<String, String> fields) throws Exception {
        HttpResponse<String> started = multipart(path, token, pdf, filename, fields);
        assertThat(started.statusCode()).as(path + " → " + started.body()).isEqualTo(202);
        TaskKindScenarios.Finished finished = follow(Json.tree(started.body()).path("task_id").asString(), token);
        assertThat(finished.state()).as(finished.doneMeta().toString()).isEqualTo("SUCCESS");
        assertThat(ContractValidator.validate(kind.resultSchema(), finished.result())).as(finished.result().toString()).isEmpty();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                Json.tree(scenarios.get("/tasks/status/" + finished.taskId(), token).body()).path("result")).isEqualTo(finished.result()));
        scenarios.assertBilledPerCall(token, finished, 1);
        return finished;
    }

    private TaskKindScenarios.Finished follow(String taskId, String token) throws Exception {
        List<SseClient.Event> events = sse.readUntilDone(system.gateway() + "/tasks/events/" + taskId + "?access_token=" + token,
                TaskKindScenarios.STREAM_TIMEOUT);
        SseClient.Event done = events.get(events.size() - 1);
        assertThat(done.name()).as(events.toString()).isEqualTo("done");
        JsonNode data = Json.tree(done.data());
        return new TaskKindScenarios.Finished(taskId, events, data.path("state").asString(), data.path("result"), data.path("meta"));
    }

    /** The task's one model request carried the PDF as an {@code input_file} by id, and the file is gone since. */
    private JsonNode assertReadTheFile(String taskId, String filename) throws Exception {
        List<JsonNode> requests = requestsOf(taskId);
        assertThat(requests).hasSize(1);
        JsonNode content = requests.get(0).path("input").get(0).path("content");
        assertThat(content.get(0).path("type").asString()).isEqualTo("input_file");
        assertThat(content.get(0).path("file_id").asString()).isNotBlank();
        // Other classes may run tasks on the same simulator: this task's file (its name is unique) is what must be gone.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(filesOnTheSimulator()).noneMatch(file -> filename.equals(file.path("filename").asString(""))));
        return requests.get(0);
    }

    private List<JsonNode> requestsOf(String taskId) throws Exception {
        return system.simulatorRequests().stream()
                .filter(request -> taskId.equals(request.path("metadata").path("task_id").asString("")))
                .toList();
    }

    private List<JsonNode> filesOnTheSimulator() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(system.url("responses-simulator") + "/sim/files"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode files = Json.tree(response.body());
        return (files.isArray() ? files : files.path("files")).valueStream().toList();
    }

    private List<JsonNode> ledgerOf(String token, String taskId) throws Exception {
        JsonNode ledger = Json.tree(scenarios.get("/api/v1/billing/accounts/" + TaskKindScenarios.subject(token) + "/ledger", admin).body());
        return StreamSupport.stream(ledger.spliterator(), false)
                .filter(entry -> taskId.equals(entry.path("task_id").asString("")))
                .toList();
    }

    private String upload(String token, byte[] bytes, String filename) throws Exception {
        HttpResponse<String> response = multipart("/api/v1/uploads", token, bytes, filename, Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Json.tree(response.body()).path("upload_id").asString();
    }

    private HttpResponse<String> multipart(String path, String token, byte[] file, String filename,
                                           Map<String, String> fields) throws Exception {
        String boundary = "edxo-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (var field : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                    + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(system.gateway() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
