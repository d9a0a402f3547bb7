package org.edxo.ai.simulator;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each output delta left the simulator ({@code SIM_STAMP_DELTAS=true}), so that a benchmark can join
 * on content: per stream, the output length in characters after the delta and the wall-clock time it
 * was written (epoch microseconds, comparable across processes on one machine). A stream is keyed by
 * its request's {@code metadata.task_id} (the worker sets it), else by the response id. Bounded.
 */
final class DeltaStamps {

    private static final int MAX_STREAMS = 20_000;

    private final Map<String, Stream> streams = new ConcurrentHashMap<>();

    /** A new stream's log, or null when the log is full (stamping stops; benchmarks are bounded anyway). */
    Stream open(String key) {
        if (streams.size() >= MAX_STREAMS) {
            return null;
        }
        Stream stream = new Stream();
        streams.put(key, stream);
        return stream;
    }

    void clear() {
        streams.clear();
    }

    /** {@code {"<key>": [[output_chars_after, emitted_epoch_micros], ...]}}. */
    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        streams.forEach((key, stream) -> {
            ArrayNode rows = json.putArray(key);
            synchronized (stream) {
                for (int i = 0; i < stream.ends.size(); i++) {
                    rows.addArray().add(stream.ends.get(i)).add(stream.micros.get(i));
                }
            }
        });
        return json;
    }

    static final class Stream {
        private final List<Long> ends = new ArrayList<>();
        private final List<Long> micros = new ArrayList<>();
        private long outputChars;

        synchronized void outputDelta(int chars) {
            outputChars += chars;
            ends.add(outputChars);
            micros.add(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
        }
    }
}
