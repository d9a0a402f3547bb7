package org.edxo.ai.gateway.streaming;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.rabbitmq.client.Channel;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.TaskEventType;
import org.edxo.ai.gateway.tasks.RecordedTaskEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The live consumer of {@code edxo.task.events}: one non-durable queue per gateway instance
 * ({@code edxo.task.events.gateway-<instance-id>}, declared by {@link StreamingConfiguration}, expiring 30 s after
 * the instance is gone), so every instance relays every event to its own SSE clients whichever instance recorded it.
 * Nothing is stored here: losing this queue loses nothing, clients resume from the replay log. Reads only
 * what a stream needs from each event.
 * <p>
 * Acks by batches: one multiple ack every {@code ackEvery} deliveries, and what is left on a timer
 * ({@link #ackPending()}), both under one lock, so no delivery tag is ever acked twice. (Spring AMQP's own
 * {@code messagesPerAck} acks from its monitor thread without the consumer's lock; when both acked the same tag,
 * the broker closed the channel, "unknown delivery tag", and the live relay stopped for seconds.)
 */
public class LiveTaskEventRelay implements ChannelAwareMessageListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveTaskEventRelay.class);

    private final TaskEventHub hub;
    private final int ackEvery;
    private final Disposable ackTimer;

    /** The channel and tag of the latest delivery read, and how many were read since the last ack. */
    private Channel unackedChannel;
    private long unackedTag;
    private int unacked;

    /**
     * @param ackEvery    deliveries acked together
     * @param ackInterval how often what is left is acked ({@code timer}); zero: only every {@code ackEvery}
     */
    public LiveTaskEventRelay(TaskEventHub hub, int ackEvery, Duration ackInterval, Scheduler timer) {
        if (ackEvery < 1) {
            throw new IllegalArgumentException("ackEvery must be at least 1");
        }
        this.hub = hub;
        this.ackEvery = ackEvery;
        long every = ackInterval.toNanos();
        this.ackTimer = every > 0 ? timer.schedulePeriodically(this::ackPending, every, every, TimeUnit.NANOSECONDS)
                : Disposables.disposed();
    }

    /** The fields of a task event the live relay uses; the rest of the envelope is skipped unread. */
    record LiveEvent(@JsonProperty("task_id") UUID taskId, @JsonProperty("seq") long seq,
                     @JsonProperty("type") TaskEventType type, @JsonProperty("data") Map<String, Object> data) {
    }

    @Override
    public void onMessage(Message message, Channel channel) {
        relay(message.getBody());
        delivered(channel, message.getMessageProperties().getDeliveryTag());
    }

    private void relay(byte[] body) {
        LiveEvent event;
        try {
            event = Json.read(body, LiveEvent.class);
        } catch (RuntimeException e) {
            // The recorder dead-letters it; the live relay just skips it.
            log.debug("unreadable task event skipped by the live relay: {}", e.toString());
            return;
        }
        if (event.taskId() != null && event.type() != null) {
            hub.publish(new RecordedTaskEvent(event.taskId(), event.seq(), event.type(), event.data()));
        }
    }

    private synchronized void delivered(Channel channel, long deliveryTag) {
        if (channel != unackedChannel) {
            // A new channel: the old one's unacked deliveries went back to the queue when it closed.
            unacked = 0;
            unackedChannel = channel;
        }
        unackedTag = deliveryTag;
        if (++unacked >= ackEvery) {
            ackPending();
        }
    }

    /** Acks every delivery read since the last ack, if any (on a timer too, so a quiet queue's last ones are acked). */
    public synchronized void ackPending() {
        if (unacked == 0) {
            return;
        }
        unacked = 0;
        try {
            unackedChannel.basicAck(unackedTag, true);
        } catch (IOException | RuntimeException e) {
            // The channel closed: its unacked deliveries are redelivered, and streams drop what they already sent.
            log.debug("live relay could not ack up to delivery {}: {}", unackedTag, e.toString());
        }
    }

    @Override
    public void close() {
        ackTimer.dispose();
    }
}
