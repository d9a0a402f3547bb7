package org.edxo.ai.worker.openai;

import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.Timeout;
import org.edxo.ai.worker.config.OpenAiProperties;
import org.edxo.ai.worker.config.WorkerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

@Configuration(proxyBeanMethods = false)
class OpenAiClientConfiguration {

    private static final Logger log = LoggerFactory.getLogger(OpenAiClientConfiguration.class);

    /**
     * The SDK parks one thread per live stream in a blocking read loop. Its default pool is unbounded;
     * this one has exactly as many threads as the worker runs tasks (the command prefetch), so a
     * burst can never create more threads than streams we allowed.
     */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService openAiStreamExecutor(WorkerProperties worker) {
        if (worker.streamThreads() == WorkerProperties.StreamThreads.VIRTUAL) {
            return virtualThreadPerTask();
        }
        AtomicInteger counter = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(worker.maxConcurrentTasks(), worker.maxConcurrentTasks(),
                60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "openai-stream-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /**
     * A virtual thread per stream: a blocked read parks it instead of holding a kernel thread, so live
     * threads no longer grow with streams. The code targets Java 17, hence the lookup; the prefetch and the
     * bulkhead still bound how many streams run.
     */
    static ExecutorService virtualThreadPerTask() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("edxo.worker.stream-threads=virtual needs Java 21 or later; this is "
                    + Runtime.version(), e);
        }
    }

    @Bean(destroyMethod = "close")
    OpenAIClientAsync openAiClient(OpenAiProperties openAi, ExecutorService openAiStreamExecutor, ModelCalls modelCalls) {
        String apiKey = openAi.apiKey();
        if (apiKey == null || apiKey.isBlank()) {
            log.warn("OPENAI_API_KEY is not set: calls to {} go without a usable key (fine for the simulator)",
                    openAi.baseUrl());
            apiKey = "not-set";
        }
        return OpenAIOkHttpClientAsync.builder()
                .apiKey(apiKey)
                .baseUrl(openAi.baseUrl())
                // One retry layer only (DESIGN §8): retries will live in resilience4j, never in the SDK.
                .maxRetries(0)
                .timeout(Timeout.builder()
                        .connect(openAi.connectTimeout())
                        .read(openAi.readTimeout())
                        .request(openAi.callTimeout())
                        .build())
                .streamHandlerExecutor(openAiStreamExecutor)
                // Lets a cancel close a stream's connection (ModelCalls).
                .addInterceptor(modelCalls)
                .build();
    }
}
