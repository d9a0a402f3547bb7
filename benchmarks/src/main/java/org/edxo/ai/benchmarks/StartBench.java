package org.edxo.ai.benchmarks;

import org.edxo.ai.support.security.ServiceTokens;
import org.edxo.ai.support.testing.TestInfrastructure;

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
 * {@code ./edxo bench --mode starts [--starts N] [--concurrency C]}: the start path alone, at saturation.
 * Runs the gateway, billing and settings (no worker: commands wait in their queue, which goes with the
 * run's broker prefix), keeps C starts in flight from a closed loop until N are answered, and reports
 * starts/s and POST→202 latency. Each start: JWT, schema checks, the credit check, a row, a confirmed publish.
 */
final class StartBench {

    private static final String START_PATH = "/gestion_programme/analyse_plan_de_cours/101/start";
    private static final int USERS = 100;

    private final int starts;
    private final int concurrency;
    private final Path repoRoot;
    private final ServiceTokens tokens = new ServiceTokens(TestInfrastructure.JWT_SECRET, "bench", Clock.systemUTC());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    StartBench(int starts, int concurrency, Path repoRoot) {
        this.starts = starts;
        this.concurrency = concurrency;
        this.repoRoot = repoRoot;
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
            int warmUp = Math.min(1000, Math.max(200, starts / 4));
            System.out.printf("Warming up with %d starts...%n", warmUp);
            fire(gateway, snapshot, userTokens, warmUp);
            System.out.printf("Firing %d starts, %d in flight at a time...%n", starts, concurrency);
            CpuMeter cpu = new CpuMeter().add("gateway", system.pid("gateway-service")).add("billing", system.pid("billing-service"))
                    .add("bench client", ProcessHandle.current().pid()).addByCommand("RabbitMQ", "beam.smp")
                    .addByCommand("PostgreSQL", "postgres");
            String load = BenchMain.loadAverage();
            cpu.start();
            Result result = fire(gateway, snapshot, userTokens, starts);
            cpu.stop();
            Percentiles latency = Percentiles.of(result.latencies());
            ResultTable table = new ResultTable(String.format(Locale.ROOT,
                    "EDxo bench --mode starts: %d starts, %d in flight, %d users (no worker running; load average before: %s)",
                    starts, concurrency, USERS, load))
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
    private Result fire(String gateway, byte[] snapshot, String[] userTokens, int count) throws Exception {
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
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + START_PATH))
                    .header("Authorization", "Bearer " + userTokens[i % userTokens.length])
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(snapshot))
                    .build();
            all[i] = http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                long now = System.nanoTime();
                latencies[index] = (now - sent) / 1000;
                lastAnswer.accumulateAndGet(now, Math::max);
                if (error != null) {
                    failed.incrementAndGet();
                } else if (response.statusCode() == 202) {
                    accepted.incrementAndGet();
                } else if (response.statusCode() == 402 || response.statusCode() == 429) {
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
}
