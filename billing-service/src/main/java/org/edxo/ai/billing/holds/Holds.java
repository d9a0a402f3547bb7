package org.edxo.ai.billing.holds;

import io.r2dbc.spi.Readable;
import org.edxo.ai.billing.ledger.AccountState;
import org.edxo.ai.billing.ledger.Ledger;
import org.edxo.ai.billing.ledger.Posting;
import org.edxo.ai.billing.ledger.PostingResult;
import org.edxo.ai.billing.pricing.PriceBook;
import org.edxo.ai.contracts.money.TokenCost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Holds before spending (DESIGN §6). A hold moves a call's worst-case cost from the balance to
 * {@code held}, or is refused when the balance cannot cover it; it is settled exactly once, by the
 * call's usage (capture), by the worker (release: the call ended without usage) or by the sweeper
 * (expired). Every step runs under the account's row lock, in the transaction of its ledger entry.
 * Ledger keys: {@code hold:<task>:<attempt>}, {@code release:<task>:<attempt>} for a task's first call,
 * with {@code :<call>} appended for its later calls.
 */
@Service
public class Holds {

    private static final Logger log = LoggerFactory.getLogger(Holds.class);
    private static final String COLUMNS = "task_id, attempt, call_index, user_id, model, amount, hold_entry_id, created_at, settlement";

    private final DatabaseClient db;
    private final Ledger ledger;
    private final PriceBook priceBook;

    public Holds(DatabaseClient db, Ledger ledger, PriceBook priceBook) {
        this.db = db;
        this.ledger = ledger;
        this.priceBook = priceBook;
    }

    /** A hold and the account after it; {@code created} is false for a repeated request. */
    public record Placed(Hold hold, boolean created, AccountState account) {
    }

    /**
     * What a release did: {@code now} is false (and {@code released} 0) when the hold was already
     * settled, by {@code settlement}.
     */
    public record Settled(Hold hold, boolean now, BigDecimal released, String settlement, AccountState account) {
    }

    /**
     * Prices the worst case at the price in force now and holds it; an
     * {@link org.edxo.ai.billing.ledger.InsufficientBalanceException} when the balance cannot cover it.
     */
    public Mono<Placed> place(HoldRequest request) {
        return priceBook.priceAt(request.model(), Instant.now())
                .map(price -> TokenCost.of(request.maxInputTokens(), 0, request.maxOutputTokens(), price.toModelPrice()))
                .flatMap(amount -> ledger.inTransaction(ledger.lock(request.userId())
                        .flatMap(account -> find(request.taskId(), request.attempt(), request.call(), false)
                                .map(existing -> {
                                    if (!existing.userId().equals(request.userId()) || !existing.model().equals(request.model())) {
                                        throw new HoldConflictException();
                                    }
                                    return new Placed(existing, false, account);
                                })
                                .switchIfEmpty(Mono.defer(() -> ledger.apply(Posting.hold(request.userId(), amount,
                                                holdKey(request.taskId(), request.attempt(), request.call()), request.taskId(),
                                                request.attempt(), request.model()), account)
                                        .flatMap(result -> insert(request, amount, result)))))));
    }

    /**
     * Gives an open hold back in full ({@code settlement} = released or expired). Idempotent: a settled
     * hold is returned as it is. A {@link HoldNotFoundException} when there never was one.
     */
    public Mono<Settled> release(UUID taskId, int attempt, int call, String settlement) {
        return find(taskId, attempt, call, false)
                .switchIfEmpty(Mono.error(HoldNotFoundException::new))
                .flatMap(known -> ledger.inTransaction(ledger.lock(known.userId())
                        .flatMap(account -> find(taskId, attempt, call, true)
                                .flatMap(open -> settle(open, account, settlement)
                                        .map(after -> new Settled(open, true, open.amount(), settlement, after)))
                                .switchIfEmpty(Mono.defer(() -> find(taskId, attempt, call, false)
                                        .map(hold -> new Settled(hold, false, BigDecimal.ZERO.setScale(6),
                                                hold.settlement(), account)))))));
    }

