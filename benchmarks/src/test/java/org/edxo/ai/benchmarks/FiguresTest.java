package org.edxo.ai.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FiguresTest {

    @Test
    void nearestRankPercentiles() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[i] = 100 - i;
        }
        Percentiles percentiles = Percentiles.of(values);
        assertThat(percentiles.at(50)).isEqualTo(50);
        assertThat(percentiles.at(99)).isEqualTo(99);
        assertThat(percentiles.at(100)).isEqualTo(100);
        assertThat(percentiles.at(0)).isEqualTo(1);
        assertThat(Percentiles.of(new long[0]).at(99)).isZero();
        assertThat(Percentiles.of(new long[] {7}).at(50)).isEqualTo(7);
    }

    @Test
    void aCoalescedChunkDeliversEveryDeltaItContains() {
        // Deltas end at 4, 8, 12 characters, emitted at 1000, 1020, 1040 µs; the reader got 8 chars at
        // 1050 (two deltas coalesced) and 12 at 1045+20.
        long[] added = LatencyJoin.addedMicros(new long[] {4, 8, 12}, new long[] {1000, 1020, 1040},
                new LatencyJoin.Reads(new long[] {8, 12}, new long[] {1050, 1065}));
        assertThat(added).containsExactly(50, 30, 25);
    }

    @Test
    void deltasNeverReadAreLeftOut() {
        long[] added = LatencyJoin.addedMicros(new long[] {4, 8, 12}, new long[] {0, 10, 20},
                new LatencyJoin.Reads(new long[] {5}, new long[] {30}));
        assertThat(added).containsExactly(30);
    }

    @Test
    void deltasEmittedBeforeTheClientsStreamOpenedCanBeLeftOut() {
        long[] added = LatencyJoin.addedMicros(new long[] {4, 8, 12}, new long[] {1000, 1020, 1040},
                new LatencyJoin.Reads(new long[] {12}, new long[] {1060}), 1020);
        assertThat(added).containsExactly(40, 20);
    }

    @Test
    void sumsPrometheusLinesByLabel() {
        String text = """
                # HELP jvm_memory_used_bytes The amount of used memory
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.0E7
                jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 5000000.0
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.0E7
                jvm_threads_live_threads 42.0
                """;
        assertThat(ResourceSampler.sum(text, "jvm_memory_used_bytes{", "area=\"heap\"")).isEqualTo(1.5E7);
        assertThat(ResourceSampler.sum(text, "jvm_threads_live_threads", "")).isEqualTo(42.0);
    }

    @Test
    void rendersOneAlignedTable() {
        String table = new ResultTable("title")
                .row("delta latency p50/p95/p99", ResultTable.millis(Percentiles.of(new long[] {1500, 2500, 9000}), 50, 95, 99))
                .row("heap", ResultTable.mebibytes(3L * 1024 * 1024))
                .render();
        assertThat(table).isEqualTo("""
                title
                | figure                    | value |
                |---------------------------|-------|
                | delta latency p50/p95/p99 | 2.5 / 9.0 / 9.0 ms |
                | heap                      | 3 MiB |
                """);
    }

    @Test
    void overrideVariablesAreNamedAfterTheService() {
        assertThat(SystemLauncher.overrideVariable("gateway-service")).isEqualTo("EDXO_BENCH_GATEWAY_JSON");
        assertThat(SystemLauncher.overrideVariable("task-worker-service")).isEqualTo("EDXO_BENCH_WORKER_JSON");
        assertThat(SystemLauncher.overrideVariable("responses-simulator")).isEqualTo("EDXO_BENCH_RESPONSES_SIMULATOR_JSON");
    }
}
