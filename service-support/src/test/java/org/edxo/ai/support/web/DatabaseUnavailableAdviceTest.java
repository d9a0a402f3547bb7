package org.edxo.ai.support.web;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

class DatabaseUnavailableAdviceTest {

    @RestController
    static class Routes {
        @GetMapping("/translated")
        Mono<String> translated() {
            return Mono.error(new DataAccessResourceFailureException("Failed to obtain R2DBC Connection",
                    new R2dbcNonTransientResourceException("Connection refused")));
        }

        @GetMapping("/raw")
        Mono<String> raw() {
            return Mono.error(new R2dbcNonTransientResourceException("Cannot connect to 127.0.0.1:5432"));
        }

        @GetMapping("/constraint")
        Mono<String> constraint() {
            return Mono.error(new DataIntegrityViolationException("duplicate key"));
        }
    }

    private final WebTestClient client = WebTestClient.bindToController(new Routes())
            .controllerAdvice(new DatabaseUnavailableAdvice()).build();

    @Test
    void anUnreachableDatabaseIsA503WithRetryAfterAndAFrenchMessage() {
        for (String path : new String[]{"/translated", "/raw"}) {
            client.get().uri(path).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals("Retry-After", "5")
                    .expectBody().jsonPath("$.error").isEqualTo("Service momentanément indisponible, réessayez.");
        }
    }

    @Test
    void otherDatabaseErrorsAreNotCalledAnOutage() {
        client.get().uri("/constraint").exchange().expectStatus().is5xxServerError()
                .expectStatus().value(status -> org.assertj.core.api.Assertions.assertThat(status).isNotEqualTo(503));
    }
}
