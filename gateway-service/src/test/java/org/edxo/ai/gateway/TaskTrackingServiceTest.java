package org.edxo.ai.gateway;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.TaskCommand;
import org.edxo.ai.contracts.messages.TaskControl;
import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.contracts.messages.TaskEventType;
import org.edxo.ai.gateway.retention.TaskRetention;
import org.edxo.ai.gateway.tasks.TaskEventLog;
import org.edxo.ai.gateway.tasks.TaskRepository;
import org.edxo.ai.support.security.ServiceTokens;
import org.edxo.ai.support.testing.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cancel, the task list, the workers' internal cancel check and the retention purge, against the real
 * PostgreSQL and RabbitMQ. Tasks are created as a worker or a campus system would (events on the broker)
 * or as a start does (a PENDING row), so these tests do not depend on the start route's billing checks.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class TaskTrackingServiceTest {

    static final String DATABASE = TestInfrastructure.createDatabase("gateway");
    static final String PREFIX = TestInfrastructure.brokerPrefix();
    static final ServiceTokens TOKENS = new ServiceTokens(TestInfrastructure.JWT_SECRET, "test", Clock.systemUTC());
    static final String CONTROL_PROBE = PREFIX + "control-probe";
    static final ParameterizedTypeReference<ServerSentEvent<String>> SSE_TYPE = new ParameterizedTypeReference<>() {
    };

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", () -> TestInfrastructure.r2dbcUrl(DATABASE));
        registry.add("spring.flyway.url", () -> TestInfrastructure.jdbcUrl(DATABASE));
        registry.add("EDXO_BROKER_PREFIX", () -> PREFIX);
        registry.add("edxo.security.jwt-secret", () -> TestInfrastructure.JWT_SECRET);
        registry.add("edxo.gateway.retention-purge-batch", () -> "2");
    }

    @LocalServerPort
    int port;
    @Autowired
    TaskRepository tasks;
    @Autowired
    TaskRetention retention;
    @Autowired
    DatabaseClient db;
    @Autowired
    TaskEventLog eventLog;

    /** Before each test, not once: a failed test runs again after {@link #dropQueues}, in a new context. */
    @BeforeEach
    void bindControlProbe() throws Exception {
        try (Connection connection = rabbit(); Channel channel = connection.createChannel()) {
            channel.exchangeDeclare(PREFIX + "edxo.task.control", "topic", true);
            channel.queueDeclare(CONTROL_PROBE, false, false, false, null);
            channel.queueBind(CONTROL_PROBE, PREFIX + "edxo.task.control", "#");
        }
    }

    @AfterAll
    static void dropQueues() throws Exception {
        try (Connection connection = rabbit(); Channel channel = connection.createChannel()) {
            channel.queueDelete(CONTROL_PROBE);
            for (String queue : List.of("edxo.task.commands.workers", "edxo.task.events.recorder")) {
                channel.queueDelete(PREFIX + queue);
                channel.queueDelete(PREFIX + queue + ".dlq");
            }
        }
    }

    @Test
    void aQueuedTaskIsRevokedAtOnceAndEveryWorkerIsTold() throws Exception {
        UUID taskId = UUID.randomUUID();
        tasks.insertPending(taskId, "analyse_plan_de_cours", "owner-q", "Tâche en file d'attente.").block();
        assertThat(status(taskId, "owner-q").get("state").asString()).isEqualTo("PENDING");
        assertThat(cancelled(taskId)).isFalse();

        http().post().uri("/tasks/cancel/" + taskId).header(HttpHeaders.AUTHORIZATION, bearer("owner-q", "coordo"))
                .exchange()
                .expectStatus().isAccepted()
                .expectBody()
                .jsonPath("$.ok").isEqualTo(true)
                .jsonPath("$.task_id").isEqualTo(taskId.toString())
                .jsonPath("$.state").isEqualTo("REVOKED")
                .jsonPath("$.message").isEqualTo("Annulation demandée.");

        assertThat(status(taskId, "owner-q").get("state").asString()).isEqualTo("REVOKED");
        assertThat(status(taskId, "owner-q").get("message").asString()).isEqualTo("Tâche annulée.");
        assertThat(cancelled(taskId)).isTrue();
        JsonNode control = awaitControl(taskId);
        assertThat(ContractValidator.validate("schemas/messages/task-control.v1.schema.json", control)).isEmpty();
        assertThat(control.get("type").asString()).isEqualTo("task.cancel");
        assertThat(control.get("user_id").asString()).isEqualTo("owner-q");

        List<ServerSentEvent<String>> stream = sse(taskId, "owner-q");
        ServerSentEvent<String> done = stream.get(stream.size() - 1);
        assertThat(done.event()).isEqualTo("done");
        assertThat(done.id()).isEqualTo("1");
        assertThat(Json.tree(done.data()).get("state").asString()).isEqualTo("REVOKED");

        // The worker's own task.revoked for the same command (seq 1) is a duplicate: stored once.
        publish(List.of(TaskEvent.of(command(taskId, "owner-q"), TaskEventType.REVOKED, 1,
                TaskEvent.data("message", "Tâche annulée."))));
        await().atMost(Duration.ofSeconds(10)).until(() -> storedEvents(taskId) == 1);
    }

    @Test
    void aRunningTaskIsAskedToStopAndAFinishedOneIsANoOp() throws Exception {
        UUID taskId = UUID.randomUUID();
        TaskCommand command = command(taskId, "owner-r");
        publish(List.of(TaskEvent.of(command, TaskEventType.STARTED, 1, TaskEvent.data("message", "Tâche démarrée.")),
                TaskEvent.of(command, TaskEventType.PROGRESS, 2, TaskEvent.data("message", "Appel du modèle (stream)…"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> "PROGRESS".equals(state(taskId)));

        http().post().uri("/tasks/cancel/" + taskId).header(HttpHeaders.AUTHORIZATION, bearer("admin-1", "admin"))
                .exchange()
                .expectStatus().isAccepted()
                .expectBody()
                .jsonPath("$.state").isEqualTo("PROGRESS")
                .jsonPath("$.message").isEqualTo("Annulation demandée.");
        assertThat(awaitControl(taskId).get("user_id").asString()).isEqualTo("admin-1");
        // A worker that takes this command later (a redelivery) revokes it instead of running it.
        assertThat(cancelled(taskId)).isTrue();

        publish(List.of(TaskEvent.of(command, TaskEventType.REVOKED, 3, TaskEvent.data("message", "Tâche annulée."))));
        await().atMost(Duration.ofSeconds(10)).until(() -> "REVOKED".equals(state(taskId)));
        http().post().uri("/tasks/cancel/" + taskId).header(HttpHeaders.AUTHORIZATION, bearer("owner-r", "coordo"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.ok").isEqualTo(true)
                .jsonPath("$.state").isEqualTo("REVOKED")
                .jsonPath("$.message").isEqualTo("La tâche est déjà terminée.");
    }

    @Test
    void nobodyButTheOwnerOrAnAdminMayCancelAndOnlyServicesAskTheInternalRoute() throws Exception {
        UUID taskId = UUID.randomUUID();
        tasks.insertPending(taskId, "analyse_plan_de_cours", "owner-o", "Tâche en file d'attente.").block();
        http().post().uri("/tasks/cancel/" + taskId).header(HttpHeaders.AUTHORIZATION, bearer("intruder", "coordo"))
                .exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("Tâche introuvable.");
        http().post().uri("/tasks/cancel/not-a-uuid").header(HttpHeaders.AUTHORIZATION, bearer("owner-o", "coordo"))
                .exchange().expectStatus().isNotFound();
        assertThat(state(taskId)).isEqualTo("PENDING");
        http().get().uri("/internal/v1/tasks/" + taskId + "/cancelled").header(HttpHeaders.AUTHORIZATION, bearer("owner-o", "admin"))
                .exchange().expectStatus().isForbidden();
        http().get().uri("/internal/v1/tasks/" + UUID.randomUUID() + "/cancelled")
                .header(HttpHeaders.AUTHORIZATION, TOKENS.serviceBearer())
                .exchange().expectStatus().isNotFound();
    }

    @Test
    @SuppressWarnings("unchecked")
    void workersReadWhatEarlierAttemptsStreamedCallByCallAndNobodyElseCan() {
        UUID taskId = UUID.randomUUID();
        tasks.insertPending(taskId, "generate_plan_de_cours", "owner-r", "Tâche en file d'attente.").block();
        long second = TaskEvent.firstSeq(2);
        for (Object[] row : List.of(
                new Object[]{1L, TaskEventType.STARTED, Map.of(TaskEvent.MESSAGE, "Tâche démarrée.")},
                new Object[]{2L, TaskEventType.PROGRESS, Map.of(TaskEvent.MESSAGE, "Génération", TaskEvent.CALL, 1)},
                new Object[]{3L, TaskEventType.OUTPUT_DELTA, Map.of(TaskEvent.DELTA, "0123456789")},
                new Object[]{4L, TaskEventType.PROGRESS, Map.of(TaskEvent.MESSAGE, "Évaluations", TaskEvent.CALL, 2)},
                new Object[]{5L, TaskEventType.REASONING_DELTA, Map.of(TaskEvent.DELTA, "abcd")},
                new Object[]{second, TaskEventType.RESET, Map.of(TaskEvent.MESSAGE, "Nouvelle tentative")},
                new Object[]{second + 1, TaskEventType.PROGRESS, Map.of(TaskEvent.MESSAGE, "Génération", TaskEvent.CALL, 1)})) {
            eventLog.append(new TaskEvent(UUID.randomUUID(), (TaskEventType) row[1], taskId, "generate_plan_de_cours",
                    "owner-r", (Long) row[0], null, TaskEvent.SCHEMA_VERSION, null, (Map<String, Object>) row[2])).block();
        }

        JsonNode beforeSecond = relayed(taskId, 2);
        assertThat(beforeSecond.path("attempts")).hasSize(1);
        assertThat(beforeSecond.path("attempts").get(0).path("attempt").asInt()).isEqualTo(1);
        assertThat(beforeSecond.path("attempts").get(0).path("calls").toString()).isEqualTo(
                "[{\"call\":1,\"output_bytes\":10,\"reasoning_bytes\":0},{\"call\":2,\"output_bytes\":0,\"reasoning_bytes\":4}]");
        assertThat(relayed(taskId, 3).path("attempts")).hasSize(2);
        assertThat(relayed(taskId, 1).path("attempts")).isEmpty();

        http().get().uri("/internal/v1/tasks/" + taskId + "/relayed?before_attempt=2").header(HttpHeaders.AUTHORIZATION, bearer("owner-r", "admin"))
                .exchange().expectStatus().isForbidden();
        http().get().uri("/internal/v1/tasks/" + UUID.randomUUID() + "/relayed?before_attempt=2")
                .header(HttpHeaders.AUTHORIZATION, TOKENS.serviceBearer()).exchange().expectStatus().isNotFound();
        http().get().uri("/internal/v1/tasks/" + taskId + "/relayed?before_attempt=zero")
                .header(HttpHeaders.AUTHORIZATION, TOKENS.serviceBearer()).exchange().expectStatus().isBadRequest();
    }

    private JsonNode relayed(UUID taskId, int beforeAttempt) {
        return Json.tree(http().get().uri("/internal/v1/tasks/" + taskId + "/relayed?before_attempt=" + beforeAttempt)
                .header(HttpHeaders.AUTHORIZATION, TOKENS.serviceBearer())
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    @Test
    void theTaskListShowsTheCallersTasksNewestFirstWithFiltersAndPages() throws Exception {
        String user = "lister-" + UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        for (UUID id : List.of(first, second, third)) {
            tasks.insertPending(id, "analyse_plan_de_cours", user, "Tâche en file d'attente.").block();
        }
        tasks.insertPending(UUID.randomUUID(), "analyse_plan_de_cours", "someone-else", "x").block();
        db.sql("UPDATE gateway.tasks SET created_at = now() - interval '1 hour' WHERE task_id = :id").bind("id", first).then().block();
        db.sql("UPDATE gateway.tasks SET state = 'SUCCESS' WHERE task_id = :id").bind("id", third).then().block();

        JsonNode all = list(user, "");
        assertThat(all.get("total").asLong()).isEqualTo(3);
        assertThat(all.get("page").asInt()).isEqualTo(1);
        assertThat(all.get("items").get(2).get("task_id").asString()).isEqualTo(first.toString());
        JsonNode item = all.get("items").get(0);
        assertThat(item.has("kind") && item.has("state") && item.has("message") && item.has("created_at")
                && item.has("updated_at")).isTrue();

        JsonNode pending = list(user, "?state=PENDING&kind=analyse_plan_de_cours");
        assertThat(pending.get("total").asLong()).isEqualTo(2);
        JsonNode secondPage = list(user, "?size=2&page=2");
        assertThat(secondPage.get("items").size()).isEqualTo(1);
        assertThat(secondPage.get("items").get(0).get("task_id").asString()).isEqualTo(first.toString());

        // user_id is honoured for admins only.
        assertThat(list("nosy", "?user_id=" + user).get("total").asLong()).isZero();
        String admin = http().get().uri("/api/v1/tasks?user_id=" + user).header(HttpHeaders.AUTHORIZATION, bearer("admin-1", "admin"))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(Json.tree(admin).get("total").asLong()).isEqualTo(3);

        http().get().uri("/api/v1/tasks?state=RUNNING&page=0").header(HttpHeaders.AUTHORIZATION, bearer(user, "coordo"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error").isEqualTo("Paramètres invalides.")
                .jsonPath("$.details.length()").isEqualTo(2);
    }

    @Test
    void theRetentionPurgeRemovesOldTasksWithTheirEventsInBatchesAndKeepsRecentOnes() throws Exception {
        List<UUID> old = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        UUID recent = UUID.randomUUID();
        for (UUID id : old) {
            TaskCommand command = command(id, "old-user");
            publish(List.of(TaskEvent.of(command, TaskEventType.STARTED, 1, TaskEvent.data("message", "Tâche démarrée.")),
                    TaskEvent.of(command, TaskEventType.OUTPUT_DELTA, 2, TaskEvent.data("delta", "{"))));
        }
        publish(List.of(TaskEvent.of(command(recent, "old-user"), TaskEventType.STARTED, 1, TaskEvent.data("message", "x"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> old.stream().allMatch(id -> storedEvents(id) == 2)
                && storedEvents(recent) == 1);
        for (UUID id : old) {
            db.sql("UPDATE gateway.tasks SET updated_at = now() - interval '2 days' WHERE task_id = :id").bind("id", id).then().block();
        }

        // Batches of 2 (edxo.gateway.retention-purge-batch): 3 old tasks take two statements.
        Long purged = retention.purgeOlderThan(Duration.ofDays(1)).block(Duration.ofSeconds(10));

        assertThat(purged).isGreaterThanOrEqualTo(3);
        for (UUID id : old) {
            assertThat(state(id)).isNull();
            assertThat(storedEvents(id)).isZero();
        }
        assertThat(state(recent)).isEqualTo("STARTED");
        assertThat(storedEvents(recent)).isEqualTo(1);
    }

    // --------------------------------------------------------------------------------------------- helpers

    WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(15)).build();
    }

    static String bearer(String user, String... roles) {
        return "Bearer " + TOKENS.mint(user, List.of(roles), Duration.ofMinutes(10));
    }

    static TaskCommand command(UUID taskId, String user) {
        return TaskCommand.of(taskId, "analyse_plan_de_cours", user, Map.of("plan_id", 40), null);
    }

    JsonNode status(UUID taskId, String user) {
        return Json.tree(http().get().uri("/tasks/status/" + taskId).header(HttpHeaders.AUTHORIZATION, bearer(user, "coordo"))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    JsonNode list(String user, String query) {
        return Json.tree(http().get().uri("/api/v1/tasks" + query).header(HttpHeaders.AUTHORIZATION, bearer(user, "coordo"))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    boolean cancelled(UUID taskId) {
        String body = http().get().uri("/internal/v1/tasks/" + taskId + "/cancelled")
                .header(HttpHeaders.AUTHORIZATION, TOKENS.serviceBearer())
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return Json.tree(body).get("cancelled").asBoolean();
    }

    String state(UUID taskId) {
        return db.sql("SELECT state FROM gateway.tasks WHERE task_id = :id").bind("id", taskId)
                .map(row -> row.get("state", String.class)).one().block(Duration.ofSeconds(5));
    }

    long storedEvents(UUID taskId) {
        return db.sql("SELECT count(*) AS n FROM gateway.task_events WHERE task_id = :id").bind("id", taskId)
                .map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(5));
    }

    List<ServerSentEvent<String>> sse(UUID taskId, String user) {
        return WebClient.create("http://127.0.0.1:" + port).get()
                .uri("/tasks/events/{id}", taskId)
                .header(HttpHeaders.AUTHORIZATION, bearer(user, "coordo"))
                .retrieve().bodyToFlux(SSE_TYPE).filter(e -> !"ping".equals(e.event()))
                .collectList().block(Duration.ofSeconds(15));
    }

    static JsonNode awaitControl(UUID taskId) throws Exception {
        try (Connection connection = rabbit(); Channel channel = connection.createChannel()) {
            JsonNode[] found = new JsonNode[1];
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                GetResponse response;
                while ((response = channel.basicGet(CONTROL_PROBE, true)) != null) {
                    JsonNode message = Json.tree(response.getBody());
                    if (taskId.toString().equals(message.path("task_id").asString())
                            && TaskControl.CANCEL_ROUTING_KEY.equals(response.getEnvelope().getRoutingKey())) {
                        found[0] = message;
                        return true;
                    }
                }
                return false;
            });
            return found[0];
        }
    }

    static void publish(List<TaskEvent> events) throws Exception {
        try (Connection connection = rabbit(); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            for (TaskEvent event : events) {
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                        .contentType("application/json").deliveryMode(2).build();
                channel.basicPublish(PREFIX + "edxo.task.events", event.routingKey(), properties, Json.write(event));
            }
            channel.waitForConfirmsOrDie(5_000);
        }
    }

    static Connection rabbit() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        return factory.newConnection();
    }
}
