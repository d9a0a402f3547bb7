package org.edxo.ai.contracts.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The cost of one model call (DESIGN §6):
 * {@code (input - cached) * input_price + cached * cached_input_price + output * output_price}, prices
 * per 1M tokens. Reasoning tokens are already inside output tokens and cached tokens inside input
 * tokens, so neither is added on top. Exact decimal arithmetic, rounded half-up to 6 decimals.
 */
public final class TokenCost {

    public static final int SCALE = 6;
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private TokenCost() {
    }

    public static BigDecimal of(long inputTokens, long cachedInputTokens, long outputTokens, ModelPrice price) {
        if (inputTokens < 0 || cachedInputTokens < 0 || outputTokens < 0 || cachedInputTokens > inputTokens) {
            throw new IllegalArgumentException("invalid token counts: input=" + inputTokens + " cached="
                    + cachedInputTokens + " output=" + outputTokens);
        }
        BigDecimal perMillion = BigDecimal.valueOf(inputTokens - cachedInputTokens).multiply(price.inputPerMillion())
                .add(BigDecimal.valueOf(cachedInputTokens).multiply(price.cachedInputPerMillion()))
                .add(BigDecimal.valueOf(outputTokens).multiply(price.outputPerMillion()));
        return perMillion.divide(MILLION, SCALE, RoundingMode.HALF_UP);
    }
}
