package org.edxo.ai.worker.kinds.plandecours;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.worker.kinds.KindHandler;
import org.edxo.ai.worker.kinds.ModelCall;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates or improves the evaluations and their capacity weightings (reference §3.3.d). The message is the
 * original's; the {@code plan_de_cours} section's model and effort apply (the original ignored both: §7.5 D4),
 * and the model's capacity labels are resolved to the plan-cadre's capacities (§7.5 D7).
 */
@Component
public class GeneratePlanDeCoursEvaluationsHandler implements KindHandler.FromInput {

    static final String CALLING_MESSAGE = "Génération des évaluations…";
    static final String NOTHING_MESSAGE = "Aucune évaluation générée.";

    @Override
    public TaskKind kind() {
        return TaskKinds.GENERATE_PLAN_DE_COURS_EVALUATIONS;
    }

    @Override
    public List<ModelCall> calls(JsonNode input) {
        return List.of(new ModelCall(kind().section(), kind().output(), CALLING_MESSAGE, null, userMessage(input)));
    }

    String userMessage(JsonNode input) {
        PlanSnapshot plan = PlanSnapshot.of(input);
        return plan.evaluationsMessage(plan.additionalInfo(), currentEvaluations(input, plan));
    }

    /**
     * The editor's rows when EDxo sent them, each capacity link named after the plan-cadre's capacity when it
     * only carries its id (the model sees names, never ids); else the snapshot's evaluations.
     */
    private static JsonNode currentEvaluations(JsonNode input, PlanSnapshot plan) {
        JsonNode existing = input.path("existing_evaluations");
        if (!existing.isArray()) {
            return Json.mapper().valueToTree(plan.oldEvaluations());
        }
        ArrayNode rows = (ArrayNode) existing.deepCopy();
        for (JsonNode row : rows) {
            for (JsonNode link : row.path("capacites")) {
                Long capacityId = capacityId(link.path("capacite_id"));
                if (capacityId != null && PlanSnapshot.isBlank(PlanSnapshot.text(link, "capacite"))) {
                    plan.capacities().nameOf(capacityId).ifPresent(name -> ((ObjectNode) link).put("capacite", name));
                }
            }
        }
        return rows;
    }

    /** The editor may send the id as a number or as the text of a form field. */
    private static Long capacityId(JsonNode id) {
        if (id.isIntegralNumber()) {
            return id.asLong();
        }
        return id.isString() && id.stringValue().strip().matches("\\d{1,18}") ? Long.valueOf(id.stringValue().strip()) : null;
    }

    @Override
    public Map<String, Object> result(JsonNode input, List<JsonNode> outputs, ResultContext context) {
        PlanSnapshot plan = PlanSnapshot.of(input);
        List<Map<String, Object>> evaluations = plan.proposedEvaluations(outputs.get(0));
        if (evaluations.isEmpty()) {
            throw PlanSnapshot.nothingGenerated(NOTHING_MESSAGE);
        }
        Map<String, Object> proposal = new LinkedHashMap<>();
        proposal.put("fields", plan.oldFields());
        proposal.put("calendriers", plan.oldCalendriers());
        proposal.put("evaluations", evaluations);
        return plan.payload(proposal, context);
    }
}
