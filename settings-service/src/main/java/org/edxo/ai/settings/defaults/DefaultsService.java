package org.edxo.ai.settings.defaults;

import org.edxo.ai.settings.catalogue.AiModel;
import org.edxo.ai.settings.catalogue.ModelCatalogue;
import org.edxo.ai.settings.events.SettingsChangedPublisher;
import org.edxo.ai.settings.history.ChangedEntity;
import org.edxo.ai.settings.history.SettingsHistory;
import org.edxo.ai.settings.web.FieldError;
import org.edxo.ai.settings.web.InvalidRequestException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads and changes the global defaults; a change concerns every section, so it is announced with section null. */
@Service
public class DefaultsService {

    private final DefaultsRepository defaults;
    private final ModelCatalogue catalogue;
    private final SettingsHistory history;
    private final SettingsChangedPublisher publisher;
    private final TransactionalOperator transaction;

    public DefaultsService(DefaultsRepository defaults, ModelCatalogue catalogue, SettingsHistory history,
                           SettingsChangedPublisher publisher, TransactionalOperator transaction) {
        this.defaults = defaults;
        this.catalogue = catalogue;
        this.history = history;
        this.publisher = publisher;
        this.transaction = transaction;
    }

    public Mono<GlobalDefaults> get() {
        return defaults.find();
    }

    public Mono<GlobalDefaults> update(JsonNode body, String actor) {
        Mono<Boolean> changed = defaults.findForUpdate().flatMap(current -> {
            List<FieldError> errors = new ArrayList<>();
            GlobalDefaults next = DefaultsRules.apply(current, body, "", errors);
            return catalogue.find(next.aiModel()).map(Optional::of).defaultIfEmpty(Optional.<AiModel>empty())
                    .flatMap(model -> {
                        if (errors.isEmpty()) {
                            errors.addAll(DefaultsRules.check(next, model.orElse(null), ""));
                        }
                        if (!errors.isEmpty()) {
                            return Mono.error(new InvalidRequestException(errors));
                        }
                        if (next.equals(current)) {
                            return Mono.just(false);
                        }
                        return defaults.save(next, actor)
                                .then(history.record(null, ChangedEntity.DEFAULTS, null, actor, current, next))
                                .thenReturn(true);
                    });
        }).as(transaction::transactional);
        return changed.flatMap(didChange -> didChange ? publisher.publish(null) : Mono.<Void>empty()).then(get());
    }
}
