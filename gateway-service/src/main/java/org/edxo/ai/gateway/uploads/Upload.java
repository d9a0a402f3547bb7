package org.edxo.ai.gateway.uploads;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One stored upload, without its bytes.
 *
 * @param taskId   the task it belongs to (deleted with it), null until a start attaches it
 * @param filename the declared name, sanitised, for display only
 * @param type     detected from the content
 * @param sha256   lower-case hex SHA-256 of the bytes
 */
public record Upload(UUID id, String ownerId, UUID taskId, String filename, DocumentType type, long size, String sha256,
                     Instant createdAt) {

    /** The public view: {@code {upload_id, content_type, size, sha256, filename, task_id?, created_at}}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("upload_id", id.toString());
        json.put("content_type", type.mediaType());
        json.put("size", size);
        json.put("sha256", sha256);
        json.put("filename", filename);
        if (taskId != null) {
            json.put("task_id", taskId.toString());
        }
        json.put("created_at", createdAt.toString());
        return json;
    }
}
