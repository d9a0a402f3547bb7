package org.edxo.ai.billing.reports;

import org.edxo.ai.billing.ledger.Ledger;
import org.edxo.ai.billing.ledger.LedgerEntry;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Read-only queries of the ledger for statements and usage reports. */
@Repository
public class Reports {

    /** Largest statement served at once; a longer period is asked in parts. */
    static final int MAX_STATEMENT_ENTRIES = 10_000;

    /** group_by value → the ledger column it groups on (never user input in the SQL). */
    static final Map<String, String> GROUP_COLUMNS = Map.of(
            "user", "user_id", "model", "model", "section", "section", "kind", "task_kind");

    private final DatabaseClient db;

    public Reports(DatabaseClient db) {
        this.db = db;
    }

    /** The balance after the user's last entry written before {@code at}, 0 if none. */
    Mono<BigDecimal> balanceBefore(String userId, Instant at) {
        return db.sql("SELECT balance_after FROM billing.ledger_entries WHERE user_id = :userId AND created_at < :at"
                        + " ORDER BY seq DESC LIMIT 1")
                .bind("userId", userId)
                .bind("at", at)
                .map(row -> row.get("balance_after", BigDecimal.class))
                .one()
                .defaultIfEmpty(BigDecimal.ZERO);
    }

    Flux<LedgerEntry> entries(String userId, Period period) {
        return db.sql("SELECT " + Ledger.ENTRY_COLUMNS + " FROM billing.ledger_entries WHERE user_id = :userId"
                        + " AND created_at >= :from AND created_at < :to ORDER BY seq LIMIT :limit")
                .bind("userId", userId)
                .bind("from", period.from())
                .bind("to", period.to())
                .bind("limit", MAX_STATEMENT_ENTRIES + 1)
                .map(Ledger::toEntry)
                .all();
    }

    /** One usage row per group: calls, tokens, cost (priced) and uncovered part of the captures of the period. */
    record UsageGroup(String key, long calls, long inputTokens, long cachedInputTokens, long outputTokens,
                      long reasoningTokens, BigDecimal cost, BigDecimal uncovered) {
    }

    Mono<List<UsageGroup>> usage(Period period, String groupBy) {
        String column = GROUP_COLUMNS.get(groupBy);
        return db.sql("SELECT " + column + " AS group_key, count(*) AS calls,"
                        + " coalesce(sum(input_tokens), 0) AS input_tokens,"
                        + " coalesce(sum(cached_input_tokens), 0) AS cached_input_tokens,"
                        + " coalesce(sum(output_tokens), 0) AS output_tokens,"
                        + " coalesce(sum(reasoning_tokens), 0) AS reasoning_tokens,"
                        + " coalesce(sum(uncovered - amount), 0) AS cost, coalesce(sum(uncovered), 0) AS uncovered"
                        + " FROM billing.ledger_entries WHERE kind = 'capture' AND created_at >= :from AND created_at < :to"
                        + " GROUP BY " + column + " ORDER BY cost DESC, group_key")
                .bind("from", period.from())
                .bind("to", period.to())
                .map(row -> new UsageGroup(row.get("group_key", String.class),
                        row.get("calls", Long.class),
                        row.get("input_tokens", BigDecimal.class).longValueExact(),
                        row.get("cached_input_tokens", BigDecimal.class).longValueExact(),
                        row.get("output_tokens", BigDecimal.class).longValueExact(),
                        row.get("reasoning_tokens", BigDecimal.class).longValueExact(),
                        row.get("cost", BigDecimal.class),
                        row.get("uncovered", BigDecimal.class)))
                .all()
                .collectList();
    }
}
