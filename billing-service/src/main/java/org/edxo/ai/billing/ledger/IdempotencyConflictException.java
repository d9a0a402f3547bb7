package org.edxo.ai.billing.ledger;

/** An idempotency key reused for a different request; answered 409 rather than replaying the wrong result. */
public class IdempotencyConflictException extends RuntimeException {

    public IdempotencyConflictException() {
        super("Clé d'idempotence déjà utilisée pour une autre demande.");
    }
}
