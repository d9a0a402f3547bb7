package org.edxo.ai.settings.sections;

import org.edxo.ai.contracts.kinds.PromptTemplate;
import org.edxo.ai.contracts.kinds.PromptVariables;
import org.edxo.ai.settings.web.FieldError;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a template's placeholders against the variables its task provides ({@link PromptVariables}),
 * so that no saved template can ask for a value its task never supplies (reference §7.5 D3).
 */
public final class TemplatePlaceholders {

    private TemplatePlaceholders() {
    }

    /** Errors for {@code field}; empty when every placeholder is provided. */
    public static List<FieldError> check(String section, String name, String template, String field) {
        return check(PromptVariables.allowed(section, name).orElse(Map.of()), template, field);
    }

    /** The same check for the text of a plan-cadre generation section ({@link PromptVariables#GENERATION_SECTIONS}). */
    public static List<FieldError> checkGenerationSection(String text, String field) {
        return check(PromptVariables.GENERATION_SECTIONS, text, field);
    }

    private static List<FieldError> check(Map<String, String> allowed, String template, String field) {
        List<String> unknown;
        try {
            unknown = PromptTemplate.unknownPlaceholders(template, allowed.keySet());
        } catch (PromptTemplate.MalformedTemplateException e) {
            return List.of(new FieldError(field, e.getMessage()));
        }
        if (unknown.isEmpty()) {
            return List.of();
        }
        String permitted = allowed.isEmpty() ? "aucune (écrire {{ et }} pour des accolades littérales)"
                : braces(allowed.keySet());
        return List.of(new FieldError(field, (unknown.size() == 1 ? "Variable inconnue : " : "Variables inconnues : ")
                + braces(unknown) + ". Variables permises : " + permitted + "."));
    }

    private static String braces(java.util.Collection<String> names) {
        return names.stream().map(name -> "{" + name + "}").collect(Collectors.joining(", "));
    }
}