    /**
     * Inside a transaction that locked {@code account}: releases the open hold of ({@code taskId},
     * {@code attempt}, {@code call}) if there is one, so that the usage's capture is then debited from the
     * balance. The account as it is afterwards.
     */
    public Mono<AccountState> settleForCapture(UUID taskId, int attempt, int call, AccountState account) {
        return find(taskId, attempt, call, true)
                .filter(open -> open.userId().equals(account.userId()))
                .flatMap(open -> settle(open, account, Hold.CAPTURED))
                .defaultIfEmpty(account);
    }

    /** Holds open since before {@code cutoff}, oldest first. */
    public Flux<Hold> openSince(Instant cutoff, int limit) {
        return db.sql("SELECT " + COLUMNS + " FROM billing.holds WHERE settlement IS NULL AND created_at < :cutoff"
                        + " ORDER BY created_at LIMIT :limit")
                .bind("cutoff", cutoff)
                .bind("limit", limit)
                .map(Holds::toHold)
                .all();
    }

    /** The release entry (whole hold back to the balance) and the hold's settlement, in the caller's transaction. */
    private Mono<AccountState> settle(Hold open, AccountState account, String settlement) {
        return ledger.apply(Posting.release(open.userId(), open.amount(),
                        releaseKey(open.taskId(), open.attempt(), open.call()),
                        open.taskId(), open.attempt(), open.model(), settlement), account)
                .flatMap(result -> db.sql("UPDATE billing.holds SET settlement = :settlement, settled_at = now()"
                                + " WHERE task_id = :taskId AND attempt = :attempt AND call_index = :call"
                                + " AND settlement IS NULL")
                        .bind("settlement", settlement)
                        .bind("taskId", open.taskId())
                        .bind("attempt", open.attempt())
                        .bind("call", open.call())
                        .fetch().rowsUpdated()
                        .thenReturn(result.account()))
                .doOnNext(after -> log.debug("hold {}:{}:{} of {} {} ({} $)", open.taskId(), open.attempt(), open.call(),
                        open.userId(), settlement, open.amount().toPlainString()));
    }

    private Mono<Placed> insert(HoldRequest request, BigDecimal amount, PostingResult result) {
        return db.sql("INSERT INTO billing.holds (task_id, attempt, call_index, user_id, model, amount, hold_entry_id)"
                        + " VALUES (:taskId, :attempt, :call, :userId, :model, :amount, :entryId) RETURNING " + COLUMNS)
                .bind("taskId", request.taskId())
                .bind("attempt", request.attempt())
                .bind("call", request.call())
                .bind("userId", request.userId())
                .bind("model", request.model())
                .bind("amount", amount)
                .bind("entryId", result.entry().id())
                .map(Holds::toHold)
                .one()
                .map(hold -> new Placed(hold, true, result.account()));
    }

    /**
     * @param openForUpdate only an open hold, row-locked (SKIP LOCKED: a hold another transaction is
     *                      settling is left to it)
     */
    private Mono<Hold> find(UUID taskId, int attempt, int call, boolean openForUpdate) {
        return db.sql("SELECT " + COLUMNS + " FROM billing.holds"
                        + " WHERE task_id = :taskId AND attempt = :attempt AND call_index = :call"
                        + (openForUpdate ? " AND settlement IS NULL FOR UPDATE SKIP LOCKED" : ""))
                .bind("taskId", taskId)
                .bind("attempt", attempt)
                .bind("call", call)
                .map(Holds::toHold)
                .one();
    }

    static String holdKey(UUID taskId, int attempt, int call) {
        return "hold:" + callKey(taskId, attempt, call);
    }

    static String releaseKey(UUID taskId, int attempt, int call) {
        return "release:" + callKey(taskId, attempt, call);
    }

    /** The first call keeps the key it had before tasks made several calls. */
    private static String callKey(UUID taskId, int attempt, int call) {
        return taskId + ":" + attempt + (call == 1 ? "" : ":" + call);
    }

    private static Hold toHold(Readable row) {
        return new Hold(row.get("task_id", UUID.class), row.get("attempt", Integer.class),
                row.get("call_index", Integer.class),
                row.get("user_id", String.class), row.get("model", String.class),
                row.get("amount", BigDecimal.class), row.get("hold_entry_id", UUID.class),
                row.get("created_at", Instant.class), row.get("settlement", String.class));
    }
}
