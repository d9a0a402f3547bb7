package org.edxo.ai.gateway.billing;

import org.edxo.ai.contracts.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /get_credit_balance}: the original's credit widget route, now answered from billing-service's
 * account ({@code GET /api/v1/billing/accounts/{sub}}, called with the caller's own token).
 */
@RestController
public class CreditBalanceController {

    private static final Logger log = LoggerFactory.getLogger(CreditBalanceController.class);
    static final String UNAVAILABLE = "Service de facturation indisponible.";

    private final WebClient billing;

    public CreditBalanceController(WebClient billingWebClient) {
        this.billing = billingWebClient;
    }

    @GetMapping("/get_credit_balance")
    Mono<ResponseEntity<Map<String, Object>>> creditBalance(JwtAuthenticationToken authentication) {
        return billing.get()
                .uri("/api/v1/billing/accounts/{userId}", authentication.getName())
                // The caller's own token, also when it came as ?access_token=.
                .headers(headers -> headers.setBearerAuth(authentication.getToken().getTokenValue()))
                .exchangeToMono(response -> {
                    if (response.statusCode().value() == HttpStatus.NOT_FOUND.value()) {
                        // No account yet: nothing was ever credited.
                        return Mono.just(success(BigDecimal.ZERO));
                    }
                    if (response.statusCode().is2xxSuccessful()) {
                        return response.bodyToMono(byte[].class).map(body -> success(balance(Json.tree(body))));
                    }
                    return response.releaseBody().then(Mono.error(
                            new IllegalStateException("billing answered " + response.statusCode())));
                })
                .onErrorResume(e -> {
                    log.warn("credit balance of {} unavailable: {}", authentication.getName(), e.toString());
                    return Mono.just(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                            .body(Map.of("success", false, "error", UNAVAILABLE)));
                });
    }

    /** The account's {@code balance}: a decimal string ("12.340000") or number. */
    static BigDecimal balance(JsonNode account) {
        JsonNode balance = account.get("balance");
        if (balance == null || !(balance.isString() || balance.isNumber())) {
            throw new IllegalStateException("billing account without balance");
        }
        return new BigDecimal(balance.asString());
    }

    /** Two decimals, rounded half up, as the original's {@code "%.2f"}. */
    static ResponseEntity<Map<String, Object>> success(BigDecimal credit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("credit", credit.setScale(2, RoundingMode.HALF_UP).toPlainString());
        return ResponseEntity.ok(body);
    }
}
