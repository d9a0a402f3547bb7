package org.edxo.ai.gateway;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.TaskCommand;
import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.contracts.messages.TaskEventType;
import org.edxo.ai.gateway.streaming.InMemoryTaskEventHub;
import org.edxo.ai.support.security.ServiceTokens;
import org.edxo.ai.support.testing.TestInfrastructure;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

/**
 * The gateway against the machine's real PostgreSQL and RabbitMQ (own database, own broker prefix), with a
 * fake billing-service; the worker is simulated by publishing task events with the RabbitMQ client.
 */
@ExtendWith(GatewayServiceTest.DropTestInfrastructure.class) // declared first: runs after the context is closed
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class GatewayServiceTest {

    static final String DATABASE = TestInfrastructure.createDatabase("gateway");
    static final String PREFIX = TestInfrastructure.brokerPrefix();
    static final ServiceTokens TOKENS = new ServiceTokens(TestInfrastructure.JWT_SECRET, "test", Clock.systemUTC());
    static final AtomicReference<String> BILLING_AUTHORIZATION = new AtomicReference<>();
    static final AtomicReference<String> BILLING_TOP_UP = new AtomicReference<>();
    static final DisposableServer BILLING = fakeBilling();

    static final String PLAN_COURS = "{\"id\": 12, \"cours_id\": 4, \"session\": \"A2025\", \"calendriers\": []}";
    static final String PLAN_CADRE = "{\"id\": 3, \"cours_id\": 4, \"capacites\": []}";
    static final String SNAPSHOT = "{\"plan_cours\": " + PLAN_COURS + ", \"plan_cadre\": " + PLAN_CADRE + "}";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", () -> TestInfrastructure.r2dbcUrl(DATABASE));
        registry.add("spring.flyway.url", () -> TestInfrastructure.jdbcUrl(DATABASE));
        registry.add("EDXO_BROKER_PREFIX", () -> PREFIX);
        registry.add("edxo.security.jwt-secret", () -> TestInfrastructure.JWT_SECRET);
        registry.add("edxo.gateway.billing-url", () -> "http://127.0.0.1:" + BILLING.port());
        registry.add("edxo.gateway.sse.heartbeat", () -> "300ms");
    }

    @LocalServerPort
    int port;
    @Autowired
    DatabaseClient db;
    @Autowired
    InMemoryTaskEventHub hub;

    WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(15)).build();
    }

    static String bearer(String user, String... roles) {
        return "Bearer " + token(user, roles);
    }

    static String token(String user, String... roles) {
        return TOKENS.mint(user, List.of(roles), Duration.ofMinutes(10));
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void withoutATokenTheAnswerIs401() {
        http().post().uri("/gestion_programme/analyse_plan_de_cours/12/start")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(SNAPSHOT)
                .exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void aStartWithAZeroBalanceIs402AndABillingOutageIs503() {
        http().post().uri("/gestion_programme/analyse_plan_de_cours/12/start")
                .header(HttpHeaders.AUTHORIZATION, bearer("penniless-user", "coordo"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(SNAPSHOT)
                .exchange()
                .expectStatus().isEqualTo(402)
                .expectBody().jsonPath("$.error").isEqualTo("Crédits insuffisants pour cette opération.");
        http().post().uri("/gestion_programme/analyse_plan_de_cours/12/start")
                .header(HttpHeaders.AUTHORIZATION, bearer("broken-user", "coordo"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(SNAPSHOT)
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.error").isEqualTo("Service momentanément indisponible, réessayez.");
    }

    @Test
    void aProfesseurGets403WithTheOriginalsMessage() {
        http().post().uri("/gestion_programme/analyse_plan_de_cours/12/start")
                .header(HttpHeaders.AUTHORIZATION, bearer("prof-1", "professeur"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(SNAPSHOT)
                .exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.error")
                .isEqualTo("Vous n'avez pas les droits nécessaires pour vérifier ce plan de cours.");
    }

    @Test
    void aMissingSnapshotIs400WithDetails() {
        http().post().uri("/gestion_programme/analyse_plan_de_cours/12/start")
                .header(HttpHeaders.AUTHORIZATION, bearer("coordo-1", "coordo"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"plan_cadre\": " + PLAN_CADRE + "}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error").isEqualTo("Instantané invalide : plan_cours et plan_cadre sont requis.")
                .jsonPath("$.details[0].field").isEqualTo("/plan_cours")
                .jsonPath("$.details[0].message").isNotEmpty();
    }

    @Test
    void malformedJsonWrongContentTypeAndEmptyBodyAre400() {
        for (var request : List.<Map.Entry<MediaType, String>>of(
                Map.entry(MediaType.APPLICATION_JSON, "{\"plan_cours\": "),
                Map.entry(MediaType.APPLICATION_JSON, "[1, 2]"),
                Map.entry(MediaType.TEXT_PLAIN, SNAPSHOT),
                Map.entry(MediaType.APPLICATION_JSON, ""))) {
            http().post().uri("/gestion_programme/analyse_plan_de_cours/12/start")
                    .header(HttpHeaders.AUTHORIZATION, bearer("coordo-1", "coordo"))
                    .contentType(request.getKey()).bodyValue(request.getValue())
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.error").isEqualTo("Corps JSON invalide.");
        }
    }

    @Test
    void aNonNumericPlanIdIs400() {
        http().post().uri("/gestion_programme/analyse_plan_de_cours/abc/start")
                .header(HttpHeaders.AUTHORIZATION, bearer("coordo-1", "coordo"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(SNAPSHOT)
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isNotEmpty();
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String big = "{\"plan_cours\": {\"x\": \"" + "a".repeat(3 * 1024 * 1024) + "\"}, \"plan_cadre\": {\"id\": 1}}";
        http().post().uri("/gestion_programme/analyse_plan_de_cours/12/start")
                .header(HttpHeaders.AUTHORIZATION, bearer("coordo-1", "coordo"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(big)
                .exchange()
                .expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.error").isEqualTo("Corps de requête trop volumineux.");
    }

    @Test
    void theDeprecatedRouteIs410WithTheReplacement() {
        http().post().uri("/gestion_programme/update_verifier_plan_cours/77")
                .header(HttpHeaders.AUTHORIZATION, bearer("prof-1", "professeur"))
                .exchange()
                .expectStatus().isEqualTo(410)
                .expectBody()
                .jsonPath("$.error").isEqualTo("Endpoint déprécié. Utiliser /gestion_programme/analyse_plan_de_cours/<id>/start")
                .jsonPath("$.replacement").isEqualTo("/gestion_programme/analyse_plan_de_cours/77/start");
    }

    @Test
    void aValidStartIs202WithAPendingTaskAndAConfirmedCommandOnTheWorkersQueue() throws Exception {
        String taskId = startAnalyse("coordo-1", "coordo", 12);

        http().get().uri("/tasks/status/" + taskId)
                .header(HttpHeaders.AUTHORIZATION, bearer("coordo-1", "coordo"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.task_id").isEqualTo(taskId)
                .jsonPath("$.state").isEqualTo("PENDING")
                .jsonPath("$.result").doesNotExist();

        GetResponse command = awaitCommand(taskId);
        Map<String, Object> headers = command.getProps().getHeaders();
        assertThat(headers.get("edxo_type")).hasToString("task.command");
        assertThat(headers.get("edxo_task_id")).hasToString(taskId);
        assertThat(headers.get("edxo_kind")).hasToString("analyse_plan_de_cours");
        assertThat(headers.get("edxo_user_id")).hasToString("coordo-1");
        assertThat(headers.get("edxo_routing_key")).hasToString("analyse_plan_de_cours");
        assertThat(command.getEnvelope().getRoutingKey()).isEqualTo("analyse_plan_de_cours");
        assertThat(command.getProps().getContentType()).startsWith("application/json");
        JsonNode body = Json.tree(command.getBody());
        assertThat(ContractValidator.validate("schemas/messages/task-command.v1.schema.json", body)).isEmpty();
        assertThat(ContractValidator.validate("schemas/inputs/analyse_plan_de_cours.input.v1.schema.json",
                body.get("data").get("input"))).isEmpty();
        assertThat(body.get("data").get("input").get("plan_id").asInt()).isEqualTo(12);
        assertThat(body.get("data").get("input").get("plan_cours").get("session").asString()).isEqualTo("A2025");
    }

    @Test
    void theGenericRouteStartsAKindAndKnowsItsRules() throws Exception {
        String body = "{\"input\": {\"plan_id\": 5, \"plan_cours\": " + PLAN_COURS + ", \"plan_cadre\": " + PLAN_CADRE
                + "}, \"options\": {\"model\": \"gpt-5-mini\", \"reasoning_effort\": \"low\"}}";
        String taskId = Json.tree(http().post().uri("/api/v1/tasks/analyse_plan_de_cours")
                .header(HttpHeaders.AUTHORIZATION, bearer("admin-1", "admin"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange()
                .expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody()).get("task_id").asString();
        JsonNode command = Json.tree(awaitCommand(taskId).getBody());
        assertThat(command.get("data").get("options").get("model").asString()).isEqualTo("gpt-5-mini");
        assertThat(command.get("data").get("options").get("reasoning_effort").asString()).isEqualTo("low");

        http().post().uri("/api/v1/tasks/analyse_plan_de_cours")
                .header(HttpHeaders.AUTHORIZATION, bearer("prof-1", "professeur"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange()
                .expectStatus().isForbidden();
        http().post().uri("/api/v1/tasks/analyse_plan_de_cours")
                .header(HttpHeaders.AUTHORIZATION, bearer("admin-1", "admin"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"input\": {\"plan_id\": 5}}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.details[*].field").value(fields ->
                        assertThat((List<Object>) fields).containsExactlyInAnyOrder("/input/plan_cours", "/input/plan_cadre"));
        http().post().uri("/api/v1/tasks/no_such_kind")
                .header(HttpHeaders.AUTHORIZATION, bearer("admin-1", "admin"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"input\": {}}")
                .exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("Type de tâche inconnu : no_such_kind");
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void anUnknownOrMalformedTaskIs404() {
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
            for (String route : List.of("/tasks/status/", "/tasks/events/")) {
                http().get().uri(route + id)
                        .header(HttpHeaders.AUTHORIZATION, bearer("coordo-1", "coordo"))
                        .exchange()
                        .expectStatus().isNotFound()
                        .expectBody().jsonPath("$.error").isEqualTo("Tâche introuvable.");
            }
        }
    }

    @Test
    void anotherUsersTaskIs404ButAnAdminSeesIt() throws Exception {
        String taskId = startAnalyse("coordo-owner", "coordo", 31);
        for (String route : List.of("/tasks/status/", "/tasks/events/")) {
            http().get().uri(route + taskId)
                    .header(HttpHeaders.AUTHORIZATION, bearer("coordo-other", "coordo"))
                    .exchange()
                    .expectStatus().isNotFound()
                    .expectBody().jsonPath("$.error").isEqualTo("Tâche introuvable.");
        }
        http().get().uri("/tasks/status/" + taskId)
                .header(HttpHeaders.AUTHORIZATION, bearer("someone", "admin"))
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("PENDING");
    }

    @Test
    void aFinishedTaskReplaysFromTheLogEndsWithDoneAndResumesAfterLastEventId() throws Exception {
        String user = "coordo-replay";
        UUID taskId = UUID.fromString(startAnalyse(user, "coordo", 40));
        List<TaskEvent> events = workerRun(taskId, user);
        publish(events);
        awaitState(taskId, user, "SUCCESS");

        List<ServerSentEvent<String>> stream = sse(taskId, user, null).collectList().block(Duration.ofSeconds(15));
        assertThat(stream).extracting(ServerSentEvent::event)
                .containsExactly("open", "progress", "progress", "progress", "progress", "progress", "done");
        assertThat(stream.get(0).retry()).isEqualTo(Duration.ofSeconds(3));
        assertThat(stream.subList(1, 7)).extracting(ServerSentEvent::id).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(stream.subList(3, 6)).extracting(sse -> chunk(sse)).containsExactly("{\"compatibility", "_percentage\"", ": 87.5}");
        JsonNode done = Json.tree(stream.get(6).data());
        assertThat(done.get("state").asString()).isEqualTo("SUCCESS");
        assertThat(done.get("result").get("compatibility_percentage").asDouble()).isEqualTo(87.5);

        http().get().uri("/tasks/status/" + taskId)
                .header(HttpHeaders.AUTHORIZATION, bearer(user, "coordo"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.state").isEqualTo("SUCCESS")
                .jsonPath("$.message").isEqualTo("Analyse terminée.")
                .jsonPath("$.meta.message").isEqualTo("Analyse terminée.")
                .jsonPath("$.meta.reasoning_summary").isEqualTo("Le calendrier couvre les capacités.")
                .jsonPath("$.meta.stream_chunk").doesNotExist()
                .jsonPath("$.result.compatibility_percentage").isEqualTo(87.5)
                .jsonPath("$.result.validation_url").isEqualTo("/gestion_programme/?open=verify&plan_id=40");

        List<ServerSentEvent<String>> resumed = sse(taskId, user, "2").collectList().block(Duration.ofSeconds(15));
        assertThat(resumed).extracting(ServerSentEvent::event).containsExactly("open", "progress", "progress", "progress", "done");
        assertThat(resumed.subList(1, 5)).extracting(ServerSentEvent::id).containsExactly("3", "4", "5", "6");

        List<ServerSentEvent<String>> viaQuery = WebClient.create("http://127.0.0.1:" + port).get()
                .uri("/tasks/events/{id}?access_token={token}&last_event_id=5", taskId, token(user, "coordo"))
                .retrieve().bodyToFlux(SSE_TYPE).filter(e -> !"ping".equals(e.event()))
                .collectList().block(Duration.ofSeconds(15));
        assertThat(viaQuery).extracting(ServerSentEvent::id).containsExactly(null, "6");

        List<ServerSentEvent<String>> pastTheEnd = sse(taskId, user, "6").collectList().block(Duration.ofSeconds(15));
        assertThat(pastTheEnd).extracting(ServerSentEvent::event).containsExactly("open", "done");
    }

    @Test
    void aClientThatAcceptsGzipGetsTheStreamCompressedAndEachEventAtOnce() throws Exception {
        String user = "coordo-gzip";
        UUID taskId = UUID.fromString(startAnalyse(user, "coordo", 43));
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/tasks/events/" + taskId))
                .header(HttpHeaders.AUTHORIZATION, bearer(user, "coordo"))
                .header(HttpHeaders.ACCEPT_ENCODING, "gzip, deflate, br").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue(HttpHeaders.CONTENT_ENCODING)).hasValue("gzip");
        // A compressor that held events back would block these reads: bounded.
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            // available() says 0: the JDK's InflaterInputStream says 1 until the end, and a reader would block for more.
            InputStream inflated = new GZIPInputStream(response.body(), 1024) {
                @Override
                public int available() {
                    return 0;
                }
            };
            try (var text = new java.io.BufferedReader(new java.io.InputStreamReader(inflated, StandardCharsets.UTF_8))) {
                // The task is queued: the stream stays open, so each line below arrived because its event was flushed.
                assertThat(text.readLine()).isEqualTo("event:open");
                assertThat(text.readLine()).isEqualTo("retry:3000");
                publish(workerRun(taskId, user));
                StringBuilder rest = new StringBuilder();
                for (String line; (line = text.readLine()) != null; ) {
                    rest.append(line).append('\n');
                }
                assertThat(rest.toString()).contains("id:1\nevent:progress\ndata:{\"state\":\"STARTED\"")
                        .contains("event:done\n");
            }
        });
        // JSON answers stay uncompressed.
        http().get().uri("/tasks/status/" + taskId).header(HttpHeaders.AUTHORIZATION, bearer(user, "coordo"))
                .header(HttpHeaders.ACCEPT_ENCODING, "gzip")
                .exchange().expectStatus().isOk().expectHeader().doesNotExist(HttpHeaders.CONTENT_ENCODING);
    }

    @Test
    void theStreamCarriesTheSseHeaders() throws Exception {
        String user = "coordo-headers";
        UUID taskId = UUID.fromString(startAnalyse(user, "coordo", 41));
        publish(workerRun(taskId, user));
        awaitState(taskId, user, "SUCCESS");
        http().get().uri("/tasks/events/" + taskId)
                .header(HttpHeaders.AUTHORIZATION, bearer(user, "coordo"))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache, no-transform")
                .expectHeader().valueEquals("X-Accel-Buffering", "no")
                .expectBody(String.class).value(text -> assertThat(text)
                        .startsWith("event:open\nretry:3000\ndata:{}\n\n")
                        .contains("id:1\nevent:progress\ndata:{\"state\":\"STARTED\"")
                        .endsWith("\n\n"));
    }

    @Test
    void aClientConnectedBeforeTheEventsReceivesThemLiveAndPingsWhileIdle() throws Exception {
        String user = "coordo-live";
        UUID taskId = UUID.fromString(startAnalyse(user, "coordo", 42));
        List<ServerSentEvent<String>> received = new CopyOnWriteArrayList<>();
        var subscription = sseWithPings(taskId, user, null).subscribe(received::add);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.liveTasks() > 0
                    && received.stream().anyMatch(e -> "ping".equals(e.event())));
            publish(workerRun(taskId, user));
            await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(e -> "done".equals(e.event())));
            assertThat(received.get(0).event()).isEqualTo("open");
            assertThat(received).filteredOn(e -> e.id() != null).extracting(ServerSentEvent::id)
                    .containsExactly("1", "2", "3", "4", "5", "6");
            assertThat(received).filteredOn(e -> "ping".equals(e.event())).allMatch(e -> "{}".equals(e.data()));
        } finally {
            subscription.dispose();
        }
    }

    @Test
    void aClientJoiningMidwayGetsStoredThenLiveEventsWithoutGapOrDuplicate() throws Exception {
        String user = "coordo-seam";
        UUID taskId = UUID.fromString(startAnalyse(user, "coordo", 43));
        List<TaskEvent> events = workerRun(taskId, user);
        publish(events.subList(0, 3));
        awaitState(taskId, user, "PROGRESS");
        await().atMost(Duration.ofSeconds(10)).until(() -> storedEvents(taskId) == 3);

        List<ServerSentEvent<String>> received = new CopyOnWriteArrayList<>();
        var subscription = sse(taskId, user, null).subscribe(received::add);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.liveTasks() > 0);
            publish(events.subList(3, events.size()));
            await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(e -> "done".equals(e.event())));
            assertThat(received).filteredOn(e -> e.id() != null).extracting(ServerSentEvent::id)
                    .containsExactly("1", "2", "3", "4", "5", "6");
        } finally {
            subscription.dispose();
        }
    }

    @Test
    void theSameEventPublishedTwiceIsStoredOnce() throws Exception {
        String user = "coordo-dup";
        UUID taskId = UUID.fromString(startAnalyse(user, "coordo", 44));
        List<TaskEvent> events = workerRun(taskId, user);
        publish(List.of(events.get(0), events.get(0), events.get(1), events.get(1), events.get(2)));
        await().atMost(Duration.ofSeconds(10)).until(() -> storedEvents(taskId) == 3);
        publish(events.subList(3, events.size()));
        awaitState(taskId, user, "SUCCESS");
        assertThat(storedEvents(taskId)).isEqualTo(6);
        List<ServerSentEvent<String>> stream = sse(taskId, user, null).collectList().block(Duration.ofSeconds(15));
        assertThat(stream).filteredOn(e -> e.id() != null).extracting(ServerSentEvent::id)
                .containsExactly("1", "2", "3", "4", "5", "6");
    }

    @Test
    void anInvalidEventIsDeadLetteredAndRecordingGoesOn() throws Exception {
        try (Connection connection = rabbit(); Channel channel = connection.createChannel()) {
            channel.basicPublish(PREFIX + "edxo.task.events", "analyse_plan_de_cours.progress",
                    new AMQP.BasicProperties.Builder().contentType("application/json").build(),
                    "{\"type\": \"task.progress\"}".getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(15)).until(() ->
                    channel.messageCount(PREFIX + "edxo.task.events.recorder.dlq") == 1);
        }
        UUID taskId = UUID.randomUUID();
        publish(workerRun(taskId, "after-poison").subList(0, 1));
        awaitState(taskId, "after-poison", "STARTED");
    }

    @Test
    void healthAndMetricsAreOpenToProbes() {
        http().get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        http().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(text -> assertThat(text).contains("edxo_gateway_sse_live_tasks"));
    }

    @Test
    void eventsOfATaskNobodyStartedHereCreateItForTheirUser() throws Exception {
        UUID taskId = UUID.randomUUID();
        publish(workerRun(taskId, "campus-user").subList(0, 2));
        awaitState(taskId, "campus-user", "PROGRESS");
        http().get().uri("/tasks/status/" + taskId)
                .header(HttpHeaders.AUTHORIZATION, bearer("campus-user"))
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.meta.message").isEqualTo("Appel du modèle (stream)…");
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void creditBalanceComesFromBillingWithTwoDecimals() {
        String authorization = bearer("rich-user", "professeur");
        http().get().uri("/get_credit_balance")
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.success").isEqualTo(true)
                .jsonPath("$.credit").isEqualTo("12.34");
        assertThat(BILLING_AUTHORIZATION.get()).isEqualTo(authorization);

        String queryToken = token("rich-user", "professeur");
        http().get().uri("/get_credit_balance?access_token=" + queryToken)
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.credit").isEqualTo("12.34");
        assertThat(BILLING_AUTHORIZATION.get()).isEqualTo("Bearer " + queryToken);
    }

    @Test
    void billingDownIs503() {
        http().get().uri("/get_credit_balance")
                .header(HttpHeaders.AUTHORIZATION, bearer("broken-user"))
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectBody()
                .jsonPath("$.success").isEqualTo(false)
                .jsonPath("$.error").isEqualTo("Service de facturation indisponible.");
    }

    @Test
    void billingRoutesAreForwardedAsIs() {
        String admin = bearer("admin-1", "admin");
        http().post().uri("/api/v1/billing/accounts/u-42/top-ups?source=gateway")
                .header(HttpHeaders.AUTHORIZATION, admin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"amount\":\"10.00\",\"reason\":\"Rentrée\"}")
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.balance").isEqualTo("10.000000");
        assertThat(BILLING_TOP_UP.get()).isEqualTo("POST /api/v1/billing/accounts/u-42/top-ups?source=gateway "
                + admin + " {\"amount\":\"10.00\",\"reason\":\"Rentrée\"}");
    }

    // --------------------------------------------------------------------------------------------- helpers

    static final ParameterizedTypeReference<ServerSentEvent<String>> SSE_TYPE = new ParameterizedTypeReference<>() {
    };

    String startAnalyse(String user, String role, long planId) {
        String body = http().post().uri("/gestion_programme/analyse_plan_de_cours/" + planId + "/start")
                .header(HttpHeaders.AUTHORIZATION, bearer(user, role))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(SNAPSHOT)
                .exchange()
                .expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody();
        String taskId = Json.tree(body).get("task_id").asString();
        assertThat(UUID.fromString(taskId)).isNotNull();
        return taskId;
    }

    /** SSE events of a task, pings left out, through the query-string token as a browser would. */
    Flux<ServerSentEvent<String>> sse(UUID taskId, String user, String lastEventId) {
        return sseWithPings(taskId, user, lastEventId).filter(e -> !"ping".equals(e.event()));
    }

    Flux<ServerSentEvent<String>> sseWithPings(UUID taskId, String user, String lastEventId) {
        return WebClient.create("http://127.0.0.1:" + port).get()
                .uri("/tasks/events/{id}?access_token={token}", taskId, token(user, "coordo"))
                .headers(headers -> {
                    if (lastEventId != null) {
                        headers.set("Last-Event-ID", lastEventId);
                    }
                })
                .retrieve()
                .bodyToFlux(SSE_TYPE);
    }

    static String chunk(ServerSentEvent<String> event) {
        return Json.tree(event.data()).get("meta").get("stream_chunk").asString();
    }

    /** What a worker publishes for one analyse: started, progress, 3 output deltas, succeeded. */
    static List<TaskEvent> workerRun(UUID taskId, String user) {
        TaskCommand command = TaskCommand.of(taskId, "analyse_plan_de_cours", user, Map.of("plan_id", 40), null);
        Map<String, Object> result = new HashMap<>();
        result.put("status", "success");
        result.put("plan_id", 40);
        result.put("compatibility_percentage", 87.5);
        result.put("recommendation_ameliore", "Ajouter une évaluation formative.");
        result.put("recommendation_plan_cadre", null);
        result.put("usage", Map.of("input_tokens", 1200, "output_tokens", 300, "cost", 0.0042, "model", "gpt-5"));
        result.put("validation_url", "/gestion_programme/?open=verify&plan_id=40");
        return List.of(
                TaskEvent.of(command, TaskEventType.STARTED, 1, TaskEvent.data("message", "Analyse démarrée.")),
                TaskEvent.of(command, TaskEventType.PROGRESS, 2, TaskEvent.data("message", "Appel du modèle (stream)…")),
                TaskEvent.of(command, TaskEventType.OUTPUT_DELTA, 3, TaskEvent.data("delta", "{\"compatibility")),
                TaskEvent.of(command, TaskEventType.OUTPUT_DELTA, 4, TaskEvent.data("delta", "_percentage\"")),
                TaskEvent.of(command, TaskEventType.OUTPUT_DELTA, 5, TaskEvent.data("delta", ": 87.5}")),
                TaskEvent.of(command, TaskEventType.SUCCEEDED, 6, TaskEvent.data("message", "Analyse terminée.",
                        "reasoning_summary", "Le calendrier couvre les capacités.", "result", result)));
    }

    static void publish(List<TaskEvent> events) throws Exception {
        publish(events, PREFIX);
    }

    static void publish(List<TaskEvent> events, String prefix) throws Exception {
        try (Connection connection = rabbit(); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            for (TaskEvent event : events) {
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                        .contentType("application/json")
                        .deliveryMode(2)
                        .headers(Map.of("edxo_type", event.type().wireName(), "edxo_task_id", event.taskId().toString(),
                                "edxo_kind", event.kind()))
                        .build();
                channel.basicPublish(prefix + "edxo.task.events", event.routingKey(), properties, Json.write(event));
            }
            channel.waitForConfirmsOrDie(5_000);
        }
    }

    static GetResponse awaitCommand(String taskId) {
        return TestBroker.awaitCommand(PREFIX, taskId, Duration.ofSeconds(10));
    }

    void awaitState(UUID taskId, String user, String state) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            var body = http().get().uri("/tasks/status/" + taskId)
                    .header(HttpHeaders.AUTHORIZATION, bearer(user, "coordo"))
                    .exchange().returnResult(String.class).getResponseBody().blockFirst();
            return body != null && state.equals(Json.tree(body).path("state").asString());
        });
    }

    long storedEvents(UUID taskId) {
        return db.sql("SELECT count(*) AS n FROM gateway.task_events WHERE task_id = :id").bind("id", taskId)
                .map(row -> row.get("n", Long.class)).one().block();
    }

    static Connection rabbit() throws Exception {
        return TestBroker.rabbit();
    }

    /** billing-service as far as the gateway knows it. */
    static DisposableServer fakeBilling() {
        return HttpServer.create().host("127.0.0.1").port(0).route(routes -> routes
                .get("/api/v1/billing/accounts/{userId}", (request, response) -> {
                    if ("broken-user".equals(request.param("userId"))) {
                        return response.status(500).send();
                    }
                    if ("penniless-user".equals(request.param("userId"))) {
                        return response.header(HttpHeaders.CONTENT_TYPE, "application/json")
                                .sendString(Mono.just("{\"user_id\":\"penniless-user\",\"balance\":\"0.000000\",\"held\":\"0.000000\"}"));
                    }
                    BILLING_AUTHORIZATION.set(request.requestHeaders().get(HttpHeaders.AUTHORIZATION));
                    return response.header(HttpHeaders.CONTENT_TYPE, "application/json")
                            .sendString(Mono.just("{\"user_id\":\"" + request.param("userId")
                                    + "\",\"balance\":\"12.335000\",\"reserved\":\"0.000000\"}"));
                })
                .post("/api/v1/billing/accounts/{userId}/top-ups", (request, response) -> request.receive().aggregate()
                        .asString(StandardCharsets.UTF_8)
                        .flatMap(body -> {
                            BILLING_TOP_UP.set(request.method() + " " + request.uri() + " "
                                    + request.requestHeaders().get(HttpHeaders.AUTHORIZATION) + " " + body);
                            return response.status(201).header(HttpHeaders.CONTENT_TYPE, "application/json")
                                    .sendString(Mono.just("{\"balance\":\"10.000000\"}")).then();
                        })))
                .bindNow();
    }

    /**
     * Deletes the class's queues and exchanges once its context is closed. The database and the fake billing
     * stay until the JVM exits (TestInfrastructure drops the database then): surefire runs a failed test again
     * in this JVM, with a new context that needs both.
     */
    static class DropTestInfrastructure implements AfterAllCallback {

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            try (Connection connection = rabbit(); Channel channel = connection.createChannel()) {
                for (String queue : List.of("edxo.task.commands.workers", "edxo.task.events.recorder")) {
                    channel.queueDelete(PREFIX + queue);
                    channel.queueDelete(PREFIX + queue + ".dlq");
                }
                channel.exchangeDelete(PREFIX + "edxo.task.commands");
                channel.exchangeDelete(PREFIX + "edxo.task.events");
            }
        }
    }
}
