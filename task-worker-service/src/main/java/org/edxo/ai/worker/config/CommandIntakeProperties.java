package org.edxo.ai.worker.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * How the worker takes commands in and lets them go ({@code edxo.worker.commands.*}).
 *
 * @param maxSize       a command body larger than this is rejected to the dead-letter queue before it is
 *                      parsed ({@code task.rejected}, {@code command_too_large}); above the gateway's own
 *                      request limit ({@code edxo.gateway.max-body-size}, 2 MB) plus the envelope
 * @param shutdownGrace on shutdown the worker stops taking commands at once and lets the tasks it runs
 *                      finish for this long ({@code EDXO_WORKER_SHUTDOWN_GRACE}); what still runs then is
 *                      left unacked, so the broker gives it to another worker, which starts it over
 */
@ConfigurationProperties("edxo.worker.commands")
public record CommandIntakeProperties(
        @DefaultValue("3MB") DataSize maxSize,
        @DefaultValue("60s") Duration shutdownGrace) {

    public CommandIntakeProperties {
        if (maxSize.toBytes() < 1) {
            throw new IllegalArgumentException("edxo.worker.commands.max-size must be positive");
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("edxo.worker.commands.shutdown-grace must not be negative");
        }
    }
}
