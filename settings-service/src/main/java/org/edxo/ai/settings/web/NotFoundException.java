package org.edxo.ai.settings.web;

/** Answered 404 with its message as {@code error}. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
