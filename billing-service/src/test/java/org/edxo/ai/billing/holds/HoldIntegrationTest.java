package org.edxo.ai.billing.holds;

import org.edxo.ai.billing.BillingIntegrationTest;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.UsageRecorded;
import org.edxo.ai.support.security.Roles;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HoldIntegrationTest extends BillingIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Autowired
    HoldSweeper sweeper;

    record Answer(int status, JsonNode body) {
    }

    private Answer hold(String user, UUID taskId, int attempt, String model, long maxInput, long maxOutput) {
        return hold(user, taskId, attempt, 1, model, maxInput, maxOutput);
    }

    private Answer hold(String user, UUID taskId, int attempt, int call, String model, long maxInput, long maxOutput) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_id", user);
        body.put("task_id", taskId.toString());
        body.put("attempt", attempt);
        if (call != 1) {
            body.put("call", call);
        }
        body.put("model", model);
        body.put("max_input_tokens", maxInput);
        body.put("max_output_tokens", maxOutput);
        EntityExchangeResult<byte[]> result = http.post().uri("/api/v1/billing/holds")
                .header("Authorization", bearer("task-worker-service", Roles.SERVICE))
                .header("Content-Type", "application/json")
                .bodyValue(Json.writeString(body))
                .exchange().expectBody().returnResult();
        return new Answer(result.getStatus().value(), Json.tree(result.getResponseBody()));
    }

    private Answer release(UUID taskId, int attempt) {
        return release(taskId, attempt, 1);
    }

    private Answer release(UUID taskId, int attempt, int call) {
        EntityExchangeResult<byte[]> result = http.post().uri("/api/v1/billing/holds/{t}/{a}/release?call={c}", taskId, attempt, call)
                .header("Authorization", bearer("task-worker-service", Roles.SERVICE))
                .exchange().expectBody().returnResult();
        return new Answer(result.getStatus().value(), Json.tree(result.getResponseBody()));
    }

    private JsonNode account(String user) {
        return Json.tree(http.get().uri("/api/v1/billing/accounts/{id}", user)
                .header("Authorization", bearer(ADMIN, Roles.ADMIN))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    private static UsageRecorded usageOf(String user, UUID taskId, int attempt, String model, long input, long cached,
                                         long output) {
        return usageOf(user, taskId, attempt, null, model, input, cached, output);
    }

    private static UsageRecorded usageOf(String user, UUID taskId, int attempt, Integer call, String model, long input,
                                         long cached, long output) {
        return new UsageRecorded(UUID.randomUUID(), UsageRecorded.TYPE, taskId, "analyse_plan_de_cours", user,
                Instant.now(), UsageRecorded.SCHEMA_VERSION, null,
                new UsageRecorded.Usage(model, "analyse_plan_cours", "resp_test", attempt, call, input, cached, output, output / 3));
    }

    private List<String> kinds(String user) {
        List<String> kinds = new ArrayList<>(ledger(user).stream().map(e -> (String) e.get("kind")).toList());
        Collections.reverse(kinds); // oldest first
        return kinds;
    }

    @Test
    void aHoldSetsTheWorstCaseAsideAndItsUsageCapturesTheRealCostAndGivesTheRestBack() {
        String user = newUser();
        topUp(user, "10");
        UUID taskId = UUID.randomUUID();

        // gpt-5: 5 $ in, 15 $ out per 1M tokens: 100k + 100k tokens = 2 $.
        Answer held = hold(user, taskId, 1, "gpt-5", 100_000, 100_000);
        assertThat(held.status()).isEqualTo(201);
        assertThat(held.body().path("amount").stringValue()).isEqualTo("2.000000");
        assertThat(held.body().path("balance").stringValue()).isEqualTo("8.000000");
        assertThat(held.body().path("held").stringValue()).isEqualTo("2.000000");

        Answer repeated = hold(user, taskId, 1, "gpt-5", 100_000, 100_000);
        assertThat(repeated.status()).isEqualTo(200);
        assertThat(repeated.body().path("hold_id")).isEqualTo(held.body().path("hold_id"));
        assertThat(account(user).path("balance").stringValue()).isEqualTo("8.000000");

        // 8k uncached + 2k cached (no cached price: input price) + 5k out = 0.125 $.
        UsageRecorded usage = usageOf(user, taskId, 1, "gpt-5", 10_000, 2_000, 5_000);
        publish(usage);
        await().atMost(WAIT).untilAsserted(() -> assertThat(account(user).path("held").stringValue()).isEqualTo("0.000000"));
        assertThat(account(user).path("balance").stringValue()).isEqualTo("9.875000");
        assertThat(kinds(user)).containsExactly("top_up", "hold", "release", "capture");
        Map<String, Object> capture = ledger(user).get(0);
        assertThat(capture).containsEntry("amount", "-0.125000").containsEntry("uncovered", "0.000000")
                .containsEntry("section", "analyse_plan_cours").containsEntry("task_kind", "analyse_plan_de_cours")
                .containsEntry("attempt", 1);

        // A redelivered usage and a late release change nothing.
        publish(usage);
        assertThat(release(taskId, 1).body().path("released").stringValue()).isEqualTo("0.000000");
        publish(usageOf(user, UUID.randomUUID(), 1, "gpt-5", 0, 0, 0)); // a marker processed after the duplicate
        await().atMost(WAIT).untilAsserted(() -> assertThat(ledger(user)).hasSize(5));
        assertThat(kinds(user)).containsExactly("top_up", "hold", "release", "capture", "capture");
        assertThat(account(user).path("balance").stringValue()).isEqualTo("9.875000");
    }

    @Test
    void eachCallOfATaskHoldsAndSettlesOnItsOwn() {
        String user = newUser();
        topUp(user, "10");
        UUID taskId = UUID.randomUUID();
        // Two calls held up front: 2 $ + 1 $.
        assertThat(hold(user, taskId, 1, "gpt-5", 100_000, 100_000).status()).isEqualTo(201);
        Answer second = hold(user, taskId, 1, 2, "gpt-5", 50_000, 50_000);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.body().path("amount").stringValue()).isEqualTo("1.000000");
        assertThat(account(user).path("held").stringValue()).isEqualTo("3.000000");

        // The first call's usage (0.125 $) settles the first hold only.
        publish(usageOf(user, taskId, 1, 1, "gpt-5", 10_000, 2_000, 5_000));
        await().atMost(WAIT).untilAsserted(() -> assertThat(account(user).path("held").stringValue()).isEqualTo("1.000000"));
        assertThat(account(user).path("balance").stringValue()).isEqualTo("8.875000");

        // The second call ends without usage: its hold alone goes back; the first one stays captured.
        Answer released = release(taskId, 1, 2);
        assertThat(released.body().path("released").stringValue()).isEqualTo("1.000000");
        assertThat(release(taskId, 1, 1).body().path("settlement").stringValue()).isEqualTo("captured");
        assertThat(account(user).path("balance").stringValue()).isEqualTo("9.875000");
        assertThat(account(user).path("held").stringValue()).isEqualTo("0.000000");
        assertThat(kinds(user)).containsExactly("top_up", "hold", "hold", "release", "capture", "release");
    }

    @Test
    void aHoldTheBalanceCannotCoverIsRefused402AndWritesNothing() {
        String user = newUser();
        topUp(user, "1");
        Answer refused = hold(user, UUID.randomUUID(), 1, "gpt-5", 100_000, 100_000);
        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.body().path("error").stringValue()).isEqualTo("Crédits insuffisants pour cette opération.");
        assertThat(kinds(user)).containsExactly("top_up");
        assertThat(account(user).path("balance").stringValue()).isEqualTo("1.000000");

        Answer unknown = hold(user, UUID.randomUUID(), 1, "gpt-inexistant", 10, 10);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().path("error").stringValue()).isEqualTo("Modèle 'gpt-inexistant' non trouvé dans la base de données.");

        Answer invalid = hold(user, UUID.randomUUID(), 0, "gpt-5", -1, 0);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().path("details").size()).isEqualTo(3);

        http.post().uri("/api/v1/billing/holds").header("Authorization", bearer(user, "coordo"))
                .header("Content-Type", "application/json").bodyValue("{}")
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void concurrentHoldsOfOneUserNeverTakeMoreThanTheBalance() {
        String user = newUser();
        topUp(user, "1");
        // 20k in + 20k out of gpt-5 = 0.4 $: 2 fit in 1 $, never 3.
        List<Integer> statuses = Flux.range(0, 20)
                .flatMap(i -> reactor.core.publisher.Mono.fromCallable(
                                () -> hold(user, UUID.randomUUID(), 1, "gpt-5", 20_000, 20_000).status())
                        .subscribeOn(Schedulers.boundedElastic()), 20)
                .collectList().block(Duration.ofSeconds(60));
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(2);
        assertThat(statuses).filteredOn(status -> status == 402).hasSize(18);
        assertThat(account(user).path("balance").stringValue()).isEqualTo("0.200000");
        assertThat(account(user).path("held").stringValue()).isEqualTo("0.800000");
    }

    @Test
    void aReleaseGivesTheHoldBackOnceAndALaterUsageIsDebitedFromTheBalance() {
        String user = newUser();
        topUp(user, "3");
        UUID taskId = UUID.randomUUID();
        hold(user, taskId, 2, "gpt-5", 100_000, 100_000);

        Answer released = release(taskId, 2);
        assertThat(released.status()).isEqualTo(200);
        assertThat(released.body().path("released").stringValue()).isEqualTo("2.000000");
        assertThat(released.body().path("settlement").stringValue()).isEqualTo("released");
        assertThat(released.body().path("balance").stringValue()).isEqualTo("3.000000");
        Answer again = release(taskId, 2);
        assertThat(again.body().path("released").stringValue()).isEqualTo("0.000000");
        assertThat(again.body().path("settlement").stringValue()).isEqualTo("released");
        assertThat(release(UUID.randomUUID(), 1).status()).isEqualTo(404);

        publish(usageOf(user, taskId, 2, "gpt-5", 100_000, 0, 0)); // 0.5 $
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(account(user).path("balance").stringValue()).isEqualTo("2.500000"));
        assertThat(kinds(user)).containsExactly("top_up", "hold", "release", "capture");
    }

    @Test
    void aCostAboveItsHoldTakesTheExcessFromTheBalanceAsFarAsItGoes() {
        String user = newUser();
        topUp(user, "0.5");
        UUID taskId = UUID.randomUUID();
        hold(user, taskId, 1, "gpt-5", 10_000, 10_000); // 0.2 $
        publish(usageOf(user, taskId, 1, "gpt-5", 100_000, 0, 10_000)); // 0.65 $

        await().atMost(WAIT).untilAsserted(() -> assertThat(kinds(user)).contains("capture"));
        JsonNode account = account(user);
        assertThat(account.path("balance").stringValue()).isEqualTo("0.000000");
        assertThat(account.path("held").stringValue()).isEqualTo("0.000000");
        assertThat(ledger(user).get(0)).containsEntry("amount", "-0.500000").containsEntry("uncovered", "0.150000");
    }

    @Test
    void theSweeperReleasesHoldsThatOutlivedTheirTaskAndLeavesTheOthers() {
        String user = newUser();
        topUp(user, "5");
        UUID old = UUID.randomUUID();
        hold(user, old, 1, "gpt-5", 100_000, 100_000);
        Instant cutoff = Instant.now().plusMillis(1);
        await().atMost(WAIT).until(() -> Instant.now().isAfter(cutoff));
        UUID fresh = UUID.randomUUID();
        hold(user, fresh, 1, "gpt-5", 100_000, 100_000);
        assertThat(account(user).path("balance").stringValue()).isEqualTo("1.000000");

        assertThat(sweeper.sweep(cutoff).block()).isGreaterThanOrEqualTo(1L);
        JsonNode account = account(user);
        assertThat(account.path("balance").stringValue()).isEqualTo("3.000000");
        assertThat(account.path("held").stringValue()).isEqualTo("2.000000");
        Map<String, Object> expired = ledger(user).get(0);
        assertThat(expired).containsEntry("kind", "release").containsEntry("reason", "expired")
                .containsEntry("task_id", old.toString());
        assertThat(release(old, 1).body().path("settlement").stringValue()).isEqualTo("expired");
        sweeper.sweep(cutoff).block();
        assertThat(ledger(user)).hasSize(4);
    }

    @Test
    void balancesStayEqualToTheirLedgerAfterAMixOfHoldsCapturesAndReleases() {
        String user = newUser();
        topUp(user, "4");
        for (int i = 0; i < 6; i++) {
            UUID taskId = UUID.randomUUID();
            if (hold(user, taskId, 1, "gpt-5", 50_000, 50_000).status() != 201) {
                continue;
            }
            if (i % 2 == 0) {
                publish(usageOf(user, taskId, 1, "gpt-5", 10_000 + i, 0, 3_000 + i));
            } else {
                release(taskId, 1);
            }
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(account(user).path("held").stringValue()).isEqualTo("0.000000"));
        BigDecimal sum = ledger(user).stream().map(e -> new BigDecimal((String) e.get("amount")))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(new BigDecimal(account(user).path("balance").stringValue())).isEqualByComparingTo(sum);
        assertThat(ledger(user)).allSatisfy(e -> assertThat(new BigDecimal((String) e.get("balance_after"))).isNotNegative());
    }
}
