package org.edxo.ai.worker.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.TaskCommand;
import org.edxo.ai.contracts.messages.TaskControl;
import org.edxo.ai.simulator.Fault;
import org.edxo.ai.simulator.ResponsesSimulator;
import org.edxo.ai.simulator.SimulatorConfig;
import org.edxo.ai.support.testing.TestInfrastructure;
import org.edxo.ai.worker.Fixtures;
import org.edxo.ai.worker.it.BrokerProbe.Received;
import org.junit.jupiter.api.AfterAll;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cancel on the worker, against the real RabbitMQ, the embedded simulator (the real SDK on the wire) and a
 * fake gateway answering {@code /internal/v1/tasks/{id}/cancelled}: a running task's model connection is
 * closed, the input sent is billed and the task ends {@code task.revoked}; a task cancelled while queued is
 * revoked without calling the model and without usage.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
class TaskCancelIntegrationTest {

    private static final String PREFIX = TestInfrastructure.brokerPrefix();
    private static final String KIND = "analyse_plan_de_cours";
    private static final Set<String> CANCELLED_AT_GATEWAY = ConcurrentHashMap.newKeySet();
    private static ResponsesSimulator simulator;
    private static FakeInternalServices internal;
    private static DisposableServer gateway;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        simulator = ResponsesSimulator.start(SimulatorConfig.fast().withTokensPerSecond(5000));
        internal = new FakeInternalServices();
        gateway = HttpServer.create().host("127.0.0.1").port(0).route(routes -> routes
                .get("/internal/v1/tasks/{taskId}/cancelled", (request, response) -> response
                        .header("Content-Type", "application/json")
                        .sendString(Mono.just(Json.writeString(Map.of("task_id", request.param("taskId"),
                                "cancelled", CANCELLED_AT_GATEWAY.contains(request.param("taskId")))))))).bindNow();
        WorkerTestProperties.register(registry, PREFIX, simulator, internal);
        registry.add("edxo.worker.control.gateway-url", () -> "http://127.0.0.1:" + gateway.port());
    }

    @Autowired
    private BindingsLifecycleController bindings;

    private BrokerProbe broker;

    @BeforeAll
    void connectProbe() throws Exception {
        broker = new BrokerProbe(PREFIX);
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
    void aRunningTaskIsStoppedBilledForItsInputAndRevoked() throws Exception {
        // The model sends a few events, then goes silent: only a cancel ends this call.
        simulator.enqueueFault(Fault.stall(8));
        long disconnectsBefore = simulator.stats().clientDisconnects();
        UUID taskId = send();
        await().atMost(Duration.ofSeconds(20)).until(() -> types(taskId).contains("task.progress")
                && simulator.stats().streamsStarted() > 0 && simulator.stats().clientDisconnects() == disconnectsBefore);

        publishCancel(taskId);

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> simulator.stats().clientDisconnects() == disconnectsBefore + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> types(taskId).contains("task.revoked"));
        List<Received> events = broker.eventsOf(taskId.toString());
        Received revoked = events.get(events.size() - 1);
        assertThat(revoked.body().path("data").path("message").stringValue()).isEqualTo("Tâche annulée.");
        assertThat(types(taskId)).doesNotContain("task.succeeded", "task.failed");

        await().atMost(Duration.ofSeconds(10)).until(() -> !broker.usagesOf(taskId.toString()).isEmpty());
        JsonNode usage = broker.usagesOf(taskId.toString()).get(0).body().path("data");
        assertThat(usage.path("input_tokens").asLong()).isPositive();
        assertThat(usage.path("cached_input_tokens").asLong()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.readyCommands() == 0);
    }

    @Test
    void aTaskCancelledWhileQueuedIsRevokedWithoutCallingTheModel() throws Exception {
        long requestsBefore = simulator.stats().requests();
        UUID taskId = UUID.randomUUID();
        CANCELLED_AT_GATEWAY.add(taskId.toString());
        send(taskId);

        await().atMost(Duration.ofSeconds(10)).until(() -> types(taskId).contains("task.revoked"));
        assertThat(types(taskId)).containsExactly("task.revoked");
        assertThat(broker.eventsOf(taskId.toString()).get(0).body().path("seq").asLong()).isEqualTo(1);
        assertThat(simulator.stats().requests()).isEqualTo(requestsBefore);
        assertThat(broker.usagesOf(taskId.toString())).isEmpty();
        assertThat(internal.holds()).noneMatch(hold -> taskId.toString().equals(hold.path("task_id").asString("")));
    }

    // ------------------------------------------------------------------ helpers

    private UUID send() throws Exception {
        UUID taskId = UUID.randomUUID();
        send(taskId);
        return taskId;
    }

    private void send(UUID taskId) throws Exception {
        TaskCommand command = Fixtures.analyseCommand(taskId, null);
        broker.publishCommand(KIND, Json.write(command), Map.of("edxo_task_id", taskId.toString(), "edxo_kind", KIND,
                "edxo_type", TaskCommand.TYPE));
    }

    private List<String> types(UUID taskId) {
        return broker.eventsOf(taskId.toString()).stream().map(e -> e.body().path("type").stringValue()).toList();
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
