package org.edxo.ai.billing.ledger;

import java.math.BigDecimal;

/** A debit the available balance cannot cover, refused as a whole (nothing was written). */
public class InsufficientBalanceException extends RuntimeException {

    private final BigDecimal balance;

    public InsufficientBalanceException(BigDecimal balance) {
        super("Crédits insuffisants pour cette opération.");
        this.balance = balance;
    }

    /** The available balance when the debit was refused. */
    public BigDecimal balance() {
        return balance;
    }
}
