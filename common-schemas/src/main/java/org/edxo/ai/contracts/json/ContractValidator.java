package org.edxo.ai.contracts.json;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates JSON documents against the schemas shipped in this jar (classpath locations such as
 * {@code schemas/messages/task-command.v1.schema.json}). Loaded schemas are cached. A schema may {@code $ref}
 * another one by a path relative to its {@code $id} (the plan de cours inputs share their snapshot definitions).
 */
public final class ContractValidator {

    /** Where our schemas say they live ({@code $id}); a {@code $ref} between them is read from this jar, never fetched. */
    static final String PUBLISHED_BASE = "https://edxo.org/schemas/";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaIdResolvers(resolvers -> resolvers.mapPrefix(PUBLISHED_BASE, "classpath:schemas/")));
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private ContractValidator() {
    }

    /** One problem found in a document: where ({@code /plan_cours}) and what. */
    public record Violation(String path, String message) {
        @Override
        public String toString() {
            return (path.isEmpty() ? "/" : path) + ": " + message;
        }
    }

    public static List<Violation> validate(String schemaLocation, JsonNode document) {
        Schema schema = SCHEMAS.computeIfAbsent(schemaLocation,
                location -> REGISTRY.getSchema(SchemaLocation.of("classpath:" + location)));
        return schema.validate(document).stream().map(ContractValidator::toViolation).toList();
    }

    /** The schema document itself, for example to send a strict output schema to the model. */
    public static JsonNode schemaNode(String schemaLocation) {
        try (var in = ContractValidator.class.getClassLoader().getResourceAsStream(schemaLocation)) {
            if (in == null) {
                throw new IllegalArgumentException("no schema at " + schemaLocation);
            }
            return Json.mapper().readTree(in);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read schema " + schemaLocation, e);
        }
    }

    private static Violation toViolation(Error error) {
        String path = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        // NodePath renders as "$.a.b"; present it as a JSON Pointer, which clients know.
        String pointer = path.replaceFirst("^\\$", "").replace('.', '/');
        return new Violation(pointer, error.getMessage());
    }
}
