package org.edxo.ai.settings.catalogue;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads {@code settings.models}. */
@Repository
public class ModelCatalogue {

    private static final String COLUMNS = "name, enabled, supports_reasoning, max_output_tokens";

    private final DatabaseClient db;

    public ModelCatalogue(DatabaseClient db) {
        this.db = db;
    }

    public Flux<AiModel> findAll() {
        return db.sql("SELECT " + COLUMNS + " FROM settings.models ORDER BY name")
                .map(ModelCatalogue::toModel)
                .all();
    }

    public Mono<AiModel> find(String name) {
        return db.sql("SELECT " + COLUMNS + " FROM settings.models WHERE name = :name")
                .bind("name", name)
                .map(ModelCatalogue::toModel)
                .one();
    }

    private static AiModel toModel(Readable row) {
        return new AiModel(
                row.get("name", String.class),
                Boolean.TRUE.equals(row.get("enabled", Boolean.class)),
                Boolean.TRUE.equals(row.get("supports_reasoning", Boolean.class)),
                row.get("max_output_tokens", Integer.class));
    }
}
