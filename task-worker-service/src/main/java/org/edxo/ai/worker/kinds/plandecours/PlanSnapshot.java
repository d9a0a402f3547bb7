package org.edxo.ai.worker.kinds.plandecours;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.PromptVariables;
import org.edxo.ai.worker.kinds.KindHandler.ResultContext;
import org.edxo.ai.worker.tasks.TaskFailure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the four plan de cours kinds read from their input (the plan de cours and plan-cadre snapshots EDxo
 * sends, already valid against the input schema) and what every one of their payloads carries: the plan's
 * ids, the {@code old_*} snapshots taken from the command's snapshot (our tasks never write: EDxo applies the
 * proposal or keeps these), the usage and the links (reference §3.3 common shape and §3.3.e).
 */
final class PlanSnapshot {

    static final List<String> FIELDS = PromptVariables.PLAN_DE_COURS_FIELDS;

    private final JsonNode input;
    private final JsonNode planDeCours;
    private final JsonNode planCadre;
    private final CapacityResolver capacities;

    private PlanSnapshot(JsonNode input) {
        this.input = input;
        this.planDeCours = input.path("plan_de_cours");
        this.planCadre = input.path("plan_cadre");
        this.capacities = CapacityResolver.of(planCadre.path("capacites"));
    }

    static PlanSnapshot of(JsonNode input) {
        return new PlanSnapshot(input);
    }

    long planId() {
        return input.path("plan_id").asLong();
    }

    long coursId() {
        return planDeCours.path("cours_id").asLong();
    }

    String session() {
        return textOrEmpty(planDeCours, "session");
    }

    /** The course code, from the plan de cours' course, else the plan-cadre's. */
    String coursCode() {
        String code = text(planDeCours.path("cours_info"), "code");
        return code != null ? code : textOrEmpty(planCadre.path("cours_info"), "code");
    }

    String coursNom() {
        String nom = text(planDeCours.path("cours_info"), "nom");
        return nom != null ? nom : textOrEmpty(planCadre.path("cours_info"), "nom");
    }

    String additionalInfo() {
        return textOrEmpty(input, "additional_info");
    }

    JsonNode planDeCours() {
        return planDeCours;
    }

    JsonNode planCadre() {
        return planCadre;
    }

    CapacityResolver capacities() {
        return capacities;
    }

    /** The plan-cadre extracts, one line per section (reference §3.3.a item 2). */
    String sections() {
        return PlanCadreSections.of(planCadre);
    }

    /**
     * The variables every plan de cours template has ({@code plan_de_cours/all}): {@code session, cours_code,
     * cours_nom, sections, additional_info}.
     */
    Map<String, Object> templateVariables() {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("session", session());
        variables.put("cours_code", coursCode());
        variables.put("cours_nom", coursNom());
        variables.put("sections", sections());
        variables.put("additional_info", additionalInfo());
        return variables;
    }

    /** The same and {@code current_value}: a field's templates and {@code plan_de_cours/calendrier}. */
    Map<String, Object> templateVariables(String currentValue) {
        Map<String, Object> variables = templateVariables();
        variables.put("current_value", currentValue);
        return variables;
    }

