package org.edxo.ai.worker.operations;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import org.edxo.ai.support.testing.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Dead-letters real messages on the real broker (this run's own prefix), lists and replays them. */
class DeadLettersIntegrationTest {

    private final String prefix = TestInfrastructure.brokerPrefix();
    private final String queue = prefix + "edxo.usage.billing";
    private final String deadLetterQueue = queue + ".dlq";
    private ConnectionFactory factory;
    private Connection connection;
    private Channel channel;

    @BeforeEach
    void declareAQueueAndItsDeadLetterQueue() throws Exception {
        factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        connection = factory.newConnection("dlq-test");
        channel = connection.createChannel();
        channel.queueDeclare(deadLetterQueue, true, false, false, Map.of("x-queue-type", "quorum"));
        // As the binder does: a quorum queue whose rejected messages go to <queue>.dlq.
        channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum",
                "x-dead-letter-exchange", "", "x-dead-letter-routing-key", deadLetterQueue));
    }

    @AfterEach
    void deleteThem() throws Exception {
        channel.queueDelete(queue);
        channel.queueDelete(deadLetterQueue);
        connection.close();
    }

    private void deadLetter(String body) throws Exception {
        channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().contentType("application/json")
                .headers(Map.of("edxo_task_id", body)).build(), body.getBytes(StandardCharsets.UTF_8));
        GetResponse delivery = await().atMost(Duration.ofSeconds(5)).until(() -> channel.basicGet(queue, false),
                response -> response != null);
        channel.basicReject(delivery.getEnvelope().getDeliveryTag(), false);
    }

    private long ready(String name) throws Exception {
        return channel.queueDeclarePassive(name).getMessageCount();
    }

    @Test
    void listCountsEveryDeadLetterQueueAndReplayMovesMessagesBackToTheirQueue() throws Exception {
        deadLetter("un");
        deadLetter("deux");
        deadLetter("trois");
        await().atMost(Duration.ofSeconds(5)).until(() -> ready(deadLetterQueue) == 3);

        try (DeadLetters deadLetters = new DeadLetters(factory, prefix)) {
            assertThat(deadLetters.list()).containsExactly(
                    new DeadLetters.QueueCount(prefix + "edxo.task.commands.workers.dlq", -1),
                    new DeadLetters.QueueCount(prefix + "edxo.task.events.recorder.dlq", -1),
                    new DeadLetters.QueueCount(deadLetterQueue, 3));

            // Named as the operator sees it in `dlq list`; --count 2 moves the two oldest.
            assertThat(deadLetters.replay(deadLetterQueue, 2)).isEqualTo(2);
            await().atMost(Duration.ofSeconds(5)).until(() -> ready(queue) == 2);
            assertThat(ready(deadLetterQueue)).isEqualTo(1);

            // Consumed again, body and headers intact, marked as replayed.
            GetResponse first = channel.basicGet(queue, false);
            assertThat(new String(first.getBody(), StandardCharsets.UTF_8)).isEqualTo("un");
            assertThat(first.getProps().getContentType()).isEqualTo("application/json");
            assertThat(first.getProps().getHeaders()).containsEntry(DeadLetters.REPLAYED_HEADER, 1);
            assertThat(first.getProps().getHeaders().get("edxo_task_id").toString()).isEqualTo("un");
            channel.basicAck(first.getEnvelope().getDeliveryTag(), false);

            // Without a prefix or suffix the name still resolves; the rest of the DLQ is moved.
            assertThat(deadLetters.replay("edxo.usage.billing", Integer.MAX_VALUE)).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> ready(queue) == 2);
            assertThat(ready(deadLetterQueue)).isZero();
            assertThat(deadLetters.replay(queue, 10)).isZero();

            assertThatThrownBy(() -> deadLetters.replay("edxo.inconnue", 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
