package org.edxo.ai.settings.web;

import java.util.List;

/** Input that parsed but breaks a rule: answered 400 "Paramètres invalides." with one entry per field. */
public class InvalidRequestException extends RuntimeException {

    private final transient List<FieldError> details;

    public InvalidRequestException(List<FieldError> details) {
        super("invalid parameters: " + details);
        this.details = List.copyOf(details);
    }

    public List<FieldError> details() {
        return details;
    }
}
