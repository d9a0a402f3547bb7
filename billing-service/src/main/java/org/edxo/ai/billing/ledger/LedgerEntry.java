package org.edxo.ai.billing.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One stored ledger row. {@code amount} is the signed change applied to the available balance;
 * {@code uncovered} is the part of a debit the balance could not pay. {@code tokens} is null for
 * entries without a model call.
 */
public record LedgerEntry(UUID id, long seq, String userId, EntryKind kind, BigDecimal amount,
                          BigDecimal balanceAfter, BigDecimal uncovered, String idempotencyKey, UUID taskId,
                          Integer attempt, String model, Tokens tokens, String section, String taskKind,
                          String reason, String actor, Instant createdAt) {
}
