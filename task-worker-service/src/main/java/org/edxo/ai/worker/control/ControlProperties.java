package org.edxo.ai.worker.control;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code edxo.worker.control.*}: task cancellation.
 *
 * @param gatewayUrl     base URL of the gateway, asked whether a command's task was cancelled while queued
 * @param checkTimeout   how long that question may take (no answer = not cancelled: the task runs)
 * @param rememberFor    how long a {@code task.cancel} order is remembered for a command not taken yet
 */
@ConfigurationProperties("edxo.worker.control")
public record ControlProperties(
        @DefaultValue("http://127.0.0.1:8080") String gatewayUrl,
        @DefaultValue("3s") Duration checkTimeout,
        @DefaultValue("10m") Duration rememberFor) {
}
