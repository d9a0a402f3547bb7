package org.edxo.ai.billing.pricing;

/** No price in force for a model: the original's message, so that EDxo users read the same text. */
public class UnknownModelException extends RuntimeException {

    public UnknownModelException(String model) {
        super("Modèle '" + model + "' non trouvé dans la base de données.");
    }
}
