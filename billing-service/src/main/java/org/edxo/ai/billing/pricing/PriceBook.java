package org.edxo.ai.billing.pricing;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Instant;

/** Reads the price book ({@code billing.prices}): the price in force for a model at an instant. */
@Repository
public class PriceBook {

    private static final String COLUMNS =
            "model, effective_from, input_per_million, cached_input_per_million, output_per_million";

    private final DatabaseClient db;

    public PriceBook(DatabaseClient db) {
        this.db = db;
    }

    /** The price in force at {@code at}, or an {@link UnknownModelException} error. */
    public Mono<PriceBookEntry> priceAt(String model, Instant at) {
        return db.sql("SELECT " + COLUMNS + " FROM billing.prices"
                        + " WHERE model = :model AND effective_from <= :at"
                        + " ORDER BY effective_from DESC LIMIT 1")
                .bind("model", model)
                .bind("at", at)
                .map(PriceBook::toEntry)
                .one()
                .switchIfEmpty(Mono.error(() -> new UnknownModelException(model)));
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
