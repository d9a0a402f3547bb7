package org.edxo.ai.worker.kinds.plancadre;

import org.edxo.ai.contracts.kinds.TaskKinds;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command's input as the original's task read its {@code form_data} (reference §3.2 item 2): the wand mode
 * forces {@code improve_only} and its instruction replaces {@code additional_info}; {@code target_columns} is a
 * list or a comma-separated string.
 *
 * @param planCadre EDxo's PlanCadre.to_dict()
 * @param contexte  what the original read with get_plan_cadre_data (see the input schema)
 * @param targets   the targeted sections; empty means every section
 */
record PlanCadreInput(long planId, JsonNode planCadre, JsonNode contexte, String additionalInfo, boolean wand,
                      boolean improveOnly, List<String> targets) {

    static final String GENERATE_SECTION = "plan_cadre";
    static final String IMPROVE_SECTION = TaskKinds.GENERATE_PLAN_CADRE.section();

    static PlanCadreInput of(JsonNode input) {
        boolean wand = "wand".equals(input.path("mode").asString(""));
        String additionalInfo = input.path("additional_info").asString("");
        String wandInstruction = input.path("wand_instruction").asString("");
        if (wand && !wandInstruction.isEmpty()) {
            additionalInfo = wandInstruction;
        }
        boolean improveOnly = wand || input.path("improve_only").asBoolean(false);
        return new PlanCadreInput(input.path("plan_id").asLong(), input.path("plan_cadre"), input.path("contexte"),
                additionalInfo, wand, improveOnly, targets(input.path("target_columns")));
    }

    private static List<String> targets(JsonNode node) {
        List<String> raw = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(item -> raw.add(item.asString("")));
        } else if (node.isString()) {
            raw.addAll(Arrays.asList(node.stringValue().split(",")));
        }
        return raw.stream().map(String::strip).filter(target -> !target.isEmpty()).distinct().toList();
    }

    /** The settings section: {@code plan_cadre_improve} when improving (every start route), else {@code plan_cadre}. */
    String section() {
        return improveOnly ? IMPROVE_SECTION : GENERATE_SECTION;
    }

    /** Whether the section with this {@code target_columns} key is in scope. */
    boolean targets(String key) {
        return targets.isEmpty() || targets.contains(key);
    }

    Long coursId() {
        JsonNode id = planCadre.path("cours_id");
        return id.isIntegralNumber() ? id.asLong() : null;
    }

    /** The course's name for messages: the context's, else the snapshot's, else the original's "Non défini". */
    String coursNom() {
        String nom = contexte.path("nom_cours").asString("");
        if (nom.isBlank()) {
            nom = planCadre.path("cours_info").path("nom").asString("");
        }
        return nom.isBlank() ? "Non défini" : nom;
    }
}
