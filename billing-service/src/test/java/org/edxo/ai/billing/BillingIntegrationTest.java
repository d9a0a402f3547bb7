package org.edxo.ai.billing;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.MessageHeaderNames;
import org.edxo.ai.contracts.messages.UsageRecorded;
import org.edxo.ai.support.security.Roles;
import org.edxo.ai.support.security.ServiceTokens;
import org.edxo.ai.support.testing.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
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

/**
 * One application context for every integration test (same properties, so Spring caches it): its own
 * PostgreSQL database and broker prefix, the real RabbitMQ, HTTP on a random port. Tests use fresh
 * user ids, so they never see each other's accounts. {@link TestRunCleanup} removes the run's queues
 * and database at the end.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestRunCleanup.class)
public abstract class BillingIntegrationTest {

    protected static final String DATABASE = TestInfrastructure.createDatabase("billing");
    protected static final String PREFIX = TestInfrastructure.brokerPrefix();
    protected static final String USAGE_EXCHANGE = PREFIX + "edxo.usage";
    protected static final String USAGE_DLQ = PREFIX + "edxo.usage.billing.dlq";
    protected static final String ADMIN = "admin-1";

    private static final ServiceTokens TOKENS = new ServiceTokens(TestInfrastructure.JWT_SECRET, "test", Clock.systemUTC());
    private static CachingConnectionFactory rabbitConnections;
    protected static RabbitTemplate rabbit;

    @LocalServerPort
    private int port;
    protected WebTestClient http;

    @DynamicPropertySource
    static void isolate(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", () -> TestInfrastructure.r2dbcUrl(DATABASE));
        registry.add("spring.flyway.url", () -> TestInfrastructure.jdbcUrl(DATABASE));
        registry.add("EDXO_BROKER_PREFIX", () -> PREFIX);
        registry.add("edxo.security.jwt-secret", () -> TestInfrastructure.JWT_SECRET);
        registry.add("edxo.billing.model-fallbacks[0].pattern", () -> "fallback-test-.*-mini");
        registry.add("edxo.billing.model-fallbacks[0].use", () -> "gpt-5-mini");
    }

    @BeforeEach
    void clients() {
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10)).build();
        if (rabbit == null) {
            rabbitConnections = new CachingConnectionFactory("127.0.0.1");
            rabbit = new RabbitTemplate(rabbitConnections);
        }
    }

    @AfterAll
    static void closeRabbit() {
        if (rabbitConnections != null) {
            rabbitConnections.destroy();
            rabbitConnections = null;
            rabbit = null;
        }
    }

    protected static String bearer(String subject, String... roles) {
        return "Bearer " + TOKENS.mint(subject, List.of(roles), Duration.ofMinutes(10));
    }

    protected static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    protected void topUp(String userId, String amount) {
        http.post().uri("/api/v1/billing/accounts/{id}/top-ups", userId)
                .header("Authorization", bearer(ADMIN, Roles.ADMIN))
                .header("Content-Type", "application/json")
                .bodyValue(Json.writeString(Map.of("amount", amount, "reason", "test credits")))
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.CREATED);
    }

    protected BigDecimal balance(String userId) {
        byte[] body = http.get().uri("/api/v1/billing/accounts/{id}", userId)
                .header("Authorization", bearer(ADMIN, Roles.ADMIN))
                .exchange()
                .expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        String balance = Json.tree(body).get("balance").stringValue();
        assertThat(balance).matches("\\d+\\.\\d{6}");
        return new BigDecimal(balance);
    }

    protected List<Map<String, Object>> ledger(String userId) {
        byte[] body = http.get().uri("/api/v1/billing/accounts/{id}/ledger", userId)
                .header("Authorization", bearer(ADMIN, Roles.ADMIN))
                .exchange()
                .expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = Json.read(body, List.class);
        return entries;
    }

    protected static UsageRecorded usage(String userId, String model, long input, long cached, long output) {
        return new UsageRecorded(UUID.randomUUID(), UsageRecorded.TYPE, UUID.randomUUID(), "analyse_plan_de_cours",
                userId, Instant.now(), UsageRecorded.SCHEMA_VERSION, null,
                new UsageRecorded.Usage(model, "analyse_plan_de_cours", "resp_test", 1, null, input, cached, output, output / 4));
    }

    /** Publishes to the real exchange the way the worker does: JSON body, routing key = model. */
    protected static void publish(String routingKey, byte[] body) {
        Message message = MessageBuilder.withBody(body)
                .setContentType(MessageProperties.CONTENT_TYPE_JSON)
                .setHeader(MessageHeaderNames.TYPE, UsageRecorded.TYPE)
                .build();
        rabbit.send(USAGE_EXCHANGE, routingKey, message);
    }

    protected static void publish(UsageRecorded usage) {
        publish(usage.data().model(), Json.write(usage));
    }
}
