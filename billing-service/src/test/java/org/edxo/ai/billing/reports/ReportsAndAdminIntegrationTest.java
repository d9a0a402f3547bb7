package org.edxo.ai.billing.reports;

import org.edxo.ai.billing.BillingIntegrationTest;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.UsageRecorded;
import org.edxo.ai.support.security.Roles;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Adjustments, the price book's admin route and effective dates, statements and usage reports (JSON and CSV). */
class ReportsAndAdminIntegrationTest extends BillingIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private EntityExchangeResult<byte[]> adjust(String user, String amount, String key) {
        return http.post().uri("/api/v1/billing/accounts/{id}/adjustments", user)
                .header("Authorization", bearer(ADMIN, Roles.ADMIN))
                .header("Content-Type", "application/json")
                .headers(h -> {
                    if (key != null) {
                        h.set("Idempotency-Key", key);
                    }
                })
                .bodyValue(Json.writeString(Map.of("amount", amount, "reason", "geste commercial")))
                .exchange().expectBody().returnResult();
    }

    private EntityExchangeResult<byte[]> addPrice(String model, String input, String cached, String output, Instant from) {
        return http.post().uri("/api/v1/billing/prices")
                .header("Authorization", bearer(ADMIN, Roles.ADMIN))
                .header("Content-Type", "application/json")
                .bodyValue("{\"model\":\"" + model + "\",\"input_per_million\":\"" + input + "\","
                        + (cached == null ? "" : "\"cached_input_per_million\":\"" + cached + "\",")
                        + "\"output_per_million\":\"" + output + "\",\"effective_from\":\"" + from + "\"}")
                .exchange().expectBody().returnResult();
    }

    private static UsageRecorded usageAt(String user, String model, String section, Instant at, long input, long cached,
                                         long output) {
        return new UsageRecorded(UUID.randomUUID(), UsageRecorded.TYPE, UUID.randomUUID(), "analyse_plan_de_cours", user,
                at, UsageRecorded.SCHEMA_VERSION, null,
                new UsageRecorded.Usage(model, section, null, 1, null, input, cached, output, 0));
    }

    @Test
    void adjustmentsAreSignedCarryTheAdminAndNeverTakeTheBalanceBelowZero() {
        String user = newUser();
        topUp(user, "2");
        EntityExchangeResult<byte[]> debit = adjust(user, "-1.50", "adj-" + user);
        assertThat(debit.getStatus().value()).isEqualTo(201);
        assertThat(Json.tree(debit.getResponseBody()).path("balance").stringValue()).isEqualTo("0.500000");
        assertThat(adjust(user, "-1.50", "adj-" + user).getStatus().value()).isEqualTo(200); // same key: once
        assertThat(adjust(user, "-2.00", "adj-other-" + user).getStatus().value()).isEqualTo(409);

        EntityExchangeResult<byte[]> tooMuch = adjust(user, "-0.500001", null);
        assertThat(tooMuch.getStatus().value()).isEqualTo(409);
        assertThat(Json.tree(tooMuch.getResponseBody()).path("error").stringValue())
                .isEqualTo("Ajustement refusé : le solde (0.500000) ne peut pas devenir négatif.");
        assertThat(adjust(user, "0", null).getStatus().value()).isEqualTo(400);
        assertThat(adjust(user, "0.25", null).getStatus().value()).isEqualTo(201);

        assertThat(balance(user)).isEqualByComparingTo("0.75");
        Map<String, Object> last = ledger(user).get(0);
        assertThat(last).containsEntry("kind", "adjustment").containsEntry("amount", "0.250000")
                .containsEntry("actor", ADMIN).containsEntry("reason", "geste commercial");
        http.post().uri("/api/v1/billing/accounts/{id}/adjustments", user)
                .header("Authorization", bearer(user, "coordo")).header("Content-Type", "application/json")
                .bodyValue("{\"amount\":\"5\",\"reason\":\"x\"}")
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void anAdminAddsPricesAndEachUsageIsPricedAsOfWhenItHappened() {
        String model = "test-model-" + UUID.randomUUID().toString().substring(0, 8);
        Instant t1 = Instant.parse("2026-01-01T00:00:00Z");
        Instant t2 = Instant.parse("2026-06-01T00:00:00Z");
        assertThat(addPrice(model, "1.00", "0.10", "4.00", t1).getStatus().value()).isEqualTo(201);
        assertThat(addPrice(model, "2.00", null, "8.00", t2).getStatus().value()).isEqualTo(201);
        assertThat(addPrice(model, "3.00", null, "9.00", t2).getStatus().value()).isEqualTo(409);
        assertThat(addPrice(model, "-1", null, "9.00", t2).getStatus().value()).isEqualTo(400);
        http.post().uri("/api/v1/billing/prices").header("Authorization", bearer("u", "coordo"))
                .header("Content-Type", "application/json").bodyValue("{}")
                .exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/billing/prices/{m}", model).header("Authorization", bearer("u", "coordo"))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.input_per_million").isEqualTo("2.000000")
                .jsonPath("$.cached_input_per_million").doesNotExist();

        String user = newUser();
        topUp(user, "10");
        // Before t2: 900k uncached × 1 + 100k cached × 0.10 + 100k out × 4 = 0.9 + 0.01 + 0.4 = 1.31 $.
        publish(usageAt(user, model, "s1", Instant.parse("2026-03-01T00:00:00Z"), 1_000_000, 100_000, 100_000));
        // After t2 (no cached price: input price): 1M × 2 + 100k × 8 = 2.8 $.
        publish(usageAt(user, model, "s1", Instant.parse("2026-07-01T00:00:00Z"), 1_000_000, 100_000, 100_000));
        await().atMost(WAIT).untilAsserted(() -> assertThat(ledger(user)).hasSize(3));
        assertThat(balance(user)).isEqualByComparingTo("5.89");
    }

    @Test
    void anExplicitFallbackRulePricesAModelWithoutAPriceOfItsOwn() {
        http.get().uri("/api/v1/billing/prices/fallback-test-9-mini").header("Authorization", bearer("u", "coordo"))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.model").isEqualTo("gpt-5-mini")
                .jsonPath("$.input_per_million").isEqualTo("0.300000");
        http.get().uri("/api/v1/billing/prices/fallback-test-9-large").header("Authorization", bearer("u", "coordo"))
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void aStatementGivesOpeningAndClosingBalancesAndTheEntriesBetweenAsJsonOrCsv() {
        String user = newUser();
        topUp(user, "5");
        Instant from = Instant.now();
        await().atMost(WAIT).until(() -> Instant.now().isAfter(from));
        topUp(user, "1");
        publish(usageAt(user, "gpt-5", "analyse_plan_cours", Instant.now(), 100_000, 0, 0)); // 0.5 $
        await().atMost(WAIT).untilAsserted(() -> assertThat(ledger(user)).hasSize(3));

        JsonNode statement = Json.tree(http.get().uri(b -> b.path("/api/v1/billing/accounts/{id}/statement")
                        .queryParam("from", from.toString()).build(user))
                .header("Authorization", bearer(user, "coordo"))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
        assertThat(statement.path("opening_balance").stringValue()).isEqualTo("5.000000");
        assertThat(statement.path("closing_balance").stringValue()).isEqualTo("5.500000");
        assertThat(statement.path("entries").size()).isEqualTo(2);
        assertThat(statement.path("entries").get(1).path("kind").stringValue()).isEqualTo("capture");

        String csv = http.get().uri(b -> b.path("/api/v1/billing/accounts/{id}/statement")
                        .queryParam("from", from.toString()).build(user))
                .header("Authorization", bearer(ADMIN, Roles.ADMIN)).header("Accept", "text/csv")
                .exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/csv")
                .expectBody(String.class).returnResult().getResponseBody();
        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).startsWith("seq,created_at,kind,amount,balance_after");
        assertThat(lines.get(1)).contains(",opening,,5.000000,");
        assertThat(lines.get(2)).contains(",top_up,1.000000,6.000000,");
        assertThat(lines.get(3)).contains(",capture,-0.500000,5.500000,");
        assertThat(lines.get(4)).contains(",closing,,5.500000,");

        http.get().uri("/api/v1/billing/accounts/{id}/statement", user).header("Authorization", bearer("someone-else", "coordo"))
                .exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/billing/accounts/{id}/statement?from=hier", user).header("Authorization", bearer(user, "coordo"))
                .exchange().expectStatus().isBadRequest();
    }

    @Test
    void theUsageReportGroupsTokensAndCostsByUserModelSectionAndKindAsJsonOrCsv() {
        String model = "report-model-" + UUID.randomUUID().toString().substring(0, 8);
        addPrice(model, "1.00", "0.50", "2.00", Instant.parse("2020-01-01T00:00:00Z"));
        String alice = newUser();
        String bob = newUser();
        topUp(alice, "10");
        topUp(bob, "10");
        Instant from = Instant.now();
        publish(usageAt(alice, model, "section-a", Instant.now(), 100_000, 50_000, 10_000)); // 0.05+0.025+0.02 = 0.095
        publish(usageAt(alice, model, "section-b", Instant.now(), 200_000, 0, 0));           // 0.2
        publish(usageAt(bob, model, "section-a", Instant.now(), 0, 0, 100_000));             // 0.2
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(ledger(alice)).hasSize(3);
            assertThat(ledger(bob)).hasSize(2);
        });
        String to = Instant.now().plusSeconds(1).toString();

        JsonNode byModel = report("model", from.toString(), to);
        JsonNode ours = group(byModel, model);
        assertThat(ours.path("calls").asLong()).isEqualTo(3);
        assertThat(ours.path("input_tokens").asLong()).isEqualTo(300_000);
        assertThat(ours.path("cached_input_tokens").asLong()).isEqualTo(50_000);
        assertThat(ours.path("output_tokens").asLong()).isEqualTo(110_000);
        assertThat(ours.path("cost").stringValue()).isEqualTo("0.495000");

        assertThat(group(report("user", from.toString(), to), alice).path("cost").stringValue()).isEqualTo("0.295000");
        assertThat(group(report("user", from.toString(), to), bob).path("cost").stringValue()).isEqualTo("0.200000");
        assertThat(group(report("section", from.toString(), to), "section-b").path("calls").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(group(report("kind", from.toString(), to), "analyse_plan_de_cours").path("calls").asLong())
                .isGreaterThanOrEqualTo(3);

        String csv = http.get().uri(b -> b.path("/api/v1/billing/reports/usage").queryParam("from", from.toString())
                        .queryParam("to", to).queryParam("group_by", "model").queryParam("format", "csv").build())
                .header("Authorization", bearer(ADMIN, Roles.ADMIN))
                .exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/csv")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(csv.lines().findFirst().orElseThrow())
                .isEqualTo("model,calls,input_tokens,cached_input_tokens,output_tokens,reasoning_tokens,cost,uncovered");
        assertThat(csv.lines()).contains(model + ",3,300000,50000,110000,0,0.495000,0.000000");
        assertThat(csv.lines().reduce((a, b) -> b).orElseThrow()).startsWith("total,");

        http.get().uri("/api/v1/billing/reports/usage?group_by=planet").header("Authorization", bearer(ADMIN, Roles.ADMIN))
                .exchange().expectStatus().isBadRequest();
        http.get().uri("/api/v1/billing/reports/usage").header("Authorization", bearer(alice, "coordo"))
                .exchange().expectStatus().isForbidden();
    }

    private JsonNode report(String groupBy, String from, String to) {
        return Json.tree(http.get().uri(b -> b.path("/api/v1/billing/reports/usage").queryParam("from", from)
                        .queryParam("to", to).queryParam("group_by", groupBy).build())
                .header("Authorization", bearer(ADMIN, Roles.ADMIN))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    private static JsonNode group(JsonNode report, String key) {
        for (JsonNode group : report.path("groups")) {
            if (key.equals(group.path("key").stringValue())) {
                return group;
            }
        }
        throw new AssertionError("no group " + key + " in " + report);
    }
}
