package org.edxo.ai.gateway.billing;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.gateway.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses a task start with 402 when the caller's balance is zero (nothing could be held for the
 * call anyway); the worker's hold before the call is what really guards the money. Reads the account
 * from billing-service with the caller's own token, as {@link CreditBalanceController} does. A positive
 * answer is remembered for {@code edxo.gateway.credit-check-ttl} (a few seconds), so a burst of starts
 * costs one billing call per user: the hold still refuses a call the balance cannot cover.
 */
@Component
public class CreditCheck {

    public static final String INSUFFICIENT = "Crédits insuffisants pour cette opération.";
    private static final Logger log = LoggerFactory.getLogger(CreditCheck.class);

    private static final int MAX_REMEMBERED = 100_000;

    private final WebClient billing;
    private final long ttlNanos;
    /** User id → when its positive balance was seen (System.nanoTime). */
    private final Map<String, Long> positiveSince = new ConcurrentHashMap<>();

    public CreditCheck(WebClient billingWebClient, @Value("${edxo.gateway.credit-check-ttl:5s}") Duration ttl) {
        this.billing = billingWebClient;
        this.ttlNanos = ttl.toNanos();
    }

    /**
     * Completes when the caller has credit; otherwise an {@link ApiException} 402, or 503 with
     * {@code unavailableMessage} when billing cannot answer.
     */
    public Mono<Void> requireCredit(String unavailableMessage) {
        return ReactiveSecurityContextHolder.getContext()
                .map(context -> context.getAuthentication())
                .ofType(JwtAuthenticationToken.class)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("no JWT in the security context")))
                .flatMap(authentication -> recentlyPositive(authentication.getName()) ? Mono.just(BigDecimal.ONE)
                        : balance(authentication).doOnNext(balance -> remember(authentication.getName(), balance)))
                .onErrorMap(error -> {
                    log.warn("balance check before a task start failed: {}", error.toString());
                    return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, unavailableMessage);
                })
                .flatMap(balance -> balance.signum() > 0 ? Mono.<Void>empty()
                        : Mono.error(new ApiException(HttpStatus.PAYMENT_REQUIRED, INSUFFICIENT)));
    }

    private Mono<BigDecimal> balance(JwtAuthenticationToken authentication) {
        return billing.get()
                .uri("/api/v1/billing/accounts/{userId}", authentication.getName())
                .headers(headers -> headers.setBearerAuth(authentication.getToken().getTokenValue()))
                .exchangeToMono(response -> {
                    if (response.statusCode().value() == HttpStatus.NOT_FOUND.value()) {
                        return Mono.just(BigDecimal.ZERO);
                    }
                    if (response.statusCode().is2xxSuccessful()) {
                        return response.bodyToMono(byte[].class)
                                .map(body -> CreditBalanceController.balance(Json.tree(body)));
                    }
                    return response.releaseBody().then(Mono.<BigDecimal>error(
                            new IllegalStateException("billing answered " + response.statusCode())));
                });
    }

    private boolean recentlyPositive(String userId) {
        Long since = positiveSince.get(userId);
        return since != null && System.nanoTime() - since < ttlNanos;
    }

    private void remember(String userId, BigDecimal balance) {
        if (ttlNanos <= 0) {
            return;
        }
        if (balance.signum() > 0) {
            if (positiveSince.size() >= MAX_REMEMBERED) {
                positiveSince.clear();
            }
            positiveSince.put(userId, System.nanoTime());
        } else {
            positiveSince.remove(userId);
        }
    }
}
