package org.edxo.ai.simulator.files;

import java.util.Locale;

/** The Files API calls a fault can target ({@code "target": "files.create"} on {@code POST /sim/faults}). */
public enum FileOperation {
    /** {@code POST /v1/files}. */
    CREATE,
    /** {@code DELETE /v1/files/{id}}. */
    DELETE;

    public String wireName() {
        return "files." + name().toLowerCase(Locale.ROOT);
    }

    public static FileOperation fromWireName(String name) {
        for (FileOperation operation : values()) {
            if (operation.wireName().equals(name)) {
                return operation;
            }
        }
        throw new IllegalArgumentException("unknown fault target: " + name + " (responses, files.create or files.delete)");
    }
}
