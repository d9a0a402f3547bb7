package org.edxo.ai.billing.pricing;

import io.r2dbc.spi.Readable;
import org.edxo.ai.billing.config.BillingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** Reads the price book ({@code billing.prices}): the price in force for a model at an instant. */
@Repository
public class PriceBook {

    private static final String COLUMNS =
            "model, effective_from, input_per_million, cached_input_per_million, output_per_million";

    private static final Logger log = LoggerFactory.getLogger(PriceBook.class);

    private final DatabaseClient db;
    private final List<BillingProperties.ModelFallback> fallbacks;

    public PriceBook(DatabaseClient db, BillingProperties properties) {
        this.db = db;
        this.fallbacks = properties.modelFallbacks();
    }

    /**
     * The price in force at {@code at}; for a model without one, the price of the first configured
     * fallback rule that matches (logged), else an {@link UnknownModelException} error.
     */
    public Mono<PriceBookEntry> priceAt(String model, Instant at) {
        return ownPriceAt(model, at).switchIfEmpty(Mono.defer(() -> {
            for (BillingProperties.ModelFallback fallback : fallbacks) {
                if (fallback.pattern() != null && fallback.use() != null && !fallback.use().equals(model)
                        && Pattern.matches(fallback.pattern(), model)) {
                    log.warn("model {} has no price: priced as {} (rule edxo.billing.model-fallbacks '{}')",
                            model, fallback.use(), fallback.pattern());
                    return ownPriceAt(fallback.use(), at);
                }
            }
            return Mono.empty();
        })).switchIfEmpty(Mono.error(() -> new UnknownModelException(model)));
    }

    /** Adds a price; false when the model already has one from that exact instant. */
    public Mono<Boolean> add(PriceBookEntry entry) {
        return db.sql("INSERT INTO billing.prices (model, effective_from, input_per_million, cached_input_per_million,"
                        + " output_per_million) VALUES (:model, :from, :input, :cached, :output)"
                        + " ON CONFLICT (model, effective_from) DO NOTHING")
                .bind("model", entry.model())
                .bind("from", entry.effectiveFrom())
                .bind("input", entry.inputPerMillion())
                .bind("cached", Parameter.fromOrEmpty(entry.cachedInputPerMillion(), BigDecimal.class))
                .bind("output", entry.outputPerMillion())
                .fetch().rowsUpdated()
                .map(rows -> rows > 0);
    }

    private Mono<PriceBookEntry> ownPriceAt(String model, Instant at) {
        return db.sql("SELECT " + COLUMNS + " FROM billing.prices"
                        + " WHERE model = :model AND effective_from <= :at"
                        + " ORDER BY effective_from DESC LIMIT 1")
                .bind("model", model)
                .bind("at", at)
                .map(PriceBook::toEntry)
                .one();
    }

    /** For each model, the price in force at {@code at}, by model name. */
    public Flux<PriceBookEntry> pricesAt(Instant at) {
        return db.sql("SELECT DISTINCT ON (model) " + COLUMNS + " FROM billing.prices"
                        + " WHERE effective_from <= :at ORDER BY model, effective_from DESC")
                .bind("at", at)
                .map(PriceBook::toEntry)
                .all();
    }

    private static PriceBookEntry toEntry(Readable row) {
        return new PriceBookEntry(
                row.get("model", String.class),
                row.get("effective_from", Instant.class),
                row.get("input_per_million", BigDecimal.class),
                row.get("cached_input_per_million", BigDecimal.class),
                row.get("output_per_million", BigDecimal.class));
    }
}