    /** The 8 fields as the snapshot has them (absent → null). */
    Map<String, Object> oldFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String field : FIELDS) {
            fields.put(field, text(planDeCours, field));
        }
        return fields;
    }

    /** The snapshot's calendar rows, every key present. */
    List<Map<String, Object>> oldCalendriers() {
        return calendar(planDeCours.path("calendriers"));
    }

    /**
     * The snapshot's evaluations serialized as the original's {@code _serialize_evaluations}: {@code id} when
     * EDxo sent it, {@code titre} from {@code titre_evaluation} (to_dict) or {@code titre}, and each capacity
     * link with the plan-cadre's name for its {@code capacite_id} when the link does not carry one.
     */
    List<Map<String, Object>> oldEvaluations() {
        List<Map<String, Object>> evaluations = new ArrayList<>();
        for (JsonNode evaluation : planDeCours.path("evaluations")) {
            Map<String, Object> serialized = new LinkedHashMap<>();
            if (evaluation.path("id").isIntegralNumber()) {
                serialized.put("id", evaluation.get("id").asLong());
            }
            String titre = text(evaluation, "titre_evaluation");
            serialized.put("titre", titre != null ? titre : text(evaluation, "titre"));
            serialized.put("description", text(evaluation, "description"));
            serialized.put("semaine", integer(evaluation, "semaine"));
            List<Map<String, Object>> links = new ArrayList<>();
            for (JsonNode link : evaluation.path("capacites")) {
                Long id = integer(link, "capacite_id");
                String name = text(link, "capacite");
                if (name == null && id != null) {
                    name = capacities.nameOf(id).orElse(null);
                }
                links.add(link(id, name, ponderation(link.path("ponderation"))));
            }
            serialized.put("capacites", links);
            evaluations.add(serialized);
        }
        return evaluations;
    }

    /**
     * The model's evaluations ({@code EvaluationsResponse}) serialized as the old ones, each capacity label
     * resolved to a plan-cadre capacity (its id and name); an unresolved label keeps {@code capacite_id: null}
     * and the label. Links with neither a label nor a weighting are noise and left out.
     */
    List<Map<String, Object>> proposedEvaluations(JsonNode evaluationsResponse) {
        List<Map<String, Object>> evaluations = new ArrayList<>();
        for (JsonNode evaluation : evaluationsResponse.path("evaluations")) {
            Map<String, Object> serialized = new LinkedHashMap<>();
            serialized.put("titre", text(evaluation, "titre"));
            serialized.put("description", text(evaluation, "description"));
            serialized.put("semaine", integer(evaluation, "semaine"));
            List<Map<String, Object>> links = new ArrayList<>();
            for (JsonNode link : evaluation.path("capacites")) {
                String label = text(link, "capacite");
                String ponderation = ponderation(link.path("ponderation"));
                if (isBlank(label) && isBlank(ponderation)) {
                    continue;
                }
                links.add(capacities.resolve(label)
                        .map(capacity -> link(capacity.id(), capacity.name(), ponderation))
                        .orElseGet(() -> link(null, label, ponderation)));
            }
            serialized.put("capacites", links);
            evaluations.add(serialized);
        }
        return evaluations;
    }

    /** Calendar rows ({@code CalendarEntry}) with every key, from the model's output or a snapshot. */
    static List<Map<String, Object>> calendar(JsonNode rows) {
        List<Map<String, Object>> calendar = new ArrayList<>();
        for (JsonNode row : rows) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("semaine", integer(row, "semaine"));
            entry.put("sujet", text(row, "sujet"));
            entry.put("activites", text(row, "activites"));
            entry.put("travaux_hors_classe", text(row, "travaux_hors_classe"));
            entry.put("evaluations", text(row, "evaluations"));
            calendar.add(entry);
        }
        return calendar;
    }

    /**
     * The evaluations call's user message, as the original's (reference §3.3.a item 4 and §3.3.d item 2):
     * the JSON {@code {"cours": {code, nom, session}, "plan_cadre": {objectif_terminal, capacites: [names]}}},
     * then {@code Contraintes/Précisions: …} and {@code Évaluations actuelles:} with their JSON when given.
     */
    String evaluationsMessage(String precisions, JsonNode currentEvaluations) {
        ObjectNode message = Json.mapper().createObjectNode();
        ObjectNode cours = message.putObject("cours");
        cours.put("code", coursCode());
        cours.put("nom", coursNom());
        cours.put("session", session());
        ObjectNode plan = message.putObject("plan_cadre");
        plan.put("objectif_terminal", text(planCadre, "objectif_terminal"));
        ArrayNode names = plan.putArray("capacites");
        capacities.capacities().forEach(capacity -> names.add(capacity.name()));
        StringBuilder text = new StringBuilder(Json.writeString(message));
        if (!isBlank(precisions)) {
            text.append("\n\nContraintes/Précisions: ").append(precisions.strip());
        }
        if (currentEvaluations != null && !currentEvaluations.isEmpty()) {
            text.append("\n\nÉvaluations actuelles:\n").append(pretty(currentEvaluations));
        }
        return text.toString();
    }

    /**
     * The payload every plan de cours kind returns: the plan's ids, then {@code proposal} (the kind's own
     * keys), the {@code old_*} snapshots, the reasoning, the usage, the settings and the two links of the
     * original (review page and plan de cours page).
     */
    Map<String, Object> payload(Map<String, Object> proposal, ResultContext context) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("status", "success");
        payload.put("plan_id", planId());
        payload.put("cours_id", coursId());
        payload.put("session", session());
        payload.putAll(proposal);
        payload.put("old_fields", oldFields());
        payload.put("old_calendriers", oldCalendriers());
        payload.put("old_evaluations", oldEvaluations());
        payload.put("reasoning_summary", context.reasoningSummary());
        payload.put("usage", context.usage());
        payload.put("settings_used", context.settingsUsed());
        payload.put("validation_url", validationUrl(context));
        payload.put("plan_de_cours_url", planDeCoursUrl(context));
        return payload;
    }

    /** The original's review page of the plan: {@code /plan_de_cours/review/<plan_id>?task_id=<task_id>}. */
    String validationUrl(ResultContext context) {
        return context.link("/plan_de_cours/review/" + planId() + "?task_id=" + context.taskId());
    }

    /** The plan's page: {@code /cours/<cours_id>/plan_de_cours/<session>/}. */
    String planDeCoursUrl(ResultContext context) {
        return context.link("/cours/" + coursId() + "/plan_de_cours/" + pathSegment(session()) + "/");
    }

    /** The model's answer had nothing to propose: the task fails with the original's message. */
    static TaskFailure nothingGenerated(String message) {
        return TaskFailure.emptyOutput(message);
    }

    static String pretty(JsonNode node) {
        return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.stringValue() : null;
    }

    static String textOrEmpty(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() || value.isNumber() ? value.asString() : "";
    }

    static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    static Long integer(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isIntegralNumber() ? value.asLong() : null;
    }

    /** The weighting as text, as the original stored it (a number from EDxo's editor becomes its text). */
    private static String ponderation(JsonNode value) {
        return value.isString() || value.isNumber() ? value.asString() : null;
    }

    private static Map<String, Object> link(Long capacityId, String name, String ponderation) {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("capacite_id", capacityId);
        link.put("capacite", name);
        link.put("ponderation", ponderation);
        return link;
    }

    private static String pathSegment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
