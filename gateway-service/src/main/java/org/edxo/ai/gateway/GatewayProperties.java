package org.edxo.ai.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.time.Duration;

/**
 * {@code edxo.gateway.*}.
 *
 * @param billingUrl            base URL of billing-service ({@code EDXO_BILLING_URL})
 * @param billingTimeout        whole-call timeout towards billing
 * @param publishConfirmTimeout how long a start waits for the broker's confirm before answering 503
 * @param maxBodySize           largest JSON body a route reads (413 beyond)
 * @param sse                   SSE stream settings
 */
@ConfigurationProperties("edxo.gateway")
public record GatewayProperties(
        URI billingUrl,
        Duration billingTimeout,
        Duration publishConfirmTimeout,
        DataSize maxBodySize,
        Sse sse) {

    /**
     * @param heartbeat        a {@code ping} after this much silence (proxies cut idle streams at 60 s)
     * @param retry            the reconnection delay advertised to EventSource clients
     * @param liveBufferEvents live events one client may lag behind before its stream is ended
     */
    public record Sse(Duration heartbeat, Duration retry, int liveBufferEvents) {
    }
}
