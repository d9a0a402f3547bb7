package org.edxo.ai.benchmarks;

import org.edxo.ai.contracts.json.Json;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads one SSE stream on a thread of its own and notes, for each chunk of output text, how much output
 * it held and when (epoch micros, the clock the simulator stamps with). Two dialects: the gateway's
 * ({@code progress} with {@code meta.stream_chunk}, ending on {@code done}/{@code error}) and the Responses
 * API's, read straight from the simulator ({@code response.output_text.delta}, ending on
 * {@code response.completed}/{@code failed}).
 */
final class StreamFollower {

    enum Dialect { GATEWAY, RESPONSES_API }

    enum Outcome { SUCCEEDED, FAILED, LOST }

    private final Dialect dialect;
    private long[] ends = new long[256];
    private long[] micros = new long[256];
    private int reads;
    private long outputChars;
    private long outputBytes;
    private long wireBytes;
    /** Wire bytes by what the event carried: output chunks, reasoning chunks, other progress events, done. */
    private final long[] bytesByPart = new long[4];
    private long reasoningBytes;
    private volatile Outcome outcome = Outcome.LOST;
    private volatile String lastEventId;
    private volatile int resumes;
    /** When the first response of this stream began to be read (epoch micros), or -1. */
    private volatile long openedMicros = -1;

    StreamFollower(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Reads until the stream ends; any I/O failure leaves the outcome LOST.
     *
     * @param gzipped the response came with {@code Content-Encoding: gzip}: wire bytes are counted compressed
     */
    void follow(InputStream body, boolean gzipped) {
        if (openedMicros < 0) {
            openedMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        }
        InputStream counted = new FilterInputStream(body) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    wireBytes += n;
                }
                return n;
            }
        };
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(gzipped ? inflated(counted) : counted,
                StandardCharsets.UTF_8))) {
            String event = "message";
            StringBuilder data = new StringBuilder();
            long eventBytes = 0;
            String line;
            while ((line = lines.readLine()) != null) {
                eventBytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        bytesByPart[part(event, data)] += eventBytes;
                        if (dispatch(event, data.toString())) {
                            return;
                        }
                    }
                    eventBytes = 0;
                    event = "message";
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    lastEventId = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    if (data.length() > 0) {
                        data.append('\n');
                    }
                    data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the stream broke: the task stays LOST unless its end was already read
        }
    }

    /**
     * The JDK's inflating stream says 1 byte is available until its end, so a reader on it would wait for more
     * than the event at hand; this one says 0, and the reader takes what each sync-flushed event gave.
     */
    private static InputStream inflated(InputStream compressed) throws IOException {
        return new GZIPInputStream(compressed, 8192) {
            @Override
            public int available() {
                return 0;
            }
        };
    }

    /** Which of {@link #bytesByPart} an event counts in (a cheap look at its data, no parsing). */
    private static int part(String event, CharSequence data) {
        if (event.equals("done")) {
            return 3;
        }
        String text = data.toString();
        return text.contains("\"stream_chunk\"") ? 0 : text.contains("\"reasoning_chunk\"") ? 1 : 2;
    }

    /** True when the stream is over. */
    private boolean dispatch(String event, String data) {
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        switch (dialect) {
            case GATEWAY -> {
                if (event.equals("progress")) {
                    JsonNode meta = Json.tree(data).path("meta");
                    JsonNode chunk = meta.path("stream_chunk");
                    if (chunk.isString()) {
                        chunk(chunk.stringValue(), now);
                    }
                    if (meta.path("reasoning_chunk").isString()) {
                        reasoningBytes += meta.path("reasoning_chunk").stringValue().getBytes(StandardCharsets.UTF_8).length;
                    }
                } else if (event.equals("done")) {
                    outcome = "SUCCESS".equals(Json.tree(data).path("state").asString("")) ? Outcome.SUCCEEDED : Outcome.FAILED;
                    return true;
                } else if (event.equals("error")) {
                    // The gateway could not relay in order (a gap the recorder had not filled): like track.js and
                    // a browser's EventSource, the client resumes after its last event; the outcome stays open.
                    return true;
                }
            }
            case RESPONSES_API -> {
                if (event.equals("response.output_text.delta")) {
                    chunk(Json.tree(data).path("delta").asString(""), now);
                } else if (event.equals("response.completed")) {
                    outcome = Outcome.SUCCEEDED;
                    return true;
                } else if (event.equals("response.failed") || event.equals("response.incomplete") || event.equals("error")) {
                    outcome = Outcome.FAILED;
                    return true;
                }
            }
        }
        return false;
    }

    private void chunk(String text, long now) {
        if (text.isEmpty()) {
            return;
        }
        outputChars += text.length();
        outputBytes += text.getBytes(StandardCharsets.UTF_8).length;
        if (reads == ends.length) {
            ends = Arrays.copyOf(ends, reads * 2);
            micros = Arrays.copyOf(micros, reads * 2);
        }
        ends[reads] = outputChars;
        micros[reads] = now;
        reads++;
    }

    /** Marks a stream that could not even be opened. */
    void failed() {
        outcome = Outcome.FAILED;
    }

    /** The id of the last event read, for {@code Last-Event-ID} on a resume; null before any. */
    String lastEventId() {
        return lastEventId;
    }

    /** Notes that the stream is opened again after it ended without its outcome. */
    void resumed() {
        resumes++;
    }

    /** The gateway's streams can be resumed; the simulator's cannot. */
    boolean resumable() {
        return dialect == Dialect.GATEWAY;
    }

    int resumes() {
        return resumes;
    }

    Outcome outcome() {
        return outcome;
    }

    /** When the stream's first response began to be read (epoch micros), or -1 if it never opened. */
    long openedMicros() {
        return openedMicros;
    }

    LatencyJoin.Reads reads() {
        return new LatencyJoin.Reads(Arrays.copyOf(ends, reads), Arrays.copyOf(micros, reads));
    }

    int chunksRead() {
        return reads;
    }

    long outputBytes() {
        return outputBytes;
    }

    /** Wire bytes of output chunks, reasoning chunks, other progress events and done, in that order. */
    long[] bytesByPart() {
        return bytesByPart.clone();
    }

    /** Bytes of reasoning summary text read. */
    long reasoningBytes() {
        return reasoningBytes;
    }

    long wireBytes() {
        return wireBytes;
    }
}
