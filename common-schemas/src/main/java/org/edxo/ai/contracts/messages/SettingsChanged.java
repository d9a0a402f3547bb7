package org.edxo.ai.contracts.messages;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.UUID;

/**
 * Published by settings-service on {@code edxo.settings} (routing key {@code changed}) after any change,
 * so that workers drop their cached copy of the section. {@code section} null means "everything".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SettingsChanged(
        @JsonProperty("id") UUID id,
        @JsonProperty("type") String type,
        @JsonProperty("section") String section,
        @JsonProperty("occurred_at") Instant occurredAt,
        @JsonProperty("schema_version") int schemaVersion) {

    public static final String TYPE = "settings.changed";

    public static SettingsChanged of(String section) {
        return new SettingsChanged(UUID.randomUUID(), TYPE, section, Instant.now(), 1);
    }
}
