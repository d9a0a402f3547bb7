package org.edxo.ai.settings.sections;

import org.edxo.ai.settings.web.FieldError;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A partial update of a section, read from a JSON object: an absent field stays unchanged, an explicit
 * null clears a nullable field. Type and enum errors are collected rather than thrown, so that one
 * answer lists every bad field; rules that need the catalogue are in {@link SectionRules}.
 */
public final class SectionUpdate {

    public static final List<String> REASONING_EFFORTS = List.of("minimal", "low", "medium", "high");
    public static final List<String> VERBOSITIES = List.of("low", "medium", "high");

    enum Field {
        SYSTEM_PROMPT("system_prompt"),
        AI_MODEL("ai_model"),
        REASONING_EFFORT("reasoning_effort"),
        VERBOSITY("verbosity"),
        MAX_OUTPUT_TOKENS("max_output_tokens");

        final String jsonName;

        Field(String jsonName) {
            this.jsonName = jsonName;
        }

        static Field byJsonName(String name) {
            return Arrays.stream(values()).filter(field -> field.jsonName.equals(name)).findFirst().orElse(null);
        }
    }

    /** Marks a value that was rejected, so that it is neither applied nor checked again. */
    private static final Object INVALID = new Object();

    private final Map<Field, Object> changes;
    private final List<FieldError> errors;

    private SectionUpdate(Map<Field, Object> changes, List<FieldError> errors) {
        this.changes = changes;
        this.errors = errors;
    }

    public static SectionUpdate parse(JsonNode body) {
        Map<Field, Object> changes = new EnumMap<>(Field.class);
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : body.properties()) {
            String name = property.getKey();
            JsonNode value = property.getValue();
            Field field = Field.byJsonName(name);
            if (field == null) {
                errors.add(new FieldError(name, "Champ inconnu ou non modifiable."));
                continue;
            }
            Object parsed = switch (field) {
                case SYSTEM_PROMPT -> text(name, value, errors);
                case AI_MODEL -> modelName(name, value, errors);
                case REASONING_EFFORT -> choice(name, value, REASONING_EFFORTS, errors);
                case VERBOSITY -> choice(name, value, VERBOSITIES, errors);
                case MAX_OUTPUT_TOKENS -> tokenLimit(name, value, errors);
            };
            if (parsed != INVALID) {
                changes.put(field, parsed);
            }
        }
        return new SectionUpdate(changes, errors);
    }

    public List<FieldError> errors() {
        return Collections.unmodifiableList(errors);
    }

    boolean touches(Field field) {
        return changes.containsKey(field);
    }

    public SectionValues applyTo(SectionValues current) {
        return new SectionValues(
                valueOr(Field.SYSTEM_PROMPT, current.systemPrompt()),
                valueOr(Field.AI_MODEL, current.aiModel()),
                valueOr(Field.REASONING_EFFORT, current.reasoningEffort()),
                valueOr(Field.VERBOSITY, current.verbosity()),
                valueOr(Field.MAX_OUTPUT_TOKENS, current.maxOutputTokens()));
    }

    @SuppressWarnings("unchecked")
    private <T> T valueOr(Field field, T current) {
        return changes.containsKey(field) ? (T) changes.get(field) : current;
    }

    private static Object text(String name, JsonNode value, List<FieldError> errors) {
        if (value.isNull()) {
            errors.add(new FieldError(name, "Ne peut pas être nul (utiliser une chaîne vide)."));
            return INVALID;
        }
        if (!value.isString()) {
            errors.add(new FieldError(name, "Doit être une chaîne de caractères."));
            return INVALID;
        }
        return value.stringValue();
    }

    private static Object modelName(String name, JsonNode value, List<FieldError> errors) {
        if (value.isNull() || (value.isString() && value.stringValue().isBlank())) {
            errors.add(new FieldError(name, "Le modèle est obligatoire."));
            return INVALID;
        }
        return text(name, value, errors);
    }

    private static Object choice(String name, JsonNode value, List<String> allowed, List<FieldError> errors) {
        if (value.isNull()) {
            return null;
        }
        if (value.isString() && allowed.contains(value.stringValue())) {
            return value.stringValue();
        }
        errors.add(new FieldError(name, "Valeur invalide : attendu " + String.join(", ", allowed) + " ou null."));
        return INVALID;
    }

    private static Object tokenLimit(String name, JsonNode value, List<FieldError> errors) {
        if (value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 1) {
            return value.intValue();
        }
        errors.add(new FieldError(name, "Doit être un entier supérieur ou égal à 1, ou null."));
        return INVALID;
    }
}
