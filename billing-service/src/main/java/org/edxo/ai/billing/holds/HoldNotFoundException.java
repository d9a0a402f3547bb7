package org.edxo.ai.billing.holds;

/** No hold for a ({@code task_id}, {@code attempt}); answered 404. */
public class HoldNotFoundException extends RuntimeException {

    public HoldNotFoundException() {
        super("Aucune réservation de crédits pour cette tâche et cette tentative.");
    }
}
