package org.edxo.ai.settings.history;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

import java.time.Instant;

/** One row of the change history, as {@code GET /api/v1/settings/history} lists it. */
public record SettingChange(
        @JsonProperty("id") long id,
        @JsonProperty("section") String section,
        @JsonProperty("entity") String entity,
        @JsonProperty("name") String name,
        @JsonProperty("changed_by") String changedBy,
        @JsonProperty("changed_at") Instant changedAt,
        @JsonProperty("before") JsonNode before,
        @JsonProperty("after") JsonNode after) {
}
