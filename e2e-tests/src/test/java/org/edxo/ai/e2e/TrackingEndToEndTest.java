package org.edxo.ai.e2e;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import org.edxo.ai.contracts.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Live task tracking, end to end with two gateway instances on the real RabbitMQ and PostgreSQL: resume
 * exactly once across a disconnect (also onto another instance, also after killing one), ownership on every
 * route, cancel of a running task (the model stream closes, the input is billed) and of a queued one (never
 * reaches the model, costs nothing), the PENDING state of a queued task.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrackingEndToEndTest {

    private static final Duration STREAM_TIMEOUT = Duration.ofSeconds(60);

    private RunningSystem system;
    private String gatewayA;
    private String gatewayB;
    private String gatewayBName;
    private String admin;
    private String snapshot;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startSystem() throws Exception {
        // A slower model than the default suite's, so that a client can leave and come back mid-stream.
        system = RunningSystem.start(Map.of("SIM_TOKENS_PER_SECOND", "40"));
        gatewayA = system.gateway();
        gatewayBName = system.startAnotherGateway();
        gatewayB = system.url(gatewayBName);
        admin = system.token("admin-1", "admin");
        snapshot = Files.readString(Path.of(System.getProperty("edxo.repo.root", "..")).resolve("demo/analyse-plan-de-cours.json"));
    }

    @AfterAll
    void stopSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void aClientOnInstanceBFollowsATaskStartedThroughAAndResumesOnAExactlyOnceInOrder() throws Exception {
        String user = newUser();
        String token = system.token(user, "coordo");
        String taskId = start(gatewayA, token, 301);

        // Connected to B, the client leaves after a few content chunks...
        SseSession first = SseSession.open(gatewayB + "/tasks/events/" + taskId + "?access_token=" + token, null);
        first.awaitReplayable(4);
        first.close();
        List<Sse> before = withIds(first.events());
        assertThat(before).noneMatch(e -> e.name().equals("done"));
        String lastId = before.get(before.size() - 1).id();

        // ...and comes back to A with Last-Event-ID, as EventSource does.
        SseSession second = SseSession.open(gatewayA + "/tasks/events/" + taskId, Map.of(
                "Authorization", "Bearer " + token, "Last-Event-ID", lastId));
        List<Sse> after = withIds(second.awaitEnd());
        assertThat(after.get(after.size() - 1).name()).isEqualTo("done");

        List<Sse> followed = new ArrayList<>(before);
        followed.addAll(after);
        assertExactlyOnceAndInOrder(followed);
        // The same events, the same text, as a full replay of the finished task from either instance.
        List<Sse> replay = withIds(SseSession.open(gatewayB + "/tasks/events/" + taskId + "?access_token=" + token, null).awaitEnd());
        assertThat(ids(followed)).isEqualTo(ids(replay));
        assertThat(text(followed)).isEqualTo(text(replay)).isNotEmpty();
        assertThat(Json.tree(replay.get(replay.size() - 1).data()).get("state").asString()).isEqualTo("SUCCESS");

        // Cancelling a finished task is a clear no-op.
        HttpResponse<String> cancel = send(gatewayB, "POST", "/tasks/cancel/" + taskId, token);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        JsonNode answer = Json.tree(cancel.body());
        assertThat(answer.get("ok").asBoolean()).isTrue();
        assertThat(answer.get("state").asString()).isEqualTo("SUCCESS");
        assertThat(answer.get("message").asString()).isEqualTo("La tâche est déjà terminée.");
    }

    @Test
    @Order(2)
    void anotherUserGets404OnEveryRouteOfATaskAndAnAdminSeesIt() throws Exception {
        String owner = newUser();
        String ownerToken = system.token(owner, "coordo");
        String taskId = start(gatewayA, ownerToken, 302);
        String intruder = system.token(newUser(), "coordo");

        for (String gateway : List.of(gatewayA, gatewayB)) {
            for (String[] route : new String[][]{{"GET", "/tasks/status/"}, {"GET", "/tasks/events/"},
                    {"POST", "/tasks/cancel/"}, {"GET", "/tasks/track/"}}) {
                HttpResponse<String> answer = send(gateway, route[0], route[1] + taskId, intruder);
                assertThat(answer.statusCode()).as(route[0] + " " + route[1] + ": " + answer.body()).isEqualTo(404);
                assertThat(Json.tree(answer.body()).get("error").asString()).isEqualTo("Tâche introuvable.");
            }
        }
        assertThat(Json.tree(send(gatewayA, "GET", "/api/v1/tasks", intruder).body()).get("total").asLong()).isZero();
        // Only services may ask whether a task was cancelled.
        assertThat(send(gatewayA, "GET", "/internal/v1/tasks/" + taskId + "/cancelled", intruder).statusCode()).isEqualTo(403);

        JsonNode mine = Json.tree(send(gatewayB, "GET", "/api/v1/tasks", ownerToken).body());
        assertThat(mine.get("total").asLong()).isEqualTo(1);
        assertThat(mine.get("items").get(0).get("task_id").asString()).isEqualTo(taskId);
        assertThat(send(gatewayB, "GET", "/tasks/status/" + taskId, admin).statusCode()).isEqualTo(200);
        JsonNode asAdmin = Json.tree(send(gatewayA, "GET", "/api/v1/tasks?user_id=" + owner, admin).body());
        assertThat(asAdmin.get("items").get(0).get("task_id").asString()).isEqualTo(taskId);
        awaitState(taskId, ownerToken, "SUCCESS");
    }

    @Test
    @Order(3)
    void cancellingARunningTaskClosesTheModelStreamRevokesItAndBillsTheInputSent() throws Exception {
        String user = newUser();
        String token = system.token(user, "coordo");
        String simulator = system.url("responses-simulator");
        // The model sends a few events and then nothing more, as a long reasoning would.
        HttpResponse<String> fault = http.send(HttpRequest.newBuilder(URI.create(simulator + "/sim/faults"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"stall\",\"after_events\":8}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(fault.statusCode()).as(fault.body()).isEqualTo(201);
        long streamsBefore = simStats().get("streams_started").asLong();
        long disconnectsBefore = simStats().get("client_disconnects").asLong();

        String taskId = start(gatewayA, token, 303);
        SseSession follower = SseSession.open(gatewayB + "/tasks/events/" + taskId + "?access_token=" + token, null);
        await().atMost(STREAM_TIMEOUT).until(() -> simStats().get("streams_started").asLong() == streamsBefore + 1);
        await().atMost(STREAM_TIMEOUT).until(() -> follower.events().stream().anyMatch(e -> "PROGRESS".equals(state(e))));

        long cancelledAt = System.nanoTime();
        HttpResponse<String> cancel = send(gatewayA, "POST", "/tasks/cancel/" + taskId, token);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
        JsonNode answer = Json.tree(cancel.body());
        assertThat(answer.get("ok").asBoolean()).isTrue();
        assertThat(answer.get("task_id").asString()).isEqualTo(taskId);
        assertThat(answer.get("message").asString()).isEqualTo("Annulation demandée.");
        // The promise: the model's connection is closed within one second.
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> simStats().get("client_disconnects").asLong() == disconnectsBefore + 1);
        System.out.printf("cancel → simulator saw the connection close after %d ms%n",
                (System.nanoTime() - cancelledAt) / 1_000_000);

        List<Sse> events = follower.awaitEnd();
        Sse done = events.get(events.size() - 1);
        assertThat(done.name()).isEqualTo("done");
        assertThat(Json.tree(done.data()).get("state").asString()).isEqualTo("REVOKED");
        assertThat(Json.tree(done.data()).get("meta").get("message").asString()).isEqualTo("Tâche annulée.");
        awaitState(taskId, token, "REVOKED");

        // The input sent is billed: a capture for this task, with the tokens sent.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode capture = ledgerEntry(user, taskId, "capture");
            assertThat(capture).as(ledger(user).toString()).isNotNull();
            assertThat(capture.get("input_tokens").asLong()).isPositive();
        });
    }

    @Test
    @Order(4)
    void aQueuedTaskSaysPendingAndCancelledBeforeItStartsNeverReachesTheModelAndCostsNothing() throws Exception {
        String user = newUser();
        String token = system.token(user, "coordo");
        system.kill("task-worker-service");
        long requestsBefore;
        String queued;
        try {
            requestsBefore = simStats().get("requests").asLong();
            queued = start(gatewayA, token, 304);
            // Nobody consumes the commands: the task waits in the queue.
            try (Connection connection = system.rabbit(); Channel channel = connection.createChannel()) {
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        channel.messageCount(system.brokerPrefix + "edxo.task.commands.workers") == 1);
            }
            assertThat(Json.tree(send(gatewayB, "GET", "/tasks/status/" + queued, token).body()).get("state").asString())
                    .isEqualTo("PENDING");

            SseSession follower = SseSession.open(gatewayB + "/tasks/events/" + queued + "?access_token=" + token, null);
            await().atMost(Duration.ofSeconds(10)).until(() -> !follower.events().isEmpty());
            HttpResponse<String> cancel = send(gatewayA, "POST", "/tasks/cancel/" + queued, token);
            assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
            assertThat(Json.tree(cancel.body()).get("state").asString()).isEqualTo("REVOKED");
            assertThat(Json.tree(send(gatewayB, "GET", "/tasks/status/" + queued, token).body()).get("state").asString())
                    .isEqualTo("REVOKED");
            // A client of the other instance hears it at once.
            List<Sse> events = follower.awaitEnd();
            assertThat(events.get(events.size() - 1).name()).isEqualTo("done");
            assertThat(Json.tree(events.get(events.size() - 1).data()).get("state").asString()).isEqualTo("REVOKED");
        } finally {
            system.restart("task-worker-service");
        }
        // The worker takes the cancelled command first (FIFO), then runs a normal task to the end.
        String next = start(gatewayA, token, 305);
        awaitState(next, token, "SUCCESS");
        try (Connection connection = system.rabbit(); Channel channel = connection.createChannel()) {
            assertThat(channel.messageCount(system.brokerPrefix + "edxo.task.commands.workers")).isZero();
        }
        assertThat(simStats().get("requests").asLong()).isEqualTo(requestsBefore + 1);
        assertThat(Json.tree(send(gatewayA, "GET", "/tasks/status/" + queued, token).body()).get("state").asString())
                .isEqualTo("REVOKED");
        await().atMost(Duration.ofSeconds(20)).until(() -> ledgerEntry(user, next, "capture") != null);
        List<JsonNode> forQueued = new ArrayList<>();
        ledger(user).forEach(entry -> {
            if (queued.equals(entry.path("task_id").asString(null))) {
                forQueued.add(entry);
            }
        });
        assertThat(forQueued).as(ledger(user).toString()).isEmpty();
    }

    @Test
    @Order(5)
    void killingTheInstanceAClientFollowsLosesNothingWhenItReconnectsToTheOther() throws Exception {
        String user = newUser();
        String token = system.token(user, "coordo");
        String taskId = start(gatewayA, token, 306);

        SseSession onB = SseSession.open(gatewayB + "/tasks/events/" + taskId + "?access_token=" + token, null);
        onB.awaitReplayable(4);
        system.kill(gatewayBName);
        onB.close();
        List<Sse> before = withIds(onB.events());
        assertThat(before).noneMatch(e -> e.name().equals("done"));

        SseSession onA = SseSession.open(gatewayA + "/tasks/events/" + taskId + "?access_token=" + token
                + "&last_event_id=" + before.get(before.size() - 1).id(), null);
        List<Sse> after = withIds(onA.awaitEnd());
        List<Sse> followed = new ArrayList<>(before);
        followed.addAll(after);
        assertExactlyOnceAndInOrder(followed);
        List<Sse> replay = withIds(SseSession.open(gatewayA + "/tasks/events/" + taskId + "?access_token=" + token, null).awaitEnd());
        assertThat(ids(followed)).isEqualTo(ids(replay));
        assertThat(text(followed)).isEqualTo(text(replay));
        assertThat(state(followed.get(followed.size() - 1))).isEqualTo("SUCCESS");
    }

    // ---------------------------------------------------------------------------------------------

    private String newUser() throws Exception {
        String user = "coordo-" + UUID.randomUUID();
        HttpResponse<String> topUp = http.send(HttpRequest.newBuilder(URI.create(gatewayA + "/api/v1/billing/accounts/" + user + "/top-ups"))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":\"10.00\",\"reason\":\"Crédits de départ\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(topUp.statusCode()).as(topUp.body()).isEqualTo(201);
        return user;
    }

    private String start(String gateway, String token, int planId) throws Exception {
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(gateway
                        + "/gestion_programme/analyse_plan_de_cours/" + planId + "/start"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(snapshot)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return Json.tree(started.body()).get("task_id").asString();
    }

    private HttpResponse<String> send(String gateway, String method, String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitState(String taskId, String token, String state) {
        await().atMost(STREAM_TIMEOUT).until(() ->
                state.equals(Json.tree(send(gatewayA, "GET", "/tasks/status/" + taskId, token).body()).get("state").asString()));
    }

    private JsonNode simStats() throws Exception {
        return Json.tree(http.send(HttpRequest.newBuilder(URI.create(system.url("responses-simulator") + "/sim/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private JsonNode ledger(String user) throws Exception {
        HttpResponse<String> answer = send(gatewayA, "GET", "/api/v1/billing/accounts/" + user + "/ledger", admin);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Json.tree(answer.body());
    }

    private JsonNode ledgerEntry(String user, String taskId, String kind) throws Exception {
        for (JsonNode entry : ledger(user)) {
            if (taskId.equals(entry.path("task_id").asString(null)) && kind.equals(entry.path("kind").asString())) {
                return entry;
            }
        }
        return null;
    }

    private static void assertExactlyOnceAndInOrder(List<Sse> events) {
        List<Long> seqs = events.stream().map(e -> Long.parseLong(e.id())).toList();
        for (int i = 1; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).as("event %d of %s", i, seqs).isGreaterThan(seqs.get(i - 1));
        }
        assertThat(events.get(events.size() - 1).name()).isEqualTo("done");
    }

    private static boolean isChunk(Sse event) {
        return event.name().equals("progress") && Json.tree(event.data()).path("meta").has("stream_chunk");
    }

    private static String state(Sse event) {
        return event.data() == null || !event.data().startsWith("{\"state\"") ? null
                : Json.tree(event.data()).path("state").asString(null);
    }

    private static List<Sse> withIds(List<Sse> events) {
        return events.stream().filter(e -> e.id() != null).toList();
    }

    private static List<String> ids(List<Sse> events) {
        return events.stream().map(Sse::id).toList();
    }

    private static String text(List<Sse> events) {
        StringBuilder text = new StringBuilder();
        events.stream().filter(TrackingEndToEndTest::isChunk)
                .forEach(e -> text.append(Json.tree(e.data()).get("meta").get("stream_chunk").asString()));
        return text.toString();
    }

    record Sse(String name, String id, String data) {
    }

    /** One SSE connection read on a thread of its own; {@link #close} drops it mid-stream like a lost network. */
    static final class SseSession implements AutoCloseable {

        private static final HttpClient CLIENT = HttpClient.newHttpClient();

        private final List<Sse> events = new CopyOnWriteArrayList<>();
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile Stream<String> body;
        private volatile String failure;
        private final Thread reader;

        private SseSession(HttpRequest request) {
            reader = new Thread(() -> {
                try {
                    HttpResponse<Stream<String>> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofLines());
                    if (response.statusCode() != 200) {
                        response.body().close();
                        failure = "SSE answered " + response.statusCode();
                        return;
                    }
                    body = response.body();
                    read(body.iterator());
                } catch (Exception e) {
                    // A closed or killed connection ends the session.
                    failure = e.toString();
                } finally {
                    ended.set(true);
                }
            }, "sse-session");
            reader.setDaemon(true);
            reader.start();
        }

        static SseSession open(String url, Map<String, String> headers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
            if (headers != null) {
                headers.forEach(request::header);
            }
            return new SseSession(request.build());
        }

        List<Sse> events() {
            return List.copyOf(events);
        }

        /** Waits until this many events with an id arrived, the stream still going (mid-stream). */
        void awaitReplayable(int count) {
            await().atMost(STREAM_TIMEOUT).until(() -> ended.get() || withIds(events).size() >= count);
            assertThat(withIds(events).size()).as("events before the end; failure %s; events %s", failure, events)
                    .isGreaterThanOrEqualTo(count);
        }

        /** Waits until the server ends the stream (after {@code done} or {@code error}). */
        List<Sse> awaitEnd() {
            await().atMost(STREAM_TIMEOUT).untilTrue(ended);
            return events();
        }

        private void read(Iterator<String> lines) {
            SseClient.read(lines, event -> events.add(new Sse(event.name(), event.id(), event.data())));
        }

        @Override
        public void close() throws InterruptedException {
            ended.set(true);
            Stream<String> current = body;
            if (current != null) {
                current.close();
            }
            reader.interrupt();
            reader.join(5_000);
        }
    }
}
