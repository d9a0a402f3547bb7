package org.edxo.ai.worker.kinds.programme;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKind;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.worker.kinds.KindHandler;
import org.edxo.ai.worker.kinds.ModelCall;
import org.edxo.ai.worker.kinds.OriginalUsage;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The programme's course grid (reference §3.4): one call with the {@code grille} section's system prompt
 * and the original's JSON as the user message; the answer is cleaned as the original cleaned it and
 * returned as a proposal for EDxo's review page, which applies it.
 */
@Component
public class GenerateProgrammeGrilleHandler implements KindHandler.FromInput {

    static final String CALLING_MESSAGE = "Appel du modèle…";

    @Override
    public TaskKind kind() {
        return TaskKinds.GENERATE_PROGRAMME_GRILLE;
    }

    @Override
    public List<ModelCall> calls(JsonNode input) {
        return List.of(new ModelCall(kind().section(), kind().output(), CALLING_MESSAGE, null, userMessage(input)));
    }

    /** The original's user message, keys in its order (reference §3.4 item 2), competences ordered by code. */
    static String userMessage(JsonNode input) {
        ObjectNode message = Json.mapper().createObjectNode();
        ObjectNode programme = message.putObject("programme");
        JsonNode snapshot = input.path("programme");
        programme.set("id", snapshot.path("id").isIntegralNumber() ? snapshot.get("id") : input.get("programme_id"));
        programme.put("nom", snapshot.path("nom").asString(""));
        message.put("total_hours", input.path("total_hours").asLong());
        message.set("total_units", input.path("total_units").isNumber() ? input.get("total_units") : NullNode.getInstance());
        message.put("nb_sessions", input.path("nb_sessions").asLong());
        message.put("additional_info", input.path("additional_info").asString(""));
        List<JsonNode> competences = new ArrayList<>();
        input.path("competences").forEach(competences::add);
        competences.sort(Comparator.comparing(competence -> competence.path("code").asString("")));
        ArrayNode list = message.putArray("competences");
        for (JsonNode competence : competences) {
            list.addObject().put("code", competence.path("code").asString("")).put("nom", competence.path("nom").asString(""));
        }
        return Json.writeString(message);
    }

    @Override
    public Map<String, Object> result(JsonNode input, List<JsonNode> outputs, ResultContext context) {
        long programmeId = input.path("programme_id").asLong();
        Map<String, Object> grid = GrilleCleaner.clean(outputs.get(0));
        grid.put("reasoning_summary", context.reasoningSummary());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "success");
        result.put("programme_id", programmeId);
        result.put("result", grid);
        result.put("usage", OriginalUsage.of(context.usage()));
        result.put("settings_used", context.settingsUsed());
        result.put("validation_url", context.link("/programme/" + programmeId + "/grille/review/" + context.taskId()));
        return result;
    }
}
