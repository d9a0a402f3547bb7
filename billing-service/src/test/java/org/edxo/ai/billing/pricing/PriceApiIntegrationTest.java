package org.edxo.ai.billing.pricing;

import org.edxo.ai.billing.BillingIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PriceApiIntegrationTest extends BillingIntegrationTest {

    @Autowired
    PriceBook priceBook;
    @Autowired
    DatabaseClient db;

    @Test
    void theSeededPriceOfAModelIsServed() {
        http.get().uri("/api/v1/billing/prices/gpt-5").header("Authorization", bearer("42"))
                .exchange()
                .expectStatus().isOk()
                .expectBody().json("""
                        {"model":"gpt-5","input_per_million":"5.000000","cached_input_per_million":null,
                         "output_per_million":"15.000000","effective_from":"2025-01-01T00:00:00Z"}""", true);
        http.get().uri("/api/v1/billing/prices").header("Authorization", bearer("42"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[?(@.model == 'gpt-5-mini')].output_per_million").isEqualTo("1.200000")
                .jsonPath("$[?(@.model == 'gpt-5-nano')].input_per_million").isEqualTo("0.050000");
    }

    @Test
    void anUnknownModelIs404WithTheOriginalMessage() {
        http.get().uri("/api/v1/billing/prices/gpt-4-turbo").header("Authorization", bearer("42"))
                .exchange()
                .expectStatus().isNotFound()
                .expectBody().json("{\"error\":\"Modèle 'gpt-4-turbo' non trouvé dans la base de données.\"}", true);
    }

    @Test
    void thePriceInForceIsTheLatestOneEffectiveAtTheInstant() {
        String model = "test-model-" + UUID.randomUUID();
        insertPrice(model, Instant.parse("2025-01-01T00:00:00Z"), "1.00", null, "2.00");
        insertPrice(model, Instant.parse("2025-07-01T00:00:00Z"), "3.00", "0.30", "4.00");
        insertPrice(model, Instant.now().plus(Duration.ofDays(1)), "9.00", null, "9.00");

        assertThat(priceBook.priceAt(model, Instant.parse("2025-06-30T23:59:59Z")).block().inputPerMillion())
                .isEqualByComparingTo("1.00");
        PriceBookEntry july = priceBook.priceAt(model, Instant.parse("2025-07-01T00:00:00Z")).block();
        assertThat(july.inputPerMillion()).isEqualByComparingTo("3.00");
        assertThat(july.cachedInputPerMillion()).isEqualByComparingTo("0.30");
        assertThatThrownBy(() -> priceBook.priceAt(model, Instant.parse("2024-12-31T23:59:59Z")).block())
                .isInstanceOf(UnknownModelException.class);
        // The future price is not in force yet.
        http.get().uri("/api/v1/billing/prices/{model}", model).header("Authorization", bearer("42"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.input_per_million").isEqualTo("3.000000")
                .jsonPath("$.effective_from").isEqualTo("2025-07-01T00:00:00Z");
    }

    private void insertPrice(String model, Instant from, String input, String cached, String output) {
        db.sql("INSERT INTO billing.prices (model, effective_from, input_per_million, cached_input_per_million,"
                        + " output_per_million) VALUES (:model, :from, CAST(:input AS numeric),"
                        + " CAST(:cached AS numeric), CAST(:output AS numeric))")
                .bind("model", model).bind("from", from).bind("input", input)
                .bind("cached", Parameter.fromOrEmpty(cached, String.class))
                .bind("output", output)
                .fetch().rowsUpdated().block();
    }
}
