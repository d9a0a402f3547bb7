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
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Course → competency links of a programme (reference §3.5). The original wrote the links to its database
 * at once and deleted the others (§7.5 D2); this task only proposes them, each with the status EDxo's
 * logigramme stores, and EDxo applies them.
 */
@Component
public class GenerateProgrammeLogigrammeHandler implements KindHandler.FromInput {

    static final String CALLING_MESSAGE = "Appel du modèle (stream)…";

    @Override
    public TaskKind kind() {
        return TaskKinds.GENERATE_PROGRAMME_LOGIGRAMME;
    }

    @Override
    public List<ModelCall> calls(JsonNode input) {
        return List.of(new ModelCall(kind().section(), kind().output(), CALLING_MESSAGE, null, userMessage(input)));
    }

    /**
     * The original's user message (reference §3.5 item 2), keys in its order. Deliberate difference: the
     * original read {@code additional_info} but never sent it (§7.5 D2); it is sent here, last.
     */
    static String userMessage(JsonNode input) {
        ObjectNode message = Json.mapper().createObjectNode();
        ArrayNode courses = message.putArray("courses");
        for (JsonNode course : input.path("courses")) {
            ObjectNode item = courses.addObject();
            item.put("code", course.path("code").asString(""));
            item.put("nom", course.path("nom").asString(""));
            item.put("session", course.path("session").asInt(0));
            item.put("heures_theorie", course.path("heures_theorie").asInt(0));
            item.put("heures_laboratoire", course.path("heures_laboratoire").asInt(0));
            item.put("heures_travail_maison", course.path("heures_travail_maison").asInt(0));
        }
        ArrayNode competences = message.putArray("competences");
        for (JsonNode competence : input.path("competences")) {
            ObjectNode item = competences.addObject();
            item.put("code", competence.path("code").asString(""));
            item.put("nom", competence.path("nom").asString(""));
            item.put("criteria_de_performance", textOrNull(competence.path("criteria_de_performance")));
            item.put("contexte_de_realisation", textOrNull(competence.path("contexte_de_realisation")));
            ArrayNode elements = item.putArray("elements");
            for (JsonNode element : competence.path("elements")) {
                ObjectNode cleaned = elements.addObject();
                cleaned.put("nom", element.path("nom").asString(""));
                ArrayNode criteria = cleaned.putArray("criteres");
                element.path("criteres").forEach(criterion -> criteria.add(criterion.asString("")));
            }
        }
        message.put("additional_info", input.path("additional_info").asString(""));
        return Json.writeString(message);
    }

    private static String textOrNull(JsonNode value) {
        return value.isString() ? value.stringValue() : null;
    }

    @Override
    public Map<String, Object> result(JsonNode input, List<JsonNode> outputs, ResultContext context) {
        long programmeId = input.path("programme_id").asLong();
        LogigrammeCleaner.Links links = LogigrammeCleaner.clean(outputs.get(0), input.path("courses"), input.path("competences"));
        String logigrammeUrl = context.link("/programme/" + programmeId + "/competences/logigramme");
        Map<String, Object> proposal = new LinkedHashMap<>();
        proposal.put("links", links.kept());
        proposal.put("reasoning_summary", context.reasoningSummary());
        proposal.put("message", message(links));
        proposal.put("logigramme_url", logigrammeUrl);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "success");
        result.put("programme_id", programmeId);
        result.put("result", proposal);
        result.put("usage", OriginalUsage.of(context.usage()));
        result.put("settings_used", context.settingsUsed());
        result.put("validation_url", logigrammeUrl);
        return result;
    }

    /** The original's messages, about proposed links instead of applied ones (French: 0 and 1 are singular). */
    static String message(LogigrammeCleaner.Links links) {
        int count = links.kept().size();
        if (links.proposedByModel() == 0) {
            return "Aucun lien proposé (réponse vide ou non exploitable)";
        }
        if (count == 0) {
            return "0 lien proposé (aucune correspondance trouvée dans le programme)";
        }
        return count == 1 ? "1 lien proposé" : count + " liens proposés";
    }
}
