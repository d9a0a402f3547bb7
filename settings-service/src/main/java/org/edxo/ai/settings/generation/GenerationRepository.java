package org.edxo.ai.settings.generation;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL on {@code settings.generation_sections}. */
@Repository
public class GenerationRepository {

    private static final String COLUMNS = "name, position, use_ai, text";

    private final DatabaseClient db;

    public GenerationRepository(DatabaseClient db) {
        this.db = db;
    }

    public Flux<GenerationSection> findAll() {
        return db.sql("SELECT " + COLUMNS + " FROM settings.generation_sections ORDER BY position, name")
                .map(GenerationRepository::toSection)
                .all();
    }

    public Mono<GenerationSection> findForUpdate(String name) {
        return db.sql("SELECT " + COLUMNS + " FROM settings.generation_sections WHERE name = :name FOR UPDATE")
                .bind("name", name)
                .map(GenerationRepository::toSection)
                .one();
    }

    public Mono<Void> save(GenerationSection section, String actor) {
        return db.sql("""
                        INSERT INTO settings.generation_sections (name, position, use_ai, text, updated_at, updated_by)
                        VALUES (:name, :position, :useAi, :text, now(), :actor)
                        ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, use_ai = EXCLUDED.use_ai,
                            text = EXCLUDED.text, updated_at = now(), updated_by = EXCLUDED.updated_by""")
                .bind("name", section.name())
                .bind("position", section.position())
                .bind("useAi", section.useAi())
                .bind("text", section.text())
                .bind("actor", actor)
                .then();
    }

    private static GenerationSection toSection(Readable row) {
        return new GenerationSection(row.get("name", String.class), row.get("position", Integer.class),
                Boolean.TRUE.equals(row.get("use_ai", Boolean.class)), row.get("text", String.class));
    }
}
