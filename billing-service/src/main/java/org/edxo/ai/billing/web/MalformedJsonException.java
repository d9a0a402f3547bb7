package org.edxo.ai.billing.web;

/** A request body that is not a JSON object; answered 400. */
public class MalformedJsonException extends RuntimeException {

    public MalformedJsonException() {
        super("Corps de requête JSON invalide.");
    }
}
