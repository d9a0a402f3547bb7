package org.edxo.ai.billing.ledger;

import org.edxo.ai.billing.web.MoneyFormat;

import java.math.BigDecimal;

/** An adjustment that would take a balance below zero; answered 409, nothing written. */
public class BalanceWouldBeNegativeException extends RuntimeException {

    public BalanceWouldBeNegativeException(BigDecimal balance) {
        super("Ajustement refusé : le solde (" + MoneyFormat.format(balance) + ") ne peut pas devenir négatif.");
    }
}
