package org.edxo.ai.settings.catalogue;

import org.edxo.ai.settings.events.SettingsChangedPublisher;
import org.edxo.ai.settings.history.ChangedEntity;
import org.edxo.ai.settings.history.SettingsHistory;
import org.edxo.ai.settings.web.ConflictException;
import org.edxo.ai.settings.web.FieldError;
import org.edxo.ai.settings.web.InvalidRequestException;
import org.edxo.ai.settings.web.NotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Optional;

/**
 * Creates and changes catalogue models. A model still referenced by a section or the defaults cannot
 * be disabled (409 naming them). A model that loses reasoning support while a section sets an effort
 * is not refused: the effective view then drops the effort (source {@code model}).
 */
@Service
public class ModelCatalogueService {

    private final ModelCatalogue catalogue;
    private final SettingsHistory history;
    private final SettingsChangedPublisher publisher;
    private final TransactionalOperator transaction;

    public ModelCatalogueService(ModelCatalogue catalogue, SettingsHistory history, SettingsChangedPublisher publisher,
                                 TransactionalOperator transaction) {
        this.catalogue = catalogue;
        this.history = history;
        this.publisher = publisher;
        this.transaction = transaction;
    }

    public Mono<AiModel> create(ModelUpdate update, String actor) {
        requireValid(update.errors());
        return catalogue.findForUpdate(update.name()).map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(existing -> {
                    if (existing.isPresent()) {
                        throw new ConflictException("Ce modèle existe déjà : " + update.name() + ".");
                    }
                    AiModel created = update.applyTo(null);
                    return catalogue.save(created)
                            .then(history.record(null, ChangedEntity.MODEL, created.name(), actor, null, created))
                            .thenReturn(created);
                })
                .as(transaction::transactional);
    }

    public Mono<AiModel> update(ModelUpdate update, String actor) {
        requireValid(update.errors());
        Mono<Boolean> changed = catalogue.findForUpdate(update.name())
                .switchIfEmpty(Mono.error(() -> new NotFoundException("Modèle inconnu : " + update.name())))
                .flatMap(current -> {
                    AiModel next = update.applyTo(current);
                    if (next.equals(current)) {
                        return Mono.just(false);
                    }
                    Mono<Void> allowed = current.enabled() && !next.enabled()
                            ? catalogue.usedBy(next.name()).collectList().flatMap(users -> users.isEmpty()
                                    ? Mono.<Void>empty()
                                    : Mono.error(new ConflictException("Le modèle " + next.name()
                                            + " est encore utilisé par : " + String.join(", ", users) + ".")))
                            : Mono.empty();
                    return allowed.then(catalogue.save(next))
                            .then(history.record(null, ChangedEntity.MODEL, next.name(), actor, current, next))
                            .thenReturn(true);
                })
                .as(transaction::transactional);
        // Workers resolve models through their sections; a catalogue change may change what they may send.
        return changed.flatMap(didChange -> didChange ? publisher.publish(null) : Mono.<Void>empty())
                .then(catalogue.find(update.name()));
    }

    private static void requireValid(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }
}
