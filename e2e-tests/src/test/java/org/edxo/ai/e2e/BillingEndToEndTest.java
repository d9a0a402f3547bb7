package org.edxo.ai.e2e;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import org.edxo.ai.contracts.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Billing end to end (issue 4): holds before spending under a race, captures, releases, the ledger,
 * duplicate usage, and the credit widget, through the real services, broker and database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillingEndToEndTest {

    private static final int TASKS = 50;
    private static final int COVERED_HOLDS = 10;
    private static final Duration RACE_TIMEOUT = Duration.ofSeconds(90);
    private static final String TAP = "e2e.usage.tap";
    private static final Pattern DUPLICATES = Pattern.compile("edxo_billing_usage_total\\{[^}]*outcome=\"duplicate\"[^}]*} ([0-9.E]+)");

    private RunningSystem system;
    private final HttpClient http = HttpClient.newHttpClient();
    private String admin;
    private String snapshot;

    @BeforeAll
    void startSystem() throws Exception {
        // A first token after 1 s: the 50 holds are all asked while the first calls still run, so the
        // race is on the balance itself, not on money given back by finished calls.
        system = RunningSystem.start(Map.of("SIM_FIRST_TOKEN_DELAY_MS", "1000"));
        admin = system.token("admin-billing", "admin");
        snapshot = Files.readString(Path.of(System.getProperty("edxo.repo.root", "..")).resolve("demo/analyse-plan-de-cours.json"));
        // Every usage message of the run is copied to a queue of ours too (removed with its prefix's run).
        try (Connection connection = system.rabbit(); Channel channel = connection.createChannel()) {
            channel.queueDeclare(system.brokerPrefix + TAP, false, false, false, Map.of("x-expires", 300_000));
            channel.queueBind(system.brokerPrefix + TAP, system.brokerPrefix + "edxo.usage", "#");
        }
    }

    @AfterAll
    void stopSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void fiftyAnalysesRaceOnABalanceForTenHoldsAndOnlyThoseHeldCallTheModel() throws Exception {
        // 1. The size of one worst-case hold, read from billing: one probe analysis, same input.
        String probe = "probe-" + UUID.randomUUID();
        topUp(probe, "10.00");
        String probeTask = start(system.token(probe, "coordo"));
        awaitTerminal(List.of(probeTask), system.token(probe, "coordo"));
        BigDecimal hold = entries(probe).stream().filter(e -> e.path("kind").stringValue().equals("hold"))
                .map(e -> new BigDecimal(e.path("amount").stringValue()).negate()).findFirst().orElseThrow();
        assertThat(hold.signum()).isPositive();

        // 2. The race: a balance for 10 worst cases and a half, 50 analyses at once.
        String user = "race-" + UUID.randomUUID();
        String token = system.token(user, "coordo");
        BigDecimal topUp = hold.multiply(BigDecimal.valueOf(COVERED_HOLDS)).add(hold.divide(BigDecimal.valueOf(2), 6, RoundingMode.DOWN));
        topUp(user, topUp.toPlainString());
        long modelCallsBefore = simulatorRequests();
        long raceStart = System.nanoTime();

        List<BigDecimal> sampledBalances = new CopyOnWriteArrayList<>();
        AtomicBoolean racing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CompletableFuture<Void> sampler = CompletableFuture.runAsync(() -> {
            while (racing.get()) {
                try {
                    JsonNode account = Json.tree(get("/api/v1/billing/accounts/" + user, admin).body());
                    sampledBalances.add(new BigDecimal(account.path("balance").stringValue()));
                    sampledBalances.add(new BigDecimal(account.path("held").stringValue()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        List<CompletableFuture<String>> starts = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            starts.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return start(token);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool));
        }
        List<String> taskIds = starts.stream().map(CompletableFuture::join).toList();
        pool.shutdown();
        Map<String, JsonNode> finals = awaitTerminal(taskIds, token);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(Json.tree(get("/api/v1/billing/accounts/" + user, admin).body()).path("held").stringValue())
                        .isEqualTo("0.000000"));
        racing.set(false);
        sampler.join();

        System.out.printf("billing race: hold %s $, top-up %s $, %d tasks, %d holds, %d balance samples, %d ms%n",
                hold.toPlainString(), topUp.toPlainString(), TASKS,
                statementHolds(user), sampledBalances.size() / 2, (System.nanoTime() - raceStart) / 1_000_000);

        // Only the tasks whose hold succeeded called the model; the others failed before any call.
        List<JsonNode> statement = entries(user);
        long holds = statement.stream().filter(e -> e.path("kind").stringValue().equals("hold")).count();
        List<JsonNode> succeeded = finals.values().stream().filter(s -> s.path("state").stringValue().equals("SUCCESS")).toList();
        List<JsonNode> failed = finals.values().stream().filter(s -> s.path("state").stringValue().equals("FAILURE")).toList();
        assertThat(succeeded.size() + failed.size()).as(finals.toString()).isEqualTo(TASKS);
        assertThat(succeeded.size()).isEqualTo((int) holds).isGreaterThanOrEqualTo(COVERED_HOLDS).isLessThan(TASKS);
        assertThat(simulatorRequests() - modelCallsBefore).isEqualTo(holds);
        assertThat(failed).allSatisfy(status -> {
            assertThat(status.path("message").stringValue()).isEqualTo("Crédits insuffisants pour cette opération.");
            assertThat(status.path("meta").path("error_code").stringValue()).isEqualTo("insufficient_credits");
        });

        // Never below zero at any observed moment, nor in any entry.
        assertThat(sampledBalances).isNotEmpty().allSatisfy(amount -> assertThat(amount).isNotNegative());
        assertThat(statement).allSatisfy(e -> assertThat(new BigDecimal(e.path("balance_after").stringValue())).isNotNegative());

        // Every hold was settled by its capture; balance = top-ups − captured costs; usage.cost = captured amount.
        Map<String, BigDecimal> captured = new HashMap<>();
        for (JsonNode entry : statement) {
            if (entry.path("kind").stringValue().equals("capture")) {
                assertThat(entry.path("uncovered").stringValue()).isEqualTo("0.000000");
                captured.merge(entry.path("task_id").stringValue(), new BigDecimal(entry.path("amount").stringValue()).negate(),
                        BigDecimal::add);
            }
        }
        assertThat(statement.stream().filter(e -> e.path("kind").stringValue().equals("release")).count()).isEqualTo(holds);
        assertThat(captured).hasSize((int) holds);
        finals.forEach((taskId, status) -> {
            if (status.path("state").stringValue().equals("SUCCESS")) {
                assertThat(new BigDecimal(status.path("result").path("usage").path("cost").asString()))
                        .isEqualByComparingTo(captured.get(taskId));
            }
        });
        BigDecimal expected = topUp.subtract(captured.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
        BigDecimal balance = balance(user);
        assertThat(balance).isEqualByComparingTo(expected);
        assertThat(Json.tree(get("/get_credit_balance", token).body()).path("credit").stringValue())
                .isEqualTo(expected.setScale(2, RoundingMode.HALF_UP).toPlainString());

        // 3. A redelivered usage message (a copy of a real one) never charges twice.
        byte[] usage = tappedUsage();
        double duplicatesBefore = duplicates();
        try (Connection connection = system.rabbit(); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish(system.brokerPrefix + "edxo.usage", "gpt-5", new AMQP.BasicProperties.Builder()
                    .contentType("application/json").deliveryMode(2).headers(Map.of("edxo_type", "usage.recorded")).build(), usage);
            channel.waitForConfirmsOrDie(5_000);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> duplicates() > duplicatesBefore);
        assertThat(balance(user)).isEqualByComparingTo(expected);
        assertThat(entries(user)).hasSize(statement.size());
    }

    // ---------------------------------------------------------------------------------------------

    /** A copy of one usage message of this run, from the queue bound to the usage exchange before any task. */
    private byte[] tappedUsage() throws Exception {
        try (Connection connection = system.rabbit(); Channel channel = connection.createChannel()) {
            GetResponse response = channel.basicGet(system.brokerPrefix + TAP, true);
            assertThat(response).as("a usage message was tapped").isNotNull();
            return response.getBody();
        }
    }

    private Map<String, JsonNode> awaitTerminal(List<String> taskIds, String token) {
        Map<String, JsonNode> finals = new ConcurrentHashMap<>();
        await().atMost(RACE_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
            for (String taskId : taskIds) {
                if (!finals.containsKey(taskId)) {
                    JsonNode status = Json.tree(get("/tasks/status/" + taskId, token).body());
                    if (List.of("SUCCESS", "FAILURE", "REVOKED").contains(status.path("state").stringValue())) {
                        finals.put(taskId, status);
                    }
                }
            }
            return finals.size() == taskIds.size();
        });
        return finals;
    }

    private String start(String token) throws Exception {
        HttpResponse<String> started = post("/gestion_programme/analyse_plan_de_cours/101/start", token, snapshot);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return Json.tree(started.body()).get("task_id").asString();
    }

    private void topUp(String user, String amount) throws Exception {
        HttpResponse<String> response = post("/api/v1/billing/accounts/" + user + "/top-ups", admin,
                "{\"amount\":\"" + amount + "\",\"reason\":\"Crédits de test\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private BigDecimal balance(String user) throws Exception {
        return new BigDecimal(Json.tree(get("/api/v1/billing/accounts/" + user, admin).body()).path("balance").stringValue());
    }

    /** The user's whole ledger, oldest first, from the statement route (which also checks opening + entries = closing). */
    private List<JsonNode> entries(String user) throws Exception {
        HttpResponse<String> response = get("/api/v1/billing/accounts/" + user + "/statement", admin);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode statement = Json.tree(response.body());
        List<JsonNode> entries = new ArrayList<>();
        statement.path("entries").forEach(entries::add);
        BigDecimal sum = entries.stream().map(e -> new BigDecimal(e.path("amount").stringValue())).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(new BigDecimal(statement.path("opening_balance").stringValue()).add(sum))
                .isEqualByComparingTo(new BigDecimal(statement.path("closing_balance").stringValue()));
        return entries;
    }

    private long statementHolds(String user) throws Exception {
        return entries(user).stream().filter(e -> e.path("kind").stringValue().equals("hold")).count();
    }

    private long simulatorRequests() throws Exception {
        HttpResponse<String> stats = http.send(HttpRequest.newBuilder(URI.create(system.url("responses-simulator") + "/sim/stats"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return Json.tree(stats.body()).path("requests").asLong();
    }

    private double duplicates() throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(system.url("billing-service") + "/actuator/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher matcher = DUPLICATES.matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(system.gateway() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(system.gateway() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
