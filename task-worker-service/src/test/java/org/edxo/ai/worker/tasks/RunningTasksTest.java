package org.edxo.ai.worker.tasks;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class RunningTasksTest {

    private final RunningTasks running = new RunningTasks(
            new StaticListableBeanFactory().getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class));

    @Test
    void aCancelReachesTheRunningTaskWhichFinishesItsOwnWay() {
        UUID taskId = UUID.randomUUID();
        Sinks.Empty<Void> finish = Sinks.empty();
        AtomicBoolean cancelSeen = new AtomicBoolean();
        running.start(taskId, running.cancellation(taskId).doOnNext(cancel -> cancelSeen.set(true))
                .then(finish.asMono()));
        assertThat(running.count()).isEqualTo(1);

        assertThat(running.cancel(taskId)).isTrue();
        assertThat(cancelSeen).isTrue();
        assertThat(running.cancel(taskId)).as("a second cancel has nothing left to signal").isFalse();
        // The task is still registered until its own pipeline ends (it bills and publishes task.revoked first).
        assertThat(running.count()).isEqualTo(1);
        finish.tryEmitEmpty();
        assertThat(running.count()).isZero();
    }

    @Test
    void aTaskNotRunningHereIsNotCancelledAndItsSignalNeverFires() {
        UUID taskId = UUID.randomUUID();
        assertThat(running.cancel(taskId)).isFalse();
        assertThat(running.cancellation(taskId).timeout(Duration.ofMillis(50), Mono.just(false)).block()).isFalse();
    }

    @Test
    void tokenEstimatesAreUtf8BytesOverFourRoundedUp() {
        assertThat(CallOutcome.estimateTokens("")).isZero();
        assertThat(CallOutcome.estimateTokens("abcd")).isEqualTo(1);
        assertThat(CallOutcome.estimateTokens("abcde")).isEqualTo(2);
        assertThat(CallOutcome.estimateTokens("é")).isEqualTo(1); // 2 bytes
    }

    @Test
    void aCallIsCancelledOnlyIfTheModelHadNotEndedItAndIsBilledOnlyIfItWasSent() {
        CallOutcome notSent = new CallOutcome();
        notSent.cancel();
        assertThat(notSent.cancelled()).isTrue();
        assertThat(notSent.requestSent()).isFalse();

        CallOutcome sent = new CallOutcome();
        sent.sent(420);
        sent.cancel();
        assertThat(sent.cancelled()).isTrue();
        assertThat(sent.requestSent()).isTrue();
        assertThat(sent.estimatedInputTokens()).isEqualTo(420);
    }
}
