package org.edxo.ai.worker.kinds.plandecours;

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
 * Writes or improves one field of a plan de cours (reference §3.3.b): the {@code plan_de_cours/<field>}
 * template is the user message, the {@code plan_de_cours_improve} section gives the model, effort, verbosity
 * and system prompt. The template gets the field's current value (the original's default templates used
 * {@code {current_value}}, which its task never provided: §7.5 D3).
 */
@Component
public class ImprovePlanDeCoursFieldHandler implements KindHandler.FromInput {

    static final String TEMPLATE_SECTION = "plan_de_cours";
    static final String NOTHING_MESSAGE = "Aucune description générée.";

    @Override
    public TaskKind kind() {
        return TaskKinds.IMPROVE_PLAN_DE_COURS_FIELD;
    }

    @Override
    public List<ModelCall> calls(JsonNode input) {
        String field = fieldName(input);
        return List.of(new ModelCall(kind().section(), kind().output(), "Génération de '" + field + "' en cours...",
                new ModelCall.Template(TEMPLATE_SECTION, field, templateVariables(input), ModelCall.Placement.USER_MESSAGE),
                null));
    }

    /** The variables of {@code plan_de_cours/<field>}. */
    Map<String, Object> templateVariables(JsonNode input) {
        PlanSnapshot plan = PlanSnapshot.of(input);
        return plan.templateVariables(PlanSnapshot.textOrEmpty(plan.planDeCours(), fieldName(input)));
    }

    /**
     * The original's keys ({@code field_name, value, evaluations} and the {@code old_*} snapshots) plus
     * {@code fields}: the old fields with the new value. The original wrote the field before its review page
     * read the plan; ours writes nothing, so the page needs the proposal in the payload.
     */
    @Override
    public Map<String, Object> result(JsonNode input, List<JsonNode> outputs, ResultContext context) {
        PlanSnapshot plan = PlanSnapshot.of(input);
        String field = fieldName(input);
        String value = PlanSnapshot.text(outputs.get(0), "champ_description");
        if (PlanSnapshot.isBlank(value)) {
            throw PlanSnapshot.nothingGenerated(NOTHING_MESSAGE);
        }
        Map<String, Object> fields = plan.oldFields();
        fields.put(field, value);
        Map<String, Object> proposal = new LinkedHashMap<>();
        proposal.put("field_name", field);
        proposal.put("value", value);
        proposal.put("fields", fields);
        proposal.put("evaluations", plan.oldEvaluations());
        return plan.payload(proposal, context);
    }

    private static String fieldName(JsonNode input) {
        return input.path("field_name").asString();
    }
}
