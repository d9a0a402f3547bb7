package org.edxo.ai.benchmarks;

import io.netty.buffer.Unpooled;
import org.edxo.ai.support.security.ServiceTokens;
import org.edxo.ai.support.testing.TestInfrastructure;
import reactor.core.publisher.Mono;
import reactor.netty.resources.ConnectionProvider;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./edxo bench --mode starts [--starts N] [--concurrency C] [--warm-up-starts W] [--client netty|jdk]}: the
 * start path alone, at saturation. Runs the gateway, billing and settings (no worker: commands wait in their
 * queue, which goes with the run's broker prefix), keeps C starts in flight from a closed loop until N are
 * answered, and reports starts/s and POST→202 latency. Each start: JWT, schema checks, the credit check, a row,
 * a confirmed publish. The client shares the two cores with the system, so it is Reactor Netty's (0.1–0.4 ms
 * of CPU per start here) rather than the JDK's (0.5–0.8 ms); {@code --client jdk} keeps the JDK's for comparison.
 */
final class StartBench {

    private static final String START_PATH = "/gestion_programme/analyse_plan_de_cours/101/start";
    private static final int USERS = 100;

    private final int starts;
    private final int concurrency;
    private final int warmUpStarts;
    private final boolean jdkClient;
    private final Path repoRoot;
    private final ServiceTokens tokens = new ServiceTokens(TestInfrastructure.JWT_SECRET, "bench", Clock.systemUTC());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** @param warmUpStarts starts answered before the measured ones ({@link #defaultWarmUp} unless asked) */
    StartBench(int starts, int concurrency, int warmUpStarts, boolean jdkClient, Path repoRoot) {
        this.starts = starts;
        this.concurrency = concurrency;
        this.warmUpStarts = warmUpStarts;
        this.jdkClient = jdkClient;
        this.repoRoot = repoRoot;
    }

    /** A quarter of the measured starts, from 200 to 1,000: the JIT is still compiling after it. */
    static int defaultWarmUp(int starts) {
        return Math.min(1000, Math.max(200, starts / 4));
    }

    int run() throws Exception {
        try (SystemLauncher system = new SystemLauncher(repoRoot, System.getProperty("edxo.version", "0.1.0-SNAPSHOT"))) {
            System.out.printf("Starting gateway, billing, settings (database %s, broker prefix %s)...%n", system.database, system.brokerPrefix);
            system.start(List.of("settings-service", "billing-service", "gateway-service"), Map.of(), "512m");
            String gateway = system.url("gateway-service");
            byte[] snapshot = Files.readAllBytes(repoRoot.resolve("demo/analyse-plan-de-cours.json"));
            String admin = tokens.mint("bench-admin", List.of("admin"), Duration.ofHours(2));
            String[] userTokens = new String[USERS];
            for (int i = 0; i < USERS; i++) {
                BenchMain.topUp(http, gateway, admin, "bench-starter-" + i);
                userTokens[i] = tokens.mint("bench-starter-" + i, List.of("coordo"), Duration.ofHours(2));
            }
            StartClient client = jdkClient ? new JdkStartClient(http, gateway) : new NettyStartClient(gateway, concurrency);
            System.out.printf("Warming up with %d starts...%n", warmUpStarts);
            fire(client, snapshot, userTokens, warmUpStarts);
            System.out.printf("Firing %d starts, %d in flight at a time...%n", starts, concurrency);
            CpuMeter cpu = new CpuMeter().add("gateway", system.pid("gateway-service")).add("billing", system.pid("billing-service"))
                    .add("bench client", ProcessHandle.current().pid()).addByCommand("RabbitMQ", "beam.smp")
                    .addByCommand("PostgreSQL", "postgres");
            String load = BenchMain.loadAverage();
            cpu.start();
            Result result = fire(client, snapshot, userTokens, starts);
            cpu.stop();
            Percentiles latency = Percentiles.of(result.latencies());
            ResultTable table = new ResultTable(String.format(Locale.ROOT,
                    "EDxo bench --mode starts: %d starts after %d to warm up, %d in flight, %d users, %s client (no worker running; load average before: %s)",
                    starts, warmUpStarts, concurrency, USERS, jdkClient ? "JDK" : "Reactor Netty", load))
                    .row("starts accepted (202) / refused / failed", result.accepted() + " / " + result.refused() + " / " + result.failed())
                    .row("starts per second (first send → last 202)", String.format(Locale.ROOT, "%.0f /s over %.2f s",
                            result.accepted() / result.seconds(), result.seconds()))
                    .row("start latency POST→202 p50 / p95 / p99", ResultTable.millis(latency, 50, 95, 99))
                    .row("CPU per start (ms): " + String.join(", ", cpu.cpuMillis().keySet()), BenchMain.perUnit(cpu, result.accepted()))
                    .row("  of which JIT compiler threads", BenchMain.jitPerUnit(cpu, result.accepted()));
            System.out.println();
            System.out.print(table.render());
            SystemLauncher.printOverrides();
            return result.failed() == 0 ? 0 : 1;
        }
    }

    record Result(int accepted, int refused, int failed, double seconds, long[] latencies) {
    }

    /** A closed loop: {@code concurrency} starts in flight until {@code count} are answered. */
    private Result fire(StartClient client, byte[] snapshot, String[] userTokens, int count) throws Exception {
        Semaphore inFlight = new Semaphore(concurrency);
        long[] latencies = new long[count];
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong lastAnswer = new AtomicLong();
        CompletableFuture<?>[] all = new CompletableFuture<?>[count];
        long begin = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            int index = i;
            long sent = System.nanoTime();
            all[i] = client.post(START_PATH, userTokens[i % userTokens.length], snapshot).whenComplete((status, error) -> {
                long now = System.nanoTime();
                latencies[index] = (now - sent) / 1000;
                lastAnswer.accumulateAndGet(now, Math::max);
                if (error != null) {
                    failed.incrementAndGet();
                } else if (status == 202) {
                    accepted.incrementAndGet();
                } else if (status == 402 || status == 429) {
                    refused.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                inFlight.release();
            });
        }
        CompletableFuture.allOf(all).exceptionally(e -> null).get();
        return new Result(accepted.get(), refused.get(), failed.get(), Math.max(1e-9, (lastAnswer.get() - begin) / 1e9), latencies);
    }

    /** One POST of a JSON body with a bearer token; completes with the status code once the body was read. */
    private interface StartClient {
        CompletableFuture<Integer> post(String path, String token, byte[] json);
    }

    private record JdkStartClient(HttpClient http, String baseUrl) implements StartClient {
        @Override
        public CompletableFuture<Integer> post(String path, String token, byte[] json) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                    .build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
        }
    }

    /** Reactor Netty's client on a pool of at most {@code concurrency} keep-alive connections. */
    private static final class NettyStartClient implements StartClient {
        private final reactor.netty.http.client.HttpClient http;

        NettyStartClient(String baseUrl, int concurrency) {
            this.http = reactor.netty.http.client.HttpClient.create(ConnectionProvider.builder("bench-starts")
                            .maxConnections(concurrency).pendingAcquireMaxCount(-1).build())
                    .baseUrl(baseUrl);
        }

        @Override
        public CompletableFuture<Integer> post(String path, String token, byte[] json) {
            return http.headers(headers -> headers.set("Authorization", "Bearer " + token).set("Content-Type", "application/json"))
                    .post().uri(path)
                    .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(json)))
                    .responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
                    .toFuture();
        }
    }
}
