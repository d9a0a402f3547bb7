package org.edxo.ai.worker.openai;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiClientConfigurationTest {

    @Test
    void virtualStreamThreadsAreVirtualFromJava21AndRefusedClearlyBefore() throws Exception {
        if (Runtime.version().feature() < 21) {
            assertThatThrownBy(OpenAiClientConfiguration::virtualThreadPerTask)
                    .hasMessageContaining("stream-threads=virtual needs Java 21 or later");
            return;
        }
        ExecutorService executor = OpenAiClientConfiguration.virtualThreadPerTask();
        try {
            // Thread.isVirtual() is Java 21 API; the code targets 17.
            Object virtual = executor.submit(() -> Thread.class.getMethod("isVirtual").invoke(Thread.currentThread())).get();
            assertThat(virtual).isEqualTo(true);
        } finally {
            executor.shutdownNow();
        }
    }
}
