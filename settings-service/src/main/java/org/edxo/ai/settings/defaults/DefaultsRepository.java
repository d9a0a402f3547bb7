package org.edxo.ai.settings.defaults;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** SQL on the one row of {@code settings.global_defaults}. */
@Repository
public class DefaultsRepository {

    private final DatabaseClient db;

    public DefaultsRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<GlobalDefaults> find() {
        return db.sql("SELECT ai_model, reasoning_effort, verbosity FROM settings.global_defaults WHERE id = 1")
                .map(row -> new GlobalDefaults(row.get("ai_model", String.class),
                        row.get("reasoning_effort", String.class), row.get("verbosity", String.class)))
                .one();
    }

    public Mono<GlobalDefaults> findForUpdate() {
        return db.sql("SELECT ai_model, reasoning_effort, verbosity FROM settings.global_defaults WHERE id = 1 FOR UPDATE")
                .map(row -> new GlobalDefaults(row.get("ai_model", String.class),
                        row.get("reasoning_effort", String.class), row.get("verbosity", String.class)))
                .one();
    }

    public Mono<Void> save(GlobalDefaults defaults, String actor) {
        GenericExecuteSpec spec = db.sql("""
                        INSERT INTO settings.global_defaults (id, ai_model, reasoning_effort, verbosity, updated_at, updated_by)
                        VALUES (1, :aiModel, :reasoningEffort, :verbosity, now(), :actor)
                        ON CONFLICT (id) DO UPDATE SET ai_model = EXCLUDED.ai_model,
                            reasoning_effort = EXCLUDED.reasoning_effort, verbosity = EXCLUDED.verbosity,
                            updated_at = now(), updated_by = EXCLUDED.updated_by""")
                .bind("aiModel", defaults.aiModel())
                .bind("actor", actor);
        spec = defaults.reasoningEffort() == null ? spec.bindNull("reasoningEffort", String.class)
                : spec.bind("reasoningEffort", defaults.reasoningEffort());
        spec = defaults.verbosity() == null ? spec.bindNull("verbosity", String.class)
                : spec.bind("verbosity", defaults.verbosity());
        return spec.then();
    }
}
