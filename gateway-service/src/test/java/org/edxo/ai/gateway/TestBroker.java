package org.edxo.ai.gateway;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/** The local RabbitMQ as the gateway's tests see it: a connection, and the commands a start published. */
final class TestBroker {

    private TestBroker() {
    }

    static Connection rabbit() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        factory.setUsername("guest");
        factory.setPassword("guest");
        return factory.newConnection();
    }

    /** Takes the workers' queue's messages (under {@code prefix}) until the command of {@code taskId} comes. */
    static GetResponse awaitCommand(String prefix, String taskId, Duration within) {
        AtomicReference<GetResponse> found = new AtomicReference<>();
        await().atMost(within).until(() -> {
            try (Connection connection = rabbit(); Channel channel = connection.createChannel()) {
                GetResponse response;
                while ((response = channel.basicGet(prefix + "edxo.task.commands.workers", true)) != null) {
                    if (taskId.equals(String.valueOf(response.getProps().getHeaders().get("edxo_task_id")))) {
                        found.set(response);
                        return true;
                    }
                }
            }
            return false;
        });
        return found.get();
    }
}
