package org.edxo.ai.contracts.money;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Prices of one model in dollars per 1,000,000 tokens. Without a cached-input price, cached tokens
 * cost the full input price (as in the original).
 */
public record ModelPrice(String model, BigDecimal inputPerMillion, BigDecimal cachedInputPerMillion,
                         BigDecimal outputPerMillion) {

    public ModelPrice {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(inputPerMillion, "inputPerMillion");
        Objects.requireNonNull(outputPerMillion, "outputPerMillion");
        if (cachedInputPerMillion == null) {
            cachedInputPerMillion = inputPerMillion;
        }
    }
}
