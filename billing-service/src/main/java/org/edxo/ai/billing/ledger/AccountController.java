package org.edxo.ai.billing.ledger;

import org.edxo.ai.billing.web.ApiError.FieldProblem;
import org.edxo.ai.billing.web.InvalidRequestException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.security.Principal;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Balances, admin top-ups and ledgers. Who may call which route is decided in
 * {@code SecurityConfiguration} (self, admin, service).
 */
@RestController
@RequestMapping("/api/v1/billing/accounts/{userId}")
public class AccountController {

    static final int LEDGER_PAGE = 200;
    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    private final Ledger ledger;

    public AccountController(Ledger ledger) {
        this.ledger = ledger;
    }

    @GetMapping
    public Mono<AccountViews.Account> account(@PathVariable String userId) {
        return ledger.account(userId).map(AccountViews.Account::of);
    }

    /** 201 for a new top-up; 200 with the first result when the {@code Idempotency-Key} was seen before. */
    @PostMapping("/top-ups")
    public Mono<ResponseEntity<AccountViews.TopUp>> topUp(@PathVariable String userId,
                                                          @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                                          @RequestBody(required = false) String body,
                                                          Principal admin) {
        return Mono.fromCallable(() -> TopUpRequest.parse(body))
                .flatMap(request -> {
                    Posting posting = Posting.topUp(userId, request.amount(), key("top-up:", idempotencyKey),
                            request.reason(), admin.getName());
                    return ledger.post(posting).map(result -> respond(posting, result));
                });
    }

    /**
     * A signed admin correction ({@code {"amount": "-1.50", "reason": "..."}}): 201, 200 for a repeated
     * {@code Idempotency-Key}, 409 when it would take the balance below zero (nothing written).
     */
    @PostMapping("/adjustments")
    public Mono<ResponseEntity<AccountViews.TopUp>> adjust(@PathVariable String userId,
                                                           @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                                           @RequestBody(required = false) String body,
                                                           Principal admin) {
        return Mono.fromCallable(() -> TopUpRequest.parse(body, true))
                .flatMap(request -> {
                    Posting posting = Posting.adjustment(userId, request.amount(), key("adjustment:", idempotencyKey),
                            request.reason(), admin.getName());
                    return ledger.post(posting).map(result -> respond(posting, result));
                })
                .onErrorMap(InsufficientBalanceException.class, e -> new BalanceWouldBeNegativeException(e.balance()));
    }

    @GetMapping("/ledger")
    public Flux<AccountViews.Entry> entries(@PathVariable String userId) {
        return ledger.entries(userId, LEDGER_PAGE).map(AccountViews.Entry::of);
    }

    private static String key(String prefix, String idempotencyKey) {
        if (idempotencyKey == null) {
            return prefix + UUID.randomUUID();
        }
        if (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
            throw new InvalidRequestException(List.of(new FieldProblem("Idempotency-Key",
                    "La clé d'idempotence doit compter de 1 à " + MAX_IDEMPOTENCY_KEY_LENGTH + " caractères.")));
        }
        return prefix + idempotencyKey;
    }

    private static ResponseEntity<AccountViews.TopUp> respond(Posting posting, PostingResult result) {
        LedgerEntry entry = result.entry();
        if (result.applied()) {
            return ResponseEntity.status(HttpStatus.CREATED).body(AccountViews.TopUp.of(entry));
        }
        boolean sameRequest = entry.kind() == posting.kind()
                && entry.userId().equals(posting.userId())
                && entry.amount().compareTo(posting.change()) == 0
                && Objects.equals(entry.reason(), posting.reason());
        if (!sameRequest) {
            throw new IdempotencyConflictException();
        }
        return ResponseEntity.ok(AccountViews.TopUp.of(entry));
    }
}
