package org.edxo.ai.billing.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.edxo.ai.billing.web.MoneyFormat;

import java.math.BigDecimal;
import java.util.UUID;

/** JSON shapes of the account routes (snake_case, money as 6-decimal strings). */
final class AccountViews {

    private AccountViews() {
    }

    record Account(@JsonProperty("user_id") String userId, @JsonProperty("balance") String balance) {
        static Account of(String userId, BigDecimal balance) {
            return new Account(userId, MoneyFormat.format(balance));
        }
    }

    record TopUp(@JsonProperty("user_id") String userId, @JsonProperty("balance") String balance,
                 @JsonProperty("entry_id") UUID entryId) {
        static TopUp of(LedgerEntry entry) {
            return new TopUp(entry.userId(), MoneyFormat.format(entry.balanceAfter()), entry.id());
        }
    }

    record Entry(@JsonProperty("id") UUID id,
                 @JsonProperty("kind") String kind,
                 @JsonProperty("amount") String amount,
                 @JsonProperty("balance_after") String balanceAfter,
                 @JsonProperty("uncovered") String uncovered,
                 @JsonProperty("task_id") UUID taskId,
                 @JsonProperty("model") String model,
                 @JsonProperty("input_tokens") Long inputTokens,
                 @JsonProperty("cached_input_tokens") Long cachedInputTokens,
                 @JsonProperty("output_tokens") Long outputTokens,
                 @JsonProperty("reasoning_tokens") Long reasoningTokens,
                 @JsonProperty("reason") String reason,
                 @JsonProperty("actor") String actor,
                 @JsonProperty("created_at") String createdAt) {

        static Entry of(LedgerEntry entry) {
            Tokens tokens = entry.tokens();
            return new Entry(entry.id(), entry.kind().dbValue(), MoneyFormat.format(entry.amount()),
                    MoneyFormat.format(entry.balanceAfter()), MoneyFormat.format(entry.uncovered()),
                    entry.taskId(), entry.model(),
                    tokens == null ? null : tokens.input(),
                    tokens == null ? null : tokens.cachedInput(),
                    tokens == null ? null : tokens.output(),
                    tokens == null ? null : tokens.reasoning(),
                    entry.reason(), entry.actor(), entry.createdAt().toString());
        }
    }
}
