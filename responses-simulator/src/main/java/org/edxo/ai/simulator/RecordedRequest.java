package org.edxo.ai.simulator;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code POST /v1/responses} as received.
 *
 * @param headers request headers, names in lower case (the last value when repeated)
 * @param body    the parsed JSON body
 */
public record RecordedRequest(Instant receivedAt, Map<String, String> headers, JsonNode body) {

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    public boolean streaming() {
        return body.path("stream").asBoolean(false);
    }

    /** The {@code input_file} content parts of the request's input messages, in order. */
    public java.util.List<JsonNode> inputFiles() {
        java.util.List<JsonNode> parts = new java.util.ArrayList<>();
        for (JsonNode item : body.path("input")) {
            for (JsonNode part : item.path("content")) {
                if ("input_file".equals(part.path("type").asString(""))) {
                    parts.add(part);
                }
            }
        }
        return parts;
    }

    public Optional<String> instructions() {
        JsonNode instructions = body.get("instructions");
        return instructions != null && instructions.isString() ? Optional.of(instructions.stringValue()) : Optional.empty();
    }
}
