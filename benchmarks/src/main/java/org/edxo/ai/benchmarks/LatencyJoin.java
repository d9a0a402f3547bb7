package org.edxo.ai.benchmarks;

import java.util.Arrays;

/**
 * Joins on content: the simulator says when each output delta left it (output length after the delta,
 * epoch micros), a reader says when it held each prefix of the output (length after the chunk it read,
 * epoch micros). A delta has arrived when the reader holds a prefix at least as long; coalesced chunks
 * carry several deltas, so the coalescing delay is part of the figure.
 */
final class LatencyJoin {

    private LatencyJoin() {
    }

    /** Sorted prefixes read: {@code ends[i]} output characters held at {@code micros[i]}. */
    record Reads(long[] ends, long[] micros) {
    }

    /**
     * Read minus emitted, in microseconds, one per stamped delta that the reader received; deltas the
     * reader never got (a lost or cut stream) are left out and counted by the caller.
     */
    static long[] addedMicros(long[] stampEnds, long[] stampMicros, Reads reads) {
        return addedMicros(stampEnds, stampMicros, reads, Long.MIN_VALUE);
    }

    /** The same for the deltas emitted at or after {@code fromMicros} only. */
    static long[] addedMicros(long[] stampEnds, long[] stampMicros, Reads reads, long fromMicros) {
        long[] latencies = new long[stampEnds.length];
        int count = 0;
        for (int i = 0; i < stampEnds.length; i++) {
            if (stampMicros[i] < fromMicros) {
                continue;
            }
            int index = Arrays.binarySearch(reads.ends(), stampEnds[i]);
            if (index < 0) {
                index = -index - 1;
            }
            if (index < reads.ends().length) {
                latencies[count++] = reads.micros()[index] - stampMicros[i];
            }
        }
        return Arrays.copyOf(latencies, count);
    }
}
