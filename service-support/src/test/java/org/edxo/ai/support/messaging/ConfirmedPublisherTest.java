package org.edxo.ai.support.messaging;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.edxo.ai.support.testing.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Against the real broker: confirms, per-key order across lanes, unroutable messages. */
class ConfirmedPublisherTest {

    private static final String PREFIX = TestInfrastructure.brokerPrefix();
    private static final String EXCHANGE = PREFIX + "confirmed-publisher-test";
    private static ConnectionFactory factory;
    private static Connection probe;

    @BeforeAll
    static void broker() throws Exception {
        factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        probe = factory.newConnection("confirmed-publisher-test-probe");
        try (Channel channel = probe.createChannel()) {
            channel.exchangeDeclare(EXCHANGE, "topic", true, false, null);
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try (Channel channel = probe.createChannel()) {
            channel.exchangeDelete(EXCHANGE);
        }
        probe.close();
    }

    @Test
    void everyMessageIsConfirmedAndEachKeyKeepsItsOrderWithoutWaitingForConfirms() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        Channel consumer = probe.createChannel();
        String queue = consumer.queueDeclare("", false, true, true, null).getQueue();
        consumer.queueBind(queue, EXCHANGE, "#");
        consumer.basicConsume(queue, true, (tag, delivery) -> received.add(new String(delivery.getBody(), StandardCharsets.UTF_8)),
                tag -> { });
        try (ConfirmedPublisher publisher = new ConfirmedPublisher(factory, "test", 4, Duration.ofSeconds(10))) {
            List<CompletableFuture<Void>> confirms = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String key = "task-" + (i % 7);
                confirms.add(publisher.publish(key, EXCHANGE, "kind.delta", Map.of("edxo_task_id", key), null,
                        (key + ":" + i).getBytes(StandardCharsets.UTF_8)));
            }
            CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(publisher.unconfirmed()).isZero();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 300);
        for (int k = 0; k < 7; k++) {
            String key = "task-" + k;
            List<Integer> order = received.stream().filter(m -> m.startsWith(key + ":"))
                    .map(m -> Integer.parseInt(m.substring(key.length() + 1))).toList();
            assertThat(order).isNotEmpty().isSorted();
        }
        consumer.close();
    }

    @Test
    void anUnroutableMessageFailsItsConfirmAndTheNextOneStillGoes() throws Exception {
        try (ConfirmedPublisher publisher = new ConfirmedPublisher(factory, "test", 1, Duration.ofSeconds(10))) {
            CompletableFuture<Void> lost = publisher.publish("k", EXCHANGE, "nobody.listens", Map.of(), null, new byte[] {1});
            assertThatThrownBy(() -> lost.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("unroutable");
            CompletableFuture<Void> missingExchange = publisher.publish("k", PREFIX + "no-such-exchange", "x", Map.of(), null, new byte[] {1});
            assertThatThrownBy(() -> missingExchange.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            // The lane's channel was closed by the broker (404): the next publish opens a new one.
            Channel consumer = probe.createChannel();
            String queue = consumer.queueDeclare("", false, true, true, null).getQueue();
            consumer.queueBind(queue, EXCHANGE, "bound.#");
            publisher.publish("k", EXCHANGE, "bound.one", Map.of(), null, new byte[] {2}).get(10, TimeUnit.SECONDS);
            consumer.close();
        }
    }
}
