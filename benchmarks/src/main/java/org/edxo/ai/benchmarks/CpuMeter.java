package org.edxo.ai.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * CPU time (user + system, from {@code /proc/<pid>/stat}) each process spent between {@link #start} and
 * {@link #stop}: where the machine's two cores went during a measured phase. RabbitMQ ({@code beam.smp})
 * and PostgreSQL (all its backends) are shared with whatever else runs on the machine.
 */
final class CpuMeter {

    /** Linux USER_HZ: /proc reports CPU time in ticks of 10 ms. */
    private static final long MILLIS_PER_TICK = 10;

    private final Map<String, Supplier<List<Long>>> processes = new LinkedHashMap<>();
    private final Map<String, Long> startTicks = new LinkedHashMap<>();
    private final Map<String, Long> spentTicks = new LinkedHashMap<>();
    private long startNanos;
    private long wallNanos;

    CpuMeter add(String name, long pid) {
        processes.put(name, () -> List.of(pid));
        return this;
    }

    /** Every process whose command name ({@code /proc/<pid>/comm}) is {@code comm}, found at each reading. */
    CpuMeter addByCommand(String name, String comm) {
        processes.put(name, () -> pidsOf(comm));
        return this;
    }

    void start() {
        processes.forEach((name, pids) -> startTicks.put(name, ticks(pids.get())));
        startNanos = System.nanoTime();
    }

    void stop() {
        wallNanos = System.nanoTime() - startNanos;
        processes.forEach((name, pids) -> spentTicks.put(name, Math.max(0, ticks(pids.get()) - startTicks.get(name))));
    }

    /** CPU milliseconds per process over the phase, in the order added. */
    Map<String, Long> cpuMillis() {
        Map<String, Long> millis = new LinkedHashMap<>();
        spentTicks.forEach((name, ticks) -> millis.put(name, ticks * MILLIS_PER_TICK));
        return millis;
    }

    long wallMillis() {
        return wallNanos / 1_000_000;
    }

    private static long ticks(List<Long> pids) {
        long total = 0;
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                total += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException e) {
                // the process is gone, or this is not Linux
            }
        }
        return total;
    }

    private static List<Long> pidsOf(String comm) {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            return Files.readString(p.resolve("comm")).trim().equals(comm);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
