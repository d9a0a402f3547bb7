package org.edxo.ai.simulator.files;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A file uploaded to {@code POST /v1/files}.
 *
 * @param contentType the part's declared content type (kept for tests; OpenAI does not echo it)
 * @param expiresAt   epoch seconds when OpenAI would delete it by itself ({@code expires_after}), or null
 */
public record StoredFile(String id, String filename, String purpose, byte[] bytes, String contentType, long createdAt,
                         Long expiresAt) {

    public int size() {
        return bytes.length;
    }

    /** The OpenAI file object; {@code status} and {@code status_details} are deprecated but still required by openai-java. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode()
                .put("object", "file")
                .put("id", id)
                .put("purpose", purpose)
                .put("filename", filename)
                .put("bytes", (long) bytes.length)
                .put("created_at", createdAt)
                .put("status", "processed");
        if (expiresAt == null) {
            json.putNull("expires_at");
        } else {
            json.put("expires_at", expiresAt.longValue());
        }
        json.putNull("status_details");
        return json;
    }
}
