package org.edxo.ai.worker.kinds.plancadre;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The plan-cadre preview ({@code proposed}, the shape generate_plan_cadre's review page reads) from what the
 * model read in a DOCX ({@code ImportPlanCadreResponse}, one key per PlanCadre column), cleaned as the original's
 * import cleaned it (reference §3.9 item 4): literal {@code \n} / {@code \t} unescaped, line ends normalised,
 * lines right-trimmed. Only parts with content are proposed: a section the document does not have is never
 * proposed as empty (the original proposed an empty text when the model gave one).
 */
final class ImportedPlanCadre {

    /** The import's cleaning: {@link #sanitize}, blank list items dropped. */
    private static final PlanCadreProposal.Cleaning IMPORT = new PlanCadreProposal.Cleaning(ImportedPlanCadre::sanitize, true);

    private ImportedPlanCadre() {
    }

    static Map<String, Object> proposed(JsonNode output) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String column : PlanCadreSections.SIMPLE.values()) {
            String text = sanitize(output.path(column));
            if (!text.isEmpty()) {
                fields.put(column, text);
            }
        }
        Map<String, List<Map<String, String>>> lists = new LinkedHashMap<>();
        for (Map.Entry<String, String> list : PlanCadreSections.LISTS.entrySet()) {
            List<Map<String, String>> items = new ArrayList<>();
            for (JsonNode item : output.path(list.getValue())) {
                String texte = sanitize(item.path("texte"));
                String description = sanitize(item.path("description"));
                if (!texte.isEmpty() || !description.isEmpty()) {
                    items.add(Map.of("texte", texte, "description", description));
                }
            }
            if (!items.isEmpty()) {
                lists.put(list.getKey(), items);
            }
        }
        List<String> savoirEtre = IMPORT.all(output.path("savoir_etre"));
        List<Map<String, Object>> capacites = new ArrayList<>();
        for (JsonNode capacite : output.path("capacites")) {
            Map<String, Object> item = PlanCadreProposal.capacite(capacite, IMPORT);
            if (!isEmpty(item)) {
                capacites.add(item);
            }
        }

        return PlanCadreProposal.preview(fields, lists, savoirEtre, capacites);
    }

    private static boolean isEmpty(Map<String, Object> capacite) {
        return ((String) capacite.get("capacite")).isEmpty() && ((String) capacite.get("description_capacite")).isEmpty()
                && ((List<?>) capacite.get("savoirs_necessaires")).isEmpty() && ((List<?>) capacite.get("savoirs_faire")).isEmpty()
                && ((List<?>) capacite.get("moyens_evaluation")).isEmpty();
    }

    /**
     * The original's {@code _sanitize_str}: the escapes a model sometimes writes literally ({@code \r\n},
     * {@code \n}, {@code \t}) become the characters, CRLF and CR become LF, each line is right-trimmed and the
     * whole stripped; a null or non-text value gives "".
     */
    static String sanitize(JsonNode value) {
        if (!value.isString()) {
            return "";
        }
        String text = value.stringValue()
                .replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\t", "\t")
                .replace("\r\n", "\n").replace('\r', '\n');
        return text.lines().map(String::stripTrailing).collect(Collectors.joining("\n")).strip();
    }
}
