package org.edxo.ai.gateway.retention;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code edxo.gateway.retention*}.
 *
 * @param retention              how long a task and its events are kept after their last change
 * @param retentionPurgeInterval how often the purge runs
 * @param retentionPurgeBatch    tasks deleted per statement (their events go with them), so that a purge
 *                               never holds long locks
 */
@ConfigurationProperties("edxo.gateway")
public record RetentionProperties(
        @DefaultValue("30d") Duration retention,
        @DefaultValue("1h") Duration retentionPurgeInterval,
        @DefaultValue("200") int retentionPurgeBatch) {
}
