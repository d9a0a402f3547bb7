package org.edxo.ai.worker.control;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.TaskControl;
import org.edxo.ai.support.security.ServiceTokens;
import org.edxo.ai.worker.tasks.RunningTasks;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.messaging.support.MessageBuilder;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TaskControlListenerTest {

    private final RunningTasks running = new RunningTasks(
            new StaticListableBeanFactory().getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class));
    // A gateway nobody listens on: only the orders this instance received count.
    private final CancelledTasks cancelled = new CancelledTasks(
            new ControlProperties("http://127.0.0.1:9", Duration.ofSeconds(1), Duration.ofMinutes(10)),
            new ServiceTokens("0123456789abcdef0123456789abcdef", "test", Clock.systemUTC()));
    private final TaskControlListener listener = new TaskControlListener(cancelled, running);

    @Test
    void aCancelOrderIsRememberedForACommandNotTakenYet() {
        UUID taskId = UUID.randomUUID();
        assertThat(cancelled.isCancelled(taskId).block()).isFalse();

        listener.onControl(MessageBuilder.withPayload(Json.write(TaskControl.cancel(taskId, "42"))).build());

        assertThat(cancelled.cancelledHere(taskId)).isTrue();
        assertThat(cancelled.isCancelled(taskId).block()).isTrue();
        assertThat(cancelled.cancelledHere(UUID.randomUUID())).isFalse();
    }

    @Test
    void unreadableOrdersAreDropped() {
        listener.onControl(MessageBuilder.withPayload("pas du JSON".getBytes()).build());
        listener.onControl(MessageBuilder.withPayload("{\"type\":\"task.pause\"}".getBytes()).build());
        assertThat(running.count()).isZero();
    }
}
