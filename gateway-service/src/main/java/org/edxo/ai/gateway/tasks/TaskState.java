package org.edxo.ai.gateway.tasks;

import org.edxo.ai.contracts.messages.TaskEventType;

/** Task states, named as EDxo's clients expect them (reference §4.1). A queued task is PENDING, never REVOKED. */
public enum TaskState {
    PENDING, STARTED, PROGRESS, SUCCESS, FAILURE, REVOKED;

    public boolean terminal() {
        return this == SUCCESS || this == FAILURE || this == REVOKED;
    }

    /** The state a task is in right after an event of this type. */
    public static TaskState after(TaskEventType type) {
        return switch (type) {
            case STARTED -> STARTED;
            case PROGRESS, OUTPUT_DELTA, REASONING_DELTA, RESET -> PROGRESS;
            case SUCCEEDED -> SUCCESS;
            case FAILED, REJECTED -> FAILURE;
            case REVOKED -> REVOKED;
        };
    }
}
