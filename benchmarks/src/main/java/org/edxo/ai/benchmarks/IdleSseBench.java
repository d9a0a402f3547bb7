package org.edxo.ai.benchmarks;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.support.security.ServiceTokens;
import org.edxo.ai.support.testing.TestInfrastructure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./edxo bench --mode idle-sse [--connections M] [--hold-seconds S] [--gzip]}: M SSE streams held open on one
 * gateway, on one task that stays queued (no worker runs), so each stream gets {@code open} and then a
 * {@code ping} every 15 s. The client is one thread and a selector (raw sockets, no thread per stream).
 * With {@code --gzip} the streams ask for gzip as browsers do (the gateway then keeps a compressor per stream);
 * the client does not inflate: a stream is open when its {@code 200} headers say gzip and a first event came,
 * and each later read counts as a ping.
 * Reports the gateway's RSS, heap (peak, and live after a full GC) and threads, before and with the streams.
 */
final class IdleSseBench {

    private static final int CONNECTING_AT_ONCE = 200;

    private final int connections;
    private final int holdSeconds;
    private final boolean gzip;
    private final Path repoRoot;
    private final ServiceTokens tokens = new ServiceTokens(TestInfrastructure.JWT_SECRET, "bench", Clock.systemUTC());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    IdleSseBench(int connections, int holdSeconds, boolean gzip, Path repoRoot) {
        this.connections = connections;
        this.holdSeconds = holdSeconds;
        this.gzip = gzip;
        this.repoRoot = repoRoot;
    }

