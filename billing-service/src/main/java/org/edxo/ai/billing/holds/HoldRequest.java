package org.edxo.ai.billing.holds;

import org.edxo.ai.billing.web.ApiError.FieldProblem;
import org.edxo.ai.billing.web.InvalidRequestException;
import org.edxo.ai.billing.web.JsonBodies;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Body of {@code POST /api/v1/billing/holds}: {@code {"user_id", "task_id", "attempt", "call"?, "model",
 * "max_input_tokens", "max_output_tokens"}}; the token counts bound the call's worst case. {@code call}
 * numbers the model calls of one attempt from 1 (the default).
 */
public record HoldRequest(String userId, UUID taskId, int attempt, int call, String model, long maxInputTokens,
                          long maxOutputTokens) {

    /** More calls than any task kind makes. */
    static final int MAX_CALLS = 100;

    /** Far above any model's context: a larger bound is a bug of the caller. */
    static final long MAX_TOKENS = 100_000_000L;

    static HoldRequest parse(String body) {
        JsonNode json = JsonBodies.readObject(body);
        List<FieldProblem> problems = new ArrayList<>();
        String userId = text(json, "user_id", problems);
        String model = text(json, "model", problems);
        UUID taskId = null;
        JsonNode task = json.get("task_id");
        try {
            taskId = task != null && task.isString() ? UUID.fromString(task.stringValue()) : null;
        } catch (IllegalArgumentException e) {
            // reported below
        }
        if (taskId == null) {
            problems.add(new FieldProblem("task_id", "Un UUID est attendu."));
        }
        long attempt = integer(json, "attempt", 1, Integer.MAX_VALUE, problems);
        long call = json.has("call") ? integer(json, "call", 1, MAX_CALLS, problems) : 1;
        long maxInput = integer(json, "max_input_tokens", 0, MAX_TOKENS, problems);
        long maxOutput = integer(json, "max_output_tokens", 1, MAX_TOKENS, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new HoldRequest(userId, taskId, (int) attempt, (int) call, model, maxInput, maxOutput);
    }

    private static String text(JsonNode json, String field, List<FieldProblem> problems) {
        JsonNode node = json.get(field);
        String value = node != null && node.isString() ? node.stringValue().trim() : "";
        if (value.isEmpty() || value.length() > 200) {
            problems.add(new FieldProblem(field, "Une chaîne de 1 à 200 caractères est attendue."));
        }
        return value;
    }

    private static long integer(JsonNode json, String field, long min, long max, List<FieldProblem> problems) {
        JsonNode node = json.get(field);
        if (node == null || !node.canConvertToLong() || !node.isIntegralNumber()
                || node.longValue() < min || node.longValue() > max) {
            problems.add(new FieldProblem(field, "Un entier de " + min + " à " + max + " est attendu."));
            return 0;
        }
        return node.longValue();
    }
}
