package org.edxo.ai.worker.kinds.plancadre;

import org.edxo.ai.contracts.kinds.PromptTemplate;
import org.edxo.ai.contracts.kinds.PromptVariables;
import org.edxo.ai.worker.tasks.TaskFailure;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the texts of the generation sections. The original rendered them as Jinja templates with the
 * context of get_plan_cadre_data; ours use {@code {name}} placeholders with exactly the variables of
 * {@link PromptVariables#GENERATION_SECTIONS}, taken from the snapshot's {@code contexte}. A missing value
 * reads "Non défini", as the original's defaults; a list renders one {@code - code: nom} line per item.
 */
final class SectionVariables {

    static final String UNDEFINED = "Non défini";

    private SectionVariables() {
    }

    static Map<String, Object> of(JsonNode contexte) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("code_cours", scalar(contexte.path("code_cours")));
        variables.put("nom_cours", scalar(contexte.path("nom_cours")));
        variables.put("fil_conducteur", scalar(contexte.path("fil_conducteur")));
        variables.put("programme", scalar(contexte.path("programme")));
        variables.put("session", scalar(contexte.path("session")));
        variables.put("competences_developpees", lines(contexte.path("competences_developpees"), "(aucune)"));
        variables.put("competences_atteintes", lines(contexte.path("competences_atteintes"), "(aucune)"));
        variables.put("cours_prealables", lines(contexte.path("cours_prealables"), "(aucun)"));
        variables.put("cours_corequis", lines(contexte.path("cours_corequis"), "(aucun)"));
        variables.put("cours_developpant_une_meme_competence",
                lines(contexte.path("cours_developpant_une_meme_competence"), "(aucun)"));
        variables.put("heures_theorie", scalar(contexte.path("heures_theorie")));
        variables.put("heures_lab", scalar(contexte.path("heures_lab")));
        variables.put("heures_maison", scalar(contexte.path("heures_maison")));
        return variables;
    }

    /**
     * The section's text with its placeholders replaced.
     *
     * @throws TaskFailure for a text settings-service should have refused (it checks placeholders on save)
     */
    static String render(String section, String text, Map<String, Object> variables) {
        try {
            return PromptTemplate.render(text == null ? "" : text, variables);
        } catch (PromptTemplate.MalformedTemplateException e) {
            throw new TaskFailure("Texte de la section de génération « " + section + " » invalide : " + e.getMessage(),
                    TaskFailure.INTERNAL_ERROR, e);
        }
    }

    /** {@code - code: nom} lines of courses or competencies, with the required grade of a prerequisite. */
    static List<String> itemLines(JsonNode items) {
        List<String> lines = new ArrayList<>();
        for (JsonNode item : items) {
            String code = item.path("code").asString("").strip();
            String nom = item.path("nom").asString("").strip();
            if (code.isEmpty() && nom.isEmpty()) {
                continue;
            }
            String line = "- " + (code.isEmpty() ? nom : nom.isEmpty() ? code : code + ": " + nom);
            JsonNode note = item.path("note_necessaire");
            if (note.isNumber() && note.doubleValue() != 0) {
                line += " (note requise: " + number(note) + "%)";
            }
            lines.add(line);
        }
        return lines;
    }

    private static String lines(JsonNode items, String none) {
        List<String> lines = itemLines(items);
        return lines.isEmpty() ? none : String.join("\n", lines);
    }

    private static String scalar(JsonNode value) {
        if (value.isNumber()) {
            return number(value);
        }
        String text = value.isString() ? value.stringValue().strip() : "";
        return text.isEmpty() ? UNDEFINED : text;
    }

    static String number(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.asString();
        }
        BigDecimal decimal = value.decimalValue().stripTrailingZeros();
        return decimal.scale() < 0 ? decimal.setScale(0).toPlainString() : decimal.toPlainString();
    }
}
