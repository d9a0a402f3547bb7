package org.edxo.ai.billing.ledger;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Accounts and their append-only ledger. Every change of a balance is one entry written in the same
 * transaction as the balance, under the account's row lock, and keyed by an idempotency key: a
 * repeated posting finds its earlier entry and changes nothing (field notes B.3).
 */
@Service
public class Ledger {

    private static final String ENTRY_COLUMNS = "id, user_id, kind, amount, balance_after, uncovered, idempotency_key,"
            + " task_id, model, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens, reason, actor,"
            + " created_at";

    private final DatabaseClient db;
    private final TransactionalOperator transactions;

    public Ledger(DatabaseClient db, TransactionalOperator transactions) {
        this.db = db;
        this.transactions = transactions;
    }

    /** The user's balance; 0 for a user who has no account row yet. */
    public Mono<BigDecimal> balance(String userId) {
        return db.sql("SELECT balance FROM billing.accounts WHERE user_id = :userId")
                .bind("userId", userId)
                .map(row -> row.get("balance", BigDecimal.class))
                .one()
                .defaultIfEmpty(BigDecimal.ZERO.setScale(6));
    }

    /** The user's entries, newest first. */
    public Flux<LedgerEntry> entries(String userId, int limit) {
        return db.sql("SELECT " + ENTRY_COLUMNS + " FROM billing.ledger_entries WHERE user_id = :userId"
                        + " ORDER BY seq DESC LIMIT :limit")
                .bind("userId", userId)
                .bind("limit", limit)
                .map(Ledger::toEntry)
                .all();
    }

    /**
     * Posts a change in one transaction. A credit is applied in full. A debit takes what the balance
     * holds, at most the amount asked, and records the rest as {@code uncovered}: the balance never
     * goes below zero (until holds make shortfalls impossible).
     */
    public Mono<PostingResult> post(Posting posting) {
        Mono<PostingResult> work = lockBalance(posting.userId()).flatMap(balance -> {
            BigDecimal applied = posting.change().signum() >= 0 ? posting.change() : posting.change().max(balance.negate());
            BigDecimal uncovered = applied.subtract(posting.change());
            BigDecimal balanceAfter = balance.add(applied);
            return insertEntry(posting, applied, balanceAfter, uncovered)
                    .flatMap(entry -> updateBalance(posting.userId(), balanceAfter)
                            .thenReturn(new PostingResult(entry, true)))
                    .switchIfEmpty(Mono.defer(() -> entryByKey(posting.idempotencyKey())
                            .map(existing -> new PostingResult(existing, false))));
        });
        return transactions.transactional(work);
    }

    /** Creates the account if needed, then locks its row so that concurrent postings of one user serialise. */
    private Mono<BigDecimal> lockBalance(String userId) {
        return db.sql("INSERT INTO billing.accounts (user_id) VALUES (:userId) ON CONFLICT (user_id) DO NOTHING")
                .bind("userId", userId)
                .fetch().rowsUpdated()
                .then(db.sql("SELECT balance FROM billing.accounts WHERE user_id = :userId FOR UPDATE")
                        .bind("userId", userId)
                        .map(row -> row.get("balance", BigDecimal.class))
                        .one());
    }

    /** Inserts the entry unless its idempotency key exists; empty when it does. */
    private Mono<LedgerEntry> insertEntry(Posting posting, BigDecimal amount, BigDecimal balanceAfter,
                                          BigDecimal uncovered) {
        Tokens tokens = posting.tokens();
        return db.sql("INSERT INTO billing.ledger_entries (id, user_id, kind, amount, balance_after, uncovered,"
                        + " idempotency_key, task_id, model, input_tokens, cached_input_tokens, output_tokens,"
                        + " reasoning_tokens, reason, actor)"
                        + " VALUES (:id, :userId, :kind, :amount, :balanceAfter, :uncovered, :key, :taskId, :model,"
                        + " :input, :cached, :output, :reasoning, :reason, :actor)"
                        + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING " + ENTRY_COLUMNS)
                .bind("id", UUID.randomUUID())
                .bind("userId", posting.userId())
                .bind("kind", posting.kind().dbValue())
                .bind("amount", amount)
                .bind("balanceAfter", balanceAfter)
                .bind("uncovered", uncovered)
                .bind("key", posting.idempotencyKey())
                .bind("taskId", Parameter.fromOrEmpty(posting.taskId(), UUID.class))
                .bind("model", Parameter.fromOrEmpty(posting.model(), String.class))
                .bind("input", Parameter.fromOrEmpty(tokens == null ? null : tokens.input(), Long.class))
                .bind("cached", Parameter.fromOrEmpty(tokens == null ? null : tokens.cachedInput(), Long.class))
                .bind("output", Parameter.fromOrEmpty(tokens == null ? null : tokens.output(), Long.class))
                .bind("reasoning", Parameter.fromOrEmpty(tokens == null ? null : tokens.reasoning(), Long.class))
                .bind("reason", Parameter.fromOrEmpty(posting.reason(), String.class))
                .bind("actor", Parameter.fromOrEmpty(posting.actor(), String.class))
                .map(Ledger::toEntry)
                .one();
    }

    private Mono<Long> updateBalance(String userId, BigDecimal balance) {
        return db.sql("UPDATE billing.accounts SET balance = :balance, updated_at = now() WHERE user_id = :userId")
                .bind("balance", balance)
                .bind("userId", userId)
                .fetch().rowsUpdated();
    }

    private Mono<LedgerEntry> entryByKey(String idempotencyKey) {
        return db.sql("SELECT " + ENTRY_COLUMNS + " FROM billing.ledger_entries WHERE idempotency_key = :key")
                .bind("key", idempotencyKey)
                .map(Ledger::toEntry)
                .one();
    }

    private static LedgerEntry toEntry(Readable row) {
        Long input = row.get("input_tokens", Long.class);
        Tokens tokens = input == null ? null : new Tokens(input,
                orZero(row.get("cached_input_tokens", Long.class)),
                orZero(row.get("output_tokens", Long.class)),
                orZero(row.get("reasoning_tokens", Long.class)));
        return new LedgerEntry(
                row.get("id", UUID.class),
                row.get("user_id", String.class),
                EntryKind.fromDb(row.get("kind", String.class)),
                row.get("amount", BigDecimal.class),
                row.get("balance_after", BigDecimal.class),
                row.get("uncovered", BigDecimal.class),
                row.get("idempotency_key", String.class),
                row.get("task_id", UUID.class),
                row.get("model", String.class),
                tokens,
                row.get("reason", String.class),
                row.get("actor", String.class),
                row.get("created_at", Instant.class));
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
