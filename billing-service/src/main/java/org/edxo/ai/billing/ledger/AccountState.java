package org.edxo.ai.billing.ledger;

import java.math.BigDecimal;

/** An account as locked inside a transaction: available {@code balance} and money {@code held} for calls in flight. */
public record AccountState(String userId, BigDecimal balance, BigDecimal held) {
}
