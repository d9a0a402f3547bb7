package org.edxo.ai.gateway.uploads;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.edxo.ai.gateway.retention.TaskRetention;
import org.edxo.ai.gateway.tasks.TaskRepository;
import org.edxo.ai.gateway.web.Caller;
import org.edxo.ai.support.security.ServiceTokens;
import org.edxo.ai.support.testing.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.Authentication;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import org.edxo.ai.contracts.json.Json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads against the real PostgreSQL (own database): the public and internal routes, the refusals
 * (fake type, oversize streamed or declared, empty, not the owner), the start helper that attaches or
 * cleans up, and both purges.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(UploadsServiceTest.StartRoutes.class)
@DirtiesContext
class UploadsServiceTest {

    static final String DATABASE = TestInfrastructure.createDatabase("gateway");
    static final String PREFIX = TestInfrastructure.brokerPrefix();
    static final ServiceTokens TOKENS = new ServiceTokens(TestInfrastructure.JWT_SECRET, "test", Clock.systemUTC());
    static final String DOCX_TYPE = DocumentType.DOCX.mediaType();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", () -> TestInfrastructure.r2dbcUrl(DATABASE));
        registry.add("spring.flyway.url", () -> TestInfrastructure.jdbcUrl(DATABASE));
        registry.add("EDXO_BROKER_PREFIX", () -> PREFIX);
        registry.add("edxo.security.jwt-secret", () -> TestInfrastructure.JWT_SECRET);
        // Small slices, so that a few hundred kilobytes already take several reads.
        registry.add("edxo.gateway.uploads.read-slice", () -> "64KB");
        registry.add("edxo.gateway.uploads.purge-batch", () -> "2");
        // One file at a time, so that a slow upload shows the limit.
        registry.add("edxo.gateway.uploads.max-concurrent", () -> "1");
    }

    /** What a document start route does with the helper: here, a DOCX route that needs a form field. */
    @TestConfiguration
    @RestController
    static class StartRoutes {

        @Autowired
        Uploads uploads;
        @Autowired
        TaskRepository tasks;

        @PostMapping("/test/plans/{planId}/import_docx_start")
        Mono<ResponseEntity<Map<String, Object>>> start(@PathVariable String planId, ServerHttpRequest request,
                                                        Authentication authentication) {
            Caller caller = Caller.of(authentication);
            return uploads.startWith(request, caller, Set.of(DocumentType.DOCX), form -> {
                        String session = form.requiredField("session");
                        UUID taskId = UUID.randomUUID();
                        return tasks.insertPending(taskId, "import_plan_de_cours", caller.userId(), session).thenReturn(taskId);
                    })
                    .map(taskId -> ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.<String, Object>of("task_id", taskId.toString())));
        }

        @PostMapping("/test/tasks/with-upload/{uploadId}")
        Mono<ResponseEntity<Map<String, Object>>> startExisting(@PathVariable String uploadId, Authentication authentication) {
            Caller caller = Caller.of(authentication);
            return uploads.startWithExisting(uploadId, caller, Set.of(DocumentType.PDF), upload -> {
                        UUID taskId = UUID.randomUUID();
                        return tasks.insertPending(taskId, "ocr_devis", caller.userId(), "x").thenReturn(taskId);
                    })
                    .map(taskId -> ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.<String, Object>of("task_id", taskId.toString())));
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    DatabaseClient db;
    @Autowired
    UploadStore store;
    @Autowired
    TaskRepository tasks;
    @Autowired
    TaskRetention retention;

    @AfterAll
    static void dropQueues() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            for (String queue : List.of("edxo.task.commands.workers", "edxo.task.events.recorder")) {
                channel.queueDelete(PREFIX + queue);
                channel.queueDelete(PREFIX + queue + ".dlq");
            }
        }
    }

    // ------------------------------------------------------------------------------------------ public + internal

    @Test
    void aPdfIsStoredWithItsHashAndServedToWorkersOnly() throws Exception {
        byte[] pdf = TestFiles.pdf("Devis 420.B0");

        JsonNode created = Json.tree(upload("owner-a", pdf, "C:\\Devis\\../devis\u0000 420.B0.pdf")
                .expectStatus().isCreated().expectBody(byte[].class).returnResult().getResponseBody());

        assertThat(created.get("content_type").asString()).isEqualTo("application/pdf");
        assertThat(created.get("size").asLong()).isEqualTo(pdf.length);
        assertThat(created.get("sha256").asString()).isEqualTo(sha256(pdf));
        assertThat(created.get("filename").asString()).isEqualTo("devis 420.B0.pdf");
        String id = created.get("upload_id").asString();

        EntityExchangeResult<byte[]> served = http().get().uri("/internal/v1/uploads/" + id)
                .header(HttpHeaders.AUTHORIZATION, TOKENS.serviceBearer())
                .exchange().expectStatus().isOk().expectBody(byte[].class).returnResult();
        assertThat(served.getResponseBody()).isEqualTo(pdf);
        assertThat(served.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PDF);
        assertThat(served.getResponseHeaders().getContentLength()).isEqualTo(pdf.length);
        assertThat(served.getResponseHeaders().getFirst("X-Content-SHA256")).isEqualTo(sha256(pdf));
        assertThat(served.getResponseHeaders().getContentDisposition().getFilename()).isEqualTo("devis 420.B0.pdf");

        http().get().uri("/internal/v1/uploads/" + id).header(HttpHeaders.AUTHORIZATION, bearer("owner-a", "admin"))
                .exchange().expectStatus().isForbidden();
        http().get().uri("/internal/v1/uploads/" + UUID.randomUUID()).header(HttpHeaders.AUTHORIZATION, TOKENS.serviceBearer())
                .exchange().expectStatus().isNotFound();
        http().get().uri("/internal/v1/uploads/not-a-uuid").header(HttpHeaders.AUTHORIZATION, TOKENS.serviceBearer())
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void aLargeDocxIsServedBackIdenticalSliceBySlice() {
        byte[] docx = TestFiles.docx("Plan de cours", 700_000);

        String id = uploadId("owner-b", docx, "plan.docx");

        byte[] served = http().get().uri("/internal/v1/uploads/" + id).header(HttpHeaders.AUTHORIZATION, TOKENS.serviceBearer())
                .exchange().expectStatus().isOk()
                .expectHeader().contentType(DOCX_TYPE)
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(served).hasSize(docx.length).isEqualTo(docx);
    }

    @Test
    void theTypeComesFromTheBytesNeverFromTheName() {
        String docxNamedPdf = uploadId("owner-c", TestFiles.docx("x", 0), "devis.pdf");
        String pdfNamedDocx = uploadId("owner-c", TestFiles.pdf("x"), "plan.docx");

        assertThat(describe(docxNamedPdf, "owner-c").get("content_type").asString()).isEqualTo(DOCX_TYPE);
        assertThat(describe(pdfNamedDocx, "owner-c").get("content_type").asString()).isEqualTo("application/pdf");
    }

    @Test
    void aFileThatIsNeitherPdfNorDocxIsA415AndNothingIsStored() {
        long before = storedUploads();
        for (byte[] fake : List.of(TestFiles.xlsxLike(), TestFiles.text("Ceci n'est pas un PDF."), new byte[] {'P', 'K', 3, 4, 0})) {
            upload("owner-d", fake, "plan.docx").expectStatus().isEqualTo(415)
                    .expectBody().jsonPath("$.error")
                    .isEqualTo("Type de fichier non pris en charge : seuls les documents PDF et Word (.docx) sont acceptés.");
        }
        assertThat(storedUploads()).isEqualTo(before);
    }

    @Test
    void anEmptyFileNoFileOrNoMultipartAreRefusedClearly() {
        long before = storedUploads();
        upload("owner-e", new byte[0], "vide.pdf").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Le fichier est vide.");

        MultipartBodyBuilder fieldsOnly = new MultipartBodyBuilder();
        fieldsOnly.part("session", "A2025");
        http().post().uri("/api/v1/uploads").header(HttpHeaders.AUTHORIZATION, bearer("owner-e", "coordo"))
                .body(BodyInserters.fromMultipartData(fieldsOnly.build()))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Aucun fichier reçu : joignez-le dans le champ « file ».");

        MultipartBodyBuilder wrongField = new MultipartBodyBuilder();
        wrongField.part("document", resource(TestFiles.pdf("x"), "a.pdf"));
        http().post().uri("/api/v1/uploads").header(HttpHeaders.AUTHORIZATION, bearer("owner-e", "coordo"))
                .body(BodyInserters.fromMultipartData(wrongField.build()))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Champ de fichier inattendu : « document » ; le fichier va dans le champ « file ».");

        http().post().uri("/api/v1/uploads").header(HttpHeaders.AUTHORIZATION, bearer("owner-e", "coordo"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"file\":\"https://example.org/devis.pdf\"}")
                .exchange().expectStatus().isEqualTo(415)
                .expectBody().jsonPath("$.error").isEqualTo("Requête multipart/form-data attendue, avec le fichier dans le champ « file ».");
        http().post().uri("/api/v1/uploads").contentType(MediaType.MULTIPART_FORM_DATA)
                .exchange().expectStatus().isUnauthorized();
        assertThat(storedUploads()).isEqualTo(before);
    }

    @Test
    void an25MegabyteUploadIsRefusedWhileItStreamsAndAFifteenMegabyteOneIsTaken() {
        long before = storedUploads();
        int chunk = 64 * 1024;
        int chunks = 25 * 16; // 25 MB
        String boundary = "edxo-test-boundary";
        // Chunked, no Content-Length: the limit can only be enforced while the part streams in.
        Flux<DataBuffer> body = Flux.concat(
                Flux.just(ascii("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"gros.pdf\"\r\n"
                        + "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n")),
                Flux.range(0, chunks).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[chunk])),
                Flux.just(ascii("\r\n--" + boundary + "--\r\n")));
        http().post().uri("/api/v1/uploads").header(HttpHeaders.AUTHORIZATION, bearer("owner-f", "coordo"))
                .contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + boundary))
                .body(body, DataBuffer.class)
                .exchange().expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.error").isEqualTo("Fichier trop volumineux : la limite est de 20 Mo.");

        // With a Content-Length: refused before reading the body.
        byte[] big = new byte[25 * 1024 * 1024];
        System.arraycopy(TestFiles.pdf("x"), 0, big, 0, 20);
        upload("owner-f", big, "gros.pdf").expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.error").isEqualTo("Fichier trop volumineux : la limite est de 20 Mo.");
        assertThat(storedUploads()).isEqualTo(before);

        // Far over the 2 MB JSON codec limit, under the upload limit.
        byte[] fifteen = new byte[15 * 1024 * 1024];
        System.arraycopy(TestFiles.pdf("x"), 0, fifteen, 0, 20);
        String id = uploadId("owner-f", fifteen, "devis complet.pdf");
        assertThat(describe(id, "owner-f").get("size").asLong()).isEqualTo(fifteen.length);
    }

    @Test
    void whileOneFileIsReceivedAnotherGets503ThenGoesThrough() throws Exception {
        String boundary = "edxo-slow-boundary";
        // A client that sends the start of its file, then nothing for a while.
        Flux<DataBuffer> slowBody = Flux.concat(
                Flux.just(ascii("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lent.pdf\"\r\n"
                        + "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n")),
                Mono.delay(Duration.ofMillis(2500)).map(tick -> ascii("%%EOF\n\r\n--" + boundary + "--\r\n")));
        CompletableFuture<Integer> slow = WebClient.create("http://127.0.0.1:" + port).post().uri("/api/v1/uploads")
                .header(HttpHeaders.AUTHORIZATION, bearer("owner-k", "coordo"))
                .contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + boundary))
                .body(slowBody, DataBuffer.class)
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                .toFuture();
        Thread.sleep(800);

        upload("owner-k", TestFiles.pdf("x"), "rapide.pdf").expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.error").isEqualTo("Trop de fichiers en cours de réception ; réessayez dans un instant.");

        assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo(201);
        uploadId("owner-k", TestFiles.pdf("x"), "rapide.pdf");
    }

    @Test
    void onlyTheOwnerOrAnAdminSeesOrDeletesAnUpload() {
        String id = uploadId("owner-g", TestFiles.pdf("x"), "devis.pdf");

        http().get().uri("/api/v1/uploads/" + id).header(HttpHeaders.AUTHORIZATION, bearer("intruder", "coordo"))
                .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("Fichier introuvable.");
        http().delete().uri("/api/v1/uploads/" + id).header(HttpHeaders.AUTHORIZATION, bearer("intruder", "coordo"))
                .exchange().expectStatus().isNotFound();
        http().get().uri("/api/v1/uploads/" + id).header(HttpHeaders.AUTHORIZATION, bearer("admin-1", "admin"))
                .exchange().expectStatus().isOk();

        http().delete().uri("/api/v1/uploads/" + id).header(HttpHeaders.AUTHORIZATION, bearer("owner-g", "coordo"))
                .exchange().expectStatus().isNoContent();
        http().get().uri("/api/v1/uploads/" + id).header(HttpHeaders.AUTHORIZATION, bearer("owner-g", "coordo"))
                .exchange().expectStatus().isNotFound();
        http().get().uri("/internal/v1/uploads/" + id).header(HttpHeaders.AUTHORIZATION, TOKENS.serviceBearer())
                .exchange().expectStatus().isNotFound();
    }

    // ------------------------------------------------------------------------------------------ start helper

    @Test
    void aStartWithAnUploadAttachesItAndARefusedStartLeavesNothing() {
        long before = storedUploads();
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("file", resource(TestFiles.docx("Plan", 0), "plan.docx"));
        form.part("session", "A2025");
        String taskId = Json.tree(http().post().uri("/test/plans/12/import_docx_start").header(HttpHeaders.AUTHORIZATION, bearer("owner-h", "coordo"))
                .body(BodyInserters.fromMultipartData(form.build()))
                .exchange().expectStatus().isAccepted().expectBody(byte[].class).returnResult().getResponseBody())
                .get("task_id").asString();
        assertThat(uploadsOfTask(UUID.fromString(taskId))).isEqualTo(1);

        // The field check fails after the file was stored: the file goes.
        MultipartBodyBuilder missing = new MultipartBodyBuilder();
        missing.part("file", resource(TestFiles.docx("Plan", 0), "plan.docx"));
        http().post().uri("/test/plans/12/import_docx_start").header(HttpHeaders.AUTHORIZATION, bearer("owner-h", "coordo"))
                .body(BodyInserters.fromMultipartData(missing.build()))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Champ manquant : « session ».");

        // A PDF where a DOCX is needed: refused before anything is stored, naming both types.
        MultipartBodyBuilder pdf = new MultipartBodyBuilder();
        pdf.part("file", resource(TestFiles.pdf("x"), "plan.docx"));
        pdf.part("session", "A2025");
        http().post().uri("/test/plans/12/import_docx_start").header(HttpHeaders.AUTHORIZATION, bearer("owner-h", "coordo"))
                .body(BodyInserters.fromMultipartData(pdf.build()))
                .exchange().expectStatus().isEqualTo(415)
                .expectBody().jsonPath("$.error")
                .isEqualTo("Le fichier « plan.docx » est un document PDF ; un document Word (.docx) est attendu.");

        assertThat(storedUploads()).isEqualTo(before + 1);
    }

    @Test
    void aStartNamingAnEarlierUploadChecksOwnerTypeAndSingleUse() {
        String pdf = uploadId("owner-i", TestFiles.pdf("x"), "devis.pdf");
        String docx = uploadId("owner-i", TestFiles.docx("x", 0), "plan.docx");

        http().post().uri("/test/tasks/with-upload/" + pdf).header(HttpHeaders.AUTHORIZATION, bearer("intruder", "coordo"))
                .exchange().expectStatus().isNotFound();
        http().post().uri("/test/tasks/with-upload/" + docx).header(HttpHeaders.AUTHORIZATION, bearer("owner-i", "coordo"))
                .exchange().expectStatus().isEqualTo(415)
                .expectBody().jsonPath("$.error").isEqualTo("Le fichier « plan.docx » est un document Word (.docx) ; un document PDF est attendu.");
        http().post().uri("/test/tasks/with-upload/" + pdf).header(HttpHeaders.AUTHORIZATION, bearer("owner-i", "coordo"))
                .exchange().expectStatus().isAccepted();
        assertThat(describe(pdf, "owner-i").has("task_id")).isTrue();
        http().post().uri("/test/tasks/with-upload/" + pdf).header(HttpHeaders.AUTHORIZATION, bearer("owner-i", "coordo"))
                .exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error").isEqualTo("Ce fichier est déjà utilisé par une autre tâche ; téléversez-le à nouveau.");
    }

    // ------------------------------------------------------------------------------------------ purges

    @Test
    void uploadsGoWithTheirTaskAndUnattachedOnesAfterTheirTtl() {
        UUID oldTask = UUID.randomUUID();
        tasks.insertPending(oldTask, "ocr_devis", "owner-j", "x").block();
        UUID attached = UUID.fromString(uploadId("owner-j", TestFiles.pdf("x"), "a.pdf"));
        assertThat(store.attach(attached, oldTask).block()).isTrue();
        assertThat(store.attach(attached, oldTask).block()).isFalse();
        db.sql("UPDATE gateway.tasks SET updated_at = now() - interval '40 days' WHERE task_id = :id").bind("id", oldTask).then().block();

        retention.purgeOlderThan(Duration.ofDays(30)).block(Duration.ofSeconds(10));

        assertThat(store.find(attached).blockOptional()).isEmpty();

        List<UUID> stale = List.of(UUID.fromString(uploadId("owner-j", TestFiles.pdf("1"), "1.pdf")),
                UUID.fromString(uploadId("owner-j", TestFiles.pdf("2"), "2.pdf")),
                UUID.fromString(uploadId("owner-j", TestFiles.pdf("3"), "3.pdf")));
        UUID fresh = UUID.fromString(uploadId("owner-j", TestFiles.pdf("4"), "4.pdf"));
        UUID liveTask = UUID.randomUUID();
        tasks.insertPending(liveTask, "ocr_devis", "owner-j", "x").block();
        UUID oldButAttached = UUID.fromString(uploadId("owner-j", TestFiles.pdf("5"), "5.pdf"));
        store.attach(oldButAttached, liveTask).block();
        for (UUID id : List.of(stale.get(0), stale.get(1), stale.get(2), oldButAttached)) {
            db.sql("UPDATE gateway.uploads SET created_at = now() - interval '2 hours' WHERE id = :id").bind("id", id).then().block();
        }

        // Batches of 2 (edxo.gateway.uploads.purge-batch): three stale uploads take two statements.
        Long purged = store.purgeUnattachedOlderThan(Duration.ofHours(1)).block(Duration.ofSeconds(10));

        assertThat(purged).isGreaterThanOrEqualTo(3);
        stale.forEach(id -> assertThat(store.find(id).blockOptional()).isEmpty());
        assertThat(store.find(fresh).blockOptional()).isPresent();
        assertThat(store.find(oldButAttached).blockOptional()).isPresent();
    }

    @Test
    void theUploadOfAFailedOrCancelledTaskGoesAtOnceAndASucceededOneStays() {
        UUID failed = pendingTaskWithUpload("owner-k");
        UUID revoked = pendingTaskWithUpload("owner-k");
        UUID succeeded = pendingTaskWithUpload("owner-k");

        setState(failed, "FAILURE");
        assertThat(tasks.revokeIfQueued(revoked, "Tâche annulée.").block()).isTrue();
        setState(succeeded, "SUCCESS");

        assertThat(uploadsOfTask(failed)).isZero();
        assertThat(uploadsOfTask(revoked)).isZero();
        assertThat(uploadsOfTask(succeeded)).isEqualTo(1);

        // The worker may fail a bad document before the start route attached its upload.
        UUID failedFirst = UUID.randomUUID();
        tasks.insertPending(failedFirst, "ocr_devis", "owner-k", "x").block();
        setState(failedFirst, "FAILURE");
        UUID late = UUID.fromString(uploadId("owner-k", TestFiles.pdf("late"), "late.pdf"));
        store.attach(late, failedFirst).block();
        assertThat(store.find(late).blockOptional()).isEmpty();
    }

    private UUID pendingTaskWithUpload(String owner) {
        UUID task = UUID.randomUUID();
        tasks.insertPending(task, "ocr_devis", owner, "x").block();
        UUID upload = UUID.fromString(uploadId(owner, TestFiles.pdf(task.toString()), "devis.pdf"));
        assertThat(store.attach(upload, task).block()).isTrue();
        return task;
    }

    private void setState(UUID task, String state) {
        db.sql("UPDATE gateway.tasks SET state = :state WHERE task_id = :id").bind("state", state).bind("id", task).then().block();
    }

    // ------------------------------------------------------------------------------------------ helpers

    /**
     * One connection per request: a refused upload leaves its connection closing, and a pooled client could
     * send the next test's request on it ("Connection prematurely closed BEFORE response").
     */
    WebTestClient http() {
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
                .baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(32 * 1024 * 1024))
                .build();
    }

    static String bearer(String user, String... roles) {
        return "Bearer " + TOKENS.mint(user, List.of(roles), Duration.ofMinutes(10));
    }

    WebTestClient.ResponseSpec upload(String user, byte[] bytes, String filename) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("file", resource(bytes, filename)).contentType(MediaType.APPLICATION_OCTET_STREAM);
        return http().post().uri("/api/v1/uploads").header(HttpHeaders.AUTHORIZATION, bearer(user, "coordo"))
                .body(BodyInserters.fromMultipartData(form.build()))
                .exchange();
    }

    String uploadId(String user, byte[] bytes, String filename) {
        byte[] body = upload(user, bytes, filename).expectStatus().isCreated().expectBody(byte[].class).returnResult().getResponseBody();
        return Json.tree(body).get("upload_id").asString();
    }

    JsonNode describe(String id, String user) {
        return Json.tree(http().get().uri("/api/v1/uploads/" + id).header(HttpHeaders.AUTHORIZATION, bearer(user, "coordo"))
                .exchange().expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody());
    }

    long storedUploads() {
        return db.sql("SELECT count(*) AS n FROM gateway.uploads").map(row -> row.get("n", Long.class)).one().block();
    }

    long uploadsOfTask(UUID taskId) {
        return db.sql("SELECT count(*) AS n FROM gateway.uploads WHERE task_id = :id").bind("id", taskId)
                .map(row -> row.get("n", Long.class)).one().block();
    }

    static ByteArrayResource resource(byte[] bytes, String filename) {
        return new ByteArrayResource(bytes) {
            @Override
            public String getFilename() {
                return filename;
            }
        };
    }

    static DataBuffer ascii(String text) {
        return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
