package org.edxo.ai.contracts.kinds;

import java.util.List;

/**
 * What every task kind declares (DESIGN §4).
 *
 * @param id           the kind id, also the routing key of its commands
 * @param section      the settings section of its (first) model call
 * @param inputSchema  classpath location of the JSON Schema of {@code data.input}
 * @param outputs      the strict output formats of its model calls, in call order (most kinds make one call)
 * @param resultSchema classpath location of the schema of the final payload clients receive
 */
public record TaskKind(String id, String section, String inputSchema, List<OutputFormat> outputs, String resultSchema) {

    public TaskKind {
        outputs = List.copyOf(outputs);
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("a task kind asks the model for at least one output");
        }
    }

    public TaskKind(String id, String section, String inputSchema, OutputFormat output, String resultSchema) {
        this(id, section, inputSchema, List.of(output), resultSchema);
    }

    /** The output format of the first model call. */
    public OutputFormat output() {
        return outputs.get(0);
    }

    /** Classpath location of the first call's output schema. */
    public String outputSchema() {
        return output().schema();
    }
}
