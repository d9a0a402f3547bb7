package org.edxo.ai.billing.usage;

import io.micrometer.core.instrument.MeterRegistry;
import org.edxo.ai.billing.BillingIntegrationTest;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.UsageRecorded;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class UsageConsumerIntegrationTest extends BillingIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Dead letters received so far: tests share the DLQ, each looks for its own. */
    private static final List<Message> deadLetters = new ArrayList<>();

    @Autowired
    MeterRegistry meters;

    /** The original's formula with the seeded gpt-5 price, in exact decimals. */
    private static BigDecimal gpt5Cost(long input, long output) {
        return BigDecimal.valueOf(input * 5 + output * 15).movePointLeft(6);
    }

    @Test
    void aUsageIsChargedAtTheOriginalsFormula() {
        String user = newUser();
        topUp(user, "100.00");
        UsageRecorded usage = usage(user, "gpt-5", 12_345, 0, 6_789);
        publish(usage);

        BigDecimal expected = new BigDecimal("100").subtract(gpt5Cost(12_345, 6_789));
        await().atMost(WAIT).untilAsserted(() -> assertThat(balance(user)).isEqualByComparingTo(expected));
        Map<String, Object> capture = ledger(user).get(0);
        assertThat(capture).containsEntry("kind", "capture")
                .containsEntry("amount", "-" + gpt5Cost(12_345, 6_789).setScale(6).toPlainString())
                .containsEntry("uncovered", "0.000000")
                .containsEntry("task_id", usage.taskId().toString())
                .containsEntry("model", "gpt-5")
                .containsEntry("reason", "analyse_plan_de_cours");
        assertThat(((Number) capture.get("input_tokens")).longValue()).isEqualTo(12_345);
        assertThat(((Number) capture.get("output_tokens")).longValue()).isEqualTo(6_789);
    }

    @Test
    void theSameMessageTwiceIsChargedOnce() {
        String user = newUser();
        topUp(user, "10");
        UsageRecorded usage = usage(user, "gpt-5", 100_000, 0, 10_000);
        double duplicatesBefore = outcomes("duplicate");
        publish(usage);
        publish(usage);

        await().atMost(WAIT).until(() -> outcomes("duplicate") > duplicatesBefore);
        assertThat(ledger(user).stream().filter(entry -> "capture".equals(entry.get("kind")))).hasSize(1);
        assertThat(balance(user)).isEqualByComparingTo(new BigDecimal("10").subtract(gpt5Cost(100_000, 10_000)));
    }

    @Test
    void concurrentUsagesOfOneUserAreAllChargedExactly() {
        String user = newUser();
        topUp(user, "50");
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < 20; i++) {
            long input = 10_000 + 1_337L * i;
            long output = 2_000 + 71L * i;
            total = total.add(gpt5Cost(input, output));
            publish(usage(user, "gpt-5", input, 0, output));
        }
        BigDecimal expected = new BigDecimal("50").subtract(total);
        assertThat(expected.signum()).isPositive();

        await().atMost(WAIT).untilAsserted(() -> assertThat(ledger(user)).hasSize(21));
        assertThat(balance(user)).isEqualByComparingTo(expected);
    }

    @Test
    void aBalanceNeverGoesBelowZeroAndTheShortfallIsRecorded() {
        String user = newUser();
        topUp(user, "1");
        for (int i = 0; i < 10; i++) {
            publish(usage(user, "gpt-5", 20_000, 0, 5_000)); // 0.175 each: 1.75 in all
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(ledger(user)).hasSize(11));
        assertThat(balance(user)).isEqualByComparingTo(BigDecimal.ZERO);
        List<Map<String, Object>> captures = ledger(user).stream().filter(e -> "capture".equals(e.get("kind"))).toList();
        BigDecimal debited = captures.stream().map(e -> new BigDecimal((String) e.get("amount")).negate())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal uncovered = captures.stream().map(e -> new BigDecimal((String) e.get("uncovered")))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(debited).isEqualByComparingTo("1");
        assertThat(uncovered).isEqualByComparingTo("0.75");
        assertThat(captures).allSatisfy(e -> assertThat(new BigDecimal((String) e.get("balance_after"))).isNotNegative());
    }

    @Test
    void anInvalidMessageIsDeadLetteredAndTheNextOneIsStillCharged() {
        String user = newUser();
        topUp(user, "5");
        String marker = "invalid-" + user;
        publish("gpt-5", ("{\"id\":\"" + marker + "\",\"type\":\"usage.recorded\"}").getBytes(StandardCharsets.UTF_8));
        UsageRecorded valid = usage(user, "gpt-5", 1_000, 0, 1_000);
        publish(valid);

        Message dead = awaitDeadLetter(m -> new String(m.getBody(), StandardCharsets.UTF_8).contains(marker));
        assertThat(dead.getMessageProperties().<String>getHeader("x-exception-message")).contains("invalide");
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(balance(user)).isEqualByComparingTo(new BigDecimal("5").subtract(gpt5Cost(1_000, 1_000))));
    }

    @Test
    void aModelWithoutAPriceIsDeadLetteredWithTheOriginalsMessage() {
        String user = newUser();
        UsageRecorded usage = usage(user, "gpt-4-turbo", 1_000, 0, 1_000);
        publish(usage);

        Message dead = awaitDeadLetter(m -> new String(m.getBody(), StandardCharsets.UTF_8).contains(usage.id().toString()));
        assertThat(Json.read(dead.getBody(), UsageRecorded.class)).isEqualTo(usage);
        assertThat(dead.getMessageProperties().<String>getHeader("x-exception-message"))
                .contains("Modèle 'gpt-4-turbo' non trouvé dans la base de données.");
        assertThat(ledger(user)).isEmpty();
    }

    private double outcomes(String outcome) {
        return meters.get(UsageConsumerConfiguration.OUTCOME_METER).tag("outcome", outcome).counter().count();
    }

    private static Message awaitDeadLetter(Predicate<Message> ours) {
        return await().atMost(WAIT).until(() -> {
            synchronized (deadLetters) {
                for (Message received = rabbit.receive(USAGE_DLQ); received != null; received = rabbit.receive(USAGE_DLQ)) {
                    deadLetters.add(received);
                }
                return deadLetters.stream().filter(ours).findFirst().orElse(null);
            }
        }, message -> message != null);
    }
}
