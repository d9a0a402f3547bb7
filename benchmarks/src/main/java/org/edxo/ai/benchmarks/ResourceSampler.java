package org.edxo.ai.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Samples a service once a second: heap used and live threads (Prometheus), RSS (/proc); keeps the peaks. */
final class ResourceSampler implements AutoCloseable {

    record Peak(long heapBytes, long rssBytes, long liveThreads) {
    }

    /** One reading now. */
    record Snapshot(long heapBytes, long rssBytes, long liveThreads) {
    }

    /** Heap (after a full GC when {@code gcFirst}: the live set), RSS and live threads of a service now. */
    static Snapshot snapshot(String serviceUrl, long pid, boolean gcFirst) throws Exception {
        if (gcFirst) {
            new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            Thread.sleep(500);
        }
        try (ResourceSampler once = new ResourceSampler(serviceUrl, pid, false)) {
            once.sample();
            return new Snapshot(once.heap, once.rss, once.threads);
        }
    }

    private final String prometheusUrl;
    private final long pid;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bench-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private volatile long heap;
    private volatile long rss;
    private volatile long threads;

    ResourceSampler(String serviceUrl, long pid) {
        this(serviceUrl, pid, true);
    }

    private ResourceSampler(String serviceUrl, long pid, boolean periodic) {
        this.prometheusUrl = serviceUrl + "/actuator/prometheus";
        this.pid = pid;
        if (periodic) {
            timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
        }
    }

    private void sample() {
        try {
            String text = http.send(HttpRequest.newBuilder(URI.create(prometheusUrl)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            heap = Math.max(heap, (long) sum(text, "jvm_memory_used_bytes{", "area=\"heap\""));
            threads = Math.max(threads, (long) sum(text, "jvm_threads_live_threads", ""));
        } catch (Exception e) {
            // a missed sample under load is acceptable; the peak is over all samples
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Math.max(rss, Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                }
            }
        } catch (Exception e) {
            // not Linux, or the process is gone
        }
    }

    /** Sum of the values of the lines of a metric whose labels contain {@code labelFilter}. */
    static double sum(String prometheusText, String metricPrefix, String labelFilter) {
        double total = 0;
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith(metricPrefix) && line.contains(labelFilter)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    Peak peak() {
        sample();
        return new Peak(heap, rss, threads);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
