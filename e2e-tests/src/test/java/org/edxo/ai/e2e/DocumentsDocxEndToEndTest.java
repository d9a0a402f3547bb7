package org.edxo.ai.e2e;

import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The three DOCX kinds end to end, through the simulator, with real Word documents written by POI: the original's
 * start paths (multipart as EDxo's file modal posts it, or JSON naming an upload), the payload with the keys the
 * original's screens read, the DOCX's text (headings, list, table) in the model's user message, one capture per
 * call in the ledger. Then bad documents (a zip bomb, garbage inside a Word package): the task fails
 * {@code invalid_document} in French before any hold or model call, and nothing is left behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentsDocxEndToEndTest {

    private static final String PLAN_DE_COURS = """
            {"id": 101, "cours_id": 12, "session": "A2025",
             "cours_info": {"code": "243-2A4-RK", "nom": "Circuits électriques"},
             "presentation_du_cours": "Ancienne présentation.", "materiel": null,
             "calendriers": [{"semaine": 1, "sujet": "Sécurité au laboratoire"}], "evaluations": []}""";
    private static final String PLAN_CADRE = """
            {"id": 55, "capacites": [{"id": 1, "capacite": "Analyser le fonctionnement d'un circuit"},
                                     {"id": 2, "capacite": "Mesurer les grandeurs électriques"}]}""";
    private static final Set<String> PLAN_DE_COURS_KEYS = Set.of("status", "fields", "calendriers", "mediagraphies",
            "disponibilites", "evaluations", "cours_id", "plan_id", "session", "validation_url", "plan_de_cours_url");

    private RunningSystem system;
    private TaskKindScenarios scenarios;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startSystem() throws Exception {
        system = SharedSystem.get();
        scenarios = new TaskKindScenarios(system);
    }

    @Test
    void aPlanDeCoursDocxBecomesAProposalOfTheOriginalsShapeAndTheCallIsBilled() throws Exception {
        String prof = scenarios.newUserToken("prof", "professeur");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("cours_id", "12");
        fields.put("session", "A2025");
        fields.put("plan_de_cours", PLAN_DE_COURS);
        fields.put("plan_cadre", PLAN_CADRE);
        String path = "/plan_de_cours/import_docx_start";
        TaskKindScenarios.Finished finished = scenarios.succeeded(TaskKinds.IMPORT_PLAN_DE_COURS,
                scenarios.follow(path, postMultipart(path, prof, fields, planDeCoursDocx(), "plan-de-cours.docx"), prof),
                prof, 1);
        JsonNode payload = finished.result();

        assertThat(payload.propertyNames()).containsAll(PLAN_DE_COURS_KEYS);
        assertThat(payload.path("status").asString()).isEqualTo("success");
        assertThat(payload.path("plan_id").asLong()).isEqualTo(101);
        assertThat(payload.path("cours_id").asLong()).isEqualTo(12);
        assertThat(payload.path("session").asString()).isEqualTo("A2025");
        assertThat(payload.path("validation_url").asString()).isEqualTo("/plan_de_cours/review/101?task_id=" + finished.taskId());
        assertThat(payload.path("plan_de_cours_url").asString()).isEqualTo("/cours/12/plan_de_cours/A2025/");
        assertThat(payload.path("fields").propertyNames()).contains("presentation_du_cours", "nom_enseignant",
                "courriel_enseignant", "bureau_enseignant", "telephone_enseignant");
        // The old_* snapshots are exactly what the request's snapshot carried.
        assertThat(payload.path("old_fields").propertyNames()).containsExactly("presentation_du_cours", "materiel");
        assertThat(payload.path("old_calendriers")).hasSize(1);
        assertThat(payload.has("old_mediagraphies")).isFalse();
        // Evaluation links point only at the plan-cadre's capacities.
        payload.path("evaluations").forEach(evaluation -> evaluation.path("capacites")
                .forEach(link -> assertThat(link.path("capacite_id").asLong()).isIn(1L, 2L)));

        JsonNode request = modelRequest(finished.taskId());
        assertThat(request.path("text").path("format").path("name").asString()).isEqualTo("ImportPlanDeCoursResponse");
        assertThat(request.path("instructions").asString()).contains("TABLE n:", "mediagraphies");
        String message = userMessage(request);
        assertThat(message).startsWith("Contexte: cours 243-2A4-RK - Circuits électriques, session A2025.\n"
                + "Texte du plan de cours (brut):\n---\n");
        assertThat(message).contains("# Plan de cours — Circuits électriques", "## Matériel requis",
                "- Multimètre numérique", "TABLE 1:\n| Semaine | Sujet | Activités |", "| 2 | Loi d'Ohm | Laboratoire 1 |",
                "ENDTABLE", "julie.roy@cegep.example");
        assertThat(message).endsWith("\n---\n");
    }

    @Test
    void aPlanCadreDocxBecomesTheReviewPagesPreviewThroughTheImportTemplate() throws Exception {
        String coordo = scenarios.newUserToken("coordo", "coordo");
        String uploadId = upload(coordo, planCadreDocx(), "plan-cadre.docx");
        TaskKindScenarios.Finished finished = scenarios.startAndSucceed(TaskKinds.IMPORT_PLAN_CADRE,
                "/plan_cadre/55/import_docx_start", coordo,
                "{\"upload_id\": \"" + uploadId + "\", \"cours_id\": 12}", 1);
        JsonNode payload = finished.result();

        assertThat(payload.path("status").asString()).isEqualTo("success");
        assertThat(payload.path("message").asString()).isEqualTo("Analyse du DOCX terminée. Aperçu des changements disponible.");
        assertThat(payload.path("preview").asBoolean()).isTrue();
        assertThat(payload.path("plan_id").asLong()).isEqualTo(55);
        assertThat(payload.path("cours_id").asLong()).isEqualTo(12);
        assertThat(payload.path("validation_url").asString()).isEqualTo("/plan_cadre/55/review?task_id=" + finished.taskId());
        assertThat(payload.path("proposed").propertyNames()).isNotEmpty()
                .isSubsetOf("fields", "fields_with_description", "savoir_etre", "capacites");

        JsonNode request = modelRequest(finished.taskId());
        assertThat(request.path("text").path("format").path("name").asString()).isEqualTo("ImportPlanCadreResponse");
        assertThat(request.path("instructions").asString()).contains("place_intro", "capacites");
        // The seeded plan_cadre_import/prompt template has {doc_text}: the text goes inside it.
        String message = userMessage(request);
        assertThat(message).startsWith("Voici le texte d'un plan-cadre importé :\n\n# Plan-cadre — 243-2A4-RK");
        assertThat(message).contains("## Capacité 1 : Analyser le fonctionnement d'un circuit (20 % – 30 %)",
                "- Loi d'Ohm", "TABLE 1:\n| Savoir-faire | Cible | Seuil de réussite |", "Extrais-en chaque section");
    }

    @Test
    void anAdminsDocxBecomesAJsonSchemaWithTheFormsEffortAndVerbosity() throws Exception {
        String admin = scenarios.newUserToken("admin", "admin");
        String path = "/docx_to_schema/start";
        TaskKindScenarios.Finished finished = scenarios.succeeded(TaskKinds.DOCX_TO_SCHEMA,
                scenarios.follow(path, postMultipart(path, admin, Map.of("reasoning_level", "low", "verbosity", "high"),
                        planDeCoursDocx(), "formulaire.docx"), admin), admin, 1);
        JsonNode payload = finished.result();

        assertThat(payload.path("status").asString()).isEqualTo("success");
        assertThat(payload.path("result").propertyNames()).containsExactly("title", "description", "schema", "markdown");
        assertThat(payload.path("result").path("schema").isObject()).isTrue();
        assertThat(payload.path("api_usage").path("prompt_tokens").asLong()).isPositive()
                .isEqualTo(payload.path("usage").path("input_tokens").asLong());
        assertThat(payload.path("api_usage").path("completion_tokens").asLong()).isPositive();
        assertThat(payload.path("api_usage").path("model").asString()).isEqualTo(payload.path("usage").path("model").asString());
        assertThat(payload.path("settings_used").path("sources").path("reasoning_effort").asString()).isEqualTo("request");

        JsonNode request = modelRequest(finished.taskId());
        assertThat(request.path("reasoning").path("effort").asString()).isEqualTo("low");
        assertThat(request.path("text").path("verbosity").asString()).isEqualTo("high");
        assertThat(userMessage(request)).startsWith("Texte du document (brut):\n---\n# Plan de cours — Circuits électriques")
                .contains("TABLE 2:");
    }

    @Test
    void aZipBombOrAnUnreadableDocxFailsInvalidDocumentBeforeAnyHoldOrModelCallAndLeavesNothing() throws Exception {
        // Each document with the reason the user reads.
        Map<String, Map.Entry<byte[], String>> badDocuments = Map.of(
                "bombe.docx", Map.entry(zipBomb(40L * 1024 * 1024), "Document DOCX refusé : taux de compression suspect (zip bomb)."),
                "illisible.docx", Map.entry(garbageWordPackage(), "Document DOCX illisible : "));
        for (Map.Entry<String, Map.Entry<byte[], String>> document : badDocuments.entrySet()) {
            for (Start start : starts()) {
                String token = scenarios.newUserToken("bad-docx", start.role());
                String uploadId = upload(token, document.getValue().getKey(), document.getKey());
                TaskKindScenarios.Finished finished = scenarios.start(start.path(), token, start.body(uploadId));
                String what = document.getKey() + " → " + start.kind().id();

                assertThat(finished.state()).as(what).isEqualTo("FAILURE");
                assertThat(finished.doneMeta().path("error_code").asString()).as(what).isEqualTo("invalid_document");
                assertThat(finished.doneMeta().path("message").asString()).as(what).startsWith(document.getValue().getValue());
                assertThat(system.simulatorRequests()).as(what).noneMatch(
                        request -> finished.taskId().equals(request.path("metadata").path("task_id").asString("")));
                String user = TaskKindScenarios.subject(token);
                JsonNode ledger = Json.tree(scenarios.get("/api/v1/billing/accounts/" + user + "/ledger", token).body());
                assertThat(ledger.valueStream().map(entry -> entry.path("task_id").asString(""))).as(what)
                        .doesNotContain(finished.taskId());
                JsonNode account = Json.tree(scenarios.get("/api/v1/billing/accounts/" + user, token).body());
                assertThat(new java.math.BigDecimal(account.path("held").asString())).as(what).isZero();
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                        scenarios.get("/api/v1/uploads/" + uploadId, token).statusCode()).as(what).isEqualTo(404));
            }
        }
    }

    // --------------------------------------------------------------------------------------------- starts

    /** A JSON start of one DOCX kind naming an upload. */
    private record Start(TaskKind kind, String path, String role, String bodyTemplate) {

        String body(String uploadId) {
            return bodyTemplate.replace("UPLOAD", uploadId);
        }
    }

    private static List<Start> starts() {
        return List.of(
                new Start(TaskKinds.IMPORT_PLAN_DE_COURS, "/plan_de_cours/import_docx_start", "professeur",
                        "{\"upload_id\": \"UPLOAD\", \"cours_id\": 12, \"session\": \"A2025\", \"plan_de_cours\": "
                                + PLAN_DE_COURS + ", \"plan_cadre\": " + PLAN_CADRE + "}"),
                new Start(TaskKinds.IMPORT_PLAN_CADRE, "/plan_cadre/55/import_docx_start", "coordo",
                        "{\"upload_id\": \"UPLOAD\", \"cours_id\": 12}"),
                new Start(TaskKinds.DOCX_TO_SCHEMA, "/docx_to_schema/start", "admin", "{\"upload_id\": \"UPLOAD\"}"));
    }

    // --------------------------------------------------------------------------------------------- documents

    /** A plan de cours as a teacher writes it in Word: headings, a bulleted list, two tables. */
    static byte[] planDeCoursDocx() throws IOException {
        try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            paragraph(document, "Heading1", "Plan de cours — Circuits électriques");
            paragraph(document, null, "Cours 243-2A4-RK, session A2025. Pondération 2-3-2.");
            paragraph(document, "Heading2", "Présentation du cours");
            paragraph(document, null, "Ce cours initie l'étudiant à l'analyse des circuits à courant continu.");
            paragraph(document, "Heading2", "Matériel requis");
            paragraph(document, "ListParagraph", "Multimètre numérique");
            paragraph(document, "ListParagraph", "Calculatrice scientifique");
            paragraph(document, "Heading2", "Calendrier");
            table(document, List.of(
                    List.of("Semaine", "Sujet", "Activités"),
                    List.of("1", "Sécurité", "Visite du laboratoire"),
                    List.of("2", "Loi d'Ohm", "Laboratoire 1")));
            paragraph(document, "Heading2", "Évaluations sommatives");
            table(document, List.of(
                    List.of("Évaluation", "Semaine", "Capacité", "Pondération"),
                    List.of("Examen 1", "6", "Capacité 1", "20 %"),
                    List.of("Laboratoire final", "15", "Mesurer les grandeurs électriques", "30 %")));
            paragraph(document, "Heading2", "Enseignante");
            paragraph(document, null, "Julie Roy, bureau B-204, julie.roy@cegep.example, poste 2231.");
            document.write(out);
            return out.toByteArray();
        }
    }

    /** A plan-cadre: its sections, a capacity with its weighting, its knowledge and a savoir-faire table. */
    static byte[] planCadreDocx() throws IOException {
        try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            paragraph(document, "Heading1", "Plan-cadre — 243-2A4-RK Circuits électriques");
            paragraph(document, "Heading2", "Place et rôle du cours");
            paragraph(document, null, "Premier cours d'électricité du programme, préalable aux cours d'électronique.");
            paragraph(document, "Heading2", "Objectif terminal");
            paragraph(document, null, "Analyser des circuits électriques à courant continu.");
            paragraph(document, "Heading2", "Capacité 1 : Analyser le fonctionnement d'un circuit (20 % – 30 %)");
            paragraph(document, null, "Savoirs nécessaires :");
            paragraph(document, "ListParagraph", "Loi d'Ohm");
            paragraph(document, "ListParagraph", "Lois de Kirchhoff");
            table(document, List.of(
                    List.of("Savoir-faire", "Cible", "Seuil de réussite"),
                    List.of("Calculer une résistance équivalente", "Sans erreur", "Circuits simples")));
            paragraph(document, "Heading2", "Savoir-être");
            paragraph(document, "ListParagraph", "Rigueur");
            document.write(out);
            return out.toByteArray();
        }
    }

    private static void paragraph(XWPFDocument document, String style, String text) {
        var paragraph = document.createParagraph();
        if (style != null) {
            paragraph.setStyle(style);
        }
        paragraph.createRun().setText(text);
    }

    private static void table(XWPFDocument document, List<List<String>> rows) {
        XWPFTable table = document.createTable(rows.size(), rows.get(0).size());
        for (int r = 0; r < rows.size(); r++) {
            XWPFTableRow row = table.getRow(r);
            for (int c = 0; c < rows.get(r).size(); c++) {
                row.getCell(c).setText(rows.get(r).get(c));
            }
        }
    }

    /** A Word package (the parts the gateway looks for) whose document part inflates to {@code inflated} blanks. */
    static byte[] zipBomb(long inflated) throws IOException {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(9);
            entry(zip, "[Content_Types].xml", ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
                    + "</Types>").getBytes(StandardCharsets.UTF_8));
            entry(zip, "_rels/.rels", ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
                    + "</Relationships>").getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
                    .getBytes(StandardCharsets.UTF_8));
            byte[] blanks = new byte[1 << 20];
            java.util.Arrays.fill(blanks, (byte) ' ');
            for (long written = 0; written < inflated; written += blanks.length) {
                zip.write(blanks, 0, (int) Math.min(blanks.length, inflated - written));
            }
            zip.write("</w:body></w:document>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.finish();
            return out.toByteArray();
        }
    }

    /** A ZIP with the parts' names of a Word package (so the gateway takes it) and random bytes inside. */
    static byte[] garbageWordPackage() throws IOException {
        Random random = new Random(42);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String name : List.of("[Content_Types].xml", "_rels/.rels", "word/document.xml")) {
                byte[] garbage = new byte[4096];
                random.nextBytes(garbage);
                entry(zip, name, garbage);
            }
            zip.finish();
            return out.toByteArray();
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    // --------------------------------------------------------------------------------------------- HTTP

    /** {@code POST /api/v1/uploads}: the upload's id. */
    private String upload(String token, byte[] file, String filename) throws Exception {
        HttpResponse<String> response = postMultipart("/api/v1/uploads", token, Map.of(), file, filename);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Json.tree(response.body()).path("upload_id").asString();
    }

    /** A {@code multipart/form-data} POST as a browser's form sends it: the fields, then {@code file}. */
    private HttpResponse<String> postMultipart(String path, String token, Map<String, String> fields, byte[] file,
                                               String filename) throws Exception {
        String boundary = "----edxo" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n"
                    + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(system.gateway() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The Responses API request the worker sent for a task (its metadata carries the task id). */
    private JsonNode modelRequest(String taskId) throws Exception {
        List<JsonNode> requests = system.simulatorRequests().stream()
                .filter(request -> taskId.equals(request.path("metadata").path("task_id").asString("")))
                .collect(Collectors.toList());
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private static String userMessage(JsonNode request) {
        return request.path("input").get(0).path("content").get(0).path("text").asString();
    }
}
