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

    public static final String ENTRY_COLUMNS = "id, seq, user_id, kind, amount, balance_after, uncovered, idempotency_key,"
            + " task_id, attempt, model, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens, section,"
            + " task_kind, reason, actor, created_at";

    private final DatabaseClient db;
    private final TransactionalOperator transactions;

    public Ledger(DatabaseClient db, TransactionalOperator transactions) {
        this.db = db;
        this.transactions = transactions;
    }

    /** The user's account; zeros for a user who has no account row yet. */
    public Mono<AccountState> account(String userId) {
        return db.sql("SELECT balance, held FROM billing.accounts WHERE user_id = :userId")
                .bind("userId", userId)
                .map(row -> new AccountState(userId, row.get("balance", BigDecimal.class),
                        row.get("held", BigDecimal.class)))
                .one()
                .defaultIfEmpty(new AccountState(userId, BigDecimal.ZERO.setScale(6), BigDecimal.ZERO.setScale(6)));
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

    /** Posts a change in its own transaction, under the account's row lock. */
    public Mono<PostingResult> post(Posting posting) {
        return transactions.transactional(lock(posting.userId()).flatMap(account -> apply(posting, account)));
    }

    /** Runs {@code work} in one transaction. */
    public <T> Mono<T> inTransaction(Mono<T> work) {
        return transactions.transactional(work);
    }

    /**
     * Creates the account if needed, then locks its row so that concurrent postings of one user
     * serialise. Only inside a transaction ({@link #inTransaction}).
     */
    public Mono<AccountState> lock(String userId) {
        return db.sql("INSERT INTO billing.accounts (user_id) VALUES (:userId) ON CONFLICT (user_id) DO NOTHING")
                .bind("userId", userId)
                .fetch().rowsUpdated()
                .then(db.sql("SELECT balance, held FROM billing.accounts WHERE user_id = :userId FOR UPDATE")
                        .bind("userId", userId)
                        .map(row -> new AccountState(userId, row.get("balance", BigDecimal.class),
                                row.get("held", BigDecimal.class)))
                        .one());
    }

    /**
     * Applies a posting to an account locked by {@link #lock} in the current transaction. A key used
     * before returns its earlier entry and changes nothing. A credit is applied in full; a debit larger
     * than the balance is refused or partly taken, as {@link Posting#shortfall()} says, so the balance
     * never goes below zero.
     */
    public Mono<PostingResult> apply(Posting posting, AccountState account) {
        return entryByKey(posting.idempotencyKey())
                .map(existing -> new PostingResult(existing, false, account))
                .switchIfEmpty(Mono.defer(() -> {
                    BigDecimal balance = account.balance();
                    BigDecimal change = posting.change();
                    if (change.signum() < 0 && change.negate().compareTo(balance) > 0
                            && posting.shortfall() == Posting.Shortfall.REFUSE) {
                        return Mono.error(new InsufficientBalanceException(balance));
                    }
                    BigDecimal applied = change.signum() >= 0 ? change : change.max(balance.negate());
                    BigDecimal uncovered = applied.subtract(change);
                    AccountState after = new AccountState(account.userId(), balance.add(applied),
                            account.held().add(posting.heldChange()));
                    return insertEntry(posting, applied, after.balance(), uncovered)
                            .flatMap(entry -> updateAccount(after).thenReturn(new PostingResult(entry, true, after)))
                            // Same key inserted by another user's transaction meanwhile: report that one.
                            .switchIfEmpty(Mono.defer(() -> entryByKey(posting.idempotencyKey())
                                    .map(existing -> new PostingResult(existing, false, account))));
                }));
    }

    /** Inserts the entry unless its idempotency key exists; empty when it does. */
    private Mono<LedgerEntry> insertEntry(Posting posting, BigDecimal amount, BigDecimal balanceAfter,
                                          BigDecimal uncovered) {
        Tokens tokens = posting.tokens();
        return db.sql("INSERT INTO billing.ledger_entries (id, user_id, kind, amount, balance_after, uncovered,"
                        + " idempotency_key, task_id, attempt, model, input_tokens, cached_input_tokens, output_tokens,"
                        + " reasoning_tokens, section, task_kind, reason, actor)"
                        + " VALUES (:id, :userId, :kind, :amount, :balanceAfter, :uncovered, :key, :taskId, :attempt,"
                        + " :model, :input, :cached, :output, :reasoning, :section, :taskKind, :reason, :actor)"
                        + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING " + ENTRY_COLUMNS)
                .bind("id", UUID.randomUUID())
                .bind("userId", posting.userId())
                .bind("kind", posting.kind().dbValue())
                .bind("amount", amount)
                .bind("balanceAfter", balanceAfter)
                .bind("uncovered", uncovered)
                .bind("key", posting.idempotencyKey())
                .bind("taskId", Parameter.fromOrEmpty(posting.taskId(), UUID.class))
                .bind("attempt", Parameter.fromOrEmpty(posting.attempt(), Integer.class))
                .bind("model", Parameter.fromOrEmpty(posting.model(), String.class))
                .bind("input", Parameter.fromOrEmpty(tokens == null ? null : tokens.input(), Long.class))
                .bind("cached", Parameter.fromOrEmpty(tokens == null ? null : tokens.cachedInput(), Long.class))
                .bind("output", Parameter.fromOrEmpty(tokens == null ? null : tokens.output(), Long.class))
                .bind("reasoning", Parameter.fromOrEmpty(tokens == null ? null : tokens.reasoning(), Long.class))
                .bind("section", Parameter.fromOrEmpty(posting.section(), String.class))
                .bind("taskKind", Parameter.fromOrEmpty(posting.taskKind(), String.class))
                .bind("reason", Parameter.fromOrEmpty(posting.reason(), String.class))
                .bind("actor", Parameter.fromOrEmpty(posting.actor(), String.class))
                .map(Ledger::toEntry)
                .one();
    }

    private Mono<Long> updateAccount(AccountState account) {
        return db.sql("UPDATE billing.accounts SET balance = :balance, held = :held, updated_at = now()"
                        + " WHERE user_id = :userId")
                .bind("balance", account.balance())
                .bind("held", account.held())
                .bind("userId", account.userId())
                .fetch().rowsUpdated();
    }

    /** Whether an entry with this key exists (inside a transaction that locked its account: stable). */
    public Mono<Boolean> entryExists(String idempotencyKey) {
        return entryByKey(idempotencyKey).hasElement();
    }

    private Mono<LedgerEntry> entryByKey(String idempotencyKey) {
        return db.sql("SELECT " + ENTRY_COLUMNS + " FROM billing.ledger_entries WHERE idempotency_key = :key")
                .bind("key", idempotencyKey)
                .map(Ledger::toEntry)
                .one();
    }

    public static LedgerEntry toEntry(Readable row) {
        Long input = row.get("input_tokens", Long.class);
        Tokens tokens = input == null ? null : new Tokens(input,
                orZero(row.get("cached_input_tokens", Long.class)),
                orZero(row.get("output_tokens", Long.class)),
                orZero(row.get("reasoning_tokens", Long.class)));
        return new LedgerEntry(
                row.get("id", UUID.class),
                row.get("seq", Long.class),
                row.get("user_id", String.class),
                EntryKind.fromDb(row.get("kind", String.class)),
                row.get("amount", BigDecimal.class),
                row.get("balance_after", BigDecimal.class),
                row.get("uncovered", BigDecimal.class),
                row.get("idempotency_key", String.class),
                row.get("task_id", UUID.class),
                row.get("attempt", Integer.class),
                row.get("model", String.class),
                tokens,
                row.get("section", String.class),
                row.get("task_kind", String.class),
                row.get("reason", String.class),
                row.get("actor", String.class),
                row.get("created_at", Instant.class));
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
