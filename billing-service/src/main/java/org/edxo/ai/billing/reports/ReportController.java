package org.edxo.ai.billing.reports;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.edxo.ai.billing.ledger.AccountViews;
import org.edxo.ai.billing.ledger.LedgerEntry;
import org.edxo.ai.billing.ledger.Tokens;
import org.edxo.ai.billing.web.ApiError.FieldProblem;
import org.edxo.ai.billing.web.InvalidRequestException;
import org.edxo.ai.billing.web.MoneyFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's statement and usage reports, as JSON, or as CSV with {@code Accept: text/csv} or
 * {@code ?format=csv}. Periods are [{@code from}, {@code to}) ({@link Period}).
 */
@RestController
public class ReportController {

    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final Reports reports;

    public ReportController(Reports reports) {
        this.reports = reports;
    }

    /**
     * {@code {"user_id","from","to","opening_balance","closing_balance","entries":[...]}}: closing =
     * opening + the sum of the entries' amounts. CSV: one row per entry, between an {@code opening} and
     * a {@code closing} row that carry the balances in {@code balance_after}.
     */
    @GetMapping("/api/v1/billing/accounts/{userId}/statement")
    public Mono<ResponseEntity<?>> statement(@PathVariable String userId,
                                             @RequestParam(required = false) String from,
                                             @RequestParam(required = false) String to,
                                             @RequestParam(required = false) String format,
                                             @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        return Mono.fromCallable(() -> Period.parse(from, to, Instant.now()))
                .flatMap(period -> Mono.zip(reports.balanceBefore(userId, period.from()),
                                reports.entries(userId, period).collectList())
                        .map(parts -> {
                            List<LedgerEntry> entries = parts.getT2();
                            if (entries.size() > Reports.MAX_STATEMENT_ENTRIES) {
                                throw new InvalidRequestException(List.of(new FieldProblem("to",
                                        "Période trop longue : plus de " + Reports.MAX_STATEMENT_ENTRIES
                                                + " écritures ; demandez-la en plusieurs parties.")));
                            }
                            BigDecimal opening = parts.getT1();
                            BigDecimal closing = entries.isEmpty() ? opening : entries.get(entries.size() - 1).balanceAfter();
                            Statement statement = new Statement(userId, period.from().toString(), period.to().toString(),
                                    MoneyFormat.format(opening), MoneyFormat.format(closing),
                                    entries.stream().map(AccountViews.Entry::of).toList());
                            return wantsCsv(format, accept) ? csv(statementCsv(statement, entries),
                                    "statement-" + userId + ".csv") : ResponseEntity.ok(statement);
                        }));
    }

    /**
     * Admin: the captures of the period grouped by {@code group_by} = user | model | section | kind:
     * {@code {"from","to","group_by","groups":[{"key","calls","input_tokens","cached_input_tokens",
     * "output_tokens","reasoning_tokens","cost","uncovered"}],"total":{...same, key null}}}; {@code cost}
     * is the priced cost, {@code uncovered} the part the balance could not pay.
     */
    @GetMapping("/api/v1/billing/reports/usage")
    public Mono<ResponseEntity<?>> usage(@RequestParam(required = false) String from,
                                         @RequestParam(required = false) String to,
                                         @RequestParam(name = "group_by", required = false, defaultValue = "user") String groupBy,
                                         @RequestParam(required = false) String format,
                                         @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        return Mono.fromCallable(() -> {
                    if (!Reports.GROUP_COLUMNS.containsKey(groupBy)) {
                        throw new InvalidRequestException(List.of(new FieldProblem("group_by",
                                "Valeurs permises : user, model, section, kind.")));
                    }
                    return Period.parse(from, to, Instant.now());
                })
                .flatMap(period -> reports.usage(period, groupBy).map(groups -> {
                    List<UsageRow> rows = groups.stream().map(UsageRow::of).toList();
                    UsageRow total = UsageRow.of(groups.stream().reduce(
                            new Reports.UsageGroup(null, 0, 0, 0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO),
                            (a, b) -> new Reports.UsageGroup(null, a.calls() + b.calls(), a.inputTokens() + b.inputTokens(),
                                    a.cachedInputTokens() + b.cachedInputTokens(), a.outputTokens() + b.outputTokens(),
                                    a.reasoningTokens() + b.reasoningTokens(), a.cost().add(b.cost()),
                                    a.uncovered().add(b.uncovered()))));
                    UsageReport report = new UsageReport(period.from().toString(), period.to().toString(), groupBy, rows, total);
                    return wantsCsv(format, accept) ? csv(usageCsv(report), "usage-by-" + groupBy + ".csv")
                            : ResponseEntity.ok(report);
                }));
    }

