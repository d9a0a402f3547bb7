package org.edxo.ai.worker.kinds;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.PromptVariables;
import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Course plan vs plan-cadre compatibility analysis (reference §3.1). */
@Component
public class AnalysePlanDeCoursHandler implements KindHandler.FromInput {

    static final String CALLING_MESSAGE = "Appel du modèle (stream)…";
    private static final JsonNode OUTPUT_SCHEMA =
            ContractValidator.schemaNode(TaskKinds.ANALYSE_PLAN_DE_COURS.outputSchema());

    @Override
    public TaskKind kind() {
        return TaskKinds.ANALYSE_PLAN_DE_COURS;
    }

    /** One call: the section's system prompt and its {@code prompt} template as instructions, the snapshot as the message. */
    @Override
    public List<ModelCall> calls(JsonNode input) {
        return List.of(new ModelCall(kind().section(), kind().output(), CALLING_MESSAGE,
                new ModelCall.Template(PromptVariables.ANALYSE_PROMPT.section(), PromptVariables.ANALYSE_PROMPT.name(),
                        templateVariables(input), ModelCall.Placement.INSTRUCTIONS),
                userMessage(input, OUTPUT_SCHEMA)));
    }

    /** The original's user message, keys in its order (reference §3.1 item 2). */
    String userMessage(JsonNode input, JsonNode outputSchema) {
        JsonNode planCours = input.path("plan_cours");
        JsonNode planCadre = input.path("plan_cadre");
        ObjectNode message = Json.mapper().createObjectNode();
        message.set("plan_cours_id", planCours.path("id").isIntegralNumber() ? planCours.get("id") : input.get("plan_id"));
        message.set("plan_cours", planCours);
        message.set("plan_cadre_id", planCadre.path("id").isIntegralNumber() ? planCadre.get("id") : NullNode.getInstance());
        message.set("plan_cadre", planCadre);
        message.set("schema_json", outputSchema);
        return Json.writeString(message);
    }

    /** The variables of {@code PromptVariables.ANALYSE_PROMPT}, from the snapshot. */
    Map<String, Object> templateVariables(JsonNode input) {
        JsonNode planCours = input.path("plan_cours");
        JsonNode course = planCours.path("cours_info");
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("plan_id", input.path("plan_id").isIntegralNumber() ? input.get("plan_id").asLong() : "");
        variables.put("session", textOrEmpty(planCours, "session"));
        variables.put("cours_code", textOrEmpty(course, "code"));
        variables.put("cours_nom", textOrEmpty(course, "nom"));
        return variables;
    }

    @Override
    public Map<String, Object> result(JsonNode input, List<JsonNode> outputs, ResultContext context) {
        JsonNode modelOutput = outputs.get(0);
        long planId = input.path("plan_id").asLong();
        JsonNode planCours = input.path("plan_cours");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "success");
        result.put("plan_id", planId);
        result.put("cours_id", planCours.path("cours_id").isIntegralNumber() ? planCours.get("cours_id").asLong() : null);
        result.put("session", planCours.path("session").isString() ? planCours.get("session").stringValue() : null);
        result.put("compatibility_percentage", modelOutput.path("compatibility_percentage").isNumber()
                ? modelOutput.get("compatibility_percentage").numberValue() : null);
        result.put("recommendation_ameliore", text(modelOutput, "recommendation_ameliore"));
        result.put("recommendation_plan_cadre", text(modelOutput, "recommendation_plan_cadre"));
        result.put("reasoning_summary", context.reasoningSummary());
        result.put("usage", context.usage());
        result.put("settings_used", context.settingsUsed());
        result.put("validation_url", context.link("/gestion_programme/?open=verify&plan_id=" + planId));
        return result;
    }

    private static String textOrEmpty(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() || value.isNumber() ? value.asString() : "";
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.stringValue() : null;
    }
}
