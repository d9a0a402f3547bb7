package org.edxo.ai.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.ObjectMappers;
import com.openai.models.responses.ResponseStreamEvent;
import org.edxo.ai.contracts.json.Json;

import java.util.Arrays;
import java.util.Locale;

/**
 * {@code ./edxo bench --mode sdk-parse}: what reading one model event costs the worker in openai-java, warm,
 * on one thread: each {@code response.output_text.delta} data line of the Responses stream read into the SDK's
 * {@link ResponseStreamEvent} (as its stream handler does) and its delta taken, against a plain JSON tree of
 * the same line. Prints the median of the last rounds; no system runs.
 */
final class SdkParseBench {

    private static final int LINES = 1_000;
    private static final int REPEATS = 20;

    private final int rounds;

    SdkParseBench(int rounds) {
        this.rounds = rounds;
    }

    int run() throws Exception {
        ObjectMapper sdk = ObjectMappers.jsonMapper();
        String[] lines = new String[LINES];
        for (int i = 0; i < LINES; i++) {
            lines[i] = "{\"type\":\"response.output_text.delta\",\"sequence_number\":" + (i + 11)
                    + ",\"item_id\":\"msg_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b\",\"output_index\":1,"
                    + "\"content_index\":0,\"delta\":\"mot" + (i % 97) + "\",\"logprobs\":[],\"obfuscation\":\"q3Xv\"}";
        }
        double[] sdkMicros = new double[rounds];
        double[] treeMicros = new double[rounds];
        long sink = 0;
        for (int round = 0; round < rounds; round++) {
            long begin = System.nanoTime();
            for (int repeat = 0; repeat < REPEATS; repeat++) {
                for (String line : lines) {
                    ResponseStreamEvent event = sdk.readValue(line, ResponseStreamEvent.class);
                    sink += event.isOutputTextDelta() ? event.asOutputTextDelta().delta().length() : 0;
                }
            }
            long middle = System.nanoTime();
            for (int repeat = 0; repeat < REPEATS; repeat++) {
                for (String line : lines) {
                    sink += Json.tree(line).path("delta").asString().length();
                }
            }
            long end = System.nanoTime();
            sdkMicros[round] = (middle - begin) / 1000.0 / (LINES * REPEATS);
            treeMicros[round] = (end - middle) / 1000.0 / (LINES * REPEATS);
        }
        int warm = rounds / 2;
        System.out.println();
        System.out.print(new ResultTable(String.format(Locale.ROOT,
                "EDxo bench --mode sdk-parse: %d rounds of %d output_text.delta events, median of the last %d (checksum %d)",
                rounds, LINES * REPEATS, rounds - warm, sink))
                .row("openai-java: data line → ResponseStreamEvent → delta, per event", String.format(Locale.ROOT, "%.2f µs", median(sdkMicros, warm)))
                .row("a plain JSON tree of the same line → delta, per event", String.format(Locale.ROOT, "%.2f µs", median(treeMicros, warm)))
                .render());
        return 0;
    }

    private static double median(double[] values, int from) {
        double[] warm = Arrays.copyOfRange(values, from, values.length);
        Arrays.sort(warm);
        return warm[warm.length / 2];
    }
}
