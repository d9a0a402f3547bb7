package org.edxo.ai.settings.catalogue;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL on {@code settings.models}. */
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

    public Mono<AiModel> findForUpdate(String name) {
        return db.sql("SELECT " + COLUMNS + " FROM settings.models WHERE name = :name FOR UPDATE")
                .bind("name", name)
                .map(ModelCatalogue::toModel)
                .one();
    }

    /** Inserts or replaces the model. */
    public Mono<Void> save(AiModel model) {
        return db.sql("""
                        INSERT INTO settings.models (name, enabled, supports_reasoning, max_output_tokens)
                        VALUES (:name, :enabled, :supportsReasoning, :maxOutputTokens)
                        ON CONFLICT (name) DO UPDATE SET enabled = EXCLUDED.enabled,
                            supports_reasoning = EXCLUDED.supports_reasoning, max_output_tokens = EXCLUDED.max_output_tokens""")
                .bind("name", model.name())
                .bind("enabled", model.enabled())
                .bind("supportsReasoning", model.supportsReasoning())
                .bind("maxOutputTokens", model.maxOutputTokens())
                .then();
    }

    /** What refers to the model: section names, plus « valeurs par défaut » for the global defaults. */
    public Flux<String> usedBy(String name) {
        return db.sql("""
                        SELECT section AS user_name FROM settings.section_settings WHERE ai_model = :name
                        UNION ALL SELECT 'valeurs par défaut' FROM settings.global_defaults WHERE ai_model = :name
                        ORDER BY 1""")
                .bind("name", name)
                .map(row -> row.get("user_name", String.class))
                .all();
    }

    private static AiModel toModel(Readable row) {
        return new AiModel(
                row.get("name", String.class),
                Boolean.TRUE.equals(row.get("enabled", Boolean.class)),
                Boolean.TRUE.equals(row.get("supports_reasoning", Boolean.class)),
                row.get("max_output_tokens", Integer.class));
    }
}
