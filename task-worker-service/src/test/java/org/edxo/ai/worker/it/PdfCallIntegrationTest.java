package org.edxo.ai.worker.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.contracts.messages.TaskCommand;
import org.edxo.ai.contracts.messages.TaskControl;
import org.edxo.ai.simulator.Fault;
import org.edxo.ai.simulator.RecordedRequest;
import org.edxo.ai.simulator.ResponsesSimulator;
import org.edxo.ai.simulator.SimulatorConfig;
import org.edxo.ai.support.testing.TestInfrastructure;
import org.edxo.ai.worker.documents.TestDocuments;
import org.edxo.ai.worker.documents.UploadClient;
import org.edxo.ai.worker.it.BrokerProbe.Received;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A model call that reads a PDF, on the worker against the real RabbitMQ, the embedded simulator (Files API and
 * Responses API, the real SDK on the wire) and a fake gateway serving the upload: the file is uploaded once per
 * call, the request references it by {@code file_id}, the hold counts it, and it is gone from the Files API
 * after a success, after a model failure and after a cancel.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
class PdfCallIntegrationTest {

    private static final String PREFIX = TestInfrastructure.brokerPrefix();
    private static final String KIND = TaskKinds.OCR_DEVIS.id();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final byte[] DEVIS = TestDocuments.textPdf(
            "Compétence 00SE : Analyser les fonctions de travail\nContexte de réalisation : à partir de données sur la profession",
            "Éléments de la compétence\n1. Caractériser la fonction de travail");
    private static final Map<String, byte[]> UPLOADS = new ConcurrentHashMap<>();
    private static ResponsesSimulator simulator;
    private static FakeInternalServices internal;
    private static DisposableServer gateway;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        simulator = ResponsesSimulator.start(SimulatorConfig.fast().withTokensPerSecond(5000));
        internal = new FakeInternalServices();
        internal.serveSection(TaskKinds.OCR_DEVIS.section());
        internal.serveSection(TaskKinds.IMPORT_GRILLE.section());
        gateway = HttpServer.create().host("127.0.0.1").port(0).route(routes -> routes
                .get("/internal/v1/uploads/{id}", (request, response) -> {
                    byte[] bytes = UPLOADS.get(request.param("id"));
                    if (bytes == null) {
                        return response.status(404).send();
                    }
                    return response.header("Content-Type", "application/pdf")
                            .header("Content-Disposition", "attachment; filename=\"devis-420.B0.pdf\"")
                            .header(UploadClient.SHA256_HEADER, UploadClient.sha256(bytes))
                            .sendByteArray(Mono.just(bytes));
                })
                .get("/internal/v1/tasks/{taskId}/cancelled", (request, response) -> response
                        .header("Content-Type", "application/json")
                        .sendString(Mono.just("{\"task_id\":\"" + request.param("taskId") + "\",\"cancelled\":false}"))))
                .bindNow();
        WorkerTestProperties.register(registry, PREFIX, simulator, internal);
        registry.add("edxo.worker.control.gateway-url", () -> "http://127.0.0.1:" + gateway.port());
        registry.add("edxo.worker.documents.gateway-url", () -> "http://127.0.0.1:" + gateway.port());
        registry.add("edxo.openai.retry.max-attempts", () -> "2");
        registry.add("edxo.openai.retry.initial-backoff", () -> "50ms");
        // The grid import gets a short whole-call limit: the timeout case.
        registry.add("edxo.openai.kinds.import_grille.call-timeout", () -> "3s");
    }

    @Autowired
    private BindingsLifecycleController bindings;

    private BrokerProbe broker;

    @BeforeAll
    void connectProbe() throws Exception {
        broker = new BrokerProbe(PREFIX);
    }

    @AfterEach
    void reset() {
        simulator.clearFaults();
    }

    @AfterAll
    void tearDown() throws Exception {
        for (String binding : List.of("taskCommand-in-0", "settingsChanged-in-0", "taskControl-in-0")) {
            bindings.changeState(binding, BindingsLifecycleController.State.STOPPED);
        }
        broker.deleteRunTopology();
        broker.close();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.exchangeDelete(PREFIX + "edxo.task.control");
        }
        simulator.close();
        internal.close();
        gateway.disposeNow();
    }

    @Test
    void theFileIsUploadedOnceReferencedByIdHeldAndDeletedAfterSuccess() throws Exception {
        // The first try gets a 500: the retry must reuse the file uploaded for the call, not upload another.
        simulator.enqueueFault(Fault.serverError());
        UUID taskId = send();

        await().atMost(TIMEOUT).until(() -> types(taskId).contains("task.succeeded"));
        List<RecordedRequest> requests = requestsOf(taskId);
        assertThat(requests).hasSize(2);
        JsonNode content = requests.get(1).body().path("input").get(0).path("content");
        assertThat(content.get(0).path("type").stringValue()).isEqualTo("input_file");
        String fileId = content.get(0).path("file_id").stringValue();
        assertThat(fileId).startsWith("file-");
        assertThat(requests.get(0).inputFiles()).singleElement()
                .satisfies(part -> assertThat(part.path("file_id").stringValue()).isEqualTo(fileId));
        assertThat(content.size()).as("the file alone, as the original sent it").isEqualTo(1);
        assertThat(simulator.files()).isEmpty();

        JsonNode hold = internal.holds().stream().filter(h -> taskId.toString().equals(h.path("task_id").asString(""))).findFirst().orElseThrow();
        assertThat(hold.path("max_input_tokens").asLong()).as("two pages at 2000 tokens, plus the text").isGreaterThan(4000);
        Received succeeded = last(taskId);
        JsonNode result = succeeded.body().path("data").path("result");
        assertThat(ContractValidator.validate(TaskKinds.OCR_DEVIS.resultSchema(), result)).isEmpty();
        assertThat(result.path("base_filename").stringValue()).isEqualTo("devis-420.B0");
        assertThat(broker.usagesOf(taskId.toString())).hasSize(1);
    }

    @Test
    void theFileIsDeletedAfterAModelFailure() throws Exception {
        simulator.enqueueFault(Fault.serverError().withCount(2));
        UUID taskId = send();

        await().atMost(TIMEOUT).until(() -> types(taskId).contains("task.failed"));
        assertThat(requestsOf(taskId)).hasSize(2).allSatisfy(request -> assertThat(request.inputFiles()).hasSize(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.files().isEmpty());
        assertThat(broker.usagesOf(taskId.toString())).as("refused before the stream started: nothing billed").isEmpty();
    }

    @Test
    void theFileIsDeletedAfterACancelAndTheEstimateBilledCountsIt() throws Exception {
        simulator.enqueueFault(Fault.stall(6));
        UUID taskId = send();
        await().atMost(TIMEOUT).until(() -> !requestsOf(taskId).isEmpty() && simulator.files().size() == 1
                && simulator.stats().streamsStarted() > 0);
        Thread.sleep(300);

        publishCancel(taskId);

        await().atMost(TIMEOUT).until(() -> types(taskId).contains("task.revoked"));
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.files().isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> !broker.usagesOf(taskId.toString()).isEmpty());
        JsonNode usage = broker.usagesOf(taskId.toString()).get(0).body().path("data");
        assertThat(usage.path("input_tokens").asLong()).as("the PDF's two page images at least").isGreaterThanOrEqualTo(4000);
    }

    @Test
    void theFileIsDeletedWhenTheCallRunsPastItsTimeLimitAndTheBrokenCallIsBilledWithIt() throws Exception {
        simulator.enqueueFault(Fault.stall(6));
        UUID taskId = send(TaskKinds.IMPORT_GRILLE.id(), Map.of("programme_id", 7));

        await().atMost(TIMEOUT).until(() -> types(taskId).contains("task.failed"));
        assertThat(last(taskId).body().path("data").path("error_code").stringValue()).isEqualTo("model_error");
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.files().isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> !broker.usagesOf(taskId.toString()).isEmpty());
        JsonNode usage = broker.usagesOf(taskId.toString()).get(0).body().path("data");
        assertThat(usage.path("section").stringValue()).isEqualTo("grille_import");
        assertThat(usage.path("input_tokens").asLong()).as("the PDF's two page images at least").isGreaterThanOrEqualTo(4000);
    }

    // ------------------------------------------------------------------ helpers

    private UUID send() throws Exception {
        return send(KIND, Map.of("pdf_title", "Techniques de l'informatique"));
    }

    private UUID send(String kind, Map<String, Object> fields) throws Exception {
        UUID taskId = UUID.randomUUID();
        UUID uploadId = UUID.randomUUID();
        UPLOADS.put(uploadId.toString(), DEVIS);
        Map<String, Object> input = new java.util.LinkedHashMap<>(fields);
        input.put("upload_id", uploadId.toString());
        TaskCommand command = TaskCommand.of(taskId, kind, "42", input, null);
        broker.publishCommand(kind, Json.write(command), Map.of("edxo_task_id", taskId.toString(), "edxo_kind", kind,
                "edxo_type", TaskCommand.TYPE));
        return taskId;
    }

    private List<RecordedRequest> requestsOf(UUID taskId) {
        return simulator.requests().stream()
                .filter(request -> taskId.toString().equals(request.body().path("metadata").path("task_id").asString("")))
                .toList();
    }

    private List<String> types(UUID taskId) {
        return broker.eventsOf(taskId.toString()).stream().map(e -> e.body().path("type").stringValue()).toList();
    }

    private Received last(UUID taskId) {
        List<Received> events = broker.eventsOf(taskId.toString());
        return events.get(events.size() - 1);
    }

    private static void publishCancel(UUID taskId) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish(PREFIX + "edxo.task.control", TaskControl.CANCEL_ROUTING_KEY,
                    new AMQP.BasicProperties.Builder().contentType("application/json").build(),
                    Json.write(TaskControl.cancel(taskId, "42")));
            channel.waitForConfirmsOrDie(5_000);
        }
    }
}
