package org.edxo.ai.gateway.tasks;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.gateway.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.UUID;

/**
 * What every start route of the original's paths shares: reading ids from the path, building the
 * task input from the body, the settings overrides, and the {@code 202 {task_id}} answer (the original
 * mixed 200, 202 and 302: reference §7.5 D9).
 */
public final class StartRequests {

    private StartRequests() {
    }

    /** {@code 202 {"task_id": ...}}. */
    public static ResponseEntity<Map<String, Object>> accepted(UUID taskId) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("task_id", taskId.toString()));
    }

    /** A numeric id from the path; {@code 400 "Identifiant de <what> invalide : <raw>"} otherwise. */
    public static long pathId(String raw, String what) {
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(HttpStatus.BAD_REQUEST, "Identifiant de " + what + " invalide : " + raw);
    }

    /** Copies the fields present in {@code from} (a JSON null included) into {@code to}. */
    public static void copy(JsonNode from, ObjectNode to, String... fields) {
        for (String field : fields) {
            JsonNode value = from.get(field);
            if (value != null) {
                to.set(field, value);
            }
        }
    }

    /**
     * The request's settings overrides: {@code options} when the body has it, else the original's form keys
     * {@code ai_model}, {@code reasoning_effort} and {@code verbosity} (empty strings meaning "not set", as the
     * original stored them); null when there are none. {@link TaskStarter} checks their values.
     */
    public static JsonNode options(JsonNode body) {
        JsonNode options = body.get("options");
        if (options != null) {
            return options;
        }
        ObjectNode fromForm = Json.mapper().createObjectNode();
        putIfSet(fromForm, "model", body.get("ai_model"));
        putIfSet(fromForm, "reasoning_effort", body.get("reasoning_effort"));
        putIfSet(fromForm, "verbosity", body.get("verbosity"));
        return fromForm.isEmpty() ? null : fromForm;
    }

    private static void putIfSet(ObjectNode options, String name, JsonNode value) {
        if (value != null && !value.isNull() && !(value.isString() && value.stringValue().isBlank())) {
            options.set(name, value);
        }
    }
}
