package org.edxo.ai.worker.documents;

import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import org.edxo.ai.simulator.Fault;
import org.edxo.ai.simulator.RecordedRequest;
import org.edxo.ai.simulator.ResponsesSimulator;
import org.edxo.ai.simulator.SimulatorConfig;
import org.edxo.ai.simulator.files.FileOperation;
import org.edxo.ai.simulator.files.StoredFile;
import org.edxo.ai.worker.tasks.TaskFailure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@link OpenAiFiles} with the real openai-java async client against the simulator's Files API. */
class OpenAiFilesIntegrationTest {

    static final byte[] PDF = TestDocuments.textPdf("Compétence 00SE : Analyser les fonctions d'un poste de travail");
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    static ResponsesSimulator simulator;
    static OpenAIClientAsync client;
    static OpenAiFiles files;

    @BeforeAll
    static void start() {
        simulator = ResponsesSimulator.start(SimulatorConfig.fast());
        client = OpenAIOkHttpClientAsync.builder().apiKey("sk-test").baseUrl(simulator.baseUrl()).maxRetries(0).build();
        files = new OpenAiFiles(client, DocumentTestProperties.of(Map.of("open-ai-files.retry-backoff", "20ms")));
    }

    @AfterAll
    static void stop() {
        client.close();
        simulator.close();
    }

    @AfterEach
    void reset() {
        simulator.clearFaults();
        simulator.clearFiles();
        simulator.clearRequests();
    }

    /** A model call that reads the file, as a document kind makes it. */
    static Mono<Response> readWithModel(String fileId) {
        ResponseCreateParams params = ResponseCreateParams.builder()
                .model("gpt-5-mini")
                .instructions("Extrais les compétences du devis en JSON.")
                .inputOfResponse(List.of(OpenAiFiles.userMessageWithFile(fileId, null)))
                .build();
        return Mono.fromFuture(() -> client.responses().create(params));
    }

    @Test
    void theFileExistsDuringTheWorkAndIsDeletedAfterIt() {
        AtomicReference<List<StoredFile>> during = new AtomicReference<>();

        Response response = files.withFile(PDF, "devis.pdf", "application/pdf", fileId -> {
            during.set(simulator.files());
            return readWithModel(fileId);
        }).block(TIMEOUT);

        assertThat(response.output()).isNotEmpty();
        assertThat(during.get()).singleElement().satisfies(file -> {
            assertThat(file.bytes()).isEqualTo(PDF);
            assertThat(file.purpose()).isEqualTo("user_data");
            assertThat(file.filename()).isEqualTo("devis.pdf");
            // The safety net: OpenAI drops it by itself after 2 h if this worker died before deleting it.
            assertThat(file.expiresAt()).isEqualTo(file.createdAt() + 7200);
        });
        RecordedRequest request = simulator.requests().get(simulator.requests().size() - 1);
        assertThat(request.inputFiles()).singleElement()
                .satisfies(part -> assertThat(part.get("file_id").stringValue()).isEqualTo(during.get().get(0).id()));
        assertThat(simulator.files()).isEmpty();
    }

    @Test
    void theFileIsDeletedWhenTheWorkFails() {
        assertThatThrownBy(() -> files.withFile(PDF, "devis.pdf", "application/pdf",
                fileId -> Mono.error(new IllegalStateException("le modèle a échoué"))).block(TIMEOUT))
                .hasMessage("le modèle a échoué");

        assertThat(simulator.files()).isEmpty();
    }

    @Test
    void theFileIsDeletedWhenTheTaskIsCancelled() {
        Disposable task = files.withFile(PDF, "devis.pdf", "application/pdf", fileId -> Mono.never()).subscribe();
        await().atMost(TIMEOUT).until(() -> simulator.files().size() == 1);

        task.dispose();

        await().atMost(TIMEOUT).until(() -> simulator.files().isEmpty());
    }

    @Test
    void aFileWhoseUploadEndsAfterTheCancelIsDeletedToo() throws Exception {
        simulator.enqueueFileFault(FileOperation.CREATE, Fault.slowFirstToken(800));
        Disposable task = files.withFile(PDF, "devis.pdf", "application/pdf", fileId -> Mono.just("jamais")).subscribe();
        Thread.sleep(200);

        task.dispose();

        // The simulator stores the file 0.8 s later and answers; the orphan is then deleted.
        await().atMost(TIMEOUT).until(() -> simulator.stats().requests() >= 2 && simulator.files().isEmpty());
    }

    @Test
    void anUploadRefusedOnceIsRetriedAndOneRefusedEveryTimeFailsTheTask() {
        simulator.enqueueFileFault(FileOperation.CREATE, Fault.serverError());
        assertThat(files.withFile(PDF, "devis.pdf", "application/pdf", fileId -> Mono.just(fileId)).block(TIMEOUT))
                .startsWith("file-");
        assertThat(simulator.files()).isEmpty();

        simulator.enqueueFileFault(FileOperation.CREATE, Fault.serverError().withCount(3));
        assertThatThrownBy(() -> files.withFile(PDF, "devis.pdf", "application/pdf", fileId -> Mono.just(fileId)).block(TIMEOUT))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> {
                    assertThat(failure.getMessage()).isEqualTo("Erreur lors de l'envoi du document au modèle : réponse 500 de l'API.");
                    assertThat(failure.errorCode()).isEqualTo(TaskFailure.MODEL_ERROR);
                });
        simulator.enqueueFileFault(FileOperation.CREATE, Fault.of(Fault.Type.INSUFFICIENT_QUOTA));
        assertThatThrownBy(() -> files.upload(PDF, "devis.pdf", "application/pdf").block(TIMEOUT))
                .hasMessage("Quota OpenAI épuisé.");
        assertThat(simulator.files()).isEmpty();
    }

    @Test
    void aDeletionThatFailsIsRetriedAndNeverFailsTheTask() {
        simulator.enqueueFileFault(FileOperation.DELETE, Fault.serverError());
        assertThat(files.withFile(PDF, "a.pdf", "application/pdf", fileId -> Mono.just("résultat")).block(TIMEOUT))
                .isEqualTo("résultat");
        assertThat(simulator.files()).isEmpty();

        // Three failures exhaust the two retries: the task still gets its result, the file is left to expire.
        simulator.enqueueFileFault(FileOperation.DELETE, Fault.serverError().withCount(3));
        assertThat(files.withFile(PDF, "b.pdf", "application/pdf", fileId -> Mono.just("résultat")).block(TIMEOUT))
                .isEqualTo("résultat");
        assertThat(simulator.files()).singleElement().satisfies(file -> assertThat(file.filename()).isEqualTo("b.pdf"));

        // Deleting a file that is already gone is not an error.
        files.delete("file-inconnu").block(TIMEOUT);
    }
}
