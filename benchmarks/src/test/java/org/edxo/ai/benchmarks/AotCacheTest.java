package org.edxo.ai.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The options each mode gives, on a jar already extracted (extracting needs a real Boot jar: the bench's runs). */
class AotCacheTest {

    @TempDir
    Path target;

    private Path extractedBootJar(Instant builtAt) throws Exception {
        Path bootJar = Files.writeString(target.resolve("gateway-service-1-exec.jar"), "boot jar");
        Files.setLastModifiedTime(bootJar, FileTime.from(builtAt));
        Path extracted = Files.writeString(Files.createDirectories(target.resolve("aot")).resolve("gateway-service-1-exec.jar"),
                "thin jar");
        Files.setLastModifiedTime(extracted, FileTime.from(builtAt.plusSeconds(1)));
        return bootJar;
    }

    @Test
    void noModeMeansTheUsualLaunchAndAnUnknownOneIsRefused() {
        assertThat(AotCache.of(null, "java")).isNull();
        assertThat(AotCache.of(" ", "java")).isNull();
        assertThatThrownBy(() -> AotCache.of("warm", "java")).hasMessageContaining("train or use");
    }

    @Test
    void trainingWritesTheCacheNextToTheExtractedJar() throws Exception {
        Path bootJar = extractedBootJar(Instant.now().minusSeconds(60));

        assertThat(AotCache.of("train", "java").launchOptions("gateway-service", bootJar)).containsExactly(
                "-XX:AOTCacheOutput=" + target.resolve("aot/gateway-service.aot"),
                "-jar", target.resolve("aot/gateway-service-1-exec.jar").toString());
    }

    @Test
    void usingStartsFromACacheNewerThanTheJarAndRefusesAMissingOrStaleOne() throws Exception {
        Instant built = Instant.now().minusSeconds(60);
        Path bootJar = extractedBootJar(built);
        AotCache use = AotCache.of("USE", "java");

        assertThatThrownBy(() -> use.launchOptions("gateway-service", bootJar)).hasMessageContaining("EDXO_BENCH_AOT=train");

        Path cache = Files.writeString(target.resolve("aot/gateway-service.aot"), "cache");
        Files.setLastModifiedTime(cache, FileTime.from(built));
        assertThatThrownBy(() -> use.launchOptions("gateway-service", bootJar)).hasMessageContaining("no AOT cache for the current");

        Files.setLastModifiedTime(cache, FileTime.from(built.plusSeconds(30)));
        assertThat(use.launchOptions("gateway-service", bootJar)).containsExactly("-XX:AOTCache=" + cache,
                "-jar", target.resolve("aot/gateway-service-1-exec.jar").toString());
    }
}
