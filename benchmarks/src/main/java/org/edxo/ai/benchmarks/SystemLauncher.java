package org.edxo.ai.benchmarks;

import org.edxo.ai.support.testing.TestInfrastructure;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The whole system as processes on 127.0.0.1, as {@code ./edxo up} runs it but on random ports, in a
 * database and broker prefix of its own that are removed when the benchmark exits. Same idea as the
 * end-to-end harness, tuned for measuring: full JIT and the heap a deployment would give.
 */
final class SystemLauncher implements AutoCloseable {

    static final List<String> SERVICES = List.of("responses-simulator", "settings-service", "billing-service",
            "task-worker-service", "gateway-service");
    /** EDXO_BENCH_JAVA: the launcher of every process, e.g. a JDK 25 for {@link AotCache}; {@code java} otherwise. */
    private static final String JAVA = Objects.requireNonNullElse(System.getenv("EDXO_BENCH_JAVA"), "java");
    private static final AotCache AOT = AotCache.fromEnvironment(JAVA);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(420);

    final String database = TestInfrastructure.createDatabase("edxo_bench");
    final String brokerPrefix = TestInfrastructure.brokerPrefix();
    private final Path repoRoot;
    private final Path logDir;
    private final String version;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, String> common = new LinkedHashMap<>();
    private String heap = "512m";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SystemLauncher(Path repoRoot, String version) {
        this.repoRoot = repoRoot;
        this.version = version;
        this.logDir = repoRoot.resolve("benchmarks/target/bench-logs");
    }

    void start(Map<String, String> environment, String heap) throws Exception {
        start(SERVICES, environment, heap);
    }

    /** Starts {@code services} (a subset of {@link #SERVICES}, in that order) and waits until each is healthy. */
    void start(List<String> services, Map<String, String> environment, String heap) throws Exception {
        Files.createDirectories(logDir);
        for (String service : SERVICES) {
            ports.put(service, freePort());
        }
        common.put("EDXO_JWT_SECRET", TestInfrastructure.JWT_SECRET);
        common.put("EDXO_BROKER_PREFIX", brokerPrefix);
        common.put("SPRING_R2DBC_URL", TestInfrastructure.r2dbcUrl(database));
        common.put("SPRING_FLYWAY_URL", TestInfrastructure.jdbcUrl(database));
        common.put("EDXO_SETTINGS_URL", url("settings-service"));
        common.put("EDXO_BILLING_URL", url("billing-service"));
        common.put("EDXO_GATEWAY_URL", url("gateway-service"));
        common.put("OPENAI_API_KEY", "sim-key");
        common.put("OPENAI_BASE_URL", url("responses-simulator") + "/v1");
        common.put("SIM_HOST", "127.0.0.1");
        common.put("SIM_PORT", String.valueOf(ports.get("responses-simulator")));
        common.putAll(environment);
        this.heap = heap;
        for (String service : SERVICES) {
            if (services.contains(service)) {
                launch(service, service, ports.get(service));
            }
        }
        for (String service : SERVICES) {
            if (services.contains(service)) {
                awaitHealthy(service);
            }
        }
    }

    /** One more instance of {@code service} (e.g. a second worker) on a port of its own; {@code name} keys it. */
    void startInstance(String service, String name) throws Exception {
        int port = freePort();
        ports.put(name, port);
        launch(service, name, port);
        awaitHealthy(name);
    }

    private void launch(String service, String name, int port) throws IOException, InterruptedException {
        Path jar = repoRoot.resolve(service + "/target/" + service + "-" + version + "-exec.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("missing " + jar + ": run `mvn -B -ntp package -DskipTests` first");
        }
        List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx" + heap));
        // EDXO_BENCH_<SERVICE>_JVM_OPTS: extra JVM options of one service, e.g. a flight recording.
        String jvmOptions = System.getenv(jvmOptionsVariable(service));
        if (jvmOptions != null && !jvmOptions.isBlank()) {
            command.addAll(List.of(jvmOptions.trim().replace("{name}", name).split("\\s+")));
        }
        // The simulator stands for OpenAI: it runs as it always does, whatever the services run with. A
        // second instance of a service (scale mode) reads the cache but never writes it: one writer per file.
        boolean cached = AOT != null && !service.equals("responses-simulator") && (!AOT.training() || name.equals(service));
        command.addAll(cached ? AOT.launchOptions(service, jar) : List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve(name + ".log").toFile());
        builder.environment().putAll(common);
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        // Experiments without editing a service: EDXO_BENCH_GATEWAY_JSON / EDXO_BENCH_WORKER_JSON become
        // that service's SPRING_APPLICATION_JSON (e.g. a consumer prefetch), and are printed with the table.
        String overrides = System.getenv(overrideVariable(service));
        if (overrides != null && !overrides.isBlank()) {
            builder.environment().put("SPRING_APPLICATION_JSON", overrides);
        }
        processes.put(name, builder.start());
    }

    /** Prints, under a table, what each service ran with besides the defaults (its settings JSON, its JVM options). */
    static void printOverrides() {
        if (!JAVA.equals("java") || AOT != null) {
            System.out.println("(every process ran on " + JAVA + (AOT == null ? "" : "; the services with " + AOT) + ")");
        }
        for (String service : SERVICES) {
            String overrides = System.getenv(overrideVariable(service));
            if (overrides != null && !overrides.isBlank()) {
                System.out.println("(" + service + " ran with SPRING_APPLICATION_JSON=" + overrides + ")");
            }
            String jvmOptions = System.getenv(jvmOptionsVariable(service));
            if (jvmOptions != null && !jvmOptions.isBlank()) {
                System.out.println("(" + service + " ran with the JVM options " + jvmOptions.trim() + ", after the default -Xmx)");
            }
        }
    }

    static String overrideVariable(String service) {
        return "EDXO_BENCH_" + shortName(service) + "_JSON";
    }

    static String jvmOptionsVariable(String service) {
        return "EDXO_BENCH_" + shortName(service) + "_JVM_OPTS";
    }

    private static String shortName(String service) {
        return service.replace("-service", "").replace("task-", "").replace('-', '_').toUpperCase(java.util.Locale.ROOT);
    }

    private void awaitHealthy(String service) throws Exception {
        String health = url(service) + (service.startsWith("responses-simulator") ? "/health" : "/actuator/health");
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            for (var entry : processes.entrySet()) {
                if (!entry.getValue().isAlive()) {
                    throw new IllegalStateException(entry.getKey() + " exited during startup; see " + logDir);
                }
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(health))
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

    long pid(String service) {
        return processes.get(service).pid();
    }

    boolean running(String service) {
        return processes.containsKey(service);
    }

    Path logDir() {
        return logDir;
    }

    @Override
    public void close() {
        processes.values().forEach(Process::destroy);
        // A training JVM writes its AOT cache on its way out, which takes seconds per service on two cores.
        long grace = AOT != null && AOT.training() ? 180 : 20;
        for (Process process : processes.values()) {
            try {
                if (!process.waitFor(grace, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
