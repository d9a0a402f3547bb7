package org.edxo.ai.settings.history;

import io.r2dbc.postgresql.codec.Json;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Appends to {@code settings.setting_changes}. Called inside the transaction of the change itself, so
 * that a change and its history row are committed together or not at all.
 */
@Repository
public class SettingsHistory {

    private final DatabaseClient db;

    public SettingsHistory(DatabaseClient db) {
        this.db = db;
    }

    /**
     * @param name   the template name, or null for the section's own fields
     * @param before snapshot before the change (null when the entity is created)
     * @param after  snapshot after the change
     */
    public Mono<Void> record(String section, ChangedEntity entity, String name, String actor, Object before, Object after) {
        GenericExecuteSpec spec = db.sql("""
                        INSERT INTO settings.setting_changes (section, entity, name, changed_by, changed_at, before, after)
                        VALUES (:section, :entity, :name, :actor, now(), :before, :after)""")
                .bind("section", section)
                .bind("entity", entity.value())
                .bind("actor", actor);
        spec = name == null ? spec.bindNull("name", String.class) : spec.bind("name", name);
        spec = bindJson(spec, "before", before);
        spec = bindJson(spec, "after", after);
        return spec.then();
    }

    private static GenericExecuteSpec bindJson(GenericExecuteSpec spec, String name, Object snapshot) {
        return snapshot == null
                ? spec.bindNull(name, Json.class)
                : spec.bind(name, Json.of(org.edxo.ai.contracts.json.Json.write(snapshot)));
    }
}
