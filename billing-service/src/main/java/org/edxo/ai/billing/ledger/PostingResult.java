package org.edxo.ai.billing.ledger;

/**
 * @param entry   the entry for the posting's idempotency key: the new one, or the one stored earlier
 * @param applied false when the key was already used, so nothing changed this time
 */
public record PostingResult(LedgerEntry entry, boolean applied) {
}
