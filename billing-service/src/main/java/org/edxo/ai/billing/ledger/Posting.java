package org.edxo.ai.billing.ledger;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;

/**
 * A change to post to a user's account. {@code change} is signed: a credit when positive, a debit
 * when negative. The idempotency key makes posting it twice have the effect of posting it once.
 * {@code taskId}, {@code model}, {@code tokens}, {@code reason} and {@code actor} may be null.
 */
public record Posting(String userId, EntryKind kind, BigDecimal change, String idempotencyKey, UUID taskId,
                      String model, Tokens tokens, String reason, String actor) {

    public Posting {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    public static Posting topUp(String userId, BigDecimal amount, String idempotencyKey, String reason, String actor) {
        return new Posting(userId, EntryKind.TOP_UP, amount, idempotencyKey, null, null, null, reason, actor);
    }

    public static Posting capture(String userId, BigDecimal cost, String idempotencyKey, UUID taskId, String model,
                                  Tokens tokens, String reason) {
        return new Posting(userId, EntryKind.CAPTURE, cost.negate(), idempotencyKey, taskId, model, tokens, reason, null);
    }
}