    int run() throws Exception {
        try (SystemLauncher system = new SystemLauncher(repoRoot, System.getProperty("edxo.version", "0.1.0-SNAPSHOT"))) {
            System.out.printf("Starting gateway, billing, settings (database %s, broker prefix %s)...%n", system.database, system.brokerPrefix);
            system.start(List.of("settings-service", "billing-service", "gateway-service"), Map.of(), "512m");
            String gateway = system.url("gateway-service");
            long pid = system.pid("gateway-service");
            String admin = tokens.mint("bench-admin", List.of("admin"), Duration.ofHours(2));
            BenchMain.topUp(http, gateway, admin, "bench-idle");
            String token = tokens.mint("bench-idle", List.of("coordo"), Duration.ofHours(2));
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(gateway + "/gestion_programme/analyse_plan_de_cours/101/start"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(repoRoot.resolve("demo/analyse-plan-de-cours.json"))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String taskId = Json.tree(started.body()).path("task_id").asString();
            byte[] request = ("GET /tasks/events/" + taskId + "?access_token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: text/event-stream\r\n" + (gzip ? "Accept-Encoding: gzip\r\n" : "") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", URI.create(gateway).getPort());

            // Warm the route up, then measure the gateway at rest.
            try (Streams warm = new Streams(address, request, gzip)) {
                warm.open(200, Duration.ofSeconds(60));
            }
            Thread.sleep(2000);
            ResourceSampler.Snapshot before = ResourceSampler.snapshot(gateway, pid, true);
            String load = BenchMain.loadAverage();
            try (Streams streams = new Streams(address, request, gzip);
                 ResourceSampler sampler = new ResourceSampler(gateway, pid)) {
                long begin = System.nanoTime();
                int opened = streams.open(connections, Duration.ofMinutes(10));
                double openSeconds = (System.nanoTime() - begin) / 1e9;
                System.out.printf("%d streams open in %.1f s; holding them %d s...%n", opened, openSeconds, holdSeconds);
                streams.hold(Duration.ofSeconds(holdSeconds));
                ResourceSampler.Snapshot with = ResourceSampler.snapshot(gateway, pid, true);
                ResourceSampler.Peak peak = sampler.peak();
                int alive = streams.alive();
                double perStreamKib = (with.rssBytes() - before.rssBytes()) / 1024.0 / Math.max(1, alive);
                ResultTable table = new ResultTable(String.format(Locale.ROOT,
                        "EDxo bench --mode idle-sse: %d idle SSE streams on one gateway, %s (-Xmx512m; load average before: %s)", connections,
                        gzip ? "gzip" : "uncompressed", load))
                        .row("streams open / still open after " + holdSeconds + " s / pings received", opened + " / " + alive + " / " + streams.pings())
                        .row("time to open them all", String.format(Locale.ROOT, "%.1f s (%d connecting at once)", openSeconds, CONNECTING_AT_ONCE))
                        .row("gateway RSS before / with the streams / peak", ResultTable.mebibytes(before.rssBytes()) + " / "
                                + ResultTable.mebibytes(with.rssBytes()) + " / " + ResultTable.mebibytes(peak.rssBytes()))
                        .row("gateway heap after a full GC before / with the streams", ResultTable.mebibytes(before.heapBytes()) + " / "
                                + ResultTable.mebibytes(with.heapBytes()))
                        .row("gateway heap peak / live threads", ResultTable.mebibytes(peak.heapBytes()) + " / " + with.liveThreads())
                        .row("RSS per stream", String.format(Locale.ROOT, "%.1f KiB", perStreamKib));
                System.out.println();
                System.out.print(table.render());
                SystemLauncher.printOverrides();
                return alive == connections ? 0 : 1;
            }
        }
    }

    /** Many SSE connections on one selector thread (the caller's). */
    private static final class Streams implements AutoCloseable {

        private final InetSocketAddress address;
        private final byte[] request;
        private final boolean gzip;
        private final Selector selector = Selector.open();
        private final List<SocketChannel> channels = new ArrayList<>();
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        private int opened;
        private int closed;
        private long pings;

        Streams(InetSocketAddress address, byte[] request, boolean gzip) throws IOException {
            this.address = address;
            this.request = request;
            this.gzip = gzip;
        }

        /** Opens {@code count} streams, a bounded number connecting at once; returns how many got {@code open}. */
        int open(int count, Duration timeout) throws IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            int started = 0;
            int connecting = 0;
            while (opened + closed < count && System.nanoTime() < deadline) {
                while (started < count && connecting < CONNECTING_AT_ONCE) {
                    SocketChannel channel = SocketChannel.open();
                    channel.configureBlocking(false);
                    channel.connect(address);
                    channel.register(selector, SelectionKey.OP_CONNECT, new StreamState());
                    channels.add(channel);
                    started++;
                    connecting++;
                }
                int before = opened + closed;
                poll(100);
                connecting -= (opened + closed) - before;
            }
            return opened;
        }

        void hold(Duration duration) throws IOException {
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                poll(500);
            }
        }

        int alive() {
            return (int) channels.stream().filter(SocketChannel::isOpen).count();
        }

        long pings() {
            return pings;
        }

        private void poll(long millis) throws IOException {
            selector.select(millis);
            for (var iterator = selector.selectedKeys().iterator(); iterator.hasNext(); ) {
                SelectionKey key = iterator.next();
                iterator.remove();
                SocketChannel channel = (SocketChannel) key.channel();
                StreamState state = (StreamState) key.attachment();
                try {
                    if (key.isConnectable()) {
                        channel.finishConnect();
                        channel.write(ByteBuffer.wrap(request));
                        key.interestOps(SelectionKey.OP_READ);
                    } else if (key.isReadable()) {
                        buffer.clear();
                        int n = channel.read(buffer);
                        if (n < 0) {
                            fail(key, state);
                            continue;
                        }
                        buffer.flip();
                        byte[] bytes = new byte[buffer.remaining()];
                        buffer.get(bytes);
                        String text = new String(bytes, StandardCharsets.ISO_8859_1);
                        if (!state.open) {
                            if (!opened(state.head.append(text))) {
                                continue;
                            }
                            if (state.head.indexOf(" 200 ") < 0 || gzip != state.head.toString().toLowerCase(Locale.ROOT)
                                    .contains("content-encoding: gzip")) {
                                fail(key, state);
                                continue;
                            }
                            state.open = true;
                            state.head = null;
                            opened++;
                        } else if (gzip) {
                            pings++;
                        }
                        int at = -1;
                        while (!gzip && (at = text.indexOf("event:ping", at + 1)) >= 0) {
                            pings++;
                        }
                    }
                } catch (IOException e) {
                    fail(key, state);
                }
            }
        }

        /** The first event came: plain, its text; compressed, some body after the headers. */
        private boolean opened(StringBuilder head) {
            if (!gzip) {
                return head.indexOf("event:open") >= 0;
            }
            int body = head.indexOf("\r\n\r\n");
            return body >= 0 && head.length() > body + 4;
        }

        private void fail(SelectionKey key, StreamState state) throws IOException {
            key.cancel();
            key.channel().close();
            if (!state.open) {
                closed++;
            }
        }

        @Override
        public void close() throws IOException {
            for (SocketChannel channel : channels) {
                channel.close();
            }
            selector.close();
        }
    }

    private static final class StreamState {
        StringBuilder head = new StringBuilder();
        boolean open;
    }
}
