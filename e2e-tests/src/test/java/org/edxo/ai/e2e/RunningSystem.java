package org.edxo.ai.e2e;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.edxo.ai.support.security.ServiceTokens;
import org.edxo.ai.support.testing.TcpProxy;
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

    /** {@code -Dedxo.e2e.startup-timeout-seconds}: on a shared 2-core machine under load, five JVMs may need minutes. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(Long.getLong("edxo.e2e.startup-timeout-seconds", 300));

    final String database = TestInfrastructure.createDatabase("edxo_e2e");
    final String brokerPrefix = TestInfrastructure.brokerPrefix();
    final ServiceTokens tokens = new ServiceTokens(TestInfrastructure.JWT_SECRET, "e2e", Clock.systemUTC());
    final Map<String, Integer> ports = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final Path repoRoot = Path.of(System.getProperty("edxo.repo.root", "..")).toAbsolutePath().normalize();
    /** {@code -Dedxo.e2e.log-dir=...} keeps the logs of one run apart from other runs on the same machine. */
    private final Path logDir = Path.of(System.getProperty("edxo.e2e.log-dir",
            repoRoot.resolve("e2e-tests/target/e2e-logs").toString()));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> environmentOverrides = new LinkedHashMap<>();
    /** The running process of each service (and of extra instances such as "gateway-service-2"). */
    private final Map<String, Process> byService = new LinkedHashMap<>();
    private final Map<String, String> commonEnvironment = new LinkedHashMap<>();
    /** Between the services and RabbitMQ / PostgreSQL, for fault tests; null when they connect directly. */
    private TcpProxy brokerProxy;
    private TcpProxy databaseProxy;

    static RunningSystem start() throws Exception {
        return start(Map.of());
    }

    /**
     * The same system with some environment variables set for every process, over the defaults below
     * (e.g. {@code SIM_TOKENS_PER_SECOND} for a slower model).
     */
    static RunningSystem start(Map<String, String> environment) throws Exception {
        return start(environment, false);
    }

    /**
     * The system with every service reaching RabbitMQ and PostgreSQL through TCP proxies of this test JVM
     * ({@link #brokerProxy()}, {@link #databaseProxy()}), so that a test can cut the broker or the database for
     * this system alone; the machine's shared RabbitMQ and PostgreSQL are never touched.
     */
    static RunningSystem startBehindProxies(Map<String, String> environment, String... extraInstances) throws Exception {
        return start(environment, true, extraInstances);
    }

    /**
     * @param extraInstances more instances started together with the others, e.g. {@code "task-worker-service-2"}
     *                       (launched at once rather than one after the other: much faster on a busy machine)
     */
    private static RunningSystem start(Map<String, String> environment, boolean proxied, String... extraInstances)
            throws Exception {
        RunningSystem system = new RunningSystem();
        system.environmentOverrides.putAll(environment);
        try {
            if (proxied) {
                system.brokerProxy = TcpProxy.start("rabbitmq", System.getenv().getOrDefault("EDXO_TEST_RABBIT_HOST", "127.0.0.1"), 5672);
                system.databaseProxy = TcpProxy.start("postgres", TestInfrastructure.PG_HOST, Integer.parseInt(TestInfrastructure.PG_PORT));
            }
            system.startAll(List.of(extraInstances));
            return system;
        } catch (Exception | AssertionError e) {
            system.close();
            throw e;
        }
    }

    TcpProxy brokerProxy() {
        if (brokerProxy == null) {
            throw new IllegalStateException("started without proxies: use startBehindProxies");
        }
        return brokerProxy;
    }

    TcpProxy databaseProxy() {
        if (databaseProxy == null) {
            throw new IllegalStateException("started without proxies: use startBehindProxies");
        }
        return databaseProxy;
    }

    private void startAll(List<String> extraInstances) throws Exception {
        Files.createDirectories(logDir);
        for (String service : List.of("responses-simulator", "settings-service", "billing-service",
                "task-worker-service", "gateway-service")) {
            ports.put(service, freePort());
        }
        for (String instance : extraInstances) {
            ports.put(instance, freePort());
        }
        Map<String, String> common = new LinkedHashMap<>();
        common.put("EDXO_JWT_SECRET", TestInfrastructure.JWT_SECRET);
        common.put("EDXO_BROKER_PREFIX", brokerPrefix);
        if (databaseProxy != null) {
            common.put("SPRING_R2DBC_URL", "r2dbc:postgresql://127.0.0.1:" + databaseProxy.port() + "/" + database);
            common.put("SPRING_FLYWAY_URL", "jdbc:postgresql://127.0.0.1:" + databaseProxy.port() + "/" + database);
        } else {
            common.put("SPRING_R2DBC_URL", TestInfrastructure.r2dbcUrl(database));
            common.put("SPRING_FLYWAY_URL", TestInfrastructure.jdbcUrl(database));
        }
        if (brokerProxy != null) {
            common.put("SPRING_RABBITMQ_HOST", "127.0.0.1");
            common.put("SPRING_RABBITMQ_PORT", String.valueOf(brokerProxy.port()));
        }
        common.put("EDXO_SETTINGS_URL", url("settings-service"));
        common.put("EDXO_BILLING_URL", url("billing-service"));
        common.put("EDXO_GATEWAY_URL", url("gateway-service"));
        common.put("OPENAI_API_KEY", "sim-key");
        common.put("OPENAI_BASE_URL", url("responses-simulator") + "/v1");
        common.put("SIM_PORT", String.valueOf(ports.get("responses-simulator")));
        // Fast enough for a short suite, slow enough that deltas arrive well before done.
        common.put("SIM_TOKENS_PER_SECOND", "400");
        common.put("SIM_FIRST_TOKEN_DELAY_MS", "50");
        common.putAll(environmentOverrides);
        commonEnvironment.putAll(common);

        for (var entry : ports.entrySet()) {
            Map<String, String> env = new LinkedHashMap<>(common);
            env.put("SERVER_PORT", String.valueOf(entry.getValue()));
            Process process = launch(entry.getKey().replaceFirst("-\\d+$", ""), env,
                    ProcessBuilder.Redirect.to(logDir.resolve(entry.getKey() + ".log").toFile()));
            processes.add(process);
            byService.put(entry.getKey(), process);
        }
        for (String service : ports.keySet()) {
            awaitHealthy(service);
        }
    }

    /**
     * Starts one more gateway instance (same database and broker prefix, a port of its own), waits until it
     * is healthy and returns its name for {@link #url}, e.g. {@code gateway-service-2}.
     */
    String startAnotherGateway() throws Exception {
        return startAnother("gateway-service");
    }

    /** Starts one more worker instance, e.g. {@code task-worker-service-2} (it takes commands from the same queue). */
    String startAnotherWorker() throws Exception {
        return startAnother("task-worker-service");
    }

    private String startAnother(String module) throws Exception {
        int number = 2;
        while (ports.containsKey(module + "-" + number)) {
            number++;
        }
        String name = module + "-" + number;
        ports.put(name, freePort());
        startInstance(name);
        return name;
    }

    /**
     * Asks a service to stop (SIGTERM, as an orchestrator does) and waits until its process has exited, at
     * most {@code timeout}; returns how long it took.
     */
    Duration stop(String service, Duration timeout) throws InterruptedException {
        Process process = byService.remove(service);
        if (process == null) {
            throw new IllegalStateException(service + " is not running");
        }
        processes.remove(process);
        long start = System.nanoTime();
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(15, TimeUnit.SECONDS);
            throw new IllegalStateException(service + " did not stop within " + timeout + " after SIGTERM");
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    boolean isRunning(String service) {
        Process process = byService.get(service);
        return process != null && process.isAlive();
    }

    /** Kills a service's process at once (SIGKILL, as a crash), e.g. a gateway instance or the worker. */
    void kill(String service) throws InterruptedException {
        Process process = byService.remove(service);
        if (process != null) {
            processes.remove(process);
            process.destroyForcibly();
            process.waitFor(15, TimeUnit.SECONDS);
        }
    }

    /** Starts again, on its port, a service stopped by {@link #kill}, and waits until it is healthy. */
    void restart(String service) throws Exception {
        if (byService.containsKey(service)) {
            throw new IllegalStateException(service + " is running");
        }
        startInstance(service);
    }

    private void startInstance(String name) throws Exception {
        // "gateway-service-2" runs the gateway-service jar.
        String module = name.replaceFirst("-\\d+$", "");
        Map<String, String> env = new LinkedHashMap<>(commonEnvironment);
        env.put("SERVER_PORT", String.valueOf(ports.get(name)));
        // Appended: a restarted service keeps the log of its first life.
        Process process = launch(module, env, ProcessBuilder.Redirect.appendTo(logDir.resolve(name + ".log").toFile()));
        processes.add(process);
        byService.put(name, process);
        awaitHealthy(name);
    }

    private Process launch(String module, Map<String, String> env, ProcessBuilder.Redirect log) throws IOException {
        Path jar = repoRoot.resolve(module + "/target/" + module + "-" + System.getProperty("edxo.version", "0.1.0-SNAPSHOT") + "-exec.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("missing " + jar + ": run `mvn package` first");
        }
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log);
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

    /** The request bodies the simulator has received so far, oldest first ({@code GET /sim/requests}). */
    List<tools.jackson.databind.JsonNode> simulatorRequests() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("responses-simulator") + "/sim/requests"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /sim/requests answered " + response.statusCode() + ": " + response.body());
        }
        return org.edxo.ai.contracts.json.Json.tree(response.body()).valueStream().toList();
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
        if (brokerProxy != null) {
            brokerProxy.close();
        }
        if (databaseProxy != null) {
            databaseProxy.close();
        }
        // The database and this run's queues are removed at JVM exit by TestInfrastructure.
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
