package org.edxo.ai.e2e;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import org.edxo.ai.contracts.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault suite of issue 9: the whole system as processes (two workers, two gateways), every service
 * reaching RabbitMQ and PostgreSQL through TCP proxies of this JVM, so that the broker and the database can be
 * cut for this system alone. Each scenario prints its figures; sizes can be raised for a local run with
 * {@code -Dedxo.faults.tasks=500} and the other {@code edxo.faults.*} properties below.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceEndToEndTest {

    private static final int TASKS = Integer.getInteger("edxo.faults.tasks", 100);
    private static final int MALFORMED = Integer.getInteger("edxo.faults.malformed", 1000);
    private static final int FOLLOWERS = Integer.getInteger("edxo.faults.followers", 20);
    private static final int SMALL_LOAD = Integer.getInteger("edxo.faults.small-load", 20);
    private static final int TOKENS_PER_SECOND = Integer.getInteger("edxo.faults.tokens-per-second", 25);
    private static final int OUTPUT_TOKENS = Integer.getInteger("edxo.faults.output-tokens", 200);
    /** Tasks per user in the big scenario: many users, as in real use (one account row lock per user). */
    private static final int TASKS_PER_USER = Integer.getInteger("edxo.faults.tasks-per-user", 10);
    private static final Duration BROKER_OUTAGE = Duration.ofSeconds(Long.getLong("edxo.faults.broker-outage-seconds", 8));
    private static final Duration DATABASE_OUTAGE = Duration.ofSeconds(Long.getLong("edxo.faults.database-outage-seconds", 10));
    private static final Duration SETTLE = Duration.ofMinutes(4);
    private static final Duration WORKER_GRACE = Duration.ofSeconds(60);
    /** How long the model keeps the first token of each call in the kill scenario (half of it in the SIGTERM one). */
    private static final Duration FIRST_TOKEN_DELAY = Duration.ofSeconds(Long.getLong("edxo.faults.first-token-delay-seconds", 30));
    /** Above the worker's command limit (3 MB). */
    private static final int OVERSIZED_BYTES = 3_500_000;
    private static final Set<String> FINAL = Set.of("SUCCESS", "FAILURE", "REVOKED");
    private static final Pattern ACTIVE_TASKS = Pattern.compile("(?m)^edxo_worker_tasks_active(?:\\{[^}]*})? ([0-9.E]+)$");

    private static final String WORKER_A = "task-worker-service";
    private static final String GATEWAY_A = "gateway-service";
    private static final List<String> FIGURES = new CopyOnWriteArrayList<>();

    private RunningSystem system;
    private String workerB;
    private String gatewayB;
    private String admin;
    private String snapshot;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final long suiteStart = System.nanoTime();

    @BeforeAll
    void startSystem() throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("SIM_TOKENS_PER_SECOND", String.valueOf(TOKENS_PER_SECOND));
        environment.put("SIM_OUTPUT_TOKENS", String.valueOf(OUTPUT_TOKENS));
        // One worker must be able to run every task when the other is gone.
        environment.put("EDXO_WORKER_MAX_CONCURRENT_TASKS", String.valueOf(TASKS + 20));
        environment.put("EDXO_WORKER_SHUTDOWN_GRACE", WORKER_GRACE.toSeconds() + "s");
        workerB = "task-worker-service-2";
        gatewayB = "gateway-service-2";
        system = RunningSystem.startBehindProxies(environment, workerB, gatewayB);
        admin = system.token("admin-faults", "admin");
        snapshot = Files.readString(Path.of(System.getProperty("edxo.repo.root", "..")).resolve("demo/analyse-plan-de-cours.json"));
        figure("system: 2 workers, 2 gateways, billing, settings, simulator (%d tokens/s, %d output tokens) behind %s and %s; up in %d s",
                TOKENS_PER_SECOND, OUTPUT_TOKENS, system.brokerProxy(), system.databaseProxy(), elapsedSeconds(suiteStart));
    }

    @AfterAll
    void stopSystem() {
        if (system != null) {
            system.close();
        }
        System.out.println("\n=== fault suite figures (" + elapsedSeconds(suiteStart) + " s in all) ===");
        FIGURES.forEach(line -> System.out.println("  " + line));
    }

    // ============================================================================ 1. malformed broker messages

    @Test
    @Order(1)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void malformedBrokerMessagesAreAllDeadLetteredWithReasonsAndTheServicesKeepServing() throws Exception {
        String commandsDlq = system.brokerPrefix + "edxo.task.commands.workers.dlq";
        String usageDlq = system.brokerPrefix + "edxo.usage.billing.dlq";
        String eventsDlq = system.brokerPrefix + "edxo.task.events.recorder.dlq";
        String rejectedTap = tap("rejected", system.brokerPrefix + "edxo.task.events", "*.rejected");
        long start = System.nanoTime();
        Set<String> readableIds = new HashSet<>();
        Map<String, Integer> byCategory = new LinkedHashMap<>();
        int junkUsage = Math.max(10, MALFORMED / 20);
        int junkEvents = Math.max(10, MALFORMED / 20);
        long commandsDlqBefore;
        long usageDlqBefore;
        long eventsDlqBefore;
        try (Connection connection = system.rabbit(); Channel channel = connection.createChannel()) {
            commandsDlqBefore = channel.messageCount(commandsDlq);
            usageDlqBefore = channel.messageCount(usageDlq);
            eventsDlqBefore = channel.messageCount(eventsDlq);
            channel.confirmSelect();
            for (int i = 0; i < MALFORMED; i++) {
                Malformed message = malformedCommand(i);
                byCategory.merge(message.category(), 1, Integer::sum);
                if (message.readableTaskId() != null) {
                    readableIds.add(message.readableTaskId());
                }
                channel.basicPublish(system.brokerPrefix + "edxo.task.commands", message.routingKey(), message.properties(), message.body());
                if (i % 100 == 99) {
                    channel.waitForConfirmsOrDie(30_000);
                }
            }
            for (int i = 0; i < junkUsage; i++) {
                channel.basicPublish(system.brokerPrefix + "edxo.usage", "gpt-5", json(Map.of()),
                        junk(i, "usage").getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < junkEvents; i++) {
                channel.basicPublish(system.brokerPrefix + "edxo.task.events", "analyse_plan_de_cours.progress", json(Map.of()),
                        junk(i, "event").getBytes(StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(30_000);

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
                    channel.messageCount(commandsDlq) - commandsDlqBefore == MALFORMED
                            && channel.messageCount(usageDlq) - usageDlqBefore == junkUsage
                            && channel.messageCount(eventsDlq) - eventsDlqBefore == junkEvents);
        }
        long deadLetteredMs = elapsedMillis(start);

        // Every command whose task id could be read (body or header) was announced, with a reason.
        Map<String, JsonNode> rejected = new ConcurrentHashMap<>();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() -> {
            drainTap(rejectedTap).forEach(event -> rejected.put(event.path("task_id").stringValue(), event));
            return rejected.keySet().containsAll(readableIds);
        });
        assertThat(rejected.keySet()).isEqualTo(readableIds);
        assertThat(rejected.values()).allSatisfy(event -> {
            assertThat(event.path("type").stringValue()).isEqualTo("task.rejected");
            assertThat(event.path("data").path("message").stringValue()).startsWith("Commande invalide : ");
            assertThat(event.path("data").path("error_code").stringValue())
                    .isIn("invalid_command", "unknown_kind", "invalid_input", "command_too_large");
        });
        assertThat(rejected.values()).anyMatch(e -> e.path("data").path("error_code").stringValue().equals("command_too_large"));

        // Every service still healthy, and a valid task still runs to the end.
        assertHealthy();
        String user = newUser("5.00");
        String taskId = startAccepted(GATEWAY_A, system.token(user, "coordo"));
        assertThat(awaitFinal(user, List.of(taskId)).get(taskId).path("state").stringValue()).isEqualTo("SUCCESS");
        figure("malformed broker messages: %d commands %s → %d in the commands DLQ, %d task.rejected (every readable id), "
                        + "%d junk usage → billing DLQ, %d junk events → recorder DLQ, in %d ms; services healthy, next task SUCCESS",
                MALFORMED, byCategory, MALFORMED, rejected.size(), junkUsage, junkEvents, deadLetteredMs);
    }

    private record Malformed(String category, String routingKey, AMQP.BasicProperties properties, byte[] body,
                             String readableTaskId) {
    }

    private Malformed malformedCommand(int i) {
        String taskId = UUID.randomUUID().toString();
        String kind = "analyse_plan_de_cours";
        Map<String, Object> withId = Map.of("edxo_task_id", taskId, "edxo_kind", kind, "edxo_user_id", "campus-fuzz");
        String envelope = """
                {"id":"%s","type":"task.command","task_id":"%s","kind":"%s","user_id":"campus-fuzz",
                 "occurred_at":"2026-11-25T10:00:00Z","schema_version":1,"data":%s}""";
        return switch (i % 12) {
            case 0 -> new Malformed("not-json", kind, json(Map.of()), ("pas du JSON " + i).getBytes(StandardCharsets.UTF_8), null);
            case 1 -> new Malformed("not-json+header-id", kind, json(withId), "{\"task_id\":".getBytes(StandardCharsets.UTF_8), taskId);
            case 2 -> new Malformed("json-not-object", kind, json(Map.of()), (i % 24 == 2 ? "[1,2,3]" : "null").getBytes(StandardCharsets.UTF_8), null);
            case 3 -> new Malformed("missing-fields", kind, json(Map.of()),
                    ("{\"task_id\":\"" + taskId + "\",\"kind\":\"" + kind + "\"}").getBytes(StandardCharsets.UTF_8), taskId);
            case 4 -> new Malformed("unknown-kind", "generation_inconnue", json(Map.of()),
                    envelope.formatted(UUID.randomUUID(), taskId, "generation_inconnue", "{\"input\":{}}").getBytes(StandardCharsets.UTF_8), taskId);
            case 5 -> new Malformed("wrong-types", kind, json(Map.of()),
                    ("{\"id\":42,\"type\":\"task.command\",\"task_id\":\"" + taskId + "\",\"kind\":\"" + kind
                            + "\",\"user_id\":7,\"occurred_at\":true,\"schema_version\":\"1\",\"data\":\"x\"}").getBytes(StandardCharsets.UTF_8), taskId);
            case 6 -> new Malformed("invalid-input", kind, json(Map.of()),
                    envelope.formatted(UUID.randomUUID(), taskId, kind, "{\"input\":{\"plan_id\":\"pas un nombre\"}}").getBytes(StandardCharsets.UTF_8), taskId);
            case 7 -> new Malformed("invalid-utf8", kind, json(withId), new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, taskId);
            case 8 -> new Malformed("deep-nesting", kind, json(Map.of()), "[".repeat(100_000).getBytes(StandardCharsets.UTF_8), null);
            case 9 -> new Malformed("empty", kind, json(withId), new byte[0], taskId);
            case 10 -> new Malformed("bad-task-id", kind, json(Map.of()),
                    envelope.formatted(UUID.randomUUID(), "pas-un-uuid", kind, "{\"input\":{}}").getBytes(StandardCharsets.UTF_8), null);
            default -> i % 120 == 11
                    // A few oversized ones: a valid JSON envelope over the worker's limit, rejected unread.
                    ? new Malformed("oversized", kind, json(withId), envelope.formatted(UUID.randomUUID(), taskId, kind,
                    "{\"input\":{\"padding\":\"" + "x".repeat(OVERSIZED_BYTES) + "\"}}").getBytes(StandardCharsets.UTF_8), taskId)
                    : new Malformed("binary", kind, json(Map.of()), randomBytes(i), null);
        };
    }

    private static byte[] randomBytes(int seed) {
        byte[] bytes = new byte[64 + seed % 200];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String junk(int i, String what) {
        return switch (i % 4) {
            case 0 -> "pas du JSON (" + what + ")";
            case 1 -> "{}";
            case 2 -> "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"" + (what.equals("usage") ? "usage.recorded" : "task.progress") + "\"}";
            default -> "[\"" + what + "\"]";
        };
    }

    private static AMQP.BasicProperties json(Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2).headers(headers).build();
    }

    // ============================================================================ 2. fuzzed HTTP bodies

    @Test
    @Order(2)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void fuzzedHttpBodiesOnEveryRouteAreRejectedWith4xxAndAJsonErrorNever5xx() throws Exception {
        String user = newUser("1.00");
        String coordo = system.token(user, "coordo");
        String task = UUID.randomUUID().toString();
        String gateway = system.gateway();
        String billing = system.url("billing-service");
        String settings = system.url("settings-service");
        // method, base URL, path, token
        List<String[]> routes = List.of(
                new String[]{"POST", gateway, "/gestion_programme/analyse_plan_de_cours/101/start", coordo},
                new String[]{"POST", gateway, "/api/v1/tasks/analyse_plan_de_cours", coordo},
                new String[]{"POST", gateway, "/api/v1/tasks/generation_inconnue", coordo},
                new String[]{"POST", gateway, "/gestion_programme/update_verifier_plan_cours/101", coordo},
                new String[]{"POST", gateway, "/tasks/cancel/" + task, coordo},
                new String[]{"POST", gateway, "/api/v1/billing/accounts/" + user + "/top-ups", admin},
                new String[]{"POST", gateway, "/api/v1/billing/accounts/" + user + "/adjustments", admin},
                new String[]{"POST", gateway, "/api/v1/billing/prices", admin},
                new String[]{"POST", billing, "/api/v1/billing/accounts/" + user + "/top-ups", admin},
                new String[]{"POST", billing, "/api/v1/billing/accounts/" + user + "/adjustments", admin},
                new String[]{"POST", billing, "/api/v1/billing/prices", admin},
                new String[]{"POST", billing, "/api/v1/billing/holds", system.token("worker", "service")},
                new String[]{"PUT", settings, "/api/v1/settings/sections/analyse_plan_cours", admin},
                new String[]{"PUT", settings, "/api/v1/settings/sections/analyse_plan_cours/templates/user", admin},
                new String[]{"PUT", settings, "/api/v1/settings/generation-sections/objectifs", admin},
                new String[]{"POST", settings, "/api/v1/settings/models", admin},
                new String[]{"PUT", settings, "/api/v1/settings/models/gpt-5", admin},
                new String[]{"PUT", settings, "/api/v1/settings/defaults", admin},
                new String[]{"POST", settings, "/api/v1/settings/import", admin},
                new String[]{"POST", settings, "/api/v1/settings/history/999999/rollback", admin});
        List<FuzzBody> bodies = fuzzBodies();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        List<String> defects = new ArrayList<>();
        long start = System.nanoTime();
        int requests = 0;
        for (String[] route : routes) {
            for (FuzzBody body : bodies) {
                String what = route[0] + " " + route[1].substring(route[1].lastIndexOf(':')) + route[2] + " with " + body.name();
                RawResponse response;
                try {
                    response = RawResponse.send(route[0], URI.create(route[1] + route[2]), route[3], body.contentType(),
                            body.bytes(), Duration.ofSeconds(60));
                } catch (java.io.IOException e) {
                    defects.add(what + " → no answer: " + e);
                    continue;
                }
                requests++;
                statuses.merge(response.statusCode(), 1, Integer::sum);
                if (response.statusCode() >= 500 || response.statusCode() < 400) {
                    defects.add(what + " → " + response.statusCode() + " " + abbreviate(response.body()));
                } else if (!hasJsonError(response.body())) {
                    defects.add(what + " → " + response.statusCode() + " without a JSON error: " + abbreviate(response.body()));
                }
            }
        }
        // Query strings too: the list route and the billing reports.
        for (String query : List.of("?page=-1", "?size=100000", "?page=abc&size=x", "?state=INCONNU", "?page=%25ZZ",
                "?size=" + "9".repeat(40))) {
            HttpResponse<String> response = send("GET", gateway + "/api/v1/tasks" + query, coordo);
            requests++;
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() >= 500 || !hasJsonError(response.body())) {
                defects.add("GET /api/v1/tasks" + query + " → " + response.statusCode() + " " + abbreviate(response.body()));
            }
        }
        for (String query : List.of("?from=hier&to=demain", "?group_by=planete", "?from=2026-13-45T00:00:00Z",
                "?from=2027-01-01T00:00:00Z&to=2026-01-01T00:00:00Z")) {
            HttpResponse<String> response = send("GET", billing + "/api/v1/billing/reports/usage" + query, admin);
            requests++;
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() >= 500 || !hasJsonError(response.body())) {
                defects.add("GET reports/usage" + query + " → " + response.statusCode() + " " + abbreviate(response.body()));
            }
        }
        assertThat(defects).as("requests answered with a 5xx, a 2xx/3xx, or a 4xx without a JSON error").isEmpty();
        assertHealthy();
        figure("fuzzed HTTP: %d requests (%d routes × %d bodies + %d query strings) → statuses %s, 0 × 5xx, every error JSON, in %d ms; services healthy",
                requests, routes.size(), bodies.size(), requests - routes.size() * bodies.size(), statuses, elapsedMillis(start));
    }

    private record FuzzBody(String name, String contentType, byte[] bytes) {
    }

    /**
     * One HTTP/1.1 exchange on a socket of its own ({@code Connection: close}): the body is written on another
     * thread while the answer is read, as a browser does, so a service that answers early (a 413 on the declared
     * length) and stops reading is heard rather than left blocking the writer.
     */
    record RawResponse(int statusCode, String body) {

        static RawResponse send(String method, URI uri, String token, String contentType, byte[] body, Duration timeout)
                throws java.io.IOException {
            try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
                socket.setSoTimeout((int) timeout.toMillis());
                StringBuilder head = new StringBuilder(method + " " + uri.getRawPath()
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\n")
                        .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                        .append("Authorization: Bearer ").append(token).append("\r\n")
                        .append("Content-Length: ").append(body.length).append("\r\n")
                        .append("Connection: close\r\n");
                if (contentType != null) {
                    head.append("Content-Type: ").append(contentType).append("\r\n");
                }
                head.append("\r\n");
                java.io.OutputStream out = socket.getOutputStream();
                Thread writer = new Thread(() -> {
                    try {
                        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
                        out.write(body);
                        out.flush();
                    } catch (java.io.IOException answeredEarly) {
                        // the service answered and closed before reading it all: fine, the answer is read below
                    }
                }, "fuzz-writer");
                writer.setDaemon(true);
                writer.start();
                byte[] raw = socket.getInputStream().readAllBytes();
                int headerEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
                String answerHead = headerEnd < 0 ? "" : new String(raw, 0, headerEnd, StandardCharsets.ISO_8859_1);
                if (!answerHead.startsWith("HTTP/1.1 ")) {
                    throw new java.io.IOException("not an HTTP answer: " + abbreviate(new String(raw, StandardCharsets.UTF_8)));
                }
                int status = Integer.parseInt(answerHead.substring(9, 12));
                byte[] content = java.util.Arrays.copyOfRange(raw, headerEnd + 4, raw.length);
                if (answerHead.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                    content = dechunk(content);
                }
                return new RawResponse(status, new String(content, StandardCharsets.UTF_8));
            }
        }

        private static byte[] dechunk(byte[] chunked) {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            int at = 0;
            byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
            while (at < chunked.length) {
                int lineEnd = indexOf(chunked, crlf, at);
                if (lineEnd < 0) {
                    break;
                }
                int size = Integer.parseInt(new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim(), 16);
                if (size == 0) {
                    break;
                }
                body.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
                at = lineEnd + 2 + size + 2;
            }
            return body.toByteArray();
        }

        private static int indexOf(byte[] data, byte[] pattern, int from) {
            outer:
            for (int i = from; i <= data.length - pattern.length; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (data[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    private List<FuzzBody> fuzzBodies() {
        String json = "application/json";
        List<FuzzBody> bodies = new ArrayList<>();
        bodies.add(new FuzzBody("empty", json, new byte[0]));
        bodies.add(new FuzzBody("truncated", json, "{\"plan_cours\":".getBytes(StandardCharsets.UTF_8)));
        bodies.add(new FuzzBody("null", json, "null".getBytes(StandardCharsets.UTF_8)));
        bodies.add(new FuzzBody("array", json, "[1,2,3]".getBytes(StandardCharsets.UTF_8)));
        bodies.add(new FuzzBody("string", json, "\"texte\"".getBytes(StandardCharsets.UTF_8)));
        bodies.add(new FuzzBody("number", json, "1e999".getBytes(StandardCharsets.UTF_8)));
        bodies.add(new FuzzBody("wrong-types", json, ("{\"plan_cours\":7,\"plan_cadre\":[],\"input\":\"x\",\"options\":3,"
                + "\"amount\":{\"a\":1},\"reason\":[],\"model\":false,\"input_per_million\":\"beaucoup\","
                + "\"effective_from\":12,\"system_prompt\":{},\"template\":9,\"ai_model\":[],\"enabled\":\"oui\","
                + "\"use_ai\":\"peut-être\",\"schema_version\":\"un\",\"task_id\":5,\"attempt\":\"deux\"}").getBytes(StandardCharsets.UTF_8)));
        bodies.add(new FuzzBody("negative-and-huge-numbers", json, ("{\"amount\":\"-1e308\",\"max_output_tokens\":-5,"
                + "\"input_per_million\":\"99999999999999999999999999.999\",\"attempt\":-1,\"max_input_tokens\":1e40}").getBytes(StandardCharsets.UTF_8)));
        bodies.add(new FuzzBody("deep-nesting", json, ("{\"a\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}").getBytes(StandardCharsets.UTF_8)));
        bodies.add(new FuzzBody("invalid-utf8", json, new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'}));
        bodies.add(new FuzzBody("nul-and-controls", json, "{\"amount\":\"1\u0000\",\"reason\":\"\u0001\u0002\"}".getBytes(StandardCharsets.UTF_8)));
        bodies.add(new FuzzBody("huge", json, ("{\"padding\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8)));
        bodies.add(new FuzzBody("text-plain", "text/plain", snapshot.getBytes(StandardCharsets.UTF_8)));
        bodies.add(new FuzzBody("form", "application/x-www-form-urlencoded", "amount=10&reason=x".getBytes(StandardCharsets.UTF_8)));
        bodies.add(new FuzzBody("multipart", "multipart/form-data; boundary=xyz",
                "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.json\"\r\n\r\n{}\r\n--xyz--\r\n".getBytes(StandardCharsets.UTF_8)));
        bodies.add(new FuzzBody("no-content-type", null, "[]".getBytes(StandardCharsets.UTF_8)));
        bodies.add(new FuzzBody("xml", "application/xml", "<a/>".getBytes(StandardCharsets.UTF_8)));
        return bodies;
    }

    private static boolean hasJsonError(String body) {
        try {
            JsonNode node = Json.tree(body);
            return node != null && node.isObject() && node.path("error").isString() && !node.path("error").stringValue().isBlank();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }

    // ============================================================================ 5. kill -9 a worker

    @Test
    @Order(5)
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void killingAWorkerMidStreamLosesNoTaskAndChargesNothingTwice() throws Exception {
        String usageTap = tap("usage-kill", system.brokerPrefix + "edxo.usage", "#");
        long deadLettersBefore = commandDeadLetters();
        int userCount = Math.max(1, (TASKS + TASKS_PER_USER - 1) / TASKS_PER_USER);
        Map<String, String> tokens = new LinkedHashMap<>();
        for (int i = 0; i < userCount; i++) {
            String user = newUser("50.00");
            tokens.put(user, system.token(user, "coordo"));
        }
        List<String> users = List.copyOf(tokens.keySet());

        // Every model call of this scenario holds its first token for a while, so that all the tasks are in flight
        // together however long the starts take on a busy machine.
        slowFirstTokens(TASKS, FIRST_TOKEN_DELAY);
        startRetries.set(0);
        long start = System.nanoTime();
        Map<String, List<String>> tasksByUser = startMany(TASKS, users, tokens);
        long startsMs = elapsedMillis(start);
        List<String> taskIds = tasksByUser.values().stream().flatMap(List::stream).toList();
        Map<String, String> ownerOf = new HashMap<>();
        tasksByUser.forEach((user, ids) -> ids.forEach(id -> ownerOf.put(id, user)));
        List<Follower> followers = new ArrayList<>();
        for (int i = 0; i < Math.min(FOLLOWERS, taskIds.size()); i++) {
            String taskId = taskIds.get(i);
            followers.add(Follower.open(system.url(i % 2 == 0 ? GATEWAY_A : gatewayB), taskId, tokens.get(ownerOf.get(taskId)), null));
        }
        // Mid-stream: the worker to kill runs a good share of the tasks, and output is flowing.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .until(() -> activeTasks(WORKER_A) >= Math.max(1, TASKS / 4)
                        && followers.stream().filter(Follower::streaming).count() >= Math.min(3, followers.size()));
        int killedWith = activeTasks(WORKER_A);
        int inFlight = killedWith + activeTasks(workerB);
        long killedAt = System.nanoTime();
        system.kill(WORKER_A);
        clearSimulatorFaults();

        Map<String, JsonNode> finals = new LinkedHashMap<>();
        for (var entry : tasksByUser.entrySet()) {
            finals.putAll(awaitFinal(entry.getKey(), entry.getValue()));
        }
        long recoveredMs = elapsedMillis(killedAt);
        system.restart(WORKER_A);
        assertThat(consumersOnCommands()).as("consumers on the commands queue after the restart").isEqualTo(2);

        // 0 lost: every accepted task reached a final state: SUCCESS, or a clean FAILURE before the model was called
        // (billing, overloaded by 100 holds at once on this machine, did not answer a hold in time).
        List<JsonNode> failed = finals.values().stream().filter(st -> !st.path("state").stringValue().equals("SUCCESS")).toList();
        assertThat(failed).allSatisfy(status -> {
            assertThat(status.path("state").stringValue()).as(status.toString()).isEqualTo("FAILURE");
            assertThat(status.path("meta").path("error_code").stringValue()).as(status.toString()).isEqualTo("internal_unavailable");
        });
        List<String> succeeded = taskIds.stream().filter(id -> finals.get(id).path("state").stringValue().equals("SUCCESS")).toList();

        // Clients: every replay ends with the full answer after its last reset; those that followed live saw the same.
        Map<String, List<SseClient.Event>> replays = new LinkedHashMap<>();
        for (var entry : tasksByUser.entrySet()) {
            replays.putAll(replayAll(entry.getValue().stream().filter(succeeded::contains).toList(), tokens.get(entry.getKey())));
        }
        Set<String> redelivered = new HashSet<>();
        replays.forEach((taskId, events) -> {
            assertFullAnswerAfterLastReset(taskId, events, finals.get(taskId));
            if (events.stream().anyMatch(FaultToleranceEndToEndTest::isReset)) {
                redelivered.add(taskId);
            }
        });
        assertThat(redelivered).as("tasks restarted on the other worker").isNotEmpty();
        int liveResets = 0;
        ClientRecoveries recoveries = new ClientRecoveries();
        for (Follower follower : followers) {
            List<SseClient.Event> live = follower.awaitEnd(SETTLE);
            recoveries.add(follower);
            if (!succeeded.contains(follower.taskId)) {
                continue;
            }
            assertFullAnswerAfterLastReset(follower.taskId, live, finals.get(follower.taskId));
            assertThat(text(afterLastReset(live))).isEqualTo(text(afterLastReset(replays.get(follower.taskId))));
            if (redelivered.contains(follower.taskId)) {
                assertThat(live).as("live client of a restarted task").anyMatch(FaultToleranceEndToEndTest::isReset);
                liveResets++;
            }
        }

        // Billing: one capture per (task, attempt) that published usage, none twice, none missing.
        Ledger ledger = awaitLedgerMatches(users, usageTap);
        ledger.assertEachUsageCapturedOnce();
        ledger.assertSuccessfulTasksPaidWhatTheirResultSays(finals);
        ledger.assertBalanceIsTopUpMinusCapturesMinusOpenHolds(new BigDecimal("50.00").multiply(BigDecimal.valueOf(users.size())));
        // The killed attempts: the worker that took over billed each on an estimate (the gateway's account of what
        // it streamed), or released its hold; none is left to the sweeper.
        List<String> killedAttempts = redelivered.stream().map(taskId -> taskId + ":1").toList();
        assertThat(ledger.captures.keySet()).as("killed attempts billed on an estimate").containsAll(killedAttempts);
        assertThat(ledger.openHolds).as("holds left open").isEmpty();
        assertThat(commandDeadLetters()).as("valid commands dead-lettered").isEqualTo(deadLettersBefore);
        figure("kill -9 worker: %d/%d tasks final (%d SUCCESS, %d clean FAILURE: hold not answered in time), 0 lost; "
                        + "%d in flight at the kill, %d on the killed worker; %d restarted on the other one with a reset (%d of them followed "
                        + "live: reset then the full answer; SSE clients %s); %d usages → %d captures, 0 charged twice, "
                        + "the %d killed attempts billed on an estimate by the worker that took over, %d holds left open; %d users; "
                        + "starts took %d ms (%d sent again after a 503); all final %d s after the kill; killed worker restarted and consuming",
                finals.size(), TASKS, succeeded.size(), failed.size(), inFlight, killedWith, redelivered.size(), liveResets, recoveries,
                ledger.usages.size(), ledger.captureCount, killedAttempts.size(), ledger.openHolds.size(), users.size(), startsMs,
                startRetries.get(), recoveredMs / 1000);
    }

    // ============================================================================ 6. SIGTERM a worker

    @Test
    @Order(6)
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aWorkerAskedToStopFinishesItsStreamsWithoutRestartingThem() throws Exception {
        String user = newUser("50.00");
        String token = system.token(user, "coordo");
        int count = SMALL_LOAD;
        slowFirstTokens(count, FIRST_TOKEN_DELAY.dividedBy(2));
        List<String> taskIds = startMany(count, token);
        // Every command taken by a worker (none left to arrive during the drain), none finished, and the worker
        // to stop runs some of them.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Map<String, String> states = states(user);
            return taskIds.stream().allMatch(id -> Set.of("STARTED", "PROGRESS").contains(states.get(id)))
                    && activeTasks(workerB) > 0;
        });
        int running = activeTasks(workerB);
        clearSimulatorFaults();
        Duration stopped = system.stop(workerB, WORKER_GRACE.plusSeconds(30));

        Map<String, JsonNode> finals = awaitFinal(user, taskIds);
        assertThat(finals.values()).allSatisfy(status -> assertThat(status.path("state").stringValue()).isEqualTo("SUCCESS"));
        Map<String, List<SseClient.Event>> replays = replayAll(taskIds, token);
        replays.forEach((taskId, events) -> {
            assertThat(events).as("task %s restarted", taskId).noneMatch(FaultToleranceEndToEndTest::isReset);
            assertFullAnswerAfterLastReset(taskId, events, finals.get(taskId));
        });
        figure("SIGTERM worker: it ran %d of %d tasks and stopped in %d ms (grace %d s) after finishing them; %d/%d SUCCESS, 0 restarted",
                running, count, stopped.toMillis(), WORKER_GRACE.toSeconds(), finals.size(), count);
    }

    // ============================================================================ 7. SIGTERM a gateway

    @Test
    @Order(7)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aGatewayAskedToStopTellsItsSseClientsToReconnectAndTheyResumeElsewhereWithoutLoss() throws Exception {
        String user = newUser("5.00");
        String token = system.token(user, "coordo");
        String taskId = startAccepted(GATEWAY_A, token);
        // Reconnection by hand below, to the other instance (behind a load balancer, EventSource would do it).
        Follower onB = Follower.open(system.url(gatewayB), taskId, token, null, false);
        await().atMost(Duration.ofMinutes(1)).until(() -> onB.withIds().size() >= 4 || onB.ended());
        assertThat(onB.events()).noneMatch(e -> e.name().equals("done"));

        Duration stopped = system.stop(gatewayB, Duration.ofSeconds(60));
        List<SseClient.Event> before = onB.awaitEnd(Duration.ofSeconds(10));
        SseClient.Event hint = before.get(before.size() - 1);
        assertThat(hint.name()).isEqualTo("error");
        assertThat(Json.tree(hint.data()).path("reconnect").asBoolean()).isTrue();
        assertThat(hint.retry()).isNotNull();
        List<SseClient.Event> beforeWithIds = withIds(before);
        String lastId = beforeWithIds.get(beforeWithIds.size() - 1).id();

        // As EventSource does: reconnect (to the instance still up) with Last-Event-ID.
        Follower onA = Follower.open(system.url(GATEWAY_A), taskId, token, lastId);
        List<SseClient.Event> after = withIds(onA.awaitEnd(SETTLE));

        List<SseClient.Event> followed = new ArrayList<>(beforeWithIds);
        followed.addAll(after);
        List<Long> seqs = followed.stream().map(e -> Long.parseLong(e.id())).toList();
        for (int i = 1; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).as("exactly once, in order: %s", seqs).isGreaterThan(seqs.get(i - 1));
        }
        List<SseClient.Event> replay = withIds(Follower.open(system.url(GATEWAY_A), taskId, token, null).awaitEnd(SETTLE));
        assertThat(followed.stream().map(SseClient.Event::id).toList()).isEqualTo(replay.stream().map(SseClient.Event::id).toList());
        assertThat(text(followed)).isEqualTo(text(replay));
        assertThat(Json.tree(followed.get(followed.size() - 1).data()).path("state").stringValue()).isEqualTo("SUCCESS");
        figure("SIGTERM gateway: the SSE client got the reconnect hint (retry %s ms), the gateway stopped in %d ms, the client "
                        + "resumed on the other instance after event %s: %d + %d events, exactly once, same text as a replay",
                hint.retry(), stopped.toMillis(), lastId, beforeWithIds.size(), after.size());
    }

    // ============================================================================ 3. broker cut

    @Test
    @Order(3)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void theBrokerUnreachableMidLoadLosesNoCommandAndNoUsage() throws Exception {
        String user = newUser("100.00");
        String token = system.token(user, "coordo");
        String usageTap = tap("usage-broker", system.brokerPrefix + "edxo.usage", "#");
        long deadLettersBefore = commandDeadLetters();
        List<String> accepted = new ArrayList<>(startMany(SMALL_LOAD, token));
        List<Follower> followers = new ArrayList<>();
        for (int i = 0; i < Math.min(5, accepted.size()); i++) {
            followers.add(Follower.open(system.url(i % 2 == 0 ? GATEWAY_A : gatewayB), accepted.get(i), token, null));
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> followers.stream().filter(Follower::streaming).count() >= 2);

        system.brokerProxy().cut();
        long cutAt = System.nanoTime();
        List<Integer> duringCut = new ArrayList<>();
        long slowestMs = 0;
        try {
            // Starts while the broker is gone: a clear 503 within the confirm timeout, never a hang or a 500.
            while (elapsedMillis(cutAt) < BROKER_OUTAGE.toMillis()) {
                long sent = System.nanoTime();
                HttpResponse<String> response = start(duringCut.size() % 2 == 0 ? GATEWAY_A : gatewayB, token);
                slowestMs = Math.max(slowestMs, elapsedMillis(sent));
                duringCut.add(response.statusCode());
                if (response.statusCode() == 202) {
                    accepted.add(Json.tree(response.body()).path("task_id").stringValue());
                } else {
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                    assertThat(Json.tree(response.body()).path("error").stringValue()).isEqualTo("Service momentanément indisponible, réessayez.");
                }
            }
        } finally {
            system.brokerProxy().heal();
        }
        long healedAt = System.nanoTime();
        assertThat(duringCut).isNotEmpty();
        assertThat(slowestMs).as("a start during the cut answers within the confirm timeout").isLessThan(20_000);

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(this::allHealthy);
        long healthyMs = elapsedMillis(healedAt);
        Map<String, JsonNode> finals = awaitFinal(user, accepted);
        long settledMs = elapsedMillis(healedAt);
        assertThat(finals.values()).allSatisfy(status -> assertThat(status.path("state").stringValue())
                .as(status.toString()).isEqualTo("SUCCESS"));
        ClientRecoveries recoveries = new ClientRecoveries();
        for (Follower follower : followers) {
            List<SseClient.Event> live = follower.awaitEnd(SETTLE);
            recoveries.add(follower);
            assertFullAnswerAfterLastReset(follower.taskId, live, finals.get(follower.taskId));
        }
        Ledger ledger = awaitLedgerMatches(user, usageTap);
        ledger.assertEachUsageCapturedOnce();
        ledger.assertSuccessfulTasksPaidWhatTheirResultSays(finals);
        assertThat(commandDeadLetters()).as("valid commands dead-lettered").isEqualTo(deadLettersBefore);
        figure("broker cut %d s mid-load: %d starts during the cut → %s (slowest %d ms), %d accepted tasks → %d SUCCESS, 0 lost; "
                        + "%d usages → %d captures, 0 lost, 0 twice; services healthy %d ms and every task final %d s after the heal; "
                        + "%d live SSE clients got the full answer (%s)",
                BROKER_OUTAGE.toSeconds(), duringCut.size(), countsOf(duringCut), slowestMs, accepted.size(), finals.size(),
                ledger.usages.size(), ledger.captureCount, healthyMs, settledMs / 1000, followers.size(), recoveries);
    }

    // ============================================================================ 4. database cut

    @Test
    @Order(4)
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void theDatabaseUnreachableForTenSecondsGives503MeanwhileAndEverythingRecoversByItself() throws Exception {
        String user = newUser("100.00");
        String token = system.token(user, "coordo");
        String usageTap = tap("usage-db", system.brokerPrefix + "edxo.usage", "#");
        List<String> taskIds = startMany(SMALL_LOAD / 2, token);
        // Every task past its hold and calling the model (PROGRESS), none finished: they cross the outage mid-stream.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() ->
                states(user).entrySet().stream().filter(e -> taskIds.contains(e.getKey()))
                        .filter(e -> e.getValue().equals("PROGRESS")).count() == taskIds.size());
        long recorderDlqBefore = messageCount(system.brokerPrefix + "edxo.task.events.recorder.dlq");
        long usageDlqBefore = messageCount(system.brokerPrefix + "edxo.usage.billing.dlq");

        system.databaseProxy().cut();
        long cutAt = System.nanoTime();
        Map<String, Integer> answers = new java.util.TreeMap<>();
        long slowestMs = 0;
        try {
            while (elapsedMillis(cutAt) < DATABASE_OUTAGE.toMillis()) {
                for (String[] probe : List.of(
                        new String[]{"GET", system.gateway() + "/tasks/status/" + taskIds.get(0)},
                        new String[]{"GET", system.url(gatewayB) + "/api/v1/tasks"},
                        new String[]{"POST", system.gateway() + "/gestion_programme/analyse_plan_de_cours/101/start"},
                        new String[]{"GET", system.gateway() + "/get_credit_balance"},
                        new String[]{"GET", system.gateway() + "/actuator/health"},
                        new String[]{"GET", system.url("billing-service") + "/actuator/health"},
                        new String[]{"GET", system.url("settings-service") + "/actuator/health"},
                        new String[]{"GET", system.url("settings-service") + "/api/v1/settings/defaults"})) {
                    long sent = System.nanoTime();
                    HttpResponse<String> response = probe[0].equals("POST")
                            ? start(GATEWAY_A, token) : send(probe[0], probe[1], probe[1].contains("settings") ? admin : token);
                    slowestMs = Math.max(slowestMs, elapsedMillis(sent));
                    String route = probe[0] + " " + URI.create(probe[1]).getPath().replaceAll("[0-9a-f-]{36}", "{id}")
                            + " (" + URI.create(probe[1]).getPort() + ")";
                    answers.merge(route.replaceAll(" \\(\\d+\\)", "") + " " + response.statusCode(), 1, Integer::sum);
                    assertThat(response.statusCode()).as(route + " during the database outage: " + response.body()).isEqualTo(503);
                    assertThat(Json.tree(response.body()).has("error") || Json.tree(response.body()).path("status").stringValue().equals("DOWN"))
                            .as(response.body()).isTrue();
                }
                Thread.sleep(500);
            }
        } finally {
            system.databaseProxy().heal();
        }
        long healedAt = System.nanoTime();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() ->
                send("GET", system.gateway() + "/tasks/status/" + taskIds.get(0), token).statusCode() == 200);
        long statusBackMs = elapsedMillis(healedAt);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(this::allHealthy);
        long healthyMs = elapsedMillis(healedAt);

        Map<String, JsonNode> finals = awaitFinal(user, taskIds);
        assertThat(finals.values()).allSatisfy(status -> assertThat(status.path("state").stringValue())
                .as(status.toString()).isEqualTo("SUCCESS"));
        Ledger ledger = awaitLedgerMatches(user, usageTap);
        ledger.assertEachUsageCapturedOnce();
        assertThat(messageCount(system.brokerPrefix + "edxo.task.events.recorder.dlq")).isEqualTo(recorderDlqBefore);
        assertThat(messageCount(system.brokerPrefix + "edxo.usage.billing.dlq")).isEqualTo(usageDlqBefore);
        String next = startAccepted(gatewayB, token);
        assertThat(awaitFinal(user, List.of(next)).get(next).path("state").stringValue()).isEqualTo("SUCCESS");
        figure("database cut %d s: %s (slowest answer %d ms), no 500; status route back %d ms and every service healthy %d ms "
                        + "after the heal, by itself; %d tasks running across the cut → SUCCESS, %d usages charged once, 0 dead-lettered",
                DATABASE_OUTAGE.toSeconds(), answers, slowestMs, statusBackMs, healthyMs, finals.size(), ledger.usages.size());
    }

    // ============================================================================ helpers: tasks

    private String newUser(String amount) throws Exception {
        String user = "faults-" + UUID.randomUUID();
        HttpResponse<String> topUp = http.send(HttpRequest.newBuilder(URI.create(system.gateway() + "/api/v1/billing/accounts/" + user + "/top-ups"))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":\"" + amount + "\",\"reason\":\"Crédits de test\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(topUp.statusCode()).as(topUp.body()).isEqualTo(201);
        return user;
    }

    private HttpResponse<String> start(String gateway, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(system.url(gateway) + "/gestion_programme/analyse_plan_de_cours/101/start"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(snapshot)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String startAccepted(String gateway, String token) throws Exception {
        HttpResponse<String> started = start(gateway, token);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return Json.tree(started.body()).path("task_id").stringValue();
    }

    /** Starts that had to be sent again after a 503 (a clean refusal: nothing was accepted), for the figures. */
    private final java.util.concurrent.atomic.AtomicInteger startRetries = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * A start under load, sent again after a {@code 503} as a client honouring {@code Retry-After} would (at most
     * 5 times): on this shared machine billing or the broker may not answer within the gateway's timeouts.
     */
    private String startAcceptedUnderLoad(String gateway, String token) throws Exception {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> started = start(gateway, token);
            if (started.statusCode() == 503 && attempt < 5) {
                startRetries.incrementAndGet();
                Thread.sleep(1_000L * attempt);
                continue;
            }
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            return Json.tree(started.body()).path("task_id").stringValue();
        }
    }

    /** Starts {@code count} tasks at once through both gateways, spread over the users; all must be accepted. */
    private Map<String, List<String>> startMany(int count, List<String> users, Map<String, String> tokens) {
        Map<String, List<String>> byUser = new LinkedHashMap<>();
        List<String> owners = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            owners.add(users.get(i % users.size()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<String>> starts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String gateway = i % 2 == 0 ? GATEWAY_A : gatewayB;
                String token = tokens.get(owners.get(i));
                starts.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return startAcceptedUnderLoad(gateway, token);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            for (int i = 0; i < count; i++) {
                byUser.computeIfAbsent(owners.get(i), user -> new ArrayList<>()).add(starts.get(i).join());
            }
            return byUser;
        } finally {
            pool.shutdown();
        }
    }

    /** Starts {@code count} tasks at once through both gateways; all must be accepted. */
    private List<String> startMany(int count, String token) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<String>> starts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String gateway = i % 2 == 0 ? GATEWAY_A : gatewayB;
                starts.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return startAcceptedUnderLoad(gateway, token);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            return starts.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdown();
        }
    }

    private HttpResponse<String> send(String method, String url, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Task id → state, from the user's task list (one request per page of 100). */
    private Map<String, String> states(String user) throws Exception {
        String token = system.token(user, "coordo");
        Map<String, String> states = new HashMap<>();
        for (int page = 1; ; page++) {
            JsonNode list = Json.tree(send("GET", system.gateway() + "/api/v1/tasks?size=100&page=" + page, token).body());
            list.path("items").forEach(item -> states.put(item.path("task_id").stringValue(), item.path("state").stringValue()));
            if (page * 100L >= list.path("total").asLong()) {
                return states;
            }
        }
    }

    /** The status of each task once all are final, polling the user's task list (one request per page). */
    private Map<String, JsonNode> awaitFinal(String user, List<String> taskIds) {
        String token = system.token(user, "coordo");
        Set<String> wanted = new HashSet<>(taskIds);
        Map<String, String> finals = new ConcurrentHashMap<>();
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            states(user).forEach((id, state) -> {
                if (wanted.contains(id) && FINAL.contains(state)) {
                    finals.putIfAbsent(id, state);
                }
            });
            return finals.keySet().containsAll(wanted);
        });
        // The full status (result included) of each.
        Map<String, JsonNode> statuses = new LinkedHashMap<>();
        for (String taskId : taskIds) {
            statuses.put(taskId, Json.tree(sendUnchecked("GET", system.gateway() + "/tasks/status/" + taskId, token).body()));
        }
        return statuses;
    }

    private HttpResponse<String> sendUnchecked(String method, String url, String token) {
        try {
            return send(method, url, token);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every task's events from the start, read from gateway A once the task is over. */
    private Map<String, List<SseClient.Event>> replayAll(List<String> taskIds, String token) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Map<String, CompletableFuture<List<SseClient.Event>>> replays = new LinkedHashMap<>();
            for (String taskId : taskIds) {
                replays.put(taskId, CompletableFuture.supplyAsync(() -> {
                    try {
                        return new SseClient().readUntilDone(system.gateway() + "/tasks/events/" + taskId + "?access_token=" + token,
                                Duration.ofSeconds(60));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            Map<String, List<SseClient.Event>> result = new LinkedHashMap<>();
            replays.forEach((taskId, future) -> result.put(taskId, future.join()));
            return result;
        } finally {
            pool.shutdown();
        }
    }

    private static boolean isReset(SseClient.Event event) {
        return event.name().equals("progress") && Json.tree(event.data()).path("meta").path("reset").asBoolean(false);
    }

    private static boolean isChunk(SseClient.Event event) {
        return event.name().equals("progress") && Json.tree(event.data()).path("meta").has("stream_chunk");
    }

    private static List<SseClient.Event> afterLastReset(List<SseClient.Event> events) {
        int last = -1;
        for (int i = 0; i < events.size(); i++) {
            if (isReset(events.get(i))) {
                last = i;
            }
        }
        return events.subList(last + 1, events.size());
    }

    private static String text(List<SseClient.Event> events) {
        StringBuilder text = new StringBuilder();
        events.stream().filter(FaultToleranceEndToEndTest::isChunk)
                .forEach(e -> text.append(Json.tree(e.data()).path("meta").path("stream_chunk").stringValue()));
        return text.toString();
    }

    private static List<SseClient.Event> withIds(List<SseClient.Event> events) {
        return events.stream().filter(e -> e.id() != null).toList();
    }

    /** Ends with done SUCCESS, and the output streamed after the last reset is the whole answer of the result. */
    private static void assertFullAnswerAfterLastReset(String taskId, List<SseClient.Event> events, JsonNode status) {
        assertThat(events).as("events of %s", taskId).isNotEmpty();
        SseClient.Event done = events.get(events.size() - 1);
        assertThat(done.name()).as("last event of %s: %s", taskId, done).isEqualTo("done");
        JsonNode doneData = Json.tree(done.data());
        assertThat(doneData.path("state").stringValue()).isEqualTo("SUCCESS");
        JsonNode answer = Json.tree(text(afterLastReset(events)));
        assertThat(answer.path("compatibility_percentage")).as("answer of %s", taskId)
                .isEqualTo(doneData.path("result").path("compatibility_percentage"))
                .isEqualTo(status.path("result").path("compatibility_percentage"));
    }

    /** The simulator holds the first token of each of its next {@code count} calls for {@code delay}. */
    private void slowFirstTokens(int count, Duration delay) throws Exception {
        HttpResponse<String> fault = http.send(HttpRequest.newBuilder(URI.create(system.url("responses-simulator") + "/sim/faults"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"slow_first_token\",\"count\":" + count
                        + ",\"delay_ms\":" + delay.toMillis() + "}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fault.statusCode()).as(fault.body()).isEqualTo(201);
    }

    /** Drops the faults not used yet (calls that never happened, e.g. tasks refused before the model). */
    private void clearSimulatorFaults() throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(system.url("responses-simulator") + "/sim/faults")).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    // ============================================================================ helpers: billing

    /** What the workers published (tapped on the usage exchange) and what billing booked, for one user. */
    private final class Ledger {
        final Map<String, JsonNode> usages = new HashMap<>();           // "task:attempt" → usage message
        final Map<String, List<JsonNode>> captures = new HashMap<>();   // "task:attempt" → capture entries
        final Map<String, BigDecimal> openHolds = new HashMap<>();      // "task:attempt" → amount held, not released
        int captureCount;
        BigDecimal balance;
        BigDecimal capturedTotal = BigDecimal.ZERO;

        /** Merges another user's ledger into this one. */
        void add(Ledger other) {
            usages.putAll(other.usages);
            other.captures.forEach((key, list) -> captures.computeIfAbsent(key, k -> new ArrayList<>()).addAll(list));
            openHolds.putAll(other.openHolds);
            captureCount += other.captureCount;
            capturedTotal = capturedTotal.add(other.capturedTotal);
            balance = balance == null ? other.balance : balance.add(other.balance);
        }

        void assertEachUsageCapturedOnce() {
            assertThat(captures.keySet()).as("captures without a usage the workers published").isEqualTo(usages.keySet());
            assertThat(captures.values()).as("a (task, attempt) charged twice").allSatisfy(list -> assertThat(list).hasSize(1));
        }

        void assertSuccessfulTasksPaidWhatTheirResultSays(Map<String, JsonNode> finals) {
            finals.forEach((taskId, status) -> {
                if (status.path("state").stringValue().equals("SUCCESS")) {
                    BigDecimal cost = new BigDecimal(status.path("result").path("usage").path("cost").asString());
                    assertThat(captures.entrySet().stream().filter(e -> e.getKey().startsWith(taskId + ":"))
                            .map(e -> new BigDecimal(e.getValue().get(0).path("amount").stringValue()).negate()))
                            .as("captures of %s", taskId).anySatisfy(amount -> assertThat(amount).isEqualByComparingTo(cost));
                }
            });
        }

        void assertBalanceIsTopUpMinusCapturesMinusOpenHolds(BigDecimal topUp) {
            BigDecimal held = openHolds.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(balance).isEqualByComparingTo(topUp.subtract(capturedTotal).subtract(held));
        }
    }

    private Ledger awaitLedgerMatches(String user, String usageTap) {
        return awaitLedgerMatches(List.of(user), usageTap);
    }

    /**
     * Waits until billing booked a capture for every usage of these users tapped so far (bounded), then reads
     * their ledgers, merged.
     */
    private Ledger awaitLedgerMatches(List<String> users, String usageTap) {
        Map<String, JsonNode> usages = new HashMap<>();
        Ledger[] last = new Ledger[1];
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
            for (JsonNode usage : drainTap(usageTap)) {
                if (users.contains(usage.path("user_id").stringValue())) {
                    usages.put(usage.path("task_id").stringValue() + ":" + usage.path("data").path("attempt").asInt(), usage);
                }
            }
            Ledger merged = new Ledger();
            for (String user : users) {
                merged.add(ledgerOf(user, Map.of()));
            }
            merged.usages.putAll(usages);
            last[0] = merged;
            return merged.captures.keySet().containsAll(usages.keySet());
        });
        return last[0];
    }

    private Ledger ledgerOf(String user, Map<String, JsonNode> usages) throws Exception {
        HttpResponse<String> response = send("GET", system.gateway() + "/api/v1/billing/accounts/" + user + "/statement", admin);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode statement = Json.tree(response.body());
        Ledger ledger = new Ledger();
        ledger.usages.putAll(usages);
        Map<String, BigDecimal> holds = new HashMap<>();
        Set<String> released = new HashSet<>();
        for (JsonNode entry : statement.path("entries")) {
            String key = entry.path("task_id").asString("") + ":" + entry.path("attempt").asInt(0);
            BigDecimal amount = new BigDecimal(entry.path("amount").stringValue());
            switch (entry.path("kind").stringValue()) {
                case "capture" -> {
                    ledger.captures.computeIfAbsent(key, k -> new ArrayList<>()).add(entry);
                    ledger.captureCount++;
                    ledger.capturedTotal = ledger.capturedTotal.add(amount.negate());
                }
                case "hold" -> holds.put(key, amount.negate());
                case "release" -> released.add(key);
                default -> { }
            }
        }
        holds.forEach((key, amount) -> {
            if (!released.contains(key)) {
                ledger.openHolds.put(key, amount);
            }
        });
        ledger.balance = new BigDecimal(statement.path("closing_balance").stringValue());
        return ledger;
    }

    // ============================================================================ helpers: broker

    /** A queue of ours bound to an exchange of this run (removed with the run's prefix? no: it expires). */
    private String tap(String name, String exchange, String bindingKey) throws Exception {
        String queue = system.brokerPrefix + "e2e.tap." + name;
        try (Connection connection = system.rabbit(); Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, false, false, false, Map.of("x-expires", 600_000));
            channel.queueBind(queue, exchange, bindingKey);
        }
        return queue;
    }

    private List<JsonNode> drainTap(String queue) throws Exception {
        List<JsonNode> messages = new ArrayList<>();
        try (Connection connection = system.rabbit(); Channel channel = connection.createChannel()) {
            GetResponse response;
            while ((response = channel.basicGet(queue, true)) != null) {
                messages.add(Json.tree(response.getBody()));
            }
        }
        return messages;
    }

    private long messageCount(String queue) throws Exception {
        try (Connection connection = system.rabbit(); Channel channel = connection.createChannel()) {
            return channel.messageCount(queue);
        }
    }

    private int consumersOnCommands() throws Exception {
        try (Connection connection = system.rabbit(); Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(system.brokerPrefix + "edxo.task.commands.workers").getConsumerCount();
        }
    }

    private long commandDeadLetters() throws Exception {
        return messageCount(system.brokerPrefix + "edxo.task.commands.workers.dlq");
    }

    // ============================================================================ helpers: health

    private int activeTasks(String worker) {
        try {
            String metrics = http.send(HttpRequest.newBuilder(URI.create(system.url(worker) + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher matcher = ACTIVE_TASKS.matcher(metrics);
            return matcher.find() ? (int) Double.parseDouble(matcher.group(1)) : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    private boolean allHealthy() {
        for (String service : List.of(GATEWAY_A, gatewayB, WORKER_A, workerB, "billing-service", "settings-service")) {
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(system.url(service) + "/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() != 200) {
                    return false;
                }
            } catch (Exception e) {
                return false;
            }
        }
        return true;
    }

    private void assertHealthy() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(this::allHealthy);
    }

    // ============================================================================ helpers: figures

    private static void figure(String format, Object... args) {
        String line = String.format(format, args);
        FIGURES.add(line);
        System.out.println("[faults] " + line);
    }

    private static long elapsedMillis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static long elapsedSeconds(long since) {
        return elapsedMillis(since) / 1000;
    }

    private static Map<Integer, Long> countsOf(List<Integer> statuses) {
        Map<Integer, Long> counts = new java.util.TreeMap<>();
        statuses.forEach(status -> counts.merge(status, 1L, Long::sum));
        return counts;
    }

    // ============================================================================ a live SSE client

    /** How often live clients had to reconnect, and why. */
    static final class ClientRecoveries {
        int errors;
        int gaps;
        int stalls;

        void add(Follower follower) {
            errors += follower.errorReconnects();
            gaps += follower.recoveredGaps();
            stalls += follower.recoveredStalls();
        }

        @Override
        public String toString() {
            return "reconnected " + errors + "× on an error event, " + gaps + "× on a gap in the ids, " + stalls
                    + "× after " + Follower.STALL.toSeconds() + " s of silence";
        }
    }

    /**
     * A client following a task over SSE on a thread of its own, as a careful browser does. It reconnects with the
     * last id it holds (as EventSource does with Last-Event-ID) after an {@code error} event (the track page does
     * the same), and also when it notices something the server should not do, each counted apart so the figures
     * show it: a gap in the ids (within one attempt they are consecutive seqs, and a new attempt starts at
     * attempt × 1,000,000 + 1), or a stream silent (pings aside) for {@link #STALL}, longer than any wait of the
     * model in these scenarios.
     */
    static final class Follower {

        private static final HttpClient CLIENT = HttpClient.newHttpClient();
        private static final int MAX_RECONNECTS = 30;
        private static final long STRIDE = 1_000_000L;
        /** Longer than a model keeping its first token (the scenarios hold it up to {@link #FIRST_TOKEN_DELAY}). */
        static final Duration STALL = FIRST_TOKEN_DELAY.plusSeconds(20);

        final String taskId;
        private final String gatewayUrl;
        private final String token;
        private final boolean reconnect;
        private final List<SseClient.Event> events = new CopyOnWriteArrayList<>();
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile long lastId;
        private volatile long lastEventAt = System.nanoTime();
        private volatile Stream<String> current;
        private volatile int errorReconnects;
        private volatile int gapReconnects;
        private volatile int stallReconnects;
        private volatile String failure;

        private Follower(String gatewayUrl, String taskId, String token, String lastEventId, boolean reconnect) {
            this.gatewayUrl = gatewayUrl;
            this.taskId = taskId;
            this.token = token;
            this.reconnect = reconnect;
            this.lastId = lastEventId == null ? 0 : Long.parseLong(lastEventId);
            Thread reader = new Thread(this::follow, "follower-" + taskId);
            reader.setDaemon(true);
            reader.start();
            if (reconnect) {
                Thread watchdog = new Thread(this::watch, "follower-watchdog-" + taskId);
                watchdog.setDaemon(true);
                watchdog.start();
            }
        }

        private void follow() {
            try {
                for (int attempt = 0; attempt <= MAX_RECONNECTS; attempt++) {
                    Ending ending = read();
                    if (!reconnect || ending == Ending.DONE) {
                        return;
                    }
                    switch (ending) {
                        case ERROR -> errorReconnects++;
                        case GAP -> gapReconnects++;
                        default -> stallReconnects++;
                    }
                    Thread.sleep(500);
                }
                failure = "gave up after " + MAX_RECONNECTS + " reconnections";
            } catch (Exception e) {
                failure = e.toString();
            } finally {
                ended.set(true);
            }
        }

        private enum Ending { DONE, ERROR, GAP, CLOSED }

        private Ending read() throws Exception {
            String url = gatewayUrl + "/tasks/events/" + taskId + "?access_token=" + token
                    + (lastId == 0 ? "" : "&last_event_id=" + lastId);
            HttpResponse<Stream<String>> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                response.body().close();
                failure = "SSE answered " + response.statusCode();
                return Ending.CLOSED;
            }
            lastEventAt = System.nanoTime();
            Ending[] ending = {Ending.CLOSED};
            try (Stream<String> lines = response.body()) {
                current = lines;
                java.util.Iterator<String> iterator = lines.iterator();
                boolean[] gap = {false};
                SseClient.read(new java.util.Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return !gap[0] && iterator.hasNext();
                    }

                    @Override
                    public String next() {
                        return iterator.next();
                    }
                }, event -> {
                    if (!event.name().equals("ping")) {
                        lastEventAt = System.nanoTime();
                    }
                    if (event.id() != null) {
                        long id = Long.parseLong(event.id());
                        boolean follows = id == lastId + 1 || (id % STRIDE == 1 && id / STRIDE > lastId / STRIDE)
                                || (lastId == 0 && id == 1);
                        if (!follows) {
                            gap[0] = true; // stop here: reconnect from the last id held, nothing skipped
                            return;
                        }
                        lastId = id;
                    }
                    events.add(event);
                    if (event.name().equals("done")) {
                        ending[0] = Ending.DONE;
                    } else if (event.name().equals("error")) {
                        ending[0] = Ending.ERROR;
                    }
                });
                if (gap[0]) {
                    ending[0] = Ending.GAP;
                }
            } catch (java.io.UncheckedIOException closedByWatchdog) {
                ending[0] = Ending.CLOSED;
            } finally {
                current = null;
            }
            return ending[0];
        }

        /** Closes a stream that stayed silent too long, so that {@link #follow} reconnects. */
        private void watch() {
            while (!ended.get()) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
                Stream<String> stream = current;
                if (stream != null && System.nanoTime() - lastEventAt > STALL.toNanos()) {
                    lastEventAt = System.nanoTime();
                    stream.close();
                }
            }
        }

        static Follower open(String gatewayUrl, String taskId, String token, String lastEventId) {
            return new Follower(gatewayUrl, taskId, token, lastEventId, true);
        }

        static Follower open(String gatewayUrl, String taskId, String token, String lastEventId, boolean reconnect) {
            return new Follower(gatewayUrl, taskId, token, lastEventId, reconnect);
        }

        boolean streaming() {
            return events.stream().anyMatch(FaultToleranceEndToEndTest::isChunk);
        }

        boolean ended() {
            return ended.get();
        }

        /** Reconnections asked by the server ({@code error}), and forced by a gap or a silence the server left. */
        int errorReconnects() {
            return errorReconnects;
        }

        int recoveredGaps() {
            return gapReconnects;
        }

        int recoveredStalls() {
            return stallReconnects;
        }

        List<SseClient.Event> events() {
            return List.copyOf(events);
        }

        List<SseClient.Event> withIds() {
            return FaultToleranceEndToEndTest.withIds(events);
        }

        /** Everything received, across reconnections (their error events included). */
        List<SseClient.Event> awaitEnd(Duration timeout) {
            await().atMost(timeout).untilTrue(ended);
            assertThat(events).as("SSE of %s (failure: %s)", taskId, failure).isNotEmpty();
            return events();
        }
    }
}
