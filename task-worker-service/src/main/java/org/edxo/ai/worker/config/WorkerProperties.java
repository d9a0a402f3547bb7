package org.edxo.ai.worker.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The worker's own settings ({@code edxo.worker.*}).
 *
 * @param maxConcurrentTasks    tasks (and so model streams) one instance runs at once; the command
 *                              consumer's prefetch is set to the same value, which makes it the limit
 * @param coalesceInterval      a task publishes at most one delta message per interval while deltas keep
 *                              coming (a delta after a quiet interval goes at once); also the longest a
 *                              delta waits for it (DESIGN §7)
 * @param coalesceMaxBytes      pending delta text (UTF-8 bytes) that forces a publish at once
 * @param eventsInFlightPerTask events of one task that may await the broker's confirm while the next is
 *                              sent; when they all do, deltas merge until a confirm comes back
 * @param publisherChannels     channels of the event publisher's connection (a task always uses the same one)
 * @param settingsUrl           base URL of settings-service
 * @param billingUrl            base URL of billing-service
 * @param webBaseUrl            EDxo's base URL, prefixed to {@code validation_url}
 * @param settingsTtl           safety TTL of cached section settings (changes also evict them)
 * @param priceTtl              TTL of cached model prices
 * @param internalCallTimeout   timeout of one call to settings-service or billing-service
 * @param publishConfirmTimeout how long to wait for the broker's confirm of usage and terminal events
 * @param defaultMaxOutputTokens {@code max_output_tokens} of a call whose section sets none: always
 *                               sent, so that the hold before the call bounds its real cost
 * @param streamThreads         what reads each model stream: a {@code platform} thread per live stream
 *                              ({@code openai-stream-N}, a pool of {@code maxConcurrentTasks}), or a
 *                              {@code virtual} one (JDK 21 and later; on JDK 24+ OkHttp's locks no longer pin it)
 */
@ConfigurationProperties("edxo.worker")
public record WorkerProperties(
        @DefaultValue("64") int maxConcurrentTasks,
        @DefaultValue("10ms") Duration coalesceInterval,
        @DefaultValue("1024") int coalesceMaxBytes,
        @DefaultValue("4") int eventsInFlightPerTask,
        @DefaultValue("8") int publisherChannels,
        @DefaultValue("http://127.0.0.1:8081") String settingsUrl,
        @DefaultValue("http://127.0.0.1:8082") String billingUrl,
        @DefaultValue("") String webBaseUrl,
        @DefaultValue("5m") Duration settingsTtl,
        @DefaultValue("60s") Duration priceTtl,
        @DefaultValue("10s") Duration internalCallTimeout,
        @DefaultValue("10s") Duration publishConfirmTimeout,
        @DefaultValue("16000") long defaultMaxOutputTokens,
        @DefaultValue("platform") StreamThreads streamThreads) {

    /** See {@code streamThreads}. */
    public enum StreamThreads { PLATFORM, VIRTUAL }

    public WorkerProperties {
        if (maxConcurrentTasks < 1) {
            throw new IllegalArgumentException("edxo.worker.max-concurrent-tasks must be at least 1");
        }
        if (eventsInFlightPerTask < 1 || publisherChannels < 1) {
            throw new IllegalArgumentException("edxo.worker.events-in-flight-per-task and publisher-channels must be at least 1");
        }
        if (defaultMaxOutputTokens < 1) {
            throw new IllegalArgumentException("edxo.worker.default-max-output-tokens must be at least 1");
        }
    }
}
