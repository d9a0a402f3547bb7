package org.edxo.ai.settings.sections;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;

/** SQL on {@code settings.section_settings} and {@code settings.prompt_templates}. */
@Repository
public class SectionRepository {

    private static final String SECTION_COLUMNS =
            "section, system_prompt, ai_model, reasoning_effort, verbosity, max_output_tokens, updated_at, updated_by";
    private static final String TEMPLATE_COLUMNS = "section, name, template, updated_at";

    private final DatabaseClient db;

    public SectionRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<SectionRow> find(String section) {
        return db.sql("SELECT " + SECTION_COLUMNS + " FROM settings.section_settings WHERE section = :section")
                .bind("section", section)
                .map(SectionRepository::toSection)
                .one();
    }

    /** Locks the section row until the transaction ends: changes to one section (and its templates) are serialised. */
    public Mono<SectionRow> findForUpdate(String section) {
        return db.sql("SELECT " + SECTION_COLUMNS + " FROM settings.section_settings WHERE section = :section FOR UPDATE")
                .bind("section", section)
                .map(SectionRepository::toSection)
                .one();
    }

    public Flux<SectionRow> findAll() {
        return db.sql("SELECT " + SECTION_COLUMNS + " FROM settings.section_settings ORDER BY section")
                .map(SectionRepository::toSection)
                .all();
    }

    public Flux<TemplateRow> findTemplates(String section) {
        return db.sql("SELECT " + TEMPLATE_COLUMNS + " FROM settings.prompt_templates WHERE section = :section ORDER BY name")
                .bind("section", section)
                .map(SectionRepository::toTemplate)
                .all();
    }

    public Flux<TemplateRow> findAllTemplates() {
        return db.sql("SELECT " + TEMPLATE_COLUMNS + " FROM settings.prompt_templates ORDER BY section, name")
                .map(SectionRepository::toTemplate)
                .all();
    }

    public Mono<TemplateRow> findTemplate(String section, String name) {
        return db.sql("SELECT " + TEMPLATE_COLUMNS + " FROM settings.prompt_templates WHERE section = :section AND name = :name")
                .bind("section", section)
                .bind("name", name)
                .map(SectionRepository::toTemplate)
                .one();
    }

    public Mono<Void> update(String section, SectionValues values, String actor) {
        GenericExecuteSpec spec = db.sql("""
                        UPDATE settings.section_settings
                           SET system_prompt = :systemPrompt, ai_model = :aiModel, reasoning_effort = :reasoningEffort,
                               verbosity = :verbosity, max_output_tokens = :maxOutputTokens,
                               updated_at = now(), updated_by = :actor
                         WHERE section = :section""")
                .bind("section", section)
                .bind("systemPrompt", values.systemPrompt())
                .bind("aiModel", values.aiModel())
                .bind("actor", actor);
        spec = bindNullable(spec, "reasoningEffort", values.reasoningEffort(), String.class);
        spec = bindNullable(spec, "verbosity", values.verbosity(), String.class);
        spec = bindNullable(spec, "maxOutputTokens", values.maxOutputTokens(), Integer.class);
        return spec.then();
    }

    public Mono<Void> upsertTemplate(String section, String name, String template, String actor) {
        return db.sql("""
                        INSERT INTO settings.prompt_templates (section, name, template, updated_at, updated_by)
                        VALUES (:section, :name, :template, now(), :actor)
                        ON CONFLICT (section, name)
                        DO UPDATE SET template = EXCLUDED.template, updated_at = now(), updated_by = EXCLUDED.updated_by""")
                .bind("section", section)
                .bind("name", name)
                .bind("template", template)
                .bind("actor", actor)
                .then();
    }

    public Mono<Void> deleteTemplate(String section, String name) {
        return db.sql("DELETE FROM settings.prompt_templates WHERE section = :section AND name = :name")
                .bind("section", section)
                .bind("name", name)
                .then();
    }

    static <T> GenericExecuteSpec bindNullable(GenericExecuteSpec spec, String name, T value, Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    private static SectionRow toSection(Readable row) {
        return new SectionRow(
                row.get("section", String.class),
                new SectionValues(
                        row.get("system_prompt", String.class),
                        row.get("ai_model", String.class),
                        row.get("reasoning_effort", String.class),
                        row.get("verbosity", String.class),
                        row.get("max_output_tokens", Integer.class)),
                row.get("updated_at", Instant.class),
                row.get("updated_by", String.class));
    }

    private static TemplateRow toTemplate(Readable row) {
        return new TemplateRow(
                row.get("section", String.class),
                row.get("name", String.class),
                row.get("template", String.class),
                row.get("updated_at", Instant.class));
    }
}
