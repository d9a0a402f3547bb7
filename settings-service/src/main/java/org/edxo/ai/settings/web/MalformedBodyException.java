package org.edxo.ai.settings.web;

/** A body that is not a JSON object at all: answered 400 before anything else is looked at. */
public class MalformedBodyException extends RuntimeException {

    public MalformedBodyException(String message) {
        super(message);
    }
}
