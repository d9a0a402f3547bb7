package org.edxo.ai.billing.usage;

import org.edxo.ai.billing.pricing.PriceBookEntry;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.UsageRecorded;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsageChargesTest {

    /** The seeded price of gpt-5 (the original's DEFAULT_PRICING, no cached-input price). */
    private static final PriceBookEntry GPT_5 = new PriceBookEntry("gpt-5", Instant.parse("2025-01-01T00:00:00Z"),
            new BigDecimal("5.000000"), null, new BigDecimal("15.000000"));

    private static UsageRecorded.Usage usage(long input, long cached, long output) {
        return new UsageRecorded.Usage("gpt-5", "analyse_plan_de_cours", "resp_1", 1, null, input, cached, output, 0);
    }

    @Test
    void costWithTheSeededGpt5PriceIsTheOriginalFormulaExactly() {
        Random random = new Random(42);
        for (int i = 0; i < 1_000; i++) {
            long input = random.nextInt(2_000_000);
            long output = random.nextInt(200_000);
            // The original: input * 5 / 1e6 + output * 15 / 1e6, here in exact decimals.
            BigDecimal expected = BigDecimal.valueOf(input).multiply(BigDecimal.valueOf(5)).movePointLeft(6)
                    .add(BigDecimal.valueOf(output).multiply(BigDecimal.valueOf(15)).movePointLeft(6));
            BigDecimal cost = UsageCharges.cost(usage(input, 0, output), GPT_5);
            assertThat(cost).isEqualByComparingTo(expected);
            assertThat(cost.scale()).isEqualTo(6);
        }
        assertThat(UsageCharges.cost(usage(123_457, 0, 98_765), GPT_5)).isEqualTo(new BigDecimal("2.098760"));
    }

    @Test
    void cachedTokensCostTheInputPriceWhenTheBookHasNoCachedPrice() {
        assertThat(UsageCharges.cost(usage(1_000_000, 400_000, 0), GPT_5)).isEqualTo(new BigDecimal("5.000000"));
        PriceBookEntry withCachedPrice = new PriceBookEntry("m", Instant.EPOCH, new BigDecimal("1.25"),
                new BigDecimal("0.125"), new BigDecimal("10"));
        // 600k * 1.25 + 400k * 0.125 + 10k * 10, per million.
        assertThat(UsageCharges.cost(usage(1_000_000, 400_000, 10_000), withCachedPrice))
                .isEqualTo(new BigDecimal("0.900000"));
    }

    @Test
    void costsAreRoundedHalfUpToSixDecimalsOncePerCall() {
        PriceBookEntry cheap = new PriceBookEntry("m", Instant.EPOCH, new BigDecimal("0.5"), new BigDecimal("0.4"),
                new BigDecimal("0.3"));
        assertThat(UsageCharges.cost(usage(1, 0, 0), cheap)).isEqualTo(new BigDecimal("0.000001")); // 0.0000005 ↑
        assertThat(UsageCharges.cost(usage(1, 1, 0), cheap)).isEqualTo(new BigDecimal("0.000000")); // 0.0000004 ↓
        assertThat(UsageCharges.cost(usage(0, 0, 1), cheap)).isEqualTo(new BigDecimal("0.000000")); // 0.0000003 ↓
        // Rounded once on the sum, not per part: 0.0000005 + 0.0000003 = 0.0000008 → 0.000001.
        assertThat(UsageCharges.cost(usage(1, 0, 1), cheap)).isEqualTo(new BigDecimal("0.000001"));
        assertThat(UsageCharges.cost(usage(3, 0, 0), cheap)).isEqualTo(new BigDecimal("0.000002")); // 0.0000015 ↑
    }

    @Test
    void theWorstCaseOfAHoldBoundsEveryCostWithinItsTokenBounds() {
        PriceBookEntry withCachedPrice = new PriceBookEntry("m", Instant.EPOCH, new BigDecimal("1.25"),
                new BigDecimal("0.125"), new BigDecimal("10"));
        Random random = new Random(7);
        for (int i = 0; i < 1_000; i++) {
            long maxInput = 1 + random.nextInt(500_000);
            long maxOutput = 1 + random.nextInt(100_000);
            BigDecimal hold = UsageCharges.cost(usage(maxInput, 0, maxOutput), withCachedPrice);
            long input = random.nextLong(maxInput + 1);
            long cached = random.nextLong(input + 1);
            long output = random.nextLong(maxOutput + 1);
            assertThat(UsageCharges.cost(usage(input, cached, output), withCachedPrice)).isLessThanOrEqualTo(hold);
        }
    }

    @Test
    void impossibleTokenCountsAreRejected() {
        assertThatThrownBy(() -> UsageCharges.cost(usage(10, 11, 0), GPT_5))
                .isInstanceOf(UsageRejectedException.class);
    }

    @Test
    void aValidMessageParses() {
        UsageRecorded sent = new UsageRecorded(UUID.randomUUID(), UsageRecorded.TYPE, UUID.randomUUID(),
                "analyse_plan_de_cours", "42", Instant.parse("2026-03-01T10:00:00Z"), 1, null, usage(100, 20, 50));
        assertThat(UsageCharges.parse(Json.write(sent))).isEqualTo(sent);
    }

    @Test
    void messagesThatBreakTheContractAreRejected() {
        String valid = Json.writeString(new UsageRecorded(UUID.randomUUID(), UsageRecorded.TYPE, UUID.randomUUID(),
                "analyse_plan_de_cours", "42", Instant.now(), 1, null, usage(100, 20, 50)));
        for (String body : new String[]{
                "not json",
                "[]",
                "{}",
                valid.replace("\"user_id\":\"42\"", "\"user_id\":\"\""),
                valid.replace("\"input_tokens\":100", "\"input_tokens\":-1"),
                valid.replace("\"output_tokens\":50", "\"output_tokens\":\"50\""),
                valid.replace("\"type\":\"usage.recorded\"", "\"type\":\"task.event\""),
                valid.replaceFirst("\"occurred_at\":\"[^\"]+\"", "\"occurred_at\":\"yesterday\"")}) {
            assertThatThrownBy(() -> UsageCharges.parse(body.getBytes(StandardCharsets.UTF_8)))
                    .as(body)
                    .isInstanceOf(UsageRejectedException.class);
        }
    }
}
