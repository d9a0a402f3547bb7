package org.edxo.ai.settings.history;

import org.edxo.ai.settings.catalogue.ModelCatalogueService;
import org.edxo.ai.settings.catalogue.ModelUpdate;
import org.edxo.ai.settings.defaults.DefaultsService;
import org.edxo.ai.settings.generation.GenerationSectionService;
import org.edxo.ai.settings.sections.SectionService;
import org.edxo.ai.settings.sections.SectionUpdate;
import org.edxo.ai.settings.sections.TemplateUpdate;
import org.edxo.ai.settings.transfer.SettingsTransferService;
import org.edxo.ai.settings.web.ConflictException;
import org.edxo.ai.settings.web.NotFoundException;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Restores the {@code before} of a change by replaying it through the ordinary change path of its
 * entity: the same validation, a new history row, and a {@code settings.changed} announcement.
 */
@Service
public class RollbackService {

    private final SettingsHistory history;
    private final SectionService sections;
    private final DefaultsService defaults;
    private final GenerationSectionService generation;
    private final ModelCatalogueService models;
    private final SettingsTransferService transfer;

    public RollbackService(SettingsHistory history, SectionService sections, DefaultsService defaults,
                           GenerationSectionService generation, ModelCatalogueService models,
                           SettingsTransferService transfer) {
        this.history = history;
        this.sections = sections;
        this.defaults = defaults;
        this.generation = generation;
        this.models = models;
        this.transfer = transfer;
    }

    /** @return what the entity looks like after the rollback */
    public Mono<Object> rollback(long changeId, String actor) {
        return history.find(changeId)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("Modification inconnue : " + changeId)))
                .flatMap(change -> restore(change, actor));
    }

    private Mono<Object> restore(SettingChange change, String actor) {
        JsonNode before = change.before();
        return switch (ChangedEntity.of(change.entity())) {
            case SECTION -> sections.update(change.section(), SectionUpdate.parse(before), actor).cast(Object.class);
            case TEMPLATE -> (before == null
                    ? sections.deleteTemplate(change.section(), change.name(), actor)
                    : sections.updateTemplate(change.section(), TemplateUpdate.parse(change.name(), before), actor))
                    .cast(Object.class);
            case DEFAULTS -> defaults.update(before, actor).cast(Object.class);
            case GENERATION_SECTION -> generation.update(change.name(), before, actor).cast(Object.class);
            case MODEL -> before == null
                    ? Mono.error(new ConflictException("La création d'un modèle ne s'annule pas : désactivez-le plutôt."))
                    : models.update(ModelUpdate.parse(change.name(), before), actor).cast(Object.class);
            case IMPORT -> transfer.importDocument(before, actor).cast(Object.class);
        };
    }
}
