package org.edxo.ai.contracts;

import org.edxo.ai.contracts.money.ModelPrice;
import org.edxo.ai.contracts.money.TokenCost;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenCostTest {

    private static final ModelPrice GPT5 = new ModelPrice("gpt-5", new BigDecimal("5.00"), null, new BigDecimal("15.00"));

    @Test
    void withoutCachedTokensEqualsTheOriginalFormula() {
        // original: input_tokens * in / 1e6 + output_tokens * out / 1e6 = 1234*5/1e6 + 567*15/1e6
        assertThat(TokenCost.of(1234, 0, 567, GPT5)).isEqualByComparingTo("0.014675");
        assertThat(TokenCost.of(1234, 0, 567, GPT5).scale()).isEqualTo(6);
    }

    @Test
    void cachedTokensAreAPartOfInputBilledAtTheCachedPrice() {
        ModelPrice price = new ModelPrice("m", new BigDecimal("1.25"), new BigDecimal("0.125"), new BigDecimal("10"));
        // (1000-800)*1.25 + 800*0.125 + 100*10 = 250 + 100 + 1000 = 1350 per million
        assertThat(TokenCost.of(1000, 800, 100, price)).isEqualByComparingTo("0.001350");
    }

    @Test
    void withoutACachedPriceCachedTokensCostTheInputPrice() {
        assertThat(TokenCost.of(1000, 1000, 0, GPT5)).isEqualByComparingTo(TokenCost.of(1000, 0, 0, GPT5));
    }

    @Test
    void roundsHalfUpToSixDecimals() {
        ModelPrice nano = new ModelPrice("gpt-5-nano", new BigDecimal("0.05"), null, new BigDecimal("0.20"));
        // 7 * 0.05 / 1e6 = 0.00000035 -> 0.000000 ; 15 * 0.05 / 1e6 = 0.00000075 -> 0.000001
        assertThat(TokenCost.of(7, 0, 0, nano)).isEqualByComparingTo("0.000000");
        assertThat(TokenCost.of(15, 0, 0, nano)).isEqualByComparingTo("0.000001");
    }

    @Test
    void refusesImpossibleCounts() {
        assertThatThrownBy(() -> TokenCost.of(10, 11, 0, GPT5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenCost.of(-1, 0, 0, GPT5)).isInstanceOf(IllegalArgumentException.class);
    }
}
