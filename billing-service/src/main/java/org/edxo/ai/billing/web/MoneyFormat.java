package org.edxo.ai.billing.web;

import org.edxo.ai.contracts.money.TokenCost;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Money in JSON: a string with exactly 6 decimals ({@code "12.340000"}), never a binary float. */
public final class MoneyFormat {

    private MoneyFormat() {
    }

    public static String format(BigDecimal amount) {
        // Stored amounts are NUMERIC(18,6): rescaling never rounds.
        return amount == null ? null : amount.setScale(TokenCost.SCALE, RoundingMode.UNNECESSARY).toPlainString();
    }
}
