package org.edxo.ai.settings.web;

import org.edxo.ai.contracts.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Request bodies are read as text and parsed here rather than by the codec, so that a partial update
 * can tell an absent field from an explicit null, and every malformed body gets the same French 400.
 */
public final class JsonBodies {

    private JsonBodies() {
    }

    public static JsonNode parseObject(String body) {
        JsonNode node;
        try {
            node = Json.tree(body);
        } catch (JacksonException e) {
            throw new MalformedBodyException("Corps de requête JSON invalide.");
        }
        if (node == null || !node.isObject()) {
            throw new MalformedBodyException("Le corps de la requête doit être un objet JSON.");
        }
        return node;
    }
}
