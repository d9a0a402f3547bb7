package org.edxo.ai.settings.defaults;

import org.edxo.ai.settings.catalogue.AiModel;
import org.edxo.ai.settings.sections.SectionUpdate;
import org.edxo.ai.settings.web.FieldError;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a defaults update (absent field unchanged, null clears effort or verbosity) and checks it. */
public final class DefaultsRules {

    private DefaultsRules() {
    }

    /** The defaults after {@code body} is applied to {@code current}; bad fields go to {@code errors}. */
    public static GlobalDefaults apply(GlobalDefaults current, JsonNode body, String prefix, List<FieldError> errors) {
        String model = current == null ? null : current.aiModel();
        String effort = current == null ? null : current.reasoningEffort();
        String verbosity = current == null ? null : current.verbosity();
        for (Map.Entry<String, JsonNode> property : body.properties()) {
            JsonNode value = property.getValue();
            String field = prefix + property.getKey();
            switch (property.getKey()) {
                case "ai_model" -> {
                    if (value.isString() && !value.stringValue().isBlank()) {
                        model = value.stringValue();
                    } else {
                        errors.add(new FieldError(field, "Le modèle est obligatoire."));
                    }
                }
                case "reasoning_effort" -> effort = choice(field, value, SectionUpdate.REASONING_EFFORTS, effort, errors);
                case "verbosity" -> verbosity = choice(field, value, SectionUpdate.VERBOSITIES, verbosity, errors);
                default -> errors.add(new FieldError(field, "Champ inconnu ou non modifiable."));
            }
        }
        if (model == null && errors.stream().noneMatch(error -> error.field().equals(prefix + "ai_model"))) {
            errors.add(new FieldError(prefix + "ai_model", "Le modèle est obligatoire."));
        }
        return new GlobalDefaults(model, effort, verbosity);
    }

    /** A default must name an enabled model, and an effort only for a model that reasons. */
    public static List<FieldError> check(GlobalDefaults next, AiModel model, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        if (model == null) {
            errors.add(new FieldError(prefix + "ai_model", "Modèle inconnu : " + next.aiModel() + "."));
        } else if (!model.enabled()) {
            errors.add(new FieldError(prefix + "ai_model", "Modèle désactivé : " + next.aiModel() + "."));
        } else if (next.reasoningEffort() != null && !model.supportsReasoning()) {
            errors.add(new FieldError(prefix + "reasoning_effort",
                    "Le modèle " + model.name() + " ne prend pas en charge le raisonnement."));
        }
        return errors;
    }

    private static String choice(String field, JsonNode value, List<String> allowed, String current, List<FieldError> errors) {
        if (value.isNull()) {
            return null;
        }
        if (value.isString() && allowed.contains(value.stringValue())) {
            return value.stringValue();
        }
        errors.add(new FieldError(field, "Valeur invalide : attendu " + String.join(", ", allowed) + " ou null."));
        return current;
    }
}
