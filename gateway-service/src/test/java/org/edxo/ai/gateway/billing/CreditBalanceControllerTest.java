package org.edxo.ai.gateway.billing;

import org.edxo.ai.contracts.json.Json;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreditBalanceControllerTest {

    @Test
    void creditIsRoundedHalfUpToTwoDecimalsLikeTheOriginalsFormat() {
        assertThat(CreditBalanceController.success(new BigDecimal("12.340000")).getBody()).containsEntry("credit", "12.34");
        assertThat(CreditBalanceController.success(new BigDecimal("0.125")).getBody()).containsEntry("credit", "0.13");
        assertThat(CreditBalanceController.success(new BigDecimal("2.5")).getBody()).containsEntry("credit", "2.50");
        assertThat(CreditBalanceController.success(BigDecimal.ZERO).getBody()).containsEntry("credit", "0.00")
                .containsEntry("success", true);
    }

    @Test
    void theBalanceIsReadAsADecimalStringOrNumber() {
        assertThat(CreditBalanceController.balance(Json.tree("{\"balance\": \"12.345000\"}"))).isEqualByComparingTo("12.345");
        assertThat(CreditBalanceController.balance(Json.tree("{\"balance\": 3.5}"))).isEqualByComparingTo("3.5");
        assertThatThrownBy(() -> CreditBalanceController.balance(Json.tree("{\"credits\": 1}")))
                .isInstanceOf(IllegalStateException.class);
    }
}
