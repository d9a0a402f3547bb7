package org.edxo.ai.settings.sections;

import org.edxo.ai.settings.catalogue.AiModel;
import org.edxo.ai.settings.catalogue.ModelCatalogue;
import org.edxo.ai.settings.defaults.DefaultsRepository;
import org.edxo.ai.settings.events.SettingsChangedPublisher;
import org.edxo.ai.settings.history.ChangedEntity;
import org.edxo.ai.settings.history.SettingsHistory;
import org.edxo.ai.settings.web.FieldError;
import org.edxo.ai.settings.web.InvalidRequestException;
import org.edxo.ai.settings.web.NotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads and changes sections. A change locks its section row, validates, writes the new values and
 * the history row in one transaction, then announces itself on the broker. A change that changes
 * nothing writes nothing and announces nothing.
 */
@Service
public class SectionService {

    private final SectionRepository sections;
    private final ModelCatalogue catalogue;
    private final SettingsHistory history;
    private final SettingsChangedPublisher publisher;
    private final TransactionalOperator transaction;
    private final DefaultsRepository defaults;

    public SectionService(SectionRepository sections, ModelCatalogue catalogue, SettingsHistory history,
                          SettingsChangedPublisher publisher, TransactionalOperator transaction,
                          DefaultsRepository defaults) {
        this.sections = sections;
        this.catalogue = catalogue;
        this.history = history;
        this.publisher = publisher;
        this.transaction = transaction;
        this.defaults = defaults;
    }

    public Mono<SectionDocument> get(String section) {
        return sections.find(section)
                .switchIfEmpty(Mono.error(() -> unknown(section)))
                .flatMap(row -> sections.findTemplates(section).collectList()
                        .map(templates -> SectionDocument.of(row, templates)));
    }

    public Flux<SectionDocument> list() {
        return sections.findAllTemplates()
                .collect(Collectors.groupingBy(TemplateRow::section))
                .flatMapMany(templatesBySection -> sections.findAll()
                        .map(row -> SectionDocument.of(row, templatesBySection.getOrDefault(row.section(), List.of()))));
    }

    public Mono<SectionDocument> update(String section, SectionUpdate update, String actor) {
        Mono<Boolean> changed = lock(section).flatMap(current -> {
            SectionValues next = update.applyTo(current.values());
            return catalogue.find(next.aiModel()).map(Optional::of).defaultIfEmpty(Optional.empty())
                    .flatMap(model -> {
                        requireValid(update.errors(), SectionRules.check(update, next, model.orElse(null)));
                        if (next.equals(current.values())) {
                            return Mono.just(false);
                        }
                        return sections.update(section, next, actor)
                                .then(history.record(section, ChangedEntity.SECTION, null, actor, current.values(), next))
                                .thenReturn(true);
                    });
        }).as(transaction::transactional);
        return announceThenGet(section, changed);
    }

    public Mono<SectionDocument> updateTemplate(String section, TemplateUpdate update, String actor) {
        Mono<Boolean> changed = lock(section).flatMap(current -> {
            requireValid(update.errors(), update.template() == null ? List.of()
                    : TemplatePlaceholders.check(section, update.name(), update.template(), "template"));
            return sections.findTemplate(section, update.name()).map(Optional::of).defaultIfEmpty(Optional.empty())
                    .flatMap(before -> {
                        if (before.isPresent() && before.get().template().equals(update.template())) {
                            return Mono.just(false);
                        }
                        Object beforeSnapshot = before.map(row -> Map.of("template", row.template())).orElse(null);
                        return sections.upsertTemplate(section, update.name(), update.template(), actor)
                                .then(history.record(section, ChangedEntity.TEMPLATE, update.name(), actor,
                                        beforeSnapshot, Map.of("template", update.template())))
                                .thenReturn(true);
                    });
        }).as(transaction::transactional);
        return announceThenGet(section, changed);
    }

    /** Removes a template (a rollback of its creation); removing one that does not exist changes nothing. */
    public Mono<SectionDocument> deleteTemplate(String section, String name, String actor) {
        Mono<Boolean> changed = lock(section).flatMap(current -> sections.findTemplate(section, name)
                .flatMap(before -> sections.deleteTemplate(section, name)
                        .then(history.record(section, ChangedEntity.TEMPLATE, name, actor,
                                Map.of("template", before.template()), null))
                        .thenReturn(true))
                .defaultIfEmpty(false)).as(transaction::transactional);
        return announceThenGet(section, changed);
    }

    /** The section with the defaults applied and the source of each value: what workers read. */
    public Mono<EffectiveSection> effective(String section) {
        return get(section).flatMap(document -> defaults.find()
                .zipWith(catalogue.findAll().collectMap(AiModel::name))
                .map(both -> EffectiveSection.of(document, both.getT1(), both.getT2())));
    }

    private Mono<SectionRow> lock(String section) {
        return sections.findForUpdate(section).switchIfEmpty(Mono.error(() -> unknown(section)));
    }

    /** Runs after the commit, so that a worker that reloads on the event reads the new values. */
    private Mono<SectionDocument> announceThenGet(String section, Mono<Boolean> changed) {
        return changed.flatMap(didChange -> didChange ? publisher.publish(section) : Mono.<Void>empty())
                .then(get(section));
    }

    private static void requireValid(List<FieldError> parseErrors, List<FieldError> ruleErrors) {
        if (parseErrors.isEmpty() && ruleErrors.isEmpty()) {
            return;
        }
        List<FieldError> all = new ArrayList<>(parseErrors);
        all.addAll(ruleErrors);
        throw new InvalidRequestException(all);
    }

    private static NotFoundException unknown(String section) {
        return new NotFoundException("Section inconnue : " + section);
    }
}
