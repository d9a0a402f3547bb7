package org.edxo.ai.worker.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The worker's own settings ({@code edxo.worker.*}).
 *
 * @param maxConcurrentTasks    tasks (and so model streams) one instance runs at once; the command
 *                              consumer's prefetch is set to the same value, which makes it the limit
 * @param coalesceInterval      longest time a delta waits before it is published (DESIGN §7)
 * @param coalesceMaxBytes      pending delta text (UTF-8 bytes) that forces a publish at once
 * @param settingsUrl           base URL of settings-service
 * @param billingUrl            base URL of billing-service
 * @param webBaseUrl            EDxo's base URL, prefixed to {@code validation_url}
 * @param settingsTtl           safety TTL of cached section settings (changes also evict them)
 * @param priceTtl              TTL of cached model prices
 * @param internalCallTimeout   timeout of one call to settings-service or billing-service
 * @param publishConfirmTimeout how long to wait for the broker's confirm of usage and terminal events
 * @param defaultMaxOutputTokens {@code max_output_tokens} of a call whose section sets none: always
 *                               sent, so that the hold before the call bounds its real cost
 */
@ConfigurationProperties("edxo.worker")
public record WorkerProperties(
        @DefaultValue("64") int maxConcurrentTasks,
        @DefaultValue("50ms") Duration coalesceInterval,
        @DefaultValue("1024") int coalesceMaxBytes,
        @DefaultValue("http://127.0.0.1:8081") String settingsUrl,
        @DefaultValue("http://127.0.0.1:8082") String billingUrl,
        @DefaultValue("") String webBaseUrl,
        @DefaultValue("5m") Duration settingsTtl,
        @DefaultValue("60s") Duration priceTtl,
        @DefaultValue("10s") Duration internalCallTimeout,
        @DefaultValue("10s") Duration publishConfirmTimeout,
        @DefaultValue("16000") long defaultMaxOutputTokens) {

    public WorkerProperties {
        if (maxConcurrentTasks < 1) {
            throw new IllegalArgumentException("edxo.worker.max-concurrent-tasks must be at least 1");
        }
        if (defaultMaxOutputTokens < 1) {
            throw new IllegalArgumentException("edxo.worker.default-max-output-tokens must be at least 1");
        }
    }
}
