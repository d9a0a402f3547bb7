package org.edxo.ai.billing.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.edxo.ai.billing.web.MoneyFormat;

import java.math.BigDecimal;
import java.util.UUID;

/** JSON shapes of the account routes (snake_case, money as 6-decimal strings). */
public final class AccountViews {

    private AccountViews() {
    }

    /** {@code balance} is what the user can still spend; {@code held} is set aside for calls in flight. */
    record Account(@JsonProperty("user_id") String userId, @JsonProperty("balance") String balance,
                   @JsonProperty("held") String held) {
        static Account of(AccountState account) {
            return new Account(account.userId(), MoneyFormat.format(account.balance()),
                    MoneyFormat.format(account.held()));
        }
    }

    record TopUp(@JsonProperty("user_id") String userId, @JsonProperty("balance") String balance,
                 @JsonProperty("entry_id") UUID entryId) {
        static TopUp of(LedgerEntry entry) {
            return new TopUp(entry.userId(), MoneyFormat.format(entry.balanceAfter()), entry.id());
        }
    }

    public record Entry(@JsonProperty("id") UUID id,
                 @JsonProperty("seq") long seq,
                 @JsonProperty("kind") String kind,
                 @JsonProperty("amount") String amount,
                 @JsonProperty("balance_after") String balanceAfter,
                 @JsonProperty("uncovered") String uncovered,
                 @JsonProperty("task_id") UUID taskId,
                 @JsonProperty("attempt") Integer attempt,
                 @JsonProperty("model") String model,
                 @JsonProperty("input_tokens") Long inputTokens,
                 @JsonProperty("cached_input_tokens") Long cachedInputTokens,
                 @JsonProperty("output_tokens") Long outputTokens,
                 @JsonProperty("reasoning_tokens") Long reasoningTokens,
                 @JsonProperty("section") String section,
                 @JsonProperty("task_kind") String taskKind,
                 @JsonProperty("reason") String reason,
                 @JsonProperty("actor") String actor,
                 @JsonProperty("created_at") String createdAt) {

        public static Entry of(LedgerEntry entry) {
            Tokens tokens = entry.tokens();
            return new Entry(entry.id(), entry.seq(), entry.kind().dbValue(), MoneyFormat.format(entry.amount()),
                    MoneyFormat.format(entry.balanceAfter()), MoneyFormat.format(entry.uncovered()),
                    entry.taskId(), entry.attempt(), entry.model(),
                    tokens == null ? null : tokens.input(),
                    tokens == null ? null : tokens.cachedInput(),
                    tokens == null ? null : tokens.output(),
                    tokens == null ? null : tokens.reasoning(),
                    entry.section(), entry.taskKind(), entry.reason(), entry.actor(), entry.createdAt().toString());
        }
    }
}
