package org.edxo.ai.settings.sections;

import org.edxo.ai.settings.web.FieldError;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The body of a template update, {@code {"template": "..."}}, with the template's name from the path. */
public record TemplateUpdate(String name, String template, List<FieldError> errors) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public static TemplateUpdate parse(String name, JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        if (!NAME.matcher(name).matches()) {
            errors.add(new FieldError("name",
                    "Nom de gabarit invalide : lettres minuscules, chiffres et _ (64 caractères au plus)."));
        }
        String template = null;
        for (Map.Entry<String, JsonNode> property : body.properties()) {
            if (!property.getKey().equals("template")) {
                errors.add(new FieldError(property.getKey(), "Champ inconnu ou non modifiable."));
            }
        }
        JsonNode value = body.get("template");
        if (value == null || !value.isString() || value.stringValue().isBlank()) {
            errors.add(new FieldError("template", "Le gabarit est obligatoire et ne peut pas être vide."));
        } else {
            template = value.stringValue();
        }
        return new TemplateUpdate(name, template, List.copyOf(errors));
    }
}
