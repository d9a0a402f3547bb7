package org.edxo.ai.benchmarks;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.support.security.ServiceTokens;
import org.edxo.ai.support.testing.TestInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.LongStream;

/**
 * {@code ./edxo bench [--tasks N] [--tokens-per-second R] [--output-tokens T]}: starts the whole system,
 * runs N concurrent analyses through the gateway (each followed over SSE) and, at the same time, N
 * streams read straight from the simulator as the baseline, then prints one table. Bounded: N tasks, a
 * deadline derived from the pace, 127.0.0.1 only. Exit code 1 when a task is lost.
 */
public final class BenchMain {

    private static final String START_PATH = "/gestion_programme/analyse_plan_de_cours/101/start";
    /**
     * Browsers' EventSource reconnects without limit; the run's deadline bounds ours. Five was too few at
     * N = 200, where the recorder runs seconds behind and a stream may end with a gap error several times.
     */
    private static final int MAX_RESUMES = 100;
    private static final long FIRST_TOKEN_DELAY_MS = 300;

    private final int tasks;
    private final int tokensPerSecond;
    private final int outputTokens;
    private final boolean baseline;
    /** Whether the measured phase runs tasks through the system; false measures the harness alone (--baseline-only). */
    private final boolean systemStreams;
    /** Rounds of {@link #warmUpTasks} tasks before the measured phase: the JIT keeps compiling for minutes. */
    private final int warmUpRounds;
    private final int warmUpTasks;
    /** Ask for gzip on the SSE streams, as browsers do. */
    private final boolean gzip;
    private final Path repoRoot;
    private final ServiceTokens tokens = new ServiceTokens(TestInfrastructure.JWT_SECRET, "bench", Clock.systemUTC());
    /** Separate clients (separate selector threads) for the system's and the baseline's streams. */
    private final HttpClient gatewayHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final HttpClient directHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ExecutorService readers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "bench-reader");
        thread.setDaemon(true);
        return thread;
    });
    private final ConcurrentLinkedQueue<InputStream> openStreams = new ConcurrentLinkedQueue<>();

    BenchMain(int tasks, int tokensPerSecond, int outputTokens, int warmUpRounds, int warmUpTasks, boolean baseline,
              boolean systemStreams, boolean gzip, Path repoRoot) {
        this.tasks = tasks;
        this.systemStreams = systemStreams;
        this.warmUpRounds = warmUpRounds;
        this.warmUpTasks = warmUpTasks;
        this.baseline = baseline;
        this.gzip = gzip;
        this.tokensPerSecond = tokensPerSecond;
        this.outputTokens = outputTokens;
        this.repoRoot = repoRoot;
    }

    static final String USAGE = """
            usage: ./edxo bench [--mode stream|starts|idle-sse|scale|broker|sdk-parse] [options]
              stream    (default) --tasks N (200) --tokens-per-second R (50) --output-tokens T (500) --warm-up-rounds W (1) --warm-up-tasks K (10)
                        [--no-baseline | --baseline-only] [--no-gzip]
              starts    --starts N (3000) --concurrency C (64) --warm-up-starts W (N/4, 200 to 1000) [--client netty|jdk]
              idle-sse  --connections M (10000) --hold-seconds S (20) [--gzip]
              scale     --worker-streams K (20) --tasks N (4 x K) --tokens-per-second R (50) --output-tokens T (200)
              broker    --rate R (1000) --seconds S (10)
              sdk-parse --rounds N (40)""";

    public static void main(String[] args) throws Exception {
        String mode = "stream";
        Map<String, String> options = new java.util.HashMap<>();
        boolean baseline = true;
        boolean systemStreams = true;
        boolean gzip = true;
        boolean idleGzip = false;
        Path root = Path.of(".");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--mode" -> mode = value;
                case "--repo-root" -> root = Path.of(value);
                case "--no-baseline" -> {
                    baseline = false;
                    continue;
                }
                case "--baseline-only" -> {
                    systemStreams = false;
                    continue;
                }
                case "--no-gzip" -> {
                    gzip = false;
                    continue;
                }
                case "--gzip" -> {
                    idleGzip = true;
                    continue;
                }
                case "--tasks", "--warm-up-rounds", "--warm-up-tasks", "--tokens-per-second", "--output-tokens", "--starts", "--concurrency", "--connections",
                     "--hold-seconds", "--worker-streams", "--warm-up-starts", "--client", "--rate", "--seconds", "--rounds" -> options.put(args[i].substring(2), value);
                default -> usage();
            }
            i++;
        }
        root = root.toAbsolutePath().normalize();
        int status;
        try {
            status = switch (mode) {
                case "stream" -> {
                    int tasks = option(options, "tasks", 200);
                    if (tasks < 1 || tasks > 2000) {
                        usage();
                    }
                    yield new BenchMain(tasks, option(options, "tokens-per-second", 50), option(options, "output-tokens", 500),
                            warmUpOption(options, "warm-up-rounds", 1), warmUpOption(options, "warm-up-tasks", 10), baseline || !systemStreams, systemStreams, gzip, root).run();
                }
                case "starts" -> {
                    String client = options.getOrDefault("client", "netty");
                    if (!client.equals("netty") && !client.equals("jdk")) {
                        usage();
                    }
                    int starts = option(options, "starts", 3000);
                    yield new StartBench(starts, option(options, "concurrency", 64),
                            warmUpOption(options, "warm-up-starts", StartBench.defaultWarmUp(starts)), client.equals("jdk"), root).run();
                }
                case "idle-sse" -> new IdleSseBench(option(options, "connections", 10_000), option(options, "hold-seconds", 20), idleGzip, root).run();
                case "broker" -> new BrokerBench(option(options, "rate", 1000), option(options, "seconds", 10)).run();
                case "sdk-parse" -> new SdkParseBench(option(options, "rounds", 40)).run();
                case "scale" -> {
                    int streams = option(options, "worker-streams", 20);
                    yield new ScaleBench(streams, option(options, "tasks", 4 * streams), option(options, "tokens-per-second", 50),
                            option(options, "output-tokens", 200), root).run();
                }
                default -> {
                    usage();
                    yield 2;
                }
            };
        } catch (NumberFormatException e) {
            usage();
            status = 2;
        }
        // Shutdown hooks drop the run's database and broker objects.
        System.exit(status);
    }

    private static String added(Percentiles system, Percentiles baseline) {
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f ms", (system.at(50) - baseline.at(50)) / 1000.0,
                (system.at(95) - baseline.at(95)) / 1000.0, (system.at(99) - baseline.at(99)) / 1000.0);
    }

    private static int option(Map<String, String> options, String name, int defaultValue) {
        return option(options, name, defaultValue, 1);
    }

    /** A warm-up size: 0 measures a system that has served nothing yet (its JIT cold). */
    private static int warmUpOption(Map<String, String> options, String name, int defaultValue) {
        return option(options, name, defaultValue, 0);
    }

    private static int option(Map<String, String> options, String name, int defaultValue, int minimum) {
        int value = options.containsKey(name) ? Integer.parseInt(options.get(name)) : defaultValue;
        if (value < minimum) {
            usage();
        }
        return value;
    }

    private static void usage() {
        System.err.println(USAGE);
        System.exit(2);
    }

    /** The 1-, 5- and 15-minute load averages: the machine's own share of every figure. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return "?";
        }
    }

    /** "a / b / c" CPU milliseconds per unit, per measured process. */
    static String perUnit(CpuMeter cpu, long units) {
        List<String> parts = new ArrayList<>();
        cpu.cpuMillis().forEach((name, millis) -> parts.add(String.format(Locale.ROOT, "%.2f", millis / (double) Math.max(1, units))));
        return String.join(" / ", parts) + String.format(Locale.ROOT, " (wall %.1f s)", cpu.wallMillis() / 1000.0);
    }

    /** The same for the JVMs' JIT compiler threads alone: what a warmer run would not spend. */
    static String jitPerUnit(CpuMeter cpu, long units) {
        List<String> parts = new ArrayList<>();
        cpu.jitMillis().forEach((name, millis) -> parts.add(String.format(Locale.ROOT, "%.2f", millis / (double) Math.max(1, units))));
        return String.join(" / ", parts);
    }

    /** Tops a user up through the gateway; retried a few times (a loaded machine can time the proxy out). */
    static void topUp(HttpClient http, String gateway, String adminToken, String user) throws Exception {
        HttpResponse<String> topUp = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            topUp = http.send(post(gateway + "/api/v1/billing/accounts/" + user + "/top-ups", adminToken,
                    "{\"amount\":\"100.00\",\"reason\":\"Benchmark\"}".getBytes()), HttpResponse.BodyHandlers.ofString());
            if (topUp.statusCode() == 201) {
                return;
            }
            Thread.sleep(1000L * attempt);
        }
        throw new IllegalStateException("top-up answered " + topUp.statusCode() + ": " + topUp.body());
    }

    private int run() throws Exception {
        try (SystemLauncher system = new SystemLauncher(repoRoot, System.getProperty("edxo.version", "0.1.0-SNAPSHOT"))) {
            System.out.printf("Starting the system (database %s, broker prefix %s, logs %s)...%n",
                    system.database, system.brokerPrefix, system.logDir());
            system.start(Map.of(
                    "SIM_TOKENS_PER_SECOND", String.valueOf(tokensPerSecond),
                    "SIM_FIRST_TOKEN_DELAY_MS", String.valueOf(FIRST_TOKEN_DELAY_MS),
                    "SIM_OUTPUT_TOKENS", String.valueOf(outputTokens),
                    "SIM_STAMP_DELTAS", "true",
                    "EDXO_WORKER_MAX_CONCURRENT_TASKS", String.valueOf(Math.max(64, tasks + warmUpTasks)),
                    // The worker's per-model bulkhead must not refuse what the prefetch lets in.
                    "EDXO_OPENAI_MAX_CONCURRENT_CALLS_PER_MODEL", String.valueOf(Math.max(64, tasks + warmUpTasks))), "512m");
            String gateway = system.url("gateway-service");
            String simulator = system.url("responses-simulator");
            byte[] snapshot = Files.readAllBytes(repoRoot.resolve("demo/analyse-plan-de-cours.json"));

            System.out.printf("Topping up %d users...%n", tasks + warmUpTasks);
            String admin = tokens.mint("bench-admin", List.of("admin"), Duration.ofHours(2));
            for (int i = 0; i < tasks + warmUpTasks; i++) {
                topUp(gatewayHttp, gateway, admin, user(i));
            }

            for (int round = 1; round <= warmUpRounds; round++) {
                System.out.printf("Warming up with %d tasks (round %d of %d)...%n", warmUpTasks, round, warmUpRounds);
                List<Started> warmUp = new ArrayList<>();
                for (int i = 0; i < warmUpTasks; i++) {
                    warmUp.add(startTask(gateway, tasks + i, snapshot));
                }
                awaitAll(warmUp.stream().map(Started::done).toList(), deadlineMillis());
            }
            ObjectNode template = (ObjectNode) lastRequest(simulator);
            gatewayHttp.send(HttpRequest.newBuilder(URI.create(simulator + "/sim/stamps")).DELETE().build(), HttpResponse.BodyHandlers.discarding());

            try (BrokerCounter broker = new BrokerCounter(system.brokerPrefix);
                 ResourceSampler worker = new ResourceSampler(system.url("task-worker-service"), system.pid("task-worker-service"));
                 ResourceSampler gatewaySampler = new ResourceSampler(gateway, system.pid("gateway-service"))) {
                System.out.printf("Running %d tasks through the gateway and %d direct simulator streams...%n",
                        systemStreams ? tasks : 0, baseline ? tasks : 0);
                CpuMeter cpu = new CpuMeter();
                for (String service : SystemLauncher.SERVICES) {
                    cpu.add(service.replace("-service", "").replace("responses-", ""), system.pid(service));
                }
                cpu.add("bench client", ProcessHandle.current().pid()).addByCommand("RabbitMQ", "beam.smp")
                        .addByCommand("PostgreSQL", "postgres");
                String load = loadAverage();
                cpu.start();
                long begin = System.nanoTime();
                List<Started> started = new ArrayList<>();
                List<Direct> direct = new ArrayList<>();
                for (int i = 0; i < tasks; i++) {
                    if (systemStreams) {
                        started.add(startTask(gateway, i, snapshot));
                    }
                    if (baseline) {
                        direct.add(startDirect(simulator, template, i));
                    }
                }
                List<CompletableFuture<?>> all = new ArrayList<>();
                started.forEach(s -> all.add(s.done()));
                direct.forEach(d -> all.add(d.done()));
                awaitAll(all, deadlineMillis());
                cpu.stop();
                long startsEnd = started.stream().mapToLong(s -> s.acceptedAt().getNow(begin)).max().orElse(begin);

                JsonNode stamps = Json.tree(gatewayHttp.send(HttpRequest.newBuilder(URI.create(simulator + "/sim/stamps")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                printTable(system, started, direct, stamps, begin, startsEnd, broker, worker.peak(), gatewaySampler.peak(), cpu, load);
                return (int) started.stream().filter(s -> s.follower().outcome() == StreamFollower.Outcome.LOST).count();
            }
        } finally {
            openStreams.forEach(BenchMain::closeQuietly);
            readers.shutdownNow();
        }
    }

    /** One task: POST → 202 timing, then its SSE stream followed on a reader thread. */
    record Started(int index, long sentAt, CompletableFuture<Long> acceptedAt, CompletableFuture<String> taskId,
                   StreamFollower follower, CompletableFuture<Void> done) {
    }

    record Direct(String key, StreamFollower follower, CompletableFuture<Void> done) {
    }

    Started startTask(String gateway, int index, byte[] snapshot) {
        String token = tokens.mint(user(index), List.of("coordo"), Duration.ofHours(2));
        StreamFollower follower = new StreamFollower(StreamFollower.Dialect.GATEWAY);
        CompletableFuture<Long> acceptedAt = new CompletableFuture<>();
        long sentAt = System.nanoTime();
        CompletableFuture<String> taskId = gatewayHttp.sendAsync(post(gateway + START_PATH, token, snapshot), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> {
                    acceptedAt.complete(System.nanoTime());
                    if (response.statusCode() != 202) {
                        throw new IllegalStateException("start answered " + response.statusCode() + ": " + response.body());
                    }
                    return Json.tree(response.body()).path("task_id").asString();
                });
        CompletableFuture<Void> done = taskId.thenAcceptAsync(id -> follow(follower, lastEventId -> {
                    HttpRequest.Builder events = HttpRequest.newBuilder(URI.create(gateway + "/tasks/events/" + id + "?access_token=" + token))
                            .header("Accept", "text/event-stream");
                    if (gzip) {
                        events.header("Accept-Encoding", "gzip"); // as browsers do
                    }
                    if (lastEventId != null) {
                        events.header("Last-Event-ID", lastEventId);
                    }
                    return gatewayHttp.send(events.build(), HttpResponse.BodyHandlers.ofInputStream());
                }), readers)
                .exceptionally(failure -> {
                    follower.failed();
                    return null;
                });
        return new Started(index, sentAt, acceptedAt, taskId, follower, done);
    }

    private Direct startDirect(String simulator, ObjectNode template, int index) {
        String key = "direct-" + index;
        ObjectNode body = template.deepCopy();
        body.put("stream", true);
        body.putObject("metadata").put("task_id", key);
        StreamFollower follower = new StreamFollower(StreamFollower.Dialect.RESPONSES_API);
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> follow(follower,
                lastEventId -> directHttp.send(post(simulator + "/v1/responses", "sim-key", Json.write(body)), HttpResponse.BodyHandlers.ofInputStream())), readers);
        return new Direct(key, follower, done);
    }

    interface Opener {
        HttpResponse<InputStream> open(String lastEventId) throws Exception;
    }

    /** Follows a stream to its end, resuming after the last event read (as a browser does), at once, up to {@link #MAX_RESUMES} times. */
    private void follow(StreamFollower follower, Opener opener) {
        try {
            for (int opened = 0; opened <= MAX_RESUMES; opened++) {
                if (opened > 0) {
                    follower.resumed();
                }
                HttpResponse<InputStream> response = opener.open(follower.lastEventId());
                if (response.statusCode() != 200) {
                    follower.failed();
                    closeQuietly(response.body());
                    return;
                }
                openStreams.add(response.body());
                follower.follow(response.body(), "gzip".equals(response.headers().firstValue("Content-Encoding").orElse("")));
                openStreams.remove(response.body());
                closeQuietly(response.body());
                if (follower.outcome() != StreamFollower.Outcome.LOST || !follower.resumable()) {
                    return;
                }
            }
        } catch (Exception e) {
            follower.failed();
        }
    }

    private void printTable(SystemLauncher system, List<Started> started, List<Direct> direct, JsonNode stamps, long begin,
                            long startsEnd, BrokerCounter broker, ResourceSampler.Peak worker, ResourceSampler.Peak gateway,
                            CpuMeter cpu, String load) {
        List<long[]> systemLatencies = new ArrayList<>();
        // The deltas a client could have read live: a task's first deltas may leave the simulator before its
        // client has the 202 and opens the stream (all N POSTs go at once), and wait for it, not for the path.
        List<long[]> onceOpenLatencies = new ArrayList<>();
        long missing = 0;
        long messages = 0;
        long brokerBytes = 0;
        long sseBytes = 0;
        long outputBytes = 0;
        long reasoningBytes = 0;
        long[] sseParts = new long[4];
        int accepted = 0;
        for (Started task : started) {
            // A start that was refused (e.g. 503 on a saturated machine) counts as failed, not as a crash.
            String id = task.taskId().isCompletedExceptionally() ? null : task.taskId().getNow(null);
            if (id == null) {
                continue;
            }
            accepted++;
            long[][] stamp = stampsOf(stamps, id);
            long[] added = LatencyJoin.addedMicros(stamp[0], stamp[1], task.follower().reads());
            missing += stamp[0].length - added.length;
            systemLatencies.add(added);
            if (task.follower().openedMicros() >= 0) {
                onceOpenLatencies.add(LatencyJoin.addedMicros(stamp[0], stamp[1], task.follower().reads(), task.follower().openedMicros()));
            }
            messages += broker.messages(id);
            brokerBytes += broker.bytes(id);
            sseBytes += task.follower().wireBytes();
            outputBytes += task.follower().outputBytes();
            reasoningBytes += task.follower().reasoningBytes();
            long[] parts = task.follower().bytesByPart();
            for (int i = 0; i < parts.length; i++) {
                sseParts[i] += parts[i];
            }
        }
        List<long[]> directLatencies = new ArrayList<>();
        for (Direct stream : direct) {
            long[][] stamp = stampsOf(stamps, stream.key());
            directLatencies.add(LatencyJoin.addedMicros(stamp[0], stamp[1], stream.follower().reads()));
        }
        Percentiles viaSystem = Percentiles.of(flatten(systemLatencies));
        Percentiles onceOpen = Percentiles.of(flatten(onceOpenLatencies));
        Percentiles baseline = Percentiles.of(flatten(directLatencies));
        Percentiles startLatency = Percentiles.of(started.stream()
                .filter(s -> s.acceptedAt().isDone())
                .mapToLong(s -> (s.acceptedAt().getNow(s.sentAt()) - s.sentAt()) / 1000).toArray());
        double startSeconds = Math.max(1e-9, (startsEnd - begin) / 1e9);
        long completed = count(started, StreamFollower.Outcome.SUCCEEDED);
        long failed = count(started, StreamFollower.Outcome.FAILED);
        long lost = count(started, StreamFollower.Outcome.LOST);
        long directOk = direct.stream().filter(d -> d.follower().outcome() == StreamFollower.Outcome.SUCCEEDED).count();
        double perTask = Math.max(1, accepted);
        long chunks = started.stream().mapToLong(s -> s.follower().chunksRead()).sum();
        // The harness alone (--baseline-only): its CPU per delta it read, what the system's runs share the cores with.
        long measuredDeltas = Math.max(1, systemStreams ? viaSystem.count() : baseline.count());

        ResultTable table = new ResultTable(String.format(Locale.ROOT,
                "EDxo bench: %d concurrent analyses%s after %d round(s) of %d to warm up, %d tokens/s, %d output tokens, reasoning summary on, SSE %s (worker prefetch and model bulkhead %d, -Xmx512m; load average before: %s)",
                tasks, systemStreams ? "" : " (harness alone: only the direct streams ran in the measured phase)", warmUpRounds,
                warmUpTasks, tokensPerSecond, outputTokens, gzip ? "with Accept-Encoding: gzip" : "uncompressed",
                Math.max(64, tasks + warmUpTasks), load))
                .row("delta latency via system: simulator→worker→broker→gateway→SSE p50/p95/p99",
                        ResultTable.millis(viaSystem, 50, 95, 99) + " (" + viaSystem.count() + " deltas, " + missing + " never read)")
                .row("delta latency direct (baseline): simulator→client p50/p95/p99",
                        ResultTable.millis(baseline, 50, 95, 99) + " (" + baseline.count() + " deltas)")
                .row("added by the event path (system − baseline) p50/p95/p99", added(viaSystem, baseline))
                .row("  the same, deltas emitted once their client's stream was open", added(onceOpen, baseline)
                        + " (" + onceOpen.count() + " of " + viaSystem.count() + " deltas)")
                .row("starts: tasks/s (all " + tasks + " POSTs fired at once)", String.format(Locale.ROOT, "%.0f /s over %.2f s", accepted / startSeconds, startSeconds))
                .row("start latency POST→202 p50/p99", ResultTable.millis(startLatency, 50, 99))
                .row("broker messages per task (events + usage)", String.format(Locale.ROOT, "%.1f (%.0f bytes)", messages / perTask, brokerBytes / perTask))
                .row("SSE chunks with output per task / output deltas per task", String.format(Locale.ROOT, "%.1f / %.1f",
                        chunks / perTask, viaSystem.count() / perTask))
                .row("SSE bytes on the wire per task / output bytes per task", String.format(Locale.ROOT, "%.0f / %.0f (×%.2f)",
                        sseBytes / perTask, outputBytes / perTask, outputBytes == 0 ? 0 : (double) sseBytes / outputBytes))
                .row("SSE bytes on the wire per task / model text (output + reasoning summary) per task", String.format(Locale.ROOT,
                        "%.0f / %.0f (×%.2f)", sseBytes / perTask, (outputBytes + reasoningBytes) / perTask,
                        outputBytes + reasoningBytes == 0 ? 0 : (double) sseBytes / (outputBytes + reasoningBytes)))
                .row("SSE bytes per task before compression: output chunks / reasoning chunks / other progress / done (all)",
                        String.format(Locale.ROOT, "%.0f / %.0f / %.0f / %.0f (%.0f)", sseParts[0] / perTask, sseParts[1] / perTask,
                                sseParts[2] / perTask, sseParts[3] / perTask, (sseParts[0] + sseParts[1] + sseParts[2] + sseParts[3]) / perTask))
                .row("worker at peak: heap / RSS / live threads", ResultTable.mebibytes(worker.heapBytes()) + " / "
                        + ResultTable.mebibytes(worker.rssBytes()) + " / " + worker.liveThreads())
                .row("gateway at peak: heap / RSS / live threads", ResultTable.mebibytes(gateway.heapBytes()) + " / "
                        + ResultTable.mebibytes(gateway.rssBytes()) + " / " + gateway.liveThreads())
                .row("CPU ms per output delta: " + String.join(" / ", cpu.cpuMillis().keySet()), perUnit(cpu, measuredDeltas))
                .row("  of which JIT compiler threads", jitPerUnit(cpu, measuredDeltas))
                .row("tasks completed / failed / lost", completed + " / " + failed + " / " + lost)
                .row("SSE resumes (Last-Event-ID after an error event or a broken stream)",
                        String.valueOf(started.stream().mapToInt(s -> s.follower().resumes()).sum()))
                .row("direct baseline streams completed", directOk + " / " + direct.size());
        System.out.println();
        System.out.print(table.render());
        SystemLauncher.printOverrides();
        System.out.println("(logs of the run: " + system.logDir() + ")");
    }

    private static long count(List<Started> started, StreamFollower.Outcome outcome) {
        return started.stream().filter(s -> s.follower().outcome() == outcome).count();
    }

    private static long[] flatten(List<long[]> parts) {
        return parts.stream().flatMapToLong(LongStream::of).toArray();
    }

    /** [ends, micros] of one stream's stamps ({@code GET /sim/stamps}); empty when the simulator has none. */
    private static long[][] stampsOf(JsonNode stamps, String key) {
        JsonNode rows = stamps.path(key);
        long[] ends = new long[rows.size()];
        long[] micros = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            ends[i] = rows.get(i).get(0).asLong();
            micros[i] = rows.get(i).get(1).asLong();
        }
        return new long[][] {ends, micros};
    }

    /** The deadline of a batch: the simulated model's own duration, twice, plus a minute. */
    private long deadlineMillis() {
        long streamMillis = FIRST_TOKEN_DELAY_MS + 1000L * (outputTokens + 300) / tokensPerSecond;
        return 2 * streamMillis + 60_000;
    }

    private void awaitAll(List<? extends CompletableFuture<?>> futures, long timeoutMillis) throws Exception {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            System.out.println("Deadline reached: unfinished streams count as lost.");
            openStreams.forEach(BenchMain::closeQuietly);
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
        }
    }

    private JsonNode lastRequest(String simulator) throws Exception {
        JsonNode requests = Json.tree(gatewayHttp.send(HttpRequest.newBuilder(URI.create(simulator + "/sim/requests")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        if (requests.isEmpty()) {
            throw new IllegalStateException("the warm-up tasks never reached the simulator; see the logs");
        }
        return requests.get(requests.size() - 1);
    }

    static HttpRequest post(String url, String bearer, byte[] body) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    static String user(int index) {
        return "bench-user-" + index;
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (Exception ignored) {
            // closing a broken stream
        }
    }
}
