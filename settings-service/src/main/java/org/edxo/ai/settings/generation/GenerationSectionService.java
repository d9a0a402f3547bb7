package org.edxo.ai.settings.generation;

import org.edxo.ai.settings.events.SettingsChangedPublisher;
import org.edxo.ai.settings.history.ChangedEntity;
import org.edxo.ai.settings.history.SettingsHistory;
import org.edxo.ai.settings.sections.TemplatePlaceholders;
import org.edxo.ai.settings.web.FieldError;
import org.edxo.ai.settings.web.InvalidRequestException;
import org.edxo.ai.settings.web.NotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Changes {@code use_ai} and {@code text} of an existing generation section (the set of sections is
 * fixed by the plan-cadre task). History rows and {@code settings.changed} use section {@code plan_cadre}.
 */
@Service
public class GenerationSectionService {

    public static final String SECTION = "plan_cadre";

    private final GenerationRepository sections;
    private final SettingsHistory history;
    private final SettingsChangedPublisher publisher;
    private final TransactionalOperator transaction;

    public GenerationSectionService(GenerationRepository sections, SettingsHistory history,
                                    SettingsChangedPublisher publisher, TransactionalOperator transaction) {
        this.sections = sections;
        this.history = history;
        this.publisher = publisher;
        this.transaction = transaction;
    }

    public Flux<GenerationSection> list() {
        return sections.findAll();
    }

    public Mono<GenerationSection> update(String name, JsonNode body, String actor) {
        Mono<Boolean> changed = sections.findForUpdate(name)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("Section de génération inconnue : " + name)))
                .flatMap(current -> {
                    GenerationSection next = apply(current, body, "");
                    if (next.equals(current)) {
                        return Mono.just(false);
                    }
                    return sections.save(next, actor)
                            .then(history.record(SECTION, ChangedEntity.GENERATION_SECTION, name, actor, current, next))
                            .thenReturn(true);
                })
                .as(transaction::transactional);
        return changed.flatMap(didChange -> didChange ? publisher.publish(SECTION) : Mono.<Void>empty())
                .then(sections.findForUpdate(name));
    }

    /**
     * {@code use_ai} and {@code text} from {@code body} (absent: unchanged); throws 400 with every bad field, a
     * text with a placeholder generate_plan_cadre does not provide included.
     */
    static GenerationSection apply(GenerationSection current, JsonNode body, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        boolean useAi = current.useAi();
        String text = current.text();
        for (Map.Entry<String, JsonNode> property : body.properties()) {
            JsonNode value = property.getValue();
            switch (property.getKey()) {
                case "use_ai" -> {
                    if (value.isBoolean()) {
                        useAi = value.booleanValue();
                    } else {
                        errors.add(new FieldError(prefix + "use_ai", "Doit être true ou false."));
                    }
                }
                case "text" -> {
                    if (value.isString()) {
                        text = value.stringValue();
                        // Only the variables generate_plan_cadre provides (the original rendered Jinja here).
                        errors.addAll(TemplatePlaceholders.checkGenerationSection(text, prefix + "text"));
                    } else {
                        errors.add(new FieldError(prefix + "text", "Doit être une chaîne de caractères."));
                    }
                }
                case "name", "position" -> { }
                default -> errors.add(new FieldError(prefix + property.getKey(), "Champ inconnu ou non modifiable."));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new GenerationSection(current.name(), current.position(), useAi, text);
    }
}
