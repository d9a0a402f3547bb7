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
 * Generates or improves the calendar (reference §3.3.c). The user message is the {@code plan_de_cours/calendrier}
 * template (the original ignored it and built a fixed text: §7.5 D4), with the current calendar as
 * {@code {current_value}}: the editor's rows when EDxo sent them, else the snapshot's.
 */
@Component
public class GeneratePlanDeCoursCalendarHandler implements KindHandler.FromInput {

    static final String CALLING_MESSAGE = "Génération du calendrier…";
    static final String NOTHING_MESSAGE = "Aucune entrée générée pour le calendrier.";

    @Override
    public TaskKind kind() {
        return TaskKinds.GENERATE_PLAN_DE_COURS_CALENDAR;
    }

    @Override
    public List<ModelCall> calls(JsonNode input) {
        return List.of(new ModelCall(kind().section(), kind().output(), CALLING_MESSAGE,
                new ModelCall.Template(PromptVariables.PLAN_DE_COURS_CALENDRIER.section(),
                        PromptVariables.PLAN_DE_COURS_CALENDRIER.name(), templateVariables(input),
                        ModelCall.Placement.USER_MESSAGE),
                null));
    }

    /** The variables of {@code plan_de_cours/calendrier}. */
    Map<String, Object> templateVariables(JsonNode input) {
        PlanSnapshot plan = PlanSnapshot.of(input);
        JsonNode current = input.path("existing_calendriers").isArray()
                ? input.get("existing_calendriers")
                : plan.planDeCours().path("calendriers");
        return plan.templateVariables(current.isArray() && !current.isEmpty() ? PlanSnapshot.pretty(current) : "");
    }

    /** The proposed calendar and the evaluations (unchanged); {@code old_fields} has all 8 fields (the original forgot seuil_reussite). */
    @Override
    public Map<String, Object> result(JsonNode input, List<JsonNode> outputs, ResultContext context) {
        PlanSnapshot plan = PlanSnapshot.of(input);
        List<Map<String, Object>> calendriers = PlanSnapshot.calendar(outputs.get(0).path("calendriers"));
        if (calendriers.isEmpty()) {
            throw PlanSnapshot.nothingGenerated(NOTHING_MESSAGE);
        }
        Map<String, Object> proposal = new LinkedHashMap<>();
        proposal.put("calendriers", calendriers);
        proposal.put("evaluations", plan.oldEvaluations());
        return plan.payload(proposal, context);
    }
}
