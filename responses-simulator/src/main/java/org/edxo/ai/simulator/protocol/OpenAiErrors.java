package org.edxo.ai.simulator.protocol;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The OpenAI error body: {@code {"error":{"message","type","param","code"}}}. */
public final class OpenAiErrors {

    private OpenAiErrors() {
    }

    public static ObjectNode body(String message, String type, String code) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return body;
    }

    public static ObjectNode missingApiKey() {
        return body("You didn't provide an API key. You need to provide your API key in an Authorization header "
                + "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", "invalid_request_error", null);
    }

    public static ObjectNode invalidJson(String detail) {
        return body("We could not parse the JSON body of your request. (" + detail + ")", "invalid_request_error", null);
    }

    public static ObjectNode invalidSchema(String detail) {
        ObjectNode body = body("Invalid schema for response_format: " + detail, "invalid_request_error", "invalid_json_schema");
        ((ObjectNode) body.get("error")).put("param", "text.format.schema");
        return body;
    }

    public static ObjectNode rateLimit() {
        return body("Rate limit reached for requests", "requests", "rate_limit_exceeded");
    }

    public static ObjectNode insufficientQuota() {
        return body("You exceeded your current quota, please check your plan and billing details.",
                "insufficient_quota", "insufficient_quota");
    }

    public static ObjectNode serverError(String message) {
        return body(message != null ? message
                : "The server had an error while processing your request. Sorry about that!", "server_error", "server_error");
    }
}
