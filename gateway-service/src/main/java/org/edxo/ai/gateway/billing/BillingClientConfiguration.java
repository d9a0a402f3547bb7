package org.edxo.ai.gateway.billing;

import io.netty.channel.ChannelOption;
import org.edxo.ai.gateway.GatewayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/** The WebClient towards billing-service, with short timeouts so a dead billing answers 503 quickly. */
@Configuration
public class BillingClientConfiguration {

    @Bean
    WebClient billingWebClient(GatewayProperties properties) {
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2_000)
                .responseTimeout(properties.billingTimeout());
        return WebClient.builder()
                .baseUrl(properties.billingUrl().toString())
                .clientConnector(new ReactorClientHttpConnector(http))
                .build();
    }
}
