package org.edxo.ai.worker.kinds.plandecours;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code {sections}} variable of the plan de cours templates: the plan-cadre extracts the original's
 * {@code build_all_prompt} wrote (reference §3.3.a item 2), one line per section, then one line per capacity
 * (name, description, weighting, savoirs nécessaires, savoirs faire, moyens d'évaluation). Empty sections are
 * left out; line breaks inside a text become spaces, so that each section stays on its line. The user's precisions are not appended here (the original's last line): the templates have their
 * own {@code {additional_info}}.
 */
final class PlanCadreSections {

    /** The plan-cadre's text columns and their labels, in the original's order. */
    private static final List<String[]> SECTIONS = List.of(
            new String[] {"place_intro", "Place du cours"},
            new String[] {"objectif_terminal", "Objectif terminal"},
            new String[] {"structure_intro", "Structure du cours"},
            new String[] {"structure_activites_theoriques", "Activités théoriques"},
            new String[] {"structure_activites_pratiques", "Activités pratiques"},
            new String[] {"structure_activites_prevues", "Activités prévues"},
            new String[] {"eval_evaluation_sommative", "Évaluation sommative"},
            new String[] {"eval_nature_evaluations_sommatives", "Nature des évaluations sommatives"},
            new String[] {"eval_evaluation_de_la_langue", "Évaluation de la langue"},
            new String[] {"eval_evaluation_sommatives_apprentissages", "Évaluation sommative des apprentissages"});

    private PlanCadreSections() {
    }

    static String of(JsonNode planCadre) {
        List<String> lines = new ArrayList<>();
        for (String[] section : SECTIONS) {
            String text = oneLine(PlanSnapshot.text(planCadre, section[0]));
            if (!text.isEmpty()) {
                lines.add(section[1] + ": " + text);
            }
        }
        List<String> capacities = new ArrayList<>();
        int position = 0;
        for (JsonNode capacity : planCadre.path("capacites")) {
            position++;
            capacities.add(capacityLine(position, capacity));
        }
        if (!capacities.isEmpty()) {
            lines.add("Capacités:");
            lines.addAll(capacities);
        }
        return String.join("\n", lines);
    }

    /** {@code - Capacité 1 : nom : description | Pondération: 30-50 % | Savoirs nécessaires: … | Savoirs faire: … | Moyens d'évaluation: …}. */
    static String capacityLine(int position, JsonNode capacity) {
        StringBuilder line = new StringBuilder("- Capacité ").append(position).append(" : ")
                .append(oneLine(PlanSnapshot.text(capacity, "capacite")));
        String description = oneLine(PlanSnapshot.text(capacity, "description_capacite"));
        if (!description.isEmpty()) {
            line.append(" : ").append(description);
        }
        String weighting = weighting(capacity);
        if (weighting != null) {
            line.append(" | Pondération: ").append(weighting);
        }
        appendList(line, "Savoirs nécessaires", texts(capacity.path("savoirs_necessaires"), false));
        appendList(line, "Savoirs faire", texts(capacity.path("savoirs_faire"), true));
        appendList(line, "Moyens d'évaluation", texts(capacity.path("moyens_evaluation"), false));
        return line.toString();
    }

    private static String weighting(JsonNode capacity) {
        JsonNode min = capacity.path("ponderation_min");
        JsonNode max = capacity.path("ponderation_max");
        if (min.isIntegralNumber() && max.isIntegralNumber()) {
            return min.asInt() + "-" + max.asInt() + " %";
        }
        if (min.isIntegralNumber() || max.isIntegralNumber()) {
            return (min.isIntegralNumber() ? min : max).asInt() + " %";
        }
        return null;
    }

    private static List<String> texts(JsonNode items, boolean withTargets) {
        List<String> texts = new ArrayList<>();
        for (JsonNode item : items) {
            String text = oneLine(PlanSnapshot.text(item, "texte"));
            if (text.isEmpty()) {
                continue;
            }
            if (withTargets) {
                List<String> details = new ArrayList<>();
                String target = oneLine(PlanSnapshot.text(item, "cible"));
                String threshold = oneLine(PlanSnapshot.text(item, "seuil_reussite"));
                if (!target.isEmpty()) {
                    details.add("cible : " + target);
                }
                if (!threshold.isEmpty()) {
                    details.add("seuil : " + threshold);
                }
                if (!details.isEmpty()) {
                    text += " (" + String.join(" ; ", details) + ")";
                }
            }
            texts.add(text);
        }
        return texts;
    }

    private static void appendList(StringBuilder line, String label, List<String> texts) {
        if (!texts.isEmpty()) {
            line.append(" | ").append(label).append(": ").append(texts.stream().collect(Collectors.joining("; ")));
        }
    }

    /** Stripped, line breaks as spaces; empty for null. */
    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
