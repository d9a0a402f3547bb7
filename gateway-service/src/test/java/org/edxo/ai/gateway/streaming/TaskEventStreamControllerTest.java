package org.edxo.ai.gateway.streaming;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskEventStreamControllerTest {

    @Test
    void aDetachedMonoGivesTheSameAnswerAndSubscribesOnlyWhenSubscribed() {
        AtomicInteger subscriptions = new AtomicInteger();
        Mono<String> detached = TaskEventStreamController.detached(
                Mono.just("tâche").delayElement(Duration.ofMillis(10)).doOnSubscribe(s -> subscriptions.incrementAndGet()));

        assertThat(subscriptions).hasValue(0);
        assertThat(detached.block(Duration.ofSeconds(5))).isEqualTo("tâche");
        assertThat(subscriptions).hasValue(1);
        assertThat(TaskEventStreamController.detached(Mono.empty()).blockOptional(Duration.ofSeconds(5))).isEmpty();
        assertThatThrownBy(() -> TaskEventStreamController.detached(Mono.error(new IllegalStateException("introuvable")))
                .block(Duration.ofSeconds(5))).hasMessage("introuvable");
    }

    @Test
    void aCursorThatIsNotAPositiveNumberMeansFromTheStart() {
        assertThat(TaskEventStreamController.cursor(null)).isZero();
        assertThat(TaskEventStreamController.cursor(" 42 ")).isEqualTo(42);
        assertThat(TaskEventStreamController.cursor("-3")).isZero();
        assertThat(TaskEventStreamController.cursor("abc")).isZero();
    }
}
