package org.edxo.ai.worker.kinds.plancadre;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The preview of the original's improve mode (reference §3.2 item 6) from the model's answer: simple sections by
 * PlanCadre column, list sections by display name, savoir-être, capacities; every text stripped of spaces and
 * surrounding quotes, the non-AI texts added when nothing was targeted, empty parts removed. Only what the model
 * was asked for is read: the four parts as the original's answer schema held only those, and (a deliberate
 * tightening) within {@code fields} and {@code fields_with_description} only the sections sent to it, so that
 * improving one section never proposes changes to another.
 */
final class PlanCadreProposal {

    private PlanCadreProposal() {
    }

    static Map<String, Object> proposed(JsonNode output, PlanCadreRequest request) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (JsonNode field : output.path("fields")) {
            String name = field.path("field_name").asString("");
            if (request.askedFields().contains(name)) {
                fields.put(PlanCadreSections.SIMPLE.get(name), clean(field.path("content")));
            }
        }
        Map<String, List<Map<String, String>>> lists = new LinkedHashMap<>();
        for (JsonNode field : output.path("fields_with_description")) {
            String name = field.path("field_name").asString("");
            if (!request.askedLists().contains(name)) {
                continue;
            }
            List<Map<String, String>> items = new ArrayList<>();
            for (JsonNode item : field.path("content")) {
                String texte = clean(item.path("texte"));
                String description = clean(item.path("description"));
                if (!texte.isEmpty() || !description.isEmpty()) {
                    items.add(Map.of("texte", texte, "description", description));
                }
            }
            lists.put(name, items);
        }
        List<String> savoirEtre = new ArrayList<>();
        if (request.askedSavoirEtre()) {
            for (JsonNode item : output.path("savoir_etre")) {
                String text = clean(item);
                if (!text.isEmpty()) { // an empty savoir-être would be an empty line on the review screen
                    savoirEtre.add(text);
                }
            }
        }
        List<Map<String, Object>> capacites = new ArrayList<>();
        if (request.askedCapacites()) {
            output.path("capacites").forEach(capacite -> capacites.add(capacite(capacite, Cleaning.IMPROVE)));
        }

        // The non-AI sections' texts go into the preview as they are (only computed when nothing was targeted).
        fields.putAll(request.nonAiFields());
        lists.putAll(request.nonAiLists());
        if (savoirEtre.isEmpty()) {
            savoirEtre.addAll(request.nonAiSavoirEtre());
        }

        lists.values().removeIf(List::isEmpty);
        return preview(fields, lists, savoirEtre, capacites);
    }

    /** The review page's {@code proposed}: its four parts, those with nothing in them left out. */
    static Map<String, Object> preview(Map<String, String> fields, Map<String, List<Map<String, String>>> lists,
                                       List<String> savoirEtre, List<Map<String, Object>> capacites) {
        Map<String, Object> proposed = new LinkedHashMap<>();
        if (!fields.isEmpty()) {
            proposed.put("fields", fields);
        }
        if (!lists.isEmpty()) {
            proposed.put("fields_with_description", lists);
        }
        if (!savoirEtre.isEmpty()) {
            proposed.put("savoir_etre", savoirEtre);
        }
        if (!capacites.isEmpty()) {
            proposed.put("capacites", capacites);
        }
        return proposed;
    }

    /**
     * How a preview's texts are cleaned: {@code text} for each one (the improve mode's {@link #clean}, the
     * import's {@code ImportedPlanCadre.sanitize}), and whether blank list items are dropped (the import) or kept.
     */
    record Cleaning(Function<JsonNode, String> text, boolean dropBlank) {

        static final Cleaning IMPROVE = new Cleaning(PlanCadreProposal::clean, false);

        List<String> all(JsonNode texts) {
            List<String> cleaned = new ArrayList<>();
            texts.forEach(text -> {
                String one = text(text);
                if (!dropBlank || !one.isEmpty()) {
                    cleaned.add(one);
                }
            });
            return cleaned;
        }

        String text(JsonNode value) {
            return text.apply(value);
        }
    }

    /** A capacity as the review page reads it: a missing weighting is 0, as the original set it. */
    static Map<String, Object> capacite(JsonNode capacite, Cleaning cleaning) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("capacite", cleaning.text(capacite.path("capacite")));
        item.put("description_capacite", cleaning.text(capacite.path("description_capacite")));
        item.put("ponderation_min", capacite.path("ponderation_min").asInt(0));
        item.put("ponderation_max", capacite.path("ponderation_max").asInt(0));
        item.put("savoirs_necessaires", cleaning.all(capacite.path("savoirs_necessaires")));
        List<Map<String, String>> savoirsFaire = new ArrayList<>();
        for (JsonNode savoirFaire : capacite.path("savoirs_faire")) {
            Map<String, String> one = new LinkedHashMap<>();
            one.put("texte", cleaning.text(savoirFaire.path("texte")));
            one.put("cible", cleaning.text(savoirFaire.path("cible")));
            one.put("seuil_reussite", cleaning.text(savoirFaire.path("seuil_reussite")));
            if (!cleaning.dropBlank() || one.values().stream().anyMatch(text -> !text.isEmpty())) {
                savoirsFaire.add(one);
            }
        }
        item.put("savoirs_faire", savoirsFaire);
        item.put("moyens_evaluation", cleaning.all(capacite.path("moyens_evaluation")));
        return item;
    }

    /** The original's clean_text: spaces stripped, then surrounding double quotes, then single quotes; null gives "". */
    static String clean(JsonNode value) {
        if (!value.isString()) {
            return "";
        }
        return stripChar(stripChar(value.stringValue().strip(), '"'), '\'');
    }

    private static String stripChar(String text, char c) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == c) {
            start++;
        }
        while (end > start && text.charAt(end - 1) == c) {
            end--;
        }
        return text.substring(start, end);
    }

    /** The cost as the original's message wrote it: Python's {@code round(cost, 4)}, e.g. 0.0123, 0.5 or 0.0. */
    static String roundedCost(Object cost) {
        BigDecimal value = cost instanceof BigDecimal decimal ? decimal : new BigDecimal(String.valueOf(cost));
        BigDecimal rounded = value.setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return (rounded.scale() <= 0 ? rounded.setScale(1) : rounded).toPlainString();
    }
}
