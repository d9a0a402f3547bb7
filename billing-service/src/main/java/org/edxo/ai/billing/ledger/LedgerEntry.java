package org.edxo.ai.billing.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One stored ledger row. {@code amount} is the signed change applied to the balance; {@code uncovered}
 * is the part of a debit the balance could not pay. {@code tokens} is null for entries without a model call.
 */
public record LedgerEntry(UUID id, String userId, EntryKind kind, BigDecimal amount, BigDecimal balanceAfter,
                          BigDecimal uncovered, String idempotencyKey, UUID taskId, String model, Tokens tokens,
                          String reason, String actor, Instant createdAt) {
}
