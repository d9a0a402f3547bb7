package org.edxo.ai.worker.kinds.evaluation;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.PromptVariables;
import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.worker.kinds.KindHandler;
import org.edxo.ai.worker.kinds.ModelCall;
import org.edxo.ai.worker.kinds.OriginalUsage;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The six-level evaluation grid of one savoir-faire (reference §8; a synchronous route in the original,
 * a billed task here). The {@code evaluation} section's system prompt describes the six levels; its
 * optional {@code prompt} template (the original's {@code GrillePromptSettings.prompt_template}) is
 * appended to it.
 */
@Component
public class GenerateEvaluationGridHandler implements KindHandler.FromInput {

    static final String CALLING_MESSAGE = "Génération de la grille d'évaluation…";
    static final int LEVELS = 6;

    @Override
    public TaskKind kind() {
        return TaskKinds.GENERATE_EVALUATION_GRID;
    }

    @Override
    public List<ModelCall> calls(JsonNode input) {
        return List.of(new ModelCall(kind().section(), kind().output(), CALLING_MESSAGE,
                new ModelCall.Template(PromptVariables.EVALUATION_PROMPT.section(), PromptVariables.EVALUATION_PROMPT.name(),
                        templateVariables(input), ModelCall.Placement.INSTRUCTIONS),
                userMessage(input)));
    }

    /** The original's user message: {@code {savoir_faire, capacite, seuil, cible, description_eval}}. */
    static String userMessage(JsonNode input) {
        ObjectNode message = Json.mapper().createObjectNode();
        templateVariables(input).forEach((name, value) -> message.put(name, (String) value));
        return Json.writeString(message);
    }

    /** The variables of {@code PromptVariables.EVALUATION_PROMPT}, missing texts as empty strings. */
    static Map<String, Object> templateVariables(JsonNode input) {
        Map<String, Object> variables = new LinkedHashMap<>();
        for (String name : List.of("savoir_faire", "capacite", "seuil", "cible", "description_eval")) {
            variables.put(name, input.path(name).isString() ? input.get(name).stringValue() : "");
        }
        return variables;
    }

    @Override
    public Map<String, Object> result(JsonNode input, List<JsonNode> outputs, ResultContext context) {
        JsonNode grid = outputs.get(0);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "success");
        List<Map<String, Object>> levels = new ArrayList<>();
        for (int level = 1; level <= LEVELS; level++) {
            List<String> lines = lines(grid.path("level" + level + "_description"));
            // What the original route returned: one statement per line.
            result.put("level" + level + "_description", String.join("\n", lines));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("level", level);
            entry.put("description", lines);
            levels.add(entry);
        }
        result.put("levels", levels);
        result.put("savoir_faire_id", input.path("savoir_faire_id").asLong());
        result.put("evaluation_id", input.path("evaluation_id").asLong());
        result.put("reasoning_summary", context.reasoningSummary());
        result.put("usage", OriginalUsage.of(context.usage()));
        result.put("settings_used", context.settingsUsed());
        // The original filled the evaluation form in place: there is no review page to point to.
        result.put("validation_url", null);
        return result;
    }

    /** The level's statements, trimmed, blank ones left out. */
    static List<String> lines(JsonNode statements) {
        List<String> lines = new ArrayList<>();
        for (JsonNode statement : statements) {
            if (statement.isString() && !statement.stringValue().isBlank()) {
                lines.add(statement.stringValue().strip());
            }
        }
        return lines;
    }
}
