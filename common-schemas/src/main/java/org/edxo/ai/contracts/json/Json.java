package org.edxo.ai.contracts.json;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper for our own messages (Jackson 3, as Spring Boot 4 uses). Reading is tolerant
 * of unknown properties so that a newer producer never breaks an older consumer; what a message must
 * contain is checked against its JSON Schema with {@link ContractValidator}.
 */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    public static String writeString(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    public static <T> T read(byte[] json, Class<T> type) {
        return MAPPER.readValue(json, type);
    }

    public static <T> T read(String json, Class<T> type) {
        return MAPPER.readValue(json, type);
    }

    public static JsonNode tree(byte[] json) {
        return MAPPER.readTree(json);
    }

    public static JsonNode tree(String json) {
        return MAPPER.readTree(json);
    }
}
