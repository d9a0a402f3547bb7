package org.edxo.ai.billing.holds;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code billing.holds}: the worst case of model call {@code call} (from 1) of one attempt of a
 * task; {@code settlement} is null while the hold is open.
 */
public record Hold(UUID taskId, int attempt, int call, String userId, String model, BigDecimal amount, UUID holdEntryId,
                   Instant createdAt, String settlement) {

    public static final String CAPTURED = "captured";
    public static final String RELEASED = "released";
    public static final String EXPIRED = "expired";
}
