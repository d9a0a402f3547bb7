package org.edxo.ai.contracts.kinds;

/**
 * A strict Structured Outputs format the worker asks the model for (DESIGN §4): every property
 * required, {@code additionalProperties: false}.
 *
 * @param name   the format name sent to the model ({@code text.format.name})
 * @param schema classpath location of the JSON Schema
 */
public record OutputFormat(String name, String schema) {
}
