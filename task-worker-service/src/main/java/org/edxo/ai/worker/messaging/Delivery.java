package org.edxo.ai.worker.messaging;

import com.rabbitmq.client.Channel;
import org.springframework.amqp.rabbit.connection.ChannelProxy;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.MessageHeaders;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One command delivery, acknowledged by hand once its task has ended (DESIGN §8).
 *
 * @param attempt 1 for the first delivery, n+1 after n earlier deliveries; a command replayed from the
 *                dead-letter queue starts a fresh block of {@link #ATTEMPTS_PER_REPLAY} numbers, so that its
 *                events and usage never take the numbers of the attempts made before it was dead-lettered
 */
public record Delivery(Channel channel, long deliveryTag, int attempt) {

    /** Quorum queues count earlier deliveries in this header. */
    public static final String DELIVERY_COUNT_HEADER = "x-delivery-count";
    /** How many times an operator replayed the command from its dead-letter queue ({@code ./edxo dlq replay}). */
    public static final String REPLAYED_HEADER = "edxo_replayed";
    /** Above the queues' delivery limit (10): a command is dead-lettered before it uses up its block. */
    static final int ATTEMPTS_PER_REPLAY = 100;

    public static Delivery of(MessageHeaders headers) {
        Channel channel = headers.get(AmqpHeaders.CHANNEL, Channel.class);
        Long tag = headers.get(AmqpHeaders.DELIVERY_TAG, Long.class);
        if (channel == null || tag == null) {
            throw new IllegalStateException("the command binding must use acknowledge-mode: manual");
        }
        // Ack on the real channel: Spring's proxy would open a fresh channel if the consumer's had closed
        // meanwhile, and acking an old tag there makes the broker close it with an error.
        Channel target = channel instanceof ChannelProxy proxy ? proxy.getTargetChannel() : channel;
        return new Delivery(target, tag, attempt(headers));
    }

    static int attempt(MessageHeaders headers) {
        int replays = headers.get(REPLAYED_HEADER) instanceof Number replayed ? Math.max(0, Math.min(1000, replayed.intValue())) : 0;
        Object count = headers.get(DELIVERY_COUNT_HEADER);
        int earlier;
        if (count instanceof Number number && number.longValue() > 0) {
            earlier = (int) Math.min(ATTEMPTS_PER_REPLAY - 1, number.longValue());
        } else {
            earlier = Boolean.TRUE.equals(headers.get(AmqpHeaders.REDELIVERED)) ? 1 : 0;
        }
        return replays * ATTEMPTS_PER_REPLAY + earlier + 1;
    }

    public boolean redelivered() {
        return attempt > 1;
    }

    /** Done: the broker forgets the command. */
    public void ack() {
        io(() -> channel.basicAck(deliveryTag, false));
    }

    /** Invalid: the broker dead-letters the command to {@code <queue>.dlq}. */
    public void reject() {
        io(() -> channel.basicReject(deliveryTag, false));
    }

    /**
     * Not finished cleanly (for example an event could not be confirmed): deliver it again. If the
     * consumer's channel has closed meanwhile, this fails, and the broker has requeued it already.
     */
    public void requeue() {
        io(() -> channel.basicNack(deliveryTag, false, true));
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void io(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
