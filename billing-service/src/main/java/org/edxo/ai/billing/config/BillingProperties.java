package org.edxo.ai.billing.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * billing-service's own settings ({@code edxo.billing.*}).
 *
 * @param holdTtl        a hold older than this with no capture or release is released by the sweeper;
 *                       above RabbitMQ's 30-minute consumer timeout, so a live worker's hold is never swept
 * @param modelFallbacks explicit rules for models without a price of their own (empty by default): the
 *                       first whose {@code pattern} (a regular expression) matches the whole model name
 *                       prices it as the model {@code use}; every use is logged
 */
@ConfigurationProperties("edxo.billing")
public record BillingProperties(@DefaultValue("35m") Duration holdTtl,
                                @DefaultValue("") List<ModelFallback> modelFallbacks) {

    public BillingProperties {
        modelFallbacks = modelFallbacks == null ? List.of() : List.copyOf(modelFallbacks);
    }

    public record ModelFallback(String pattern, String use) {
    }
}
