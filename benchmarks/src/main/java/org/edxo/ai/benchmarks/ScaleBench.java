package org.edxo.ai.benchmarks;

import org.edxo.ai.support.security.ServiceTokens;
import org.edxo.ai.support.testing.TestInfrastructure;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./edxo bench --mode scale [--worker-streams K] [--tasks N]}: scaling out. Each worker runs at most K
 * streams at once (prefetch and model bulkhead K); N tasks (4 × K by default) are started at once, first
 * with one worker, then again after a second worker instance joined, each followed over SSE to its end.
 * With the per-worker limit as the bottleneck, two workers should finish about twice as fast.
 */
final class ScaleBench {

    private final int workerStreams;
    private final int tasks;
    private final int tokensPerSecond;
    private final int outputTokens;
    private final Path repoRoot;

    ScaleBench(int workerStreams, int tasks, int tokensPerSecond, int outputTokens, Path repoRoot) {
        this.workerStreams = workerStreams;
        this.tasks = tasks;
        this.tokensPerSecond = tokensPerSecond;
        this.outputTokens = outputTokens;
        this.repoRoot = repoRoot;
    }

    int run() throws Exception {
        BenchMain client = new BenchMain(tasks, tokensPerSecond, outputTokens, 1, 10, false, true, true, repoRoot);
        ServiceTokens tokens = new ServiceTokens(TestInfrastructure.JWT_SECRET, "bench", Clock.systemUTC());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (SystemLauncher system = new SystemLauncher(repoRoot, System.getProperty("edxo.version", "0.1.0-SNAPSHOT"))) {
            System.out.printf("Starting the system with one worker limited to %d streams...%n", workerStreams);
            system.start(Map.of(
                    "SIM_TOKENS_PER_SECOND", String.valueOf(tokensPerSecond),
                    "SIM_OUTPUT_TOKENS", String.valueOf(outputTokens),
                    "EDXO_WORKER_MAX_CONCURRENT_TASKS", String.valueOf(workerStreams),
                    "EDXO_OPENAI_MAX_CONCURRENT_CALLS_PER_MODEL", String.valueOf(workerStreams)), "512m");
            String gateway = system.url("gateway-service");
            byte[] snapshot = Files.readAllBytes(repoRoot.resolve("demo/analyse-plan-de-cours.json"));
            String admin = tokens.mint("bench-admin", List.of("admin"), Duration.ofHours(2));
            for (int i = 0; i < 2 * tasks + workerStreams; i++) {
                BenchMain.topUp(http, gateway, admin, BenchMain.user(i));
            }
            System.out.printf("Warming up with %d tasks...%n", workerStreams);
            batch(client, gateway, snapshot, 2 * tasks, workerStreams);
            String loadOne = BenchMain.loadAverage();
            System.out.printf("%d tasks on one worker...%n", tasks);
            Phase one = batch(client, gateway, snapshot, 0, tasks);
            System.out.println("Starting a second worker instance...");
            system.startInstance("task-worker-service", "task-worker-service-2");
            String loadTwo = BenchMain.loadAverage();
            System.out.printf("%d tasks on two workers...%n", tasks);
            Phase two = batch(client, gateway, snapshot, tasks, tasks);
            ResultTable table = new ResultTable(String.format(Locale.ROOT,
                    "EDxo bench --mode scale: %d tasks at once, each worker limited to %d streams, %d tokens/s, %d output tokens",
                    tasks, workerStreams, tokensPerSecond, outputTokens))
                    .row("one worker: all done in / completed, failed, lost (load average before)",
                            String.format(Locale.ROOT, "%.1f s / %d, %d, %d (%s)", one.seconds(), one.completed(), one.failed(), one.lost(), loadOne))
                    .row("two workers: all done in / completed, failed, lost (load average before)",
                            String.format(Locale.ROOT, "%.1f s / %d, %d, %d (%s)", two.seconds(), two.completed(), two.failed(), two.lost(), loadTwo))
                    .row("speed-up (one / two)", String.format(Locale.ROOT, "×%.2f", one.seconds() / Math.max(1e-9, two.seconds())));
            System.out.println();
            System.out.print(table.render());
            SystemLauncher.printOverrides();
            return one.lost() + two.lost() == 0 ? 0 : 1;
        }
    }

    record Phase(double seconds, long completed, long failed, long lost) {
    }

    private Phase batch(BenchMain client, String gateway, byte[] snapshot, int firstUser, int count) throws Exception {
        long begin = System.nanoTime();
        List<BenchMain.Started> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(client.startTask(gateway, firstUser + i, snapshot));
        }
        long modelSeconds = 1 + (outputTokens + 300L) / tokensPerSecond;
        CompletableFuture.allOf(started.stream().map(BenchMain.Started::done).toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, 60 + 4 * modelSeconds * ((count + workerStreams - 1) / workerStreams), TimeUnit.SECONDS)
                .join();
        double seconds = (System.nanoTime() - begin) / 1e9;
        long completed = started.stream().filter(s -> s.follower().outcome() == StreamFollower.Outcome.SUCCEEDED).count();
        long failed = started.stream().filter(s -> s.follower().outcome() == StreamFollower.Outcome.FAILED).count();
        return new Phase(seconds, completed, failed, count - completed - failed);
    }
}
