package org.edxo.ai.gateway.recording;

/** A message that can never be recorded: rejected at once, so the recorder queue dead-letters it. */
public class InvalidTaskEventException extends RuntimeException {

    public InvalidTaskEventException(String reason) {
        super("invalid task event: " + reason);
    }
}
