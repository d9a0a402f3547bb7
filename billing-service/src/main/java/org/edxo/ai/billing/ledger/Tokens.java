package org.edxo.ai.billing.ledger;

/** Token counts of a model call, as the usage message reports them (cached within input, reasoning within output). */
public record Tokens(long input, long cachedInput, long output, long reasoning) {
}
