package org.edxo.ai.gateway;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import org.edxo.ai.contracts.messages.TaskCommand;
import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.contracts.messages.TaskEventType;
import org.edxo.ai.support.testing.TcpProxy;
import org.edxo.ai.support.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL unreachable (a TCP proxy of this test's own between the gateway and the database, cut and healed;
 * the machine's PostgreSQL is never touched): routes that need the database answer 503 with a clear message,
 * health says DOWN, the recorder keeps the events it cannot store unacked and stores them once the database is
 * back, and everything recovers without a restart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class DatabaseOutageTest {

    static final String DATABASE = TestInfrastructure.createDatabase("gateway_outage");
    static final String PREFIX = TestInfrastructure.brokerPrefix();
    /** Open until the JVM exits, like the database: surefire's re-run of a failed test needs it again. */
    static final TcpProxy POSTGRES = TcpProxy.start("postgres", TestInfrastructure.PG_HOST,
            Integer.parseInt(TestInfrastructure.PG_PORT));

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", () -> "r2dbc:postgresql://127.0.0.1:" + POSTGRES.port() + "/" + DATABASE);
        registry.add("spring.flyway.url", () -> TestInfrastructure.jdbcUrl(DATABASE));
        registry.add("EDXO_BROKER_PREFIX", () -> PREFIX);
        registry.add("edxo.security.jwt-secret", () -> TestInfrastructure.JWT_SECRET);
        registry.add("edxo.gateway.billing-url", () -> "http://127.0.0.1:1");
    }

    @LocalServerPort
    int port;

    WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(15)).build();
    }

    @Test
    void routesAnswer503WhileTheDatabaseIsUnreachableTheRecorderWaitsAndAllRecoversByItself() throws Exception {
        String user = "outage-" + UUID.randomUUID();
        UUID before = UUID.randomUUID();
        GatewayServiceTest.publish(List.of(started(before, user, 1)), PREFIX);
        awaitStatus(before, user, 200);

        POSTGRES.cut();
        UUID during = UUID.randomUUID();
        try {
            http().get().uri("/tasks/status/" + before)
                    .header(HttpHeaders.AUTHORIZATION, GatewayServiceTest.bearer(user, "coordo"))
                    .exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5")
                    .expectBody().jsonPath("$.error").isEqualTo("Service momentanément indisponible, réessayez.");
            http().get().uri("/api/v1/tasks")
                    .header(HttpHeaders.AUTHORIZATION, GatewayServiceTest.bearer(user, "coordo"))
                    .exchange()
                    .expectStatus().isEqualTo(503);
            http().get().uri("/actuator/health").exchange()
                    .expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.status").isEqualTo("DOWN");
            // An event arriving now cannot be stored: the recorder retries it in place, unacked.
            GatewayServiceTest.publish(List.of(started(during, user, 1)), PREFIX);
            Thread.sleep(3_000);
        } finally {
            POSTGRES.heal();
        }
        long healedAt = System.nanoTime();

        awaitStatus(during, user, 200);
        awaitStatus(before, user, 200);
        http().get().uri("/actuator/health").exchange().expectStatus().isOk();
        System.out.printf("gateway: database back → event stored during the outage readable and routes 200 after %d ms%n",
                (System.nanoTime() - healedAt) / 1_000_000);
        try (Connection connection = GatewayServiceTest.rabbit(); Channel channel = connection.createChannel()) {
            assertThat(channel.messageCount(PREFIX + "edxo.task.events.recorder.dlq")).isZero();
        }
    }

    private static TaskEvent started(UUID taskId, String user, long seq) {
        TaskCommand command = TaskCommand.of(taskId, "analyse_plan_de_cours", user, Map.of("plan_id", 40), null);
        return TaskEvent.of(command, TaskEventType.STARTED, seq, TaskEvent.data("message", "Analyse démarrée."));
    }

    private void awaitStatus(UUID taskId, String user, int status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                http().get().uri("/tasks/status/" + taskId)
                        .header(HttpHeaders.AUTHORIZATION, GatewayServiceTest.bearer(user, "coordo"))
                        .exchange().returnResult(String.class).getStatus().value() == status);
    }
}