    public record Statement(@JsonProperty("user_id") String userId, @JsonProperty("from") String from,
                            @JsonProperty("to") String to, @JsonProperty("opening_balance") String openingBalance,
                            @JsonProperty("closing_balance") String closingBalance,
                            @JsonProperty("entries") List<AccountViews.Entry> entries) {
    }

    public record UsageReport(@JsonProperty("from") String from, @JsonProperty("to") String to,
                              @JsonProperty("group_by") String groupBy, @JsonProperty("groups") List<UsageRow> groups,
                              @JsonProperty("total") UsageRow total) {
    }

    public record UsageRow(@JsonProperty("key") String key, @JsonProperty("calls") long calls,
                           @JsonProperty("input_tokens") long inputTokens,
                           @JsonProperty("cached_input_tokens") long cachedInputTokens,
                           @JsonProperty("output_tokens") long outputTokens,
                           @JsonProperty("reasoning_tokens") long reasoningTokens,
                           @JsonProperty("cost") String cost, @JsonProperty("uncovered") String uncovered) {
        static UsageRow of(Reports.UsageGroup group) {
            return new UsageRow(group.key(), group.calls(), group.inputTokens(), group.cachedInputTokens(),
                    group.outputTokens(), group.reasoningTokens(), MoneyFormat.format(group.cost()),
                    MoneyFormat.format(group.uncovered()));
        }
    }

    static boolean wantsCsv(String format, String accept) {
        if (format != null) {
            return "csv".equalsIgnoreCase(format.trim());
        }
        return accept != null && accept.toLowerCase().contains("text/csv");
    }

    private static ResponseEntity<?> csv(String body, String filename) {
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename.replaceAll("[^A-Za-z0-9._-]", "_") + "\"")
                .body(body);
    }

    private static String statementCsv(Statement statement, List<LedgerEntry> entries) {
        StringBuilder csv = new StringBuilder(Csv.row(List.of("seq", "created_at", "kind", "amount", "balance_after",
                "uncovered", "task_id", "attempt", "model", "section", "task_kind", "input_tokens",
                "cached_input_tokens", "output_tokens", "reasoning_tokens", "reason", "actor")));
        csv.append(Csv.row(balanceRow(statement.from(), "opening", statement.openingBalance())));
        for (LedgerEntry entry : entries) {
            Tokens tokens = entry.tokens();
            List<Object> row = new ArrayList<>(List.of(entry.seq(), entry.createdAt().toString(), entry.kind().dbValue(),
                    MoneyFormat.format(entry.amount()), MoneyFormat.format(entry.balanceAfter()),
                    MoneyFormat.format(entry.uncovered())));
            row.add(entry.taskId());
            row.add(entry.attempt());
            row.add(Csv.text(entry.model()));
            row.add(Csv.text(entry.section()));
            row.add(Csv.text(entry.taskKind()));
            row.add(tokens == null ? null : tokens.input());
            row.add(tokens == null ? null : tokens.cachedInput());
            row.add(tokens == null ? null : tokens.output());
            row.add(tokens == null ? null : tokens.reasoning());
            row.add(Csv.text(entry.reason()));
            row.add(Csv.text(entry.actor()));
            csv.append(Csv.row(row));
        }
        csv.append(Csv.row(balanceRow(statement.to(), "closing", statement.closingBalance())));
        return csv.toString();
    }

    private static List<Object> balanceRow(String at, String kind, String balance) {
        List<Object> row = new ArrayList<>();
        row.add(null);
        row.add(at);
        row.add(kind);
        row.add(null);
        row.add(balance);
        while (row.size() < 17) {
            row.add(null);
        }
        return row;
    }

    private static String usageCsv(UsageReport report) {
        StringBuilder csv = new StringBuilder(Csv.row(List.of(report.groupBy(), "calls", "input_tokens",
                "cached_input_tokens", "output_tokens", "reasoning_tokens", "cost", "uncovered")));
        List<UsageRow> rows = new ArrayList<>(report.groups());
        rows.add(report.total());
        for (UsageRow row : rows) {
            List<Object> cells = new ArrayList<>();
            cells.add(row == report.total() ? "total" : Csv.text(row.key()));
            cells.addAll(List.of(row.calls(), row.inputTokens(), row.cachedInputTokens(), row.outputTokens(),
                    row.reasoningTokens(), row.cost(), row.uncovered()));
            csv.append(Csv.row(cells));
        }
        return csv.toString();
    }
}
