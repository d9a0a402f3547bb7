package org.edxo.ai.contracts.messages;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/**
 * What happened to a task. The wire name is the envelope's {@code type}; the routing key on
 * {@code edxo.task.events} is {@code <kind>.<routingSuffix>}.
 */
public enum TaskEventType {
    STARTED("task.started", "started", false),
    PROGRESS("task.progress", "progress", false),
    OUTPUT_DELTA("task.output.delta", "output_delta", false),
    REASONING_DELTA("task.reasoning.delta", "reasoning_delta", false),
    /** The model call restarts: clients drop what they streamed so far. */
    RESET("task.reset", "reset", false),
    SUCCEEDED("task.succeeded", "succeeded", true),
    FAILED("task.failed", "failed", true),
    REVOKED("task.revoked", "revoked", true),
    /** The command itself was invalid; it went to the dead-letter queue. */
    REJECTED("task.rejected", "rejected", true);

    private final String wireName;
    private final String routingSuffix;
    private final boolean terminal;

    TaskEventType(String wireName, String routingSuffix, boolean terminal) {
        this.wireName = wireName;
        this.routingSuffix = routingSuffix;
        this.terminal = terminal;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public String routingSuffix() {
        return routingSuffix;
    }

    public boolean terminal() {
        return terminal;
    }

    @JsonCreator
    public static TaskEventType fromWireName(String name) {
        return Arrays.stream(values())
                .filter(t -> t.wireName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown task event type: " + name));
    }
}
