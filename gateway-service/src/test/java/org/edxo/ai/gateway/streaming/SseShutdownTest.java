package org.edxo.ai.gateway.streaming;

import org.edxo.ai.contracts.json.Json;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SseShutdownTest {

    private final SseShutdown shutdown = new SseShutdown(Duration.ofMillis(1500));

    private static ServerSentEvent<String> progress(long id) {
        return ServerSentEvent.<String>builder().id(Long.toString(id)).event("progress").data("{}").build();
    }

    @Test
    void anOpenStreamGetsAReconnectHintAndEndsWhenTheInstanceStops() {
        shutdown.start();
        Flux<ServerSentEvent<String>> endless = Flux.concat(Flux.just(progress(1), progress(2)), Flux.never());

        StepVerifier.create(shutdown.untilShutdown(endless))
                .expectNextCount(2)
                .then(shutdown::stop)
                .assertNext(hint -> {
                    assertThat(hint.event()).isEqualTo("error");
                    assertThat(hint.id()).isNull();
                    assertThat(hint.retry()).isEqualTo(Duration.ofMillis(1500));
                    assertThat(Json.read(hint.data(), Map.class)).isEqualTo(Map.of(
                            "error", "Le serveur redémarre ; reconnexion à un autre serveur…", "reconnect", true));
                })
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        assertThat(shutdown.isRunning()).isFalse();
    }

    @Test
    void aStreamThatEndsByItselfGetsNoHintAndOneOpenedDuringShutdownOnlyTheHint() {
        shutdown.start();
        StepVerifier.create(shutdown.untilShutdown(Flux.just(progress(1))))
                .expectNextCount(1)
                .expectComplete()
                .verify(Duration.ofSeconds(5));

        shutdown.stop();
        StepVerifier.create(shutdown.untilShutdown(Flux.never()))
                .assertNext(hint -> assertThat(hint.event()).isEqualTo("error"))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }
}
