package org.edxo.ai.worker.kinds.plandecours;

import org.edxo.ai.contracts.kinds.PromptVariables;
import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.worker.kinds.KindHandler;
import org.edxo.ai.worker.kinds.ModelCall;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Global plan de cours generation (reference §3.3.a): call 1 writes the 8 fields and the calendar from the
 * {@code plan_de_cours/all} template, call 2 the evaluations from the original's JSON message. Both calls use
 * the {@code plan_de_cours} section (model, effort, verbosity, system prompt) and both are billed; the
 * original's second call dropped the reasoning settings and was skipped when credits ran short.
 */
@Component
public class GeneratePlanDeCoursHandler implements KindHandler.FromInput {

    static final String CALLING_MESSAGE = "Appel au modèle IA en cours...";
    static final String EVALUATIONS_MESSAGE = "Génération des évaluations…";
    static final String NOTHING_MESSAGE = "Aucune donnée renvoyée par le modèle.";

    @Override
    public TaskKind kind() {
        return TaskKinds.GENERATE_PLAN_DE_COURS;
    }

    @Override
    public List<ModelCall> calls(JsonNode input) {
        PlanSnapshot plan = PlanSnapshot.of(input);
        return List.of(
                new ModelCall(kind().section(), kind().outputs().get(0), CALLING_MESSAGE,
                        new ModelCall.Template(PromptVariables.PLAN_DE_COURS_ALL.section(),
                                PromptVariables.PLAN_DE_COURS_ALL.name(), plan.templateVariables(),
                                ModelCall.Placement.USER_MESSAGE),
                        null),
                // As the original: the course and the plan-cadre's capacities, without the user's precisions.
                new ModelCall(kind().section(), kind().outputs().get(1), EVALUATIONS_MESSAGE, null,
                        plan.evaluationsMessage(null, null)));
    }

    /**
     * {@code fields}: the model's value of each field when non-empty, else the old one (the original wrote a
     * field only when the model's value was truthy); {@code calendriers} and {@code evaluations}: the model's
     * when it proposed any, else the old ones (the original replaced them only then).
     */
    @Override
    public Map<String, Object> result(JsonNode input, List<JsonNode> outputs, ResultContext context) {
        PlanSnapshot plan = PlanSnapshot.of(input);
        JsonNode bulk = outputs.get(0);
        Map<String, Object> fields = plan.oldFields();
        boolean proposed = false;
        for (String field : PlanSnapshot.FIELDS) {
            String value = PlanSnapshot.text(bulk, field);
            if (!PlanSnapshot.isBlank(value)) {
                fields.put(field, value);
                proposed = true;
            }
        }
        List<Map<String, Object>> calendriers = PlanSnapshot.calendar(bulk.path("calendriers"));
        List<Map<String, Object>> evaluations = plan.proposedEvaluations(outputs.get(1));
        if (!proposed && calendriers.isEmpty() && evaluations.isEmpty()) {
            throw PlanSnapshot.nothingGenerated(NOTHING_MESSAGE);
        }
        Map<String, Object> proposal = new LinkedHashMap<>();
        proposal.put("fields", fields);
        proposal.put("calendriers", calendriers.isEmpty() ? plan.oldCalendriers() : calendriers);
        proposal.put("evaluations", evaluations.isEmpty() ? plan.oldEvaluations() : evaluations);
        return plan.payload(proposal, context);
    }
}
