package org.edxo.ai.worker.documents;

import org.edxo.ai.support.security.ServiceTokens;
import org.edxo.ai.support.testing.TestInfrastructure;
import org.edxo.ai.worker.tasks.TaskFailure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The worker's fetch of an upload, against a stand-in for the gateway's internal route. */
class UploadClientTest {

    static final byte[] PDF = TestDocuments.textPdf("Devis ministériel 420.B0");
    static final UUID GOOD = UUID.randomUUID();
    static final UUID TAMPERED = UUID.randomUUID();
    static final UUID HUGE = UUID.randomUUID();
    static final UUID BROKEN = UUID.randomUUID();
    static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();

    static DisposableServer gateway;
    static UploadClient client;

    @BeforeAll
    static void start() {
        gateway = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.get("/internal/v1/uploads/{id}", (request, response) -> {
                    AUTHORIZATIONS.add(request.requestHeaders().get("Authorization", ""));
                    UUID id = UUID.fromString(request.param("id"));
                    if (id.equals(GOOD) || id.equals(TAMPERED)) {
                        byte[] body = PDF.clone();
                        if (id.equals(TAMPERED)) {
                            body[body.length - 3] ^= 1;
                        }
                        return response.header("Content-Type", "application/pdf")
                                .header("Content-Length", Integer.toString(body.length))
                                .header(UploadClient.SHA256_HEADER, UploadClient.sha256(PDF))
                                .header("Content-Disposition", "attachment; filename*=UTF-8''devis%20minist%C3%A9riel.pdf")
                                .sendByteArray(Mono.just(body));
                    }
                    if (id.equals(HUGE)) {
                        // No Content-Length: the limit must hold while reading.
                        byte[] chunk = new byte[64 * 1024];
                        return response.header("Content-Type", "application/pdf")
                                .header(UploadClient.SHA256_HEADER, "00")
                                .sendByteArray(reactor.core.publisher.Flux.range(0, 64).map(i -> chunk));
                    }
                    if (id.equals(BROKEN)) {
                        return response.status(500).sendString(Mono.just("{\"error\":\"boom\"}"));
                    }
                    return response.status(404).header("Content-Type", "application/json")
                            .sendString(Mono.just("{\"error\":\"Fichier introuvable.\"}"));
                }))
                .bindNow();
        DocumentProperties properties = DocumentTestProperties.of(Map.of(
                "gateway-url", "http://127.0.0.1:" + gateway.port(),
                "max-upload-size", "1MB",
                "fetch-timeout", "5s"));
        client = new UploadClient(properties, new ServiceTokens(TestInfrastructure.JWT_SECRET, "task-worker-service", Clock.systemUTC()));
    }

    @AfterAll
    static void stop() {
        gateway.disposeNow();
    }

    @Test
    void fetchesTheBytesWithTheirTypeNameAndCheckedSha256() {
        UploadClient.FetchedUpload upload = client.fetch(GOOD).block(Duration.ofSeconds(10));

        assertThat(upload.bytes()).isEqualTo(PDF);
        assertThat(upload.isPdf()).isTrue();
        assertThat(upload.requirePdf()).isSameAs(upload);
        assertThat(upload.filename()).isEqualTo("devis ministériel.pdf");
        assertThat(upload.sha256()).isEqualTo(UploadClient.sha256(PDF));
        assertThat(AUTHORIZATIONS).last().asString().startsWith("Bearer ");
        assertThatThrownBy(upload::requireDocx).isInstanceOfSatisfying(TaskFailure.class, failure -> {
            assertThat(failure.getMessage()).isEqualTo("Type de document inattendu : DOCX attendu, PDF reçu.");
            assertThat(failure.errorCode()).isEqualTo(DocumentFailures.INVALID_DOCUMENT);
        });
    }

    @Test
    void bytesThatDoNotMatchTheirSha256AreRefused() {
        assertThatThrownBy(() -> client.fetch(TAMPERED).block(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> {
                    assertThat(failure.getMessage()).isEqualTo("Fichier corrompu lors du transfert (empreinte SHA-256 différente).");
                    assertThat(failure.errorCode()).isEqualTo(TaskFailure.INTERNAL_ERROR);
                });
    }

    @Test
    void anUnknownUploadAnOversizedOneAndAGatewayErrorFailClearly() {
        assertThatThrownBy(() -> client.fetch(UUID.randomUUID()).block(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> {
                    assertThat(failure.getMessage()).startsWith("Fichier introuvable");
                    assertThat(failure.errorCode()).isEqualTo(DocumentFailures.DOCUMENT_NOT_FOUND);
                });
        assertThatThrownBy(() -> client.fetch(HUGE).block(Duration.ofSeconds(10)))
                .hasMessage("Fichier trop volumineux : la limite est de 1 Mo.");
        assertThatThrownBy(() -> client.fetch(BROKEN).block(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> {
                    assertThat(failure.getMessage()).isEqualTo("Service interne indisponible : passerelle (fichiers téléversés).");
                    assertThat(failure.errorCode()).isEqualTo(TaskFailure.INTERNAL_UNAVAILABLE);
                });
    }

    @Test
    void anUnreachableGatewayIsInternalUnavailable() {
        UploadClient offline = new UploadClient(DocumentTestProperties.of(Map.of("gateway-url", "http://127.0.0.1:1",
                "fetch-timeout", "3s")), new ServiceTokens(TestInfrastructure.JWT_SECRET, "w", Clock.systemUTC()));
        assertThatThrownBy(() -> offline.fetch(GOOD).block(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(TaskFailure.class,
                        failure -> assertThat(failure.errorCode()).isEqualTo(TaskFailure.INTERNAL_UNAVAILABLE));
    }
}
