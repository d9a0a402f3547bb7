package org.edxo.ai.settings.web;

/** A valid request that the current state forbids: answered 409 with its message as {@code error}. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
