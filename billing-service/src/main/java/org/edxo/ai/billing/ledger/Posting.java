package org.edxo.ai.billing.ledger;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;

/**
 * A change to post to a user's account. {@code change} is signed: a credit when positive, a debit
 * when negative, applied to the available balance. {@code heldChange} moves money into (+) or out of
 * (−) the account's {@code held} column in the same step. The idempotency key makes posting it twice
 * have the effect of posting it once. {@code shortfall} says what a debit larger than the balance does.
 * {@code taskId}, {@code model}, {@code tokens}, {@code reason}, {@code actor}, {@code attempt},
 * {@code section} and {@code taskKind} may be null.
 */
public record Posting(String userId, EntryKind kind, BigDecimal change, BigDecimal heldChange, Shortfall shortfall,
                      String idempotencyKey, UUID taskId, Integer attempt, String model, Tokens tokens,
                      String section, String taskKind, String reason, String actor) {

    /** What a debit larger than the available balance does. */
    public enum Shortfall {
        /** Takes what the balance holds and records the rest as {@code uncovered} (a usage already spent). */
        TAKE_WHAT_IS_THERE,
        /** Refuses the whole posting with an {@link InsufficientBalanceException} (holds, adjustments). */
        REFUSE
    }

    public Posting {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(heldChange, "heldChange");
        Objects.requireNonNull(shortfall, "shortfall");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    public static Posting topUp(String userId, BigDecimal amount, String idempotencyKey, String reason, String actor) {
        return new Posting(userId, EntryKind.TOP_UP, amount, BigDecimal.ZERO, Shortfall.REFUSE, idempotencyKey,
                null, null, null, null, null, null, reason, actor);
    }

    /** A signed admin correction; never takes the balance below zero. */
    public static Posting adjustment(String userId, BigDecimal amount, String idempotencyKey, String reason,
                                     String actor) {
        return new Posting(userId, EntryKind.ADJUSTMENT, amount, BigDecimal.ZERO, Shortfall.REFUSE, idempotencyKey,
                null, null, null, null, null, null, reason, actor);
    }

    /** The real cost of a model call, debited from the available balance. */
    public static Posting capture(String userId, BigDecimal cost, String idempotencyKey, UUID taskId, Integer attempt,
                                  String model, Tokens tokens, String section, String taskKind) {
        return new Posting(userId, EntryKind.CAPTURE, cost.negate(), BigDecimal.ZERO, Shortfall.TAKE_WHAT_IS_THERE,
                idempotencyKey, taskId, attempt, model, tokens, section, taskKind, taskKind, null);
    }

    /** Moves the worst-case cost of a call from the balance to {@code held}; refused when the balance is short. */
    public static Posting hold(String userId, BigDecimal amount, String idempotencyKey, UUID taskId, int attempt,
                               String model) {
        return new Posting(userId, EntryKind.HOLD, amount.negate(), amount, Shortfall.REFUSE, idempotencyKey,
                taskId, attempt, model, null, null, null, null, null);
    }

    /** Gives a hold back: from {@code held} to the balance. */
    public static Posting release(String userId, BigDecimal amount, String idempotencyKey, UUID taskId, int attempt,
                                  String model, String reason) {
        return new Posting(userId, EntryKind.RELEASE, amount, amount.negate(), Shortfall.REFUSE, idempotencyKey,
                taskId, attempt, model, null, null, null, reason, null);
    }
}
