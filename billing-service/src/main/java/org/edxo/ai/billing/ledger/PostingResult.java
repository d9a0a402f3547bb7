package org.edxo.ai.billing.ledger;

/**
 * @param entry   the entry for the posting's idempotency key: the new one, or the one stored earlier
 * @param applied false when the key was already used, so nothing changed this time
 * @param account the account after the posting (unchanged when not applied)
 */
public record PostingResult(LedgerEntry entry, boolean applied, AccountState account) {
}
