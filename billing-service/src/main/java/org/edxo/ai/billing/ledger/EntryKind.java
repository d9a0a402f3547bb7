package org.edxo.ai.billing.ledger;

import java.util.Arrays;

/** What a ledger entry records; {@link #dbValue()} is the text stored in {@code billing.ledger_entries.kind}. */
public enum EntryKind {
    /** Worst-case cost set aside before a model call (later issue). */
    HOLD("hold"),
    /** Actual cost of a model call, from a usage message. */
    CAPTURE("capture"),
    /** Unused part of a hold given back (later issue). */
    RELEASE("release"),
    /** Credits added by an admin. */
    TOP_UP("top_up"),
    /** Manual correction. */
    ADJUSTMENT("adjustment");

    private final String dbValue;

    EntryKind(String dbValue) {
        this.dbValue = dbValue;
    }

    public String dbValue() {
        return dbValue;
    }

    public static EntryKind fromDb(String value) {
        return Arrays.stream(values()).filter(kind -> kind.dbValue.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown ledger entry kind " + value));
    }
}
