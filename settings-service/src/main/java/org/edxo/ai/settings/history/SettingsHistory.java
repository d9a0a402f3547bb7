package org.edxo.ai.settings.history;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * Appends to and reads {@code settings.setting_changes}. {@link #record} is called inside the
 * transaction of the change itself, so that a change and its history row are committed together or not at all.
 */
@Repository
public class SettingsHistory {

    private static final String COLUMNS = "id, section, entity, name, changed_by, changed_at, before::text AS before, after::text AS after";

    private final DatabaseClient db;

    public SettingsHistory(DatabaseClient db) {
        this.db = db;
    }

    /**
     * @param section the section, or null for what belongs to none (models, defaults, imports)
     * @param name    the template, model or generation section name, or null
     * @param before  snapshot before the change (null when the entity is created)
     * @param after   snapshot after the change (null when the entity is removed)
     * @return the id of the new history row
     */
    public Mono<Long> record(String section, ChangedEntity entity, String name, String actor, Object before, Object after) {
        GenericExecuteSpec spec = db.sql("""
                        INSERT INTO settings.setting_changes (section, entity, name, changed_by, changed_at, before, after)
                        VALUES (:section, :entity, :name, :actor, now(), :before, :after) RETURNING id""")
                .bind("entity", entity.value())
                .bind("actor", actor);
        spec = section == null ? spec.bindNull("section", String.class) : spec.bind("section", section);
        spec = name == null ? spec.bindNull("name", String.class) : spec.bind("name", name);
        spec = bindJson(spec, "before", before);
        spec = bindJson(spec, "after", after);
        return spec.map(row -> row.get("id", Long.class)).one();
    }

    /** Newest first; {@code section} null lists every change. */
    public Flux<SettingChange> list(String section, int limit) {
        GenericExecuteSpec spec = section == null
                ? db.sql("SELECT " + COLUMNS + " FROM settings.setting_changes ORDER BY id DESC LIMIT :limit")
                : db.sql("SELECT " + COLUMNS + " FROM settings.setting_changes WHERE section = :section ORDER BY id DESC LIMIT :limit")
                        .bind("section", section);
        return spec.bind("limit", limit).map(SettingsHistory::toChange).all();
    }

    public Mono<SettingChange> find(long id) {
        return db.sql("SELECT " + COLUMNS + " FROM settings.setting_changes WHERE id = :id")
                .bind("id", id)
                .map(SettingsHistory::toChange)
                .one();
    }

    private static SettingChange toChange(Readable row) {
        return new SettingChange(
                row.get("id", Long.class),
                row.get("section", String.class),
                row.get("entity", String.class),
                row.get("name", String.class),
                row.get("changed_by", String.class),
                row.get("changed_at", Instant.class),
                tree(row.get("before", String.class)),
                tree(row.get("after", String.class)));
    }

    private static JsonNode tree(String json) {
        return json == null ? null : org.edxo.ai.contracts.json.Json.tree(json);
    }

    private static GenericExecuteSpec bindJson(GenericExecuteSpec spec, String name, Object snapshot) {
        return snapshot == null
                ? spec.bindNull(name, Json.class)
                : spec.bind(name, Json.of(org.edxo.ai.contracts.json.Json.write(snapshot)));
    }
}
