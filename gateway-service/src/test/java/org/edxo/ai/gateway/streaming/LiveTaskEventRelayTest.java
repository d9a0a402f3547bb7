package org.edxo.ai.gateway.streaming;

import com.rabbitmq.client.Channel;
import org.edxo.ai.contracts.messages.TaskEventType;
import org.edxo.ai.gateway.tasks.RecordedTaskEvent;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

class LiveTaskEventRelayTest {

    private static final UUID TASK = UUID.fromString("11111111-2222-3333-4444-555555555555");

    /** A channel that only records its multiple acks, in order. */
    private static Channel recordingChannel(List<Long> acks) {
        return (Channel) Proxy.newProxyInstance(Channel.class.getClassLoader(), new Class<?>[] {Channel.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("basicAck")) {
                        assertThat((Boolean) args[1]).isTrue();
                        acks.add((Long) args[0]);
                    }
                    return method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                            : method.getName().equals("equals") ? proxy == args[0] : null;
                });
    }

    private static Message delivery(long tag, String body) {
        MessageProperties properties = new MessageProperties();
        properties.setDeliveryTag(tag);
        return new Message(body.getBytes(StandardCharsets.UTF_8), properties);
    }

    private static Message delta(long tag) {
        return delivery(tag, "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"task.output.delta\",\"task_id\":\"" + TASK
                + "\",\"seq\":" + tag + ",\"data\":{\"delta\":\"abcd\"}}");
    }

    @Test
    void relaysEachReadableEventAndAcksEveryNthDeliveryWithOneMultipleAck() {
        TaskEventHub hub = mock(TaskEventHub.class);
        List<Long> acks = new ArrayList<>();
        Channel channel = recordingChannel(acks);
        try (LiveTaskEventRelay relay = new LiveTaskEventRelay(hub, 3, Duration.ZERO, Schedulers.parallel())) {
            relay.onMessage(delta(1), channel);
            relay.onMessage(delivery(2, "not json"), channel);
            relay.onMessage(delta(3), channel);
            relay.onMessage(delta(4), channel);
            assertThat(acks).containsExactly(3L);

            relay.ackPending();
            relay.ackPending();
            assertThat(acks).containsExactly(3L, 4L);
        }
        verify(hub).publish(new RecordedTaskEvent(TASK, 1, TaskEventType.OUTPUT_DELTA, Map.of("delta", "abcd")));
        verify(hub).publish(new RecordedTaskEvent(TASK, 4, TaskEventType.OUTPUT_DELTA, Map.of("delta", "abcd")));
    }

    @Test
    void whatIsLeftIsAckedOnTheTimerUntilTheRelayCloses() {
        VirtualTimeScheduler timer = VirtualTimeScheduler.create();
        List<Long> acks = new ArrayList<>();
        Channel channel = recordingChannel(acks);
        LiveTaskEventRelay relay = new LiveTaskEventRelay(mock(TaskEventHub.class), 100, Duration.ofMillis(100), timer);
        relay.onMessage(delta(1), channel);
        relay.onMessage(delta(2), channel);
        timer.advanceTimeBy(Duration.ofMillis(99));
        assertThat(acks).isEmpty();
        timer.advanceTimeBy(Duration.ofMillis(1));
        assertThat(acks).containsExactly(2L);
        timer.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(acks).containsExactly(2L);

        relay.close();
        relay.onMessage(delta(3), channel);
        timer.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(acks).containsExactly(2L);
    }

    @Test
    void aNewChannelStartsItsOwnCountAndTheOldOnesDeliveriesAreNotAckedOnIt() {
        List<Long> oldAcks = new ArrayList<>();
        List<Long> newAcks = new ArrayList<>();
        try (LiveTaskEventRelay relay = new LiveTaskEventRelay(mock(TaskEventHub.class), 3, Duration.ZERO, Schedulers.parallel())) {
            relay.onMessage(delta(7), recordingChannel(oldAcks));
            relay.onMessage(delta(8), recordingChannel(oldAcks));
            Channel reopened = recordingChannel(newAcks);
            relay.onMessage(delta(1), reopened);
            relay.onMessage(delta(2), reopened);
            assertThat(newAcks).isEmpty();
            relay.onMessage(delta(3), reopened);
            assertThat(newAcks).containsExactly(3L);
        }
        assertThat(oldAcks).isEmpty();
    }

    @Test
    void theTimerAndTheConsumerNeverAckTheSameDeliveryTwice() throws Exception {
        List<Long> acks = Collections.synchronizedList(new ArrayList<>());
        Channel channel = recordingChannel(acks);
        int deliveries = 50_000;
        try (LiveTaskEventRelay relay = new LiveTaskEventRelay(mock(TaskEventHub.class), 7, Duration.ZERO, Schedulers.parallel())) {
            AtomicBoolean consuming = new AtomicBoolean(true);
            CountDownLatch timerStarted = new CountDownLatch(1);
            Thread timer = new Thread(() -> {
                timerStarted.countDown();
                while (consuming.get()) {
                    relay.ackPending();
                }
            });
            timer.start();
            timerStarted.await();
            Message body = delivery(0, "{}");
            for (long tag = 1; tag <= deliveries; tag++) {
                body.getMessageProperties().setDeliveryTag(tag);
                relay.onMessage(body, channel);
            }
            consuming.set(false);
            timer.join();
            relay.ackPending();
        }
        List<Long> acked = List.copyOf(acks);
        assertThat(acked).isNotEmpty().last().isEqualTo((long) deliveries);
        for (int i = 1; i < acked.size(); i++) {
            assertThat(acked.get(i)).as("ack %d after %d", acked.get(i), acked.get(i - 1)).isGreaterThan(acked.get(i - 1));
        }
    }
}
