package org.edxo.ai.worker.operations;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import org.edxo.ai.worker.messaging.Delivery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Inspects and replays the dead-letter queues of our topology with the plain RabbitMQ client (the
 * management plugin is not assumed). A replayed message goes back to the queue that dead-lettered it
 * (default exchange, routing key = that queue's name) rather than through its topic exchange again, so
 * no other subscriber of that exchange (a gateway's live feed, a campus system) receives it twice.
 */
public final class DeadLetters implements AutoCloseable {

    /** The durable queues that have a {@code .dlq}, without the broker prefix. */
    public static final List<String> QUEUES = List.of(
            "edxo.task.commands.workers", "edxo.task.events.recorder", "edxo.usage.billing");
    public static final String DLQ_SUFFIX = ".dlq";
    /** Set on a replayed message: how many times it was replayed. */
    public static final String REPLAYED_HEADER = Delivery.REPLAYED_HEADER;

    /** A dead-letter queue and its ready messages; {@code messages} is -1 when the queue does not exist. */
    public record QueueCount(String deadLetterQueue, long messages) {
    }

    private final Connection connection;
    private final String prefix;

    public DeadLetters(ConnectionFactory factory, String prefix) throws IOException, TimeoutException {
        this.connection = factory.newConnection("edxo-dlq");
        this.prefix = prefix == null ? "" : prefix;
    }

    public List<QueueCount> list() throws IOException {
        List<QueueCount> counts = new ArrayList<>();
        for (String queue : QUEUES) {
            String deadLetterQueue = prefix + queue + DLQ_SUFFIX;
            counts.add(new QueueCount(deadLetterQueue, messageCount(deadLetterQueue)));
        }
        return counts;
    }

    /**
     * Moves up to {@code max} messages from {@code <queue>.dlq} back to {@code <queue>}, one at a time:
     * each is acked in the DLQ only after the broker confirmed its copy, so a crash in between gives a
     * duplicate (which every consumer tolerates), never a loss.
     *
     * @param queue the queue, with or without the prefix and the {@code .dlq} suffix
     * @return how many messages were moved
     */
    public int replay(String queue, int max) throws IOException, InterruptedException, TimeoutException {
        String target = queueName(queue);
        String deadLetterQueue = target + DLQ_SUFFIX;
        if (messageCount(target) < 0 || messageCount(deadLetterQueue) < 0) {
            throw new IllegalArgumentException("queue " + target + " or " + deadLetterQueue + " does not exist");
        }
        int moved = 0;
        try (Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            while (moved < max) {
                GetResponse message = channel.basicGet(deadLetterQueue, false);
                if (message == null) {
                    break;
                }
                AMQP.BasicProperties properties = message.getProps();
                Map<String, Object> headers = new HashMap<>(properties.getHeaders() == null ? Map.of() : properties.getHeaders());
                Object replayed = headers.get(REPLAYED_HEADER);
                headers.put(REPLAYED_HEADER, replayed instanceof Number n ? n.intValue() + 1 : 1);
                channel.basicPublish("", target, true, properties.builder().headers(headers).build(), message.getBody());
                channel.waitForConfirmsOrDie(10_000);
                channel.basicAck(message.getEnvelope().getDeliveryTag(), false);
                moved++;
            }
        }
        return moved;
    }

    /** {@code edxo.usage.billing.dlq} → {@code <prefix>edxo.usage.billing}. */
    String queueName(String queue) {
        String name = queue.endsWith(DLQ_SUFFIX) ? queue.substring(0, queue.length() - DLQ_SUFFIX.length()) : queue;
        return name.startsWith(prefix) ? name : prefix + name;
    }

    private long messageCount(String queue) throws IOException {
        // A passive declare of a missing queue closes its channel: one channel per look-up.
        try (Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } catch (IOException missing) {
            return -1;
        } catch (TimeoutException e) {
            throw new IOException(e);
        } catch (com.rabbitmq.client.AlreadyClosedException closed) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
