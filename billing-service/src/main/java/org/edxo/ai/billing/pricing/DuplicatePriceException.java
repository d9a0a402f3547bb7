package org.edxo.ai.billing.pricing;

/** A price for a model and an effective date that already has one; answered 409. */
public class DuplicatePriceException extends RuntimeException {

    public DuplicatePriceException(PriceBookEntry entry) {
        super("Un prix existe déjà pour le modèle '" + entry.model() + "' à partir de " + entry.effectiveFrom() + ".");
    }
}
