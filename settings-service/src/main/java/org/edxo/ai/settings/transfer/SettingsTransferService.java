package org.edxo.ai.settings.transfer;

import org.edxo.ai.settings.catalogue.AiModel;
import org.edxo.ai.settings.catalogue.ModelCatalogue;
import org.edxo.ai.settings.defaults.DefaultsRepository;
import org.edxo.ai.settings.events.SettingsChangedPublisher;
import org.edxo.ai.settings.generation.GenerationRepository;
import org.edxo.ai.settings.generation.GenerationSection;
import org.edxo.ai.settings.history.ChangedEntity;
import org.edxo.ai.settings.history.SettingsHistory;
import org.edxo.ai.settings.sections.SectionRepository;
import org.edxo.ai.settings.sections.SectionValues;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Set;

/**
 * Export and import of every setting. An import is validated as a whole first, then replaces
 * everything in one transaction (its history row holds the complete export before and after, so it
 * can be rolled back like any change) and is announced with section null (= everything).
 */
@Service
public class SettingsTransferService {

    private final DatabaseClient db;
    private final SectionRepository sections;
    private final ModelCatalogue catalogue;
    private final DefaultsRepository defaults;
    private final GenerationRepository generation;
    private final SettingsHistory history;
    private final SettingsChangedPublisher publisher;
    private final TransactionalOperator transaction;

    public SettingsTransferService(DatabaseClient db, SectionRepository sections, ModelCatalogue catalogue,
                                   DefaultsRepository defaults, GenerationRepository generation,
                                   SettingsHistory history, SettingsChangedPublisher publisher,
                                   TransactionalOperator transaction) {
        this.db = db;
        this.sections = sections;
        this.catalogue = catalogue;
        this.defaults = defaults;
        this.generation = generation;
        this.history = history;
        this.publisher = publisher;
        this.transaction = transaction;
    }

    public Mono<SettingsExport> export() {
        return Mono.zip(
                        defaults.find(),
                        catalogue.findAll().collectList(),
                        sections.findAll().map(row -> {
                            SectionValues values = row.values();
                            return new SettingsExport.Section(row.section(), values.systemPrompt(), values.aiModel(),
                                    values.reasoningEffort(), values.verbosity(), values.maxOutputTokens());
                        }).collectList(),
                        sections.findAllTemplates()
                                .map(row -> new SettingsExport.Template(row.section(), row.name(), row.template()))
                                .collectList(),
                        generation.findAll().collectList())
                .map(all -> new SettingsExport(SettingsExport.SCHEMA_VERSION, all.getT1(), all.getT2(), all.getT3(),
                        all.getT4(), all.getT5()));
    }

    public Mono<SettingsExport> importDocument(JsonNode document, String actor) {
        Mono<Void> imported = lockEverything()
                .then(sections.findAll().map(row -> row.section()).collect(HashSet<String>::new, Set::add))
                .flatMap(known -> {
                    SettingsExport next = ImportValidator.read(document, known);
                    return export().flatMap(before -> replace(next, actor)
                            .then(export())
                            .flatMap(after -> history.record(null, ChangedEntity.IMPORT, null, actor, before, after)));
                })
                .then()
                .as(transaction::transactional);
        return imported.then(publisher.publish(null)).then(export());
    }

    /** Serialises imports with every other change: each of them locks the rows it changes. */
    private Mono<Void> lockEverything() {
        return db.sql("SELECT section FROM settings.section_settings ORDER BY section FOR UPDATE").fetch().all()
                .thenMany(db.sql("SELECT id FROM settings.global_defaults FOR UPDATE").fetch().all())
                .then();
    }

    private Mono<Void> replace(SettingsExport next, String actor) {
        Set<String> modelNames = new HashSet<>(next.models().stream().map(AiModel::name).toList());
        return Flux.fromIterable(next.models()).concatMap(catalogue::save).then()
                .then(Flux.fromIterable(next.sections()).concatMap(section -> sections.update(section.section(),
                        new SectionValues(section.systemPrompt(), section.aiModel(), section.reasoningEffort(),
                                section.verbosity(), section.maxOutputTokens()), actor)).then())
                .then(defaults.save(next.defaults(), actor))
                .then(catalogue.findAll().map(AiModel::name).filter(name -> !modelNames.contains(name))
                        .concatMap(this::deleteModel).then())
                .then(db.sql("DELETE FROM settings.prompt_templates").then())
                .then(Flux.fromIterable(next.templates()).concatMap(template -> sections.upsertTemplate(
                        template.section(), template.name(), template.template(), actor)).then())
                .then(db.sql("DELETE FROM settings.generation_sections").then())
                .then(Flux.fromIterable(next.generationSections())
                        .concatMap((GenerationSection section) -> generation.save(section, actor)).then());
    }

    private Mono<Void> deleteModel(String name) {
        return db.sql("DELETE FROM settings.models WHERE name = :name").bind("name", name).then();
    }
}
