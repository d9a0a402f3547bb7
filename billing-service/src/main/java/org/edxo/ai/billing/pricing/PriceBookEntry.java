package org.edxo.ai.billing.pricing;

import org.edxo.ai.contracts.money.ModelPrice;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One row of the price book: a model's prices (dollars per 1M tokens) from {@code effectiveFrom} on.
 * {@code cachedInputPerMillion} stays null when the book has none (cached tokens then cost the input price).
 */
public record PriceBookEntry(String model, Instant effectiveFrom, BigDecimal inputPerMillion,
                             BigDecimal cachedInputPerMillion, BigDecimal outputPerMillion) {

    public ModelPrice toModelPrice() {
        return new ModelPrice(model, inputPerMillion, cachedInputPerMillion, outputPerMillion);
    }
}
