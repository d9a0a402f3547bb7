package org.edxo.ai.billing.usage;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.MessageHeaderNames;
import org.edxo.ai.contracts.messages.UsageRecorded;
import org.edxo.ai.support.security.Roles;
import org.edxo.ai.support.security.ServiceTokens;
import org.edxo.ai.support.testing.TcpProxy;
import org.edxo.ai.support.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL unreachable for billing (a TCP proxy of this test's own, cut and healed): the API answers 503,
 * a usage message that arrives meanwhile is neither lost nor dead-lettered but charged once the database is
 * back, and the service recovers without a restart. Its own database and broker prefix (not the shared
 * context of {@code BillingIntegrationTest}, whose consumer would take the messages through a healthy path).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class DatabaseOutageIntegrationTest {

    static final String DATABASE = TestInfrastructure.createDatabase("billing_outage");
    static final String PREFIX = TestInfrastructure.brokerPrefix();
    /** Open until the JVM exits, like the database: surefire's re-run of a failed test needs them again. */
    static final TcpProxy POSTGRES = TcpProxy.start("postgres", TestInfrastructure.PG_HOST,
            Integer.parseInt(TestInfrastructure.PG_PORT));
    static final ServiceTokens TOKENS = new ServiceTokens(TestInfrastructure.JWT_SECRET, "test", Clock.systemUTC());
    static final CachingConnectionFactory RABBIT = new CachingConnectionFactory("127.0.0.1");

    @DynamicPropertySource
    static void isolate(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", () -> "r2dbc:postgresql://127.0.0.1:" + POSTGRES.port() + "/" + DATABASE);
        registry.add("spring.flyway.url", () -> TestInfrastructure.jdbcUrl(DATABASE));
        registry.add("EDXO_BROKER_PREFIX", () -> PREFIX);
        registry.add("edxo.security.jwt-secret", () -> TestInfrastructure.JWT_SECRET);
    }

    @LocalServerPort
    int port;

    private WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(15)).build();
    }

    private static String admin() {
        return "Bearer " + TOKENS.mint("admin-1", List.of(Roles.ADMIN), Duration.ofMinutes(10));
    }

    @Test
    void aUsageArrivingWhileTheDatabaseIsDownIsChargedOnceItIsBackAndTheApiAnswers503Meanwhile() throws Exception {
        String user = "user-" + UUID.randomUUID();
        http().post().uri("/api/v1/billing/accounts/{id}/top-ups", user)
                .header("Authorization", admin()).header("Content-Type", "application/json")
                .bodyValue(Json.writeString(Map.of("amount", "10.00", "reason", "test credits")))
                .exchange().expectStatus().isCreated();
        UsageRecorded usage = new UsageRecorded(UUID.randomUUID(), UsageRecorded.TYPE, UUID.randomUUID(),
                "analyse_plan_de_cours", user, Instant.now(), UsageRecorded.SCHEMA_VERSION, null,
                new UsageRecorded.Usage("gpt-5", "analyse_plan_de_cours", "resp_outage", 1, null, 100_000, 0, 10_000, 2_500));

        POSTGRES.cut();
        try {
            http().get().uri("/api/v1/billing/accounts/{id}", user).header("Authorization", admin())
                    .exchange()
                    .expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.error").isEqualTo("Service momentanément indisponible, réessayez.");
            new RabbitTemplate(RABBIT).send(PREFIX + "edxo.usage", "gpt-5", MessageBuilder.withBody(Json.write(usage))
                    .setContentType(MessageProperties.CONTENT_TYPE_JSON)
                    .setHeader(MessageHeaderNames.TYPE, UsageRecorded.TYPE).build());
            Thread.sleep(3_000);
        } finally {
            POSTGRES.heal();
        }

        // 100k × 5 $/M + 10k × 15 $/M = 0.65 $: charged once, from the message kept unacked during the outage.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(balance(user)).isEqualByComparingTo(new BigDecimal("9.35")));
        assertThat(new RabbitAdmin(RABBIT).getQueueInfo(PREFIX + "edxo.usage.billing.dlq").getMessageCount()).isZero();
    }

    private BigDecimal balance(String user) {
        byte[] body = http().get().uri("/api/v1/billing/accounts/{id}", user).header("Authorization", admin())
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return new BigDecimal(Json.tree(body).get("balance").stringValue());
    }
}
