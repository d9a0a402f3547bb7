package org.edxo.ai.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code EDXO_BENCH_AOT=train|use}: runs the four services with an AOT cache of their loaded classes and
 * method profiles (JDK 25, JEP 483 and 515), so that a fresh JVM starts from what a trained one had learnt.
 * {@code train} writes {@code <service>/target/aot/<service>.aot} when the service exits at the end of the
 * run; {@code use} starts from it. The JVM caches classes only from plain jars on the class path, so each
 * Boot jar is extracted first ({@code -Djarmode=tools extract}) into {@code <service>/target/aot/}.
 * Needs {@code EDXO_BENCH_JAVA} pointing at a JDK 25 launcher unless {@code java} is one.
 */
final class AotCache {

    static final String VARIABLE = "EDXO_BENCH_AOT";

    enum Mode { TRAIN, USE }

    private final Mode mode;
    private final String java;

    private AotCache(Mode mode, String java) {
        this.mode = mode;
        this.java = java;
    }

    /** The mode asked in the environment, or null when the services run as usual. */
    static AotCache fromEnvironment(String java) {
        return of(System.getenv(VARIABLE), java);
    }

    /** The mode {@code value} names ({@code train} or {@code use}), or null when it is empty. */
    static AotCache of(String value, String java) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return new AotCache(Mode.valueOf(value.trim().toUpperCase(Locale.ROOT)), java);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(VARIABLE + " must be train or use, not " + value);
        }
    }

    boolean training() {
        return mode == Mode.TRAIN;
    }

    /** The options that run {@code bootJar} with the cache (after the JVM's other options): the cache, then {@code -jar}. */
    List<String> launchOptions(String service, Path bootJar) throws IOException, InterruptedException {
        Path directory = bootJar.resolveSibling("aot");
        Path extracted = directory.resolve(bootJar.getFileName());
        if (!Files.exists(extracted) || Files.getLastModifiedTime(extracted).compareTo(Files.getLastModifiedTime(bootJar)) < 0) {
            extract(bootJar, directory);
        }
        Path cache = directory.resolve(service + ".aot");
        if (mode == Mode.TRAIN) {
            return List.of("-XX:AOTCacheOutput=" + cache, "-jar", extracted.toString());
        }
        if (!Files.exists(cache) || Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(extracted)) < 0) {
            // The JVM would only warn and run without it: a figure measured so would be mislabelled.
            throw new IllegalStateException("no AOT cache for the current " + bootJar.getFileName() + " at " + cache
                    + ": run once with " + VARIABLE + "=train");
        }
        return List.of("-XX:AOTCache=" + cache, "-jar", extracted.toString());
    }

    private void extract(Path bootJar, Path directory) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(java, "-Djarmode=tools", "-jar", bootJar.toString(), "extract", "--force",
                "--destination", directory.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("could not extract " + bootJar + " into " + directory);
        }
    }

    @Override
    public String toString() {
        return VARIABLE + "=" + mode.name().toLowerCase(Locale.ROOT);
    }
}
