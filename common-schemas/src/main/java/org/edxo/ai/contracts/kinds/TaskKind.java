package org.edxo.ai.contracts.kinds;

/**
 * What every task kind declares (DESIGN §4).
 *
 * @param id               the kind id, also the routing key of its commands
 * @param section          the settings section the worker reads
 * @param inputSchema      classpath location of the JSON Schema of {@code data.input}
 * @param outputSchemaName the strict Structured Outputs format name sent to the model
 * @param outputSchema     classpath location of the strict output schema sent to the model
 * @param resultSchema     classpath location of the schema of the final payload clients receive
 */
public record TaskKind(
        String id,
        String section,
        String inputSchema,
        String outputSchemaName,
        String outputSchema,
        String resultSchema) {
}
