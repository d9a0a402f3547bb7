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
    /** Of each JVM's ticks, those of its JIT compiler threads: a cold JVM spends much of a short phase compiling. */
    private final Map<String, Long> startJitTicks = new LinkedHashMap<>();
    private final Map<String, Long> spentJitTicks = new LinkedHashMap<>();
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
        processes.forEach((name, pids) -> {
            startTicks.put(name, ticks(pids.get()));
            startJitTicks.put(name, jitTicks(pids.get()));
        });
        startNanos = System.nanoTime();
    }

    void stop() {
        wallNanos = System.nanoTime() - startNanos;
        processes.forEach((name, pids) -> {
            spentTicks.put(name, Math.max(0, ticks(pids.get()) - startTicks.get(name)));
            spentJitTicks.put(name, Math.max(0, jitTicks(pids.get()) - startJitTicks.get(name)));
        });
    }

    /** CPU milliseconds per process over the phase, in the order added. */
    Map<String, Long> cpuMillis() {
        Map<String, Long> millis = new LinkedHashMap<>();
        spentTicks.forEach((name, ticks) -> millis.put(name, ticks * MILLIS_PER_TICK));
        return millis;
    }

    /** Of {@link #cpuMillis()}, what the JVMs' JIT compiler threads spent (0 for other processes). */
    Map<String, Long> jitMillis() {
        Map<String, Long> millis = new LinkedHashMap<>();
        spentJitTicks.forEach((name, ticks) -> millis.put(name, ticks * MILLIS_PER_TICK));
        return millis;
    }

    long wallMillis() {
        return wallNanos / 1_000_000;
    }

    private static long ticks(List<Long> pids) {
        long total = 0;
        for (long pid : pids) {
            total += ticksOf(Path.of("/proc/" + pid + "/stat"));
        }
        return total;
    }

    /** HotSpot names its compiler threads "C1 CompilerThread0", "C2 CompilerThread1"… ({@code comm} keeps 15 characters). */
    private static long jitTicks(List<Long> pids) {
        long total = 0;
        for (long pid : pids) {
            try (Stream<Path> threads = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path thread : threads.toList()) {
                    if (readOrEmpty(thread.resolve("comm")).strip().matches("C[12] CompilerThre.*")) {
                        total += ticksOf(thread.resolve("stat"));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process is gone, or this is not Linux
            }
        }
        return total;
    }

    /** utime + stime of a {@code stat} file, 0 when it cannot be read. */
    private static long ticksOf(Path stat) {
        try {
            String line = Files.readString(stat);
            // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // the process or thread is gone, or this is not Linux
        }
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static List<Long> pidsOf(String comm) {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> readOrEmpty(p.resolve("comm")).strip().equals(comm))
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
