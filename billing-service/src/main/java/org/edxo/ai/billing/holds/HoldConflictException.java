package org.edxo.ai.billing.holds;

/** A hold key ({@code task_id}, {@code attempt}) already used for another user or model; answered 409. */
public class HoldConflictException extends RuntimeException {

    public HoldConflictException() {
        super("Une réservation existe déjà pour cette tâche et cette tentative, avec d'autres paramètres.");
    }
}
