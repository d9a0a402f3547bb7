package org.edxo.ai.settings.events;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.MessageHeaderNames;
import org.edxo.ai.contracts.messages.SettingsChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Tells workers that a section changed so that they drop their cached copy (DESIGN §5). Sent after
 * the change is committed. A failed send is logged, not returned to the caller: the change itself is
 * durable, and workers' caches expire on their own.
 */
@Component
public class SettingsChangedPublisher {

    static final String BINDING = "settingsChanged-out";
    static final String ROUTING_KEY = "changed";

    private static final Logger log = LoggerFactory.getLogger(SettingsChangedPublisher.class);

    private final StreamBridge streamBridge;

    public SettingsChangedPublisher(StreamBridge streamBridge) {
        this.streamBridge = streamBridge;
    }

    public Mono<Void> publish(String section) {
        SettingsChanged event = SettingsChanged.of(section);
        Message<byte[]> message = MessageBuilder.withPayload(Json.write(event))
                .setHeader(MessageHeaderNames.TYPE, SettingsChanged.TYPE)
                .setHeader(MessageHeaderNames.ROUTING_KEY, ROUTING_KEY)
                .setHeader(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON_VALUE)
                .build();
        // StreamBridge may block (first send creates the binding; channel checkout): keep it off the event loop.
        return Mono.fromCallable(() -> streamBridge.send(BINDING, message))
                .subscribeOn(Schedulers.boundedElastic())
                .doOnNext(sent -> {
                    if (!sent) {
                        log.warn("settings.changed for section {} was not sent", section);
                    }
                })
                .onErrorResume(e -> {
                    log.warn("settings.changed for section {} could not be sent: {}", section, e.toString());
                    return Mono.empty();
                })
                .then();
    }
}
