package org.edxo.ai.simulator.generation;

import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds a JSON document that validates against a (Structured Outputs style) JSON Schema: every
 * declared property is filled, nullable unions take their non-null branch, strings are French prose
 * within the length bounds, numbers stay within their bounds. Deterministic for a given random seed.
 *
 * <p>Supported: {@code type} (also as an array), {@code properties}, {@code items}, {@code minItems}/
 * {@code maxItems}, {@code $ref} to any local JSON pointer ({@code #/$defs/...}, {@code #/definitions/...}),
 * {@code anyOf}/{@code oneOf} (first non-null branch), {@code allOf} (branches merged), {@code enum},
 * {@code const}, {@code nullable}, {@code minimum}/{@code maximum} (also exclusive), {@code multipleOf}
 * for integers, {@code minLength}/{@code maxLength}, a few string {@code format}s and JSON text (a string whose
 * {@code pattern} is {@code ^\{…\}$}, or of {@code contentMediaType: application/json}, gets a JSON object). Not
 * supported otherwise:
 * {@code pattern} (a sentence is produced regardless).
 */
public final class SchemaDrivenJsonGenerator {

    /** Past this depth, recursive schemas stop growing: nullable values become null, arrays shrink to minItems. */
    private static final int MAX_DEPTH = 12;
    /** A schema still growing at this depth has no finite instance we can find. */
    private static final int GIVE_UP_DEPTH = 64;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode root;
    private final SplittableRandom random;

    private SchemaDrivenJsonGenerator(JsonNode root, SplittableRandom random) {
        this.root = root;
        this.random = random;
    }

    public static JsonNode generate(JsonNode schema, SplittableRandom random) {
        return new SchemaDrivenJsonGenerator(schema, random).value(schema, 0);
    }

    private JsonNode value(JsonNode schema, int depth) {
        if (depth > GIVE_UP_DEPTH) {
            throw new IllegalArgumentException("the schema nests too deeply or recurses without a way out (null or an empty array)");
        }
        if (schema == null || schema.isMissingNode() || schema.isBoolean()) {
            return NODES.stringNode(FrenchText.sentences(random, 1));
        }
        if (schema.has("$ref")) {
            return value(resolve(schema.get("$ref").stringValue()), depth + 1);
        }
        if (schema.has("const")) {
            return schema.get("const").deepCopy();
        }
        if (schema.has("enum") && schema.get("enum").isArray() && !schema.get("enum").isEmpty()) {
            return pickEnum(schema.get("enum"));
        }
        for (String union : new String[] {"anyOf", "oneOf"}) {
            JsonNode branches = schema.get(union);
            if (branches != null && branches.isArray() && !branches.isEmpty()) {
                if (depth > MAX_DEPTH && nullBranch(branches) != null) {
                    return NODES.nullNode();
                }
                return value(firstNonNullBranch(branches), depth + 1);
            }
        }
        if (schema.has("allOf") && schema.get("allOf").isArray()) {
            return value(mergeAllOf(schema), depth + 1);
        }
        String type = typeOf(schema);
        if (depth > MAX_DEPTH && allowsNull(schema)) {
            return NODES.nullNode();
        }
        return switch (type) {
            case "object" -> object(schema, depth);
            case "array" -> array(schema, depth);
            case "integer" -> NODES.numberNode(integer(schema));
            case "number" -> NODES.numberNode(number(schema));
            case "boolean" -> NODES.booleanNode(random.nextBoolean());
            case "null" -> NODES.nullNode();
            default -> NODES.stringNode(string(schema));
        };
    }

    private ObjectNode object(JsonNode schema, int depth) {
        ObjectNode object = NODES.objectNode();
        JsonNode properties = schema.path("properties");
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            object.set(property.getKey(), value(property.getValue(), depth + 1));
        }
        return object;
    }

    private ArrayNode array(JsonNode schema, int depth) {
        int min = schema.path("minItems").asInt(0);
        int max = schema.has("maxItems") ? schema.get("maxItems").asInt() : Integer.MAX_VALUE;
        int count = depth > MAX_DEPTH ? min : Math.max(min, 1 + random.nextInt(3));
        count = Math.min(count, max);
        ArrayNode array = NODES.arrayNode();
        JsonNode items = schema.path("items");
        boolean unique = schema.path("uniqueItems").asBoolean(false);
        int attempts = 0;
        while (array.size() < count && attempts++ < count * 10) {
            JsonNode item = value(items, depth + 1);
            if (!unique || !contains(array, item)) {
                array.add(item);
            }
        }
        return array;
    }

    private long integer(JsonNode schema) {
        long min = schema.has("minimum") ? (long) Math.ceil(schema.get("minimum").asDouble()) : 0;
        long max = schema.has("maximum") ? (long) Math.floor(schema.get("maximum").asDouble()) : Math.max(min, 100);
        if (schema.has("exclusiveMinimum") && schema.get("exclusiveMinimum").isNumber()) {
            min = Math.max(min, (long) Math.floor(schema.get("exclusiveMinimum").asDouble()) + 1);
        }
        if (schema.has("exclusiveMaximum") && schema.get("exclusiveMaximum").isNumber()) {
            max = Math.min(max, (long) Math.ceil(schema.get("exclusiveMaximum").asDouble()) - 1);
        }
        if (!schema.has("maximum") && !schema.has("exclusiveMaximum") && max < min) {
            max = min + 100;
        }
        long value = max <= min ? min : min + random.nextLong(max - min + 1);
        long step = schema.has("multipleOf") ? Math.max(1, schema.get("multipleOf").asLong()) : 1;
        if (step > 1) {
            long rounded = Math.floorDiv(value, step) * step;
            value = rounded < min ? rounded + step : rounded;
        }
        return value;
    }

    private BigDecimal number(JsonNode schema) {
        double min = schema.has("minimum") ? schema.get("minimum").asDouble() : 0;
        double max = schema.has("maximum") ? schema.get("maximum").asDouble() : Math.max(min, 100);
        boolean exclusiveMin = schema.has("exclusiveMinimum") && schema.get("exclusiveMinimum").isNumber();
        boolean exclusiveMax = schema.has("exclusiveMaximum") && schema.get("exclusiveMaximum").isNumber();
        if (exclusiveMin) {
            min = Math.max(min, schema.get("exclusiveMinimum").asDouble());
        }
        if (exclusiveMax) {
            max = Math.min(max, schema.get("exclusiveMaximum").asDouble());
        }
        if (!schema.has("maximum") && !exclusiveMax && max < min) {
            max = min + 100;
        }
        // One decimal looks like a model's answer; fall back to the midpoint when the range is too narrow.
        BigDecimal value = BigDecimal.valueOf(min + random.nextDouble() * Math.max(0, max - min)).setScale(1, RoundingMode.HALF_UP);
        double v = value.doubleValue();
        if (v < min || v > max || (exclusiveMin && v <= min) || (exclusiveMax && v >= max)) {
            value = BigDecimal.valueOf((min + max) / 2);
        }
        return value.stripTrailingZeros().scale() < 0 ? value.setScale(0, RoundingMode.UNNECESSARY) : value;
    }

    private String string(JsonNode schema) {
        if (holdsAJsonObject(schema)) {
            return jsonObjectText();
        }
        String format = schema.path("format").asString("");
        String text = switch (format) {
            case "date" -> "2025-09-0" + (1 + random.nextInt(9));
            case "date-time" -> "2025-09-0" + (1 + random.nextInt(9)) + "T10:15:00Z";
            case "time" -> "10:15:00Z";
            case "email" -> "enseignant" + random.nextInt(100) + "@example.org";
            case "uri", "url" -> "https://example.org/plans-de-cours/" + random.nextInt(1000);
            case "uuid" -> new java.util.UUID(random.nextLong(), random.nextLong()).toString();
            default -> FrenchText.sentences(random, 1 + random.nextInt(2));
        };
        int minLength = schema.path("minLength").asInt(0);
        int maxLength = schema.has("maxLength") ? schema.get("maxLength").asInt() : Integer.MAX_VALUE;
        StringBuilder builder = new StringBuilder(text);
        while (builder.codePointCount(0, builder.length()) < minLength) {
            builder.append(' ').append(FrenchText.sentences(random, 1));
        }
        text = builder.toString();
        if (text.codePointCount(0, text.length()) > maxLength) {
            text = text.substring(0, text.offsetByCodePoints(0, maxLength)).stripTrailing();
            while (text.codePointCount(0, text.length()) < minLength) {
                text = text + ".";
            }
        }
        return text;
    }

    /**
     * A string held between an object's braces by its {@code pattern} ({@code ^\{…\}$}): how a strict schema
     * asks for JSON text where it cannot declare an arbitrary object (strict mode allows {@code pattern} on
     * strings, not {@code contentMediaType}), and also {@code contentMediaType: application/json}.
     */
    private static boolean holdsAJsonObject(JsonNode schema) {
        String pattern = schema.path("pattern").asString("");
        return (pattern.startsWith("^\\{") && pattern.endsWith("\\}$"))
                || "application/json".equals(schema.path("contentMediaType").asString(""));
    }

    /**
     * A small JSON object as text, itself shaped like a JSON Schema so that a schema proposal parses and reads as
     * one. Length bounds do not apply.
     */
    private String jsonObjectText() {
        ObjectNode object = NODES.objectNode();
        object.put("type", "object");
        object.put("title", FrenchText.sentences(random, 1));
        ObjectNode properties = object.putObject("properties");
        int count = 1 + random.nextInt(3);
        for (int i = 1; i <= count; i++) {
            ObjectNode property = properties.putObject("champ_" + i);
            property.put("type", random.nextBoolean() ? "string" : "integer");
            property.put("description", FrenchText.sentences(random, 1));
        }
        ArrayNode required = object.putArray("required");
        properties.propertyNames().forEach(required::add);
        return object.toString();
    }

    private JsonNode pickEnum(JsonNode values) {
        return values.get(random.nextInt(values.size())).deepCopy();
    }

    private static String typeOf(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isString()) {
            return type.stringValue();
        }
        if (type != null && type.isArray()) {
            for (JsonNode candidate : type) {
                if (!"null".equals(candidate.stringValue())) {
                    return candidate.stringValue();
                }
            }
            return "null";
        }
        if (schema.has("properties")) {
            return "object";
        }
        if (schema.has("items")) {
            return "array";
        }
        return "string";
    }

    private static boolean allowsNull(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (schema.path("nullable").asBoolean(false)) {
            return true;
        }
        if (type != null && type.isArray()) {
            for (JsonNode candidate : type) {
                if ("null".equals(candidate.stringValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    private JsonNode firstNonNullBranch(JsonNode branches) {
        for (JsonNode branch : branches) {
            JsonNode resolved = branch.has("$ref") ? resolve(branch.get("$ref").stringValue()) : branch;
            if (!"null".equals(resolved.path("type").asString(""))) {
                return branch;
            }
        }
        return branches.get(0);
    }

    private JsonNode nullBranch(JsonNode branches) {
        for (JsonNode branch : branches) {
            JsonNode resolved = branch.has("$ref") ? resolve(branch.get("$ref").stringValue()) : branch;
            if ("null".equals(resolved.path("type").asString(""))) {
                return branch;
            }
        }
        return null;
    }

    /** Merges the allOf branches (and the sibling keywords) into one schema; properties are united. */
    private JsonNode mergeAllOf(JsonNode schema) {
        ObjectNode merged = ((ObjectNode) schema).deepCopy();
        merged.remove("allOf");
        ObjectNode properties = merged.has("properties") ? (ObjectNode) merged.get("properties") : merged.putObject("properties");
        for (JsonNode branch : schema.get("allOf")) {
            JsonNode resolved = branch.has("$ref") ? resolve(branch.get("$ref").stringValue()) : branch;
            for (Map.Entry<String, JsonNode> entry : resolved.properties()) {
                if ("properties".equals(entry.getKey())) {
                    for (Map.Entry<String, JsonNode> property : entry.getValue().properties()) {
                        properties.set(property.getKey(), property.getValue());
                    }
                } else if (!merged.has(entry.getKey())) {
                    merged.set(entry.getKey(), entry.getValue());
                }
            }
        }
        if (properties.isEmpty()) {
            merged.remove("properties");
        }
        return merged;
    }

    private JsonNode resolve(String ref) {
        if (ref == null || !ref.startsWith("#")) {
            throw new IllegalArgumentException("only local $ref are supported: " + ref);
        }
        JsonNode target = root.at(JsonPointer.compile(ref.substring(1)));
        if (target.isMissingNode()) {
            throw new IllegalArgumentException("unresolvable $ref " + ref);
        }
        return target;
    }

    private static boolean contains(ArrayNode array, JsonNode item) {
        for (Iterator<JsonNode> it = array.iterator(); it.hasNext(); ) {
            if (it.next().equals(item)) {
                return true;
            }
        }
        return false;
    }
}
