package org.edxo.ai.billing.ledger;

import org.edxo.ai.billing.BillingIntegrationTest;
import org.edxo.ai.support.security.Roles;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AccountApiIntegrationTest extends BillingIntegrationTest {

    private WebTestClient.ResponseSpec postTopUp(String userId, String token, String idempotencyKey, String body) {
        var request = http.post().uri("/api/v1/billing/accounts/{id}/top-ups", userId)
                .header("Content-Type", "application/json");
        if (token != null) {
            request = request.header("Authorization", token);
        }
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.bodyValue(body).exchange();
    }

    @Test
    void adminTopUpRaisesTheBalanceAndIsInTheLedger() {
        String user = newUser();
        postTopUp(user, bearer(ADMIN, Roles.ADMIN), null, "{\"amount\":\"10.00\",\"reason\":\"Crédits de départ\"}")
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.user_id").isEqualTo(user)
                .jsonPath("$.balance").isEqualTo("10.000000")
                .jsonPath("$.entry_id").isNotEmpty();
        // A JSON number is read as a decimal, not a binary float.
        postTopUp(user, bearer(ADMIN, Roles.ADMIN), null, "{\"amount\":2.345678,\"reason\":\"bonus\"}")
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.balance").isEqualTo("12.345678");

        http.get().uri("/api/v1/billing/accounts/{id}", user).header("Authorization", bearer(user))
                .exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"user_id\":\"" + user + "\",\"balance\":\"12.345678\"}");

        List<Map<String, Object>> entries = ledger(user);
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0)).containsEntry("kind", "top_up").containsEntry("amount", "2.345678")
                .containsEntry("balance_after", "12.345678").containsEntry("reason", "bonus")
                .containsEntry("actor", ADMIN).containsEntry("task_id", null).containsEntry("input_tokens", null)
                .containsKeys("id", "model", "cached_input_tokens", "output_tokens", "reasoning_tokens", "created_at");
        assertThat(entries.get(1)).containsEntry("amount", "10.000000").containsEntry("balance_after", "10.000000");
    }

    @Test
    void aRepeatedIdempotencyKeyReturnsTheFirstResult() {
        String user = newUser();
        String body = "{\"amount\":\"5\",\"reason\":\"rattrapage\"}";
        byte[] first = postTopUp(user, bearer(ADMIN, Roles.ADMIN), "key-" + user, body)
                .expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        byte[] again = postTopUp(user, bearer(ADMIN, Roles.ADMIN), "key-" + user, body)
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();

        assertThat(new String(again)).isEqualTo(new String(first));
        assertThat(balance(user)).isEqualByComparingTo("5");
        assertThat(ledger(user)).hasSize(1);
        // The same key for another request is a client mistake, not a replay.
        postTopUp(user, bearer(ADMIN, Roles.ADMIN), "key-" + user, "{\"amount\":\"6\",\"reason\":\"rattrapage\"}")
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.error").isNotEmpty();
        assertThat(balance(user)).isEqualByComparingTo("5");
    }

    @Test
    void onlyAdminsTopUp() {
        String user = newUser();
        postTopUp(user, bearer(user), null, "{\"amount\":\"10\",\"reason\":\"moi-même\"}")
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.error").isEqualTo("Accès refusé.");
        postTopUp(user, bearer("worker", Roles.SERVICE), null, "{\"amount\":\"10\",\"reason\":\"service\"}")
                .expectStatus().isForbidden();
        assertThat(balance(user)).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void everyRouteNeedsAToken() {
        postTopUp(newUser(), null, null, "{\"amount\":\"10\",\"reason\":\"x\"}").expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isNotEmpty();
        http.get().uri("/api/v1/billing/accounts/42").exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/v1/billing/prices").exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/v1/billing/accounts/42").header("Authorization", "Bearer not-a-jwt")
                .exchange().expectStatus().isUnauthorized();
        http.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void usersSeeOnlyTheirOwnAccountServicesSeeBalancesOnly() {
        String user = newUser();
        http.get().uri("/api/v1/billing/accounts/{id}", user).header("Authorization", bearer("someone-else"))
                .exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/billing/accounts/{id}/ledger", user).header("Authorization", bearer("someone-else"))
                .exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/billing/accounts/{id}", user).header("Authorization", bearer("worker", Roles.SERVICE))
                .exchange().expectStatus().isOk()
                .expectBody().json("{\"user_id\":\"" + user + "\",\"balance\":\"0.000000\"}");
        http.get().uri("/api/v1/billing/accounts/{id}/ledger", user).header("Authorization", bearer("worker", Roles.SERVICE))
                .exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/billing/accounts/{id}/ledger", user).header("Authorization", bearer(user))
                .exchange().expectStatus().isOk().expectBody().json("[]");
    }

    @Test
    void invalidTopUpsAreRejectedWithDetails() {
        String user = newUser();
        String admin = bearer(ADMIN, Roles.ADMIN);
        for (String amount : List.of("\"-1\"", "0", "\"1.1234567\"", "\"abc\"", "2000000", "true", "null")) {
            postTopUp(user, admin, null, "{\"amount\":" + amount + ",\"reason\":\"x\"}")
                    .expectStatus().isBadRequest()
                    .expectBody()
                    .jsonPath("$.error").isEqualTo("Paramètres invalides.")
                    .jsonPath("$.details[0].field").isEqualTo("amount")
                    .jsonPath("$.details[0].message").isNotEmpty();
        }
        postTopUp(user, admin, null, "{\"amount\":\"1\",\"reason\":\"  \"}")
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.details[0].field").isEqualTo("reason");
        postTopUp(user, admin, null, "{\"amount\":\"1\"")
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isNotEmpty();
        postTopUp(user, admin, null, "[1]").expectStatus().isBadRequest();
        postTopUp(user, admin, "", "{\"amount\":\"1\",\"reason\":\"x\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.details[0].field").isEqualTo("Idempotency-Key");
        // The upper bound itself is allowed.
        postTopUp(user, admin, null, "{\"amount\":\"1000000.000000\",\"reason\":\"max\"}").expectStatus().isCreated();
        assertThat(balance(user)).isEqualByComparingTo("1000000");
    }
}
