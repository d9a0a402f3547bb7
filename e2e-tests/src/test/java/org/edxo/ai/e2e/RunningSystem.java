package org.edxo.ai.e2e;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.edxo.ai.support.security.ServiceTokens;
import org.edxo.ai.support.testing.TestInfrastructure;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole system as real processes: the four services and the Responses API simulator, started from
 * their runnable jars against the machine's RabbitMQ and PostgreSQL, isolated by a fresh database and
 * a broker prefix of their own. What a newcomer runs with {@code ./edxo up}, on random ports.
 */
final class RunningSystem implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);

    final String database = TestInfrastructure.createDatabase("edxo_e2e");
    final String brokerPrefix = TestInfrastructure.brokerPrefix();
    final ServiceTokens tokens = new ServiceTokens(TestInfrastructure.JWT_SECRET, "e2e", Clock.systemUTC());
    final Map<String, Integer> ports = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final Path repoRoot = Path.of(System.getProperty("edxo.repo.root", "..")).toAbsolutePath().normalize();
    private final Path logDir = repoRoot.resolve("e2e-tests/target/e2e-logs");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static RunningSystem start() throws Exception {
        RunningSystem system = new RunningSystem();
        try {
            system.startAll();
            return system;
        } catch (Exception | AssertionError e) {
            system.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Files.createDirectories(logDir);
        for (String service : List.of("responses-simulator", "settings-service", "billing-service",
                "task-worker-service", "gateway-service")) {
            ports.put(service, freePort());
        }
        Map<String, String> common = new LinkedHashMap<>();
        common.put("EDXO_JWT_SECRET", TestInfrastructure.JWT_SECRET);
        common.put("EDXO_BROKER_PREFIX", brokerPrefix);
        common.put("SPRING_R2DBC_URL", TestInfrastructure.r2dbcUrl(database));
        common.put("SPRING_FLYWAY_URL", TestInfrastructure.jdbcUrl(database));
        common.put("EDXO_SETTINGS_URL", url("settings-service"));
        common.put("EDXO_BILLING_URL", url("billing-service"));
        common.put("OPENAI_API_KEY", "sim-key");
        common.put("OPENAI_BASE_URL", url("responses-simulator") + "/v1");
        common.put("SIM_PORT", String.valueOf(ports.get("responses-simulator")));
        // Fast enough for a short suite, slow enough that deltas arrive well before done.
        common.put("SIM_TOKENS_PER_SECOND", "400");
        common.put("SIM_FIRST_TOKEN_DELAY_MS", "50");

        for (var entry : ports.entrySet()) {
            Map<String, String> env = new LinkedHashMap<>(common);
            env.put("SERVER_PORT", String.valueOf(entry.getValue()));
            processes.add(launch(entry.getKey(), env));
        }
        for (String service : ports.keySet()) {
            awaitHealthy(service);
        }
    }

    private Process launch(String module, Map<String, String> env) throws IOException {
        Path jar = repoRoot.resolve(module + "/target/" + module + "-" + System.getProperty("edxo.version", "0.1.0-SNAPSHOT") + "-exec.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("missing " + jar + ": run `mvn package` first");
        }
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve(module + ".log").toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    private void awaitHealthy(String service) throws Exception {
        String healthUrl = url(service) + (service.equals("responses-simulator") ? "/health" : "/actuator/health");
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("a service exited during startup; see " + logDir);
                }
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(healthUrl))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("UP")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(service + " not healthy after " + STARTUP_TIMEOUT + "; see " + logDir);
    }

    String url(String service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    String gateway() {
        return url("gateway-service");
    }

    String token(String userId, String... roles) {
        return tokens.mint(userId, List.of(roles), Duration.ofHours(1));
    }

    Connection rabbit() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        return factory.newConnection("e2e-tests");
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // The database and this run's queues are removed at JVM exit by TestInfrastructure.
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
