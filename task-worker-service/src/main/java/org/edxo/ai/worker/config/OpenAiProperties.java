package org.edxo.ai.worker.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the worker reaches the Responses API ({@code edxo.openai.*}).
 *
 * @param apiKey         from {@code OPENAI_API_KEY} only
 * @param baseUrl        the SDK posts to {@code {baseUrl}/responses}, so it ends with {@code /v1}
 * @param connectTimeout TCP connect timeout
 * @param readTimeout    longest silence between two bytes of the stream (keepalives come every ~30 s)
 * @param callTimeout    the whole call including the streamed body; must stay below RabbitMQ's
 *                       {@code consumer_timeout} (30 min), since the command stays unacked meanwhile
 */
@ConfigurationProperties("edxo.openai")
public record OpenAiProperties(
        @DefaultValue("") String apiKey,
        @DefaultValue("http://127.0.0.1:8090/v1") String baseUrl,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("120s") Duration readTimeout,
        @DefaultValue("20m") Duration callTimeout) {
}
