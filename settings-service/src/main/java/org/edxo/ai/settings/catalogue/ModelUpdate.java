package org.edxo.ai.settings.catalogue;

import org.edxo.ai.settings.web.FieldError;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A model creation ({@code POST}, every field but {@code name} optional with defaults) or a partial
 * change ({@code PUT}, absent fields unchanged), read from a JSON object with every bad field listed.
 */
public record ModelUpdate(String name, Boolean enabled, Boolean supportsReasoning, Integer maxOutputTokens,
                          List<FieldError> errors) {

    /** Model ids as OpenAI spells them: {@code gpt-5}, {@code gpt-4.1-mini}, {@code o3-2025-04-16}. */
    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._:-]{0,63}");
    /** The largest output ceiling accepted: the catalogue guards against typos, not against OpenAI's limits. */
    static final int MAX_TOKENS = 1_000_000;

    public static ModelUpdate parse(String pathName, JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        String name = pathName;
        Boolean enabled = null;
        Boolean supportsReasoning = null;
        Integer maxOutputTokens = null;
        for (Map.Entry<String, JsonNode> property : body.properties()) {
            JsonNode value = property.getValue();
            switch (property.getKey()) {
                case "name" -> {
                    if (pathName == null && value.isString()) {
                        name = value.stringValue();
                    } else if (pathName == null || !value.isString() || !value.stringValue().equals(pathName)) {
                        errors.add(new FieldError("name", pathName == null
                                ? "Doit être une chaîne de caractères." : "Le nom d'un modèle ne se modifie pas."));
                    }
                }
                case "enabled" -> enabled = bool("enabled", value, errors);
                case "supports_reasoning" -> supportsReasoning = bool("supports_reasoning", value, errors);
                case "max_output_tokens" -> {
                    if (value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 1
                            && value.intValue() <= MAX_TOKENS) {
                        maxOutputTokens = value.intValue();
                    } else {
                        errors.add(new FieldError("max_output_tokens",
                                "Doit être un entier entre 1 et " + MAX_TOKENS + "."));
                    }
                }
                default -> errors.add(new FieldError(property.getKey(), "Champ inconnu ou non modifiable."));
            }
        }
        if (name == null || !NAME.matcher(name).matches()) {
            errors.add(new FieldError("name",
                    "Nom de modèle obligatoire : lettres, chiffres, « . », « _ », « : » ou « - » (64 caractères au plus)."));
        }
        return new ModelUpdate(name, enabled, supportsReasoning, maxOutputTokens, List.copyOf(errors));
    }

    /** The model after this change; {@code current} null for a creation. */
    public AiModel applyTo(AiModel current) {
        return new AiModel(name,
                enabled != null ? enabled : current == null || current.enabled(),
                supportsReasoning != null ? supportsReasoning : current != null && current.supportsReasoning(),
                maxOutputTokens != null ? maxOutputTokens : current == null ? 128000 : current.maxOutputTokens());
    }

    private static Boolean bool(String field, JsonNode value, List<FieldError> errors) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        errors.add(new FieldError(field, "Doit être true ou false."));
        return null;
    }
}
