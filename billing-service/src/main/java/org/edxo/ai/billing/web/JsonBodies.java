package org.edxo.ai.billing.web;

import org.edxo.ai.contracts.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/** Reads a request body that must be one JSON object; money stays exact (decimals, never doubles). */
public final class JsonBodies {

    private static final ObjectReader READER = Json.mapper().reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private JsonBodies() {
    }

    /** The object, or {@link MalformedJsonException} for anything else (empty, not JSON, not an object). */
    public static JsonNode readObject(String body) {
        JsonNode json;
        try {
            json = body == null ? null : READER.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedJsonException();
        }
        if (json == null || !json.isObject()) {
            throw new MalformedJsonException();
        }
        return json;
    }
}
