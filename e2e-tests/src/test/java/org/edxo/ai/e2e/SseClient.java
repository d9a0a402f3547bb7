package org.edxo.ai.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Reads a Server-Sent Events stream the way a browser's EventSource does, until {@code done} or {@code error}. */
final class SseClient {

    /** @param retry the SSE {@code retry:} field (milliseconds) when the event carried one, else null */
    record Event(String name, String id, String data, long receivedAtNanos, String retry) {
    }

    private final HttpClient http = HttpClient.newHttpClient();

    List<Event> readUntilDone(String url, Duration timeout) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").build();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new AssertionError("SSE answered " + response.statusCode());
        }
        CompletableFuture<List<Event>> events = CompletableFuture.supplyAsync(() -> parse(response.body().iterator()));
        try {
            return events.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            response.body().close();
        }
    }

    private static List<Event> parse(Iterator<String> lines) {
        List<Event> events = new ArrayList<>();
        read(lines, events::add);
        return events;
    }

    /** Hands each event to {@code sink} as it arrives; returns after {@code done} or {@code error}, or at the end. */
    static void read(Iterator<String> lines, Consumer<Event> sink) {
        String name = "message";
        String id = null;
        String retry = null;
        StringBuilder data = new StringBuilder();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (data.length() > 0) {
                    sink.accept(new Event(name, id, data.toString(), System.nanoTime(), retry));
                    if (name.equals("done") || name.equals("error")) {
                        return;
                    }
                }
                name = "message";
                id = null;
                retry = null;
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("retry:")) {
                retry = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                if (data.length() > 0) {
                    data.append('\n');
                }
                data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
            }
        }
    }
}
