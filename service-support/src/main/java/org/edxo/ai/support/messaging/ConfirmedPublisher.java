package org.edxo.ai.support.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ReturnListener;
import com.rabbitmq.client.ShutdownListener;
import com.rabbitmq.client.ShutdownSignalException;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes with publisher confirms on a few long-lived channels of a connection of its own, straight
 * through the RabbitMQ client: the framework path (StreamBridge, Spring Integration, header mapping,
 * SpEL routing, a channel checked out of a cache per message) cost more CPU per message than everything
 * else a worker does for a token (BENCHMARKS.md). Exchanges and queues are still declared by the Spring
 * Cloud Stream bindings; this only sends.
 * <p>
 * A message goes on the lane of its key (a task id): a lane is one channel, and RabbitMQ keeps the order
 * of one channel's messages in every queue, so one key's messages stay in order without waiting for each
 * confirm. Each publish returns a future completed by the broker's confirm, or exceptionally on a nack,
 * an unroutable message (always sent mandatory), a channel or connection that closed before the confirm,
 * or no confirm within the timeout. A broken channel or connection is opened again by the next publish.
 * <p>
 * {@link #publish} writes to a socket: call it off event-loop threads.
 */
public final class ConfirmedPublisher implements AutoCloseable {

    private final ConnectionFactory factory;
    private final String connectionName;
    private final long confirmTimeoutMillis;
    private final Lane[] lanes;
    private final Object connectionLock = new Object();
    private volatile Connection connection;
    private volatile boolean closed;

    /**
     * @param factory        a configured client factory (host, credentials); Spring's {@code CachingConnectionFactory}
     *                       exposes the one Spring Boot configured
     * @param connectionName shown in the broker's management UI
     * @param lanes          channels, so many keys publish in parallel
     */
    public ConfirmedPublisher(ConnectionFactory factory, String connectionName, int lanes, Duration confirmTimeout) {
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes must be at least 1");
        }
        this.factory = factory;
        this.connectionName = connectionName;
        this.confirmTimeoutMillis = confirmTimeout.toMillis();
        this.lanes = new Lane[lanes];
        for (int i = 0; i < lanes; i++) {
            this.lanes[i] = new Lane();
        }
    }

    /**
     * Sends one persistent message (mandatory, content type JSON) on the lane of {@code key}.
     *
     * @param headers AMQP headers (the envelope fields repeated for routing)
     * @param messageId the message's unique id (also how an unroutable return is matched to its publish)
     * @return completed once the broker confirmed it holds the message in every queue it was routed to
     */
    public CompletableFuture<Void> publish(Object key, String exchange, String routingKey, Map<String, Object> headers,
                                           String messageId, byte[] body) {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .deliveryMode(2)
                .messageId(messageId != null ? messageId : UUID.randomUUID().toString())
                .headers(headers)
                .build();
        Lane lane = lanes[Math.floorMod(key.hashCode(), lanes.length)];
        try {
            return lane.publish(exchange, routingKey, properties, body)
                    .orTimeout(confirmTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Messages sent and not yet confirmed, over all lanes (a gauge). */
    public int unconfirmed() {
        int total = 0;
        for (Lane lane : lanes) {
            total += lane.unconfirmed();
        }
        return total;
    }

    @Override
    public void close() {
        closed = true;
        Connection current = connection;
        if (current != null && current.isOpen()) {
            try {
                current.close(5_000);
            } catch (IOException | RuntimeException e) {
                // closing anyway
            }
        }
    }

    private Connection connection() throws IOException {
        Connection current = connection;
        if (current != null && current.isOpen()) {
            return current;
        }
        synchronized (connectionLock) {
            if (closed) {
                throw new IOException("publisher closed");
            }
            if (connection == null || !connection.isOpen()) {
                try {
                    connection = factory.newConnection(connectionName);
                } catch (TimeoutException e) {
                    throw new IOException("could not connect to the broker", e);
                }
            }
            return connection;
        }
    }

    /** One channel (reopened when it breaks) and its unconfirmed messages, by publish sequence number. */
    private final class Lane {

        private OpenChannel open;

        synchronized CompletableFuture<Void> publish(String exchange, String routingKey, AMQP.BasicProperties properties,
                                                     byte[] body) throws IOException {
            if (open == null || !open.channel.isOpen()) {
                open = new OpenChannel(connection().createChannel());
            }
            return open.publish(exchange, routingKey, properties, body);
        }

        synchronized int unconfirmed() {
            return open == null ? 0 : open.pending.size();
        }
    }

    private record Pending(CompletableFuture<Void> confirmed, String messageId) {
    }

    /** Listens to one channel's confirms, returns and closing; callbacks come on the connection's thread. */
    private static final class OpenChannel implements ConfirmListener, ReturnListener, ShutdownListener {

        final Channel channel;
        final ConcurrentNavigableMap<Long, Pending> pending = new ConcurrentSkipListMap<>();
        /** Ids of messages the broker returned as unroutable; their confirm follows and fails them. */
        final Set<String> returned = ConcurrentHashMap.newKeySet();

        OpenChannel(Channel channel) throws IOException {
            if (channel == null) {
                throw new IOException("no channel available on the publisher connection");
            }
            this.channel = channel;
            channel.confirmSelect();
            channel.addConfirmListener(this);
            channel.addReturnListener(this);
            channel.addShutdownListener(this);
        }

        /** Called under the lane's lock: sequence numbers follow publish order. */
        CompletableFuture<Void> publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body)
                throws IOException {
            long seq = channel.getNextPublishSeqNo();
            Pending entry = new Pending(new CompletableFuture<>(), properties.getMessageId());
            pending.put(seq, entry);
            try {
                channel.basicPublish(exchange, routingKey, true, properties, body);
            } catch (IOException | RuntimeException e) {
                pending.remove(seq);
                throw e;
            }
            return entry.confirmed();
        }

        @Override
        public void handleAck(long deliveryTag, boolean multiple) {
            settle(deliveryTag, multiple, null);
        }

        @Override
        public void handleNack(long deliveryTag, boolean multiple) {
            settle(deliveryTag, multiple, "the broker refused the message (nack)");
        }

        private void settle(long deliveryTag, boolean multiple, String failure) {
            Map<Long, Pending> settled = multiple ? pending.headMap(deliveryTag, true) : single(deliveryTag);
            for (var iterator = settled.entrySet().iterator(); iterator.hasNext(); ) {
                Pending entry = iterator.next().getValue();
                iterator.remove();
                if (failure != null) {
                    entry.confirmed().completeExceptionally(new IOException(failure));
                } else if (entry.messageId() != null && returned.remove(entry.messageId())) {
                    entry.confirmed().completeExceptionally(new IOException("unroutable message: no queue is bound"));
                } else {
                    entry.confirmed().complete(null);
                }
            }
        }

        private Map<Long, Pending> single(long deliveryTag) {
            Pending entry = pending.get(deliveryTag);
            return entry == null ? Map.of() : pending.subMap(deliveryTag, true, deliveryTag, true);
        }

        @Override
        public void handleReturn(int replyCode, String replyText, String exchange, String routingKey,
                                 AMQP.BasicProperties properties, byte[] body) {
            if (properties.getMessageId() != null) {
                returned.add(properties.getMessageId());
            }
        }

        @Override
        public void shutdownCompleted(ShutdownSignalException cause) {
            IOException failure = new IOException("the channel closed before the broker confirmed: " + cause.getMessage());
            pending.values().forEach(entry -> entry.confirmed().completeExceptionally(failure));
            pending.clear();
        }
    }
}
