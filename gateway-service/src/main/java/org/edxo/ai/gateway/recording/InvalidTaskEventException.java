package org.edxo.ai.gateway.recording;

/** A message that can never be recorded: not retried, dead-lettered at once (see application.yml). */
public class InvalidTaskEventException extends RuntimeException {

    public InvalidTaskEventException(String reason) {
        super("invalid task event: " + reason);
    }
}
