package org.edxo.ai.benchmarks;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.edxo.ai.contracts.json.Json;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts what the worker publishes per task: a private, auto-deleted classic queue bound with {@code #}
 * to the run's task-event and usage exchanges (one more copy of each message for RabbitMQ to route).
 */
final class BrokerCounter implements AutoCloseable {

    /** [messages, body bytes] per task id. */
    private final Map<String, AtomicLongArray> perTask = new ConcurrentHashMap<>();
    private final Connection connection;

    BrokerCounter(String brokerPrefix) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        connection = factory.newConnection("edxo-bench");
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare().getQueue();
        for (String exchange : List.of("edxo.task.events", "edxo.usage")) {
            channel.queueBind(queue, brokerPrefix + exchange, "#");
        }
        channel.basicConsume(queue, true, (tag, delivery) -> {
            Object header = delivery.getProperties().getHeaders() == null ? null
                    : delivery.getProperties().getHeaders().get("edxo_task_id");
            String taskId = header != null ? header.toString() : Json.tree(new String(delivery.getBody(), java.nio.charset.StandardCharsets.UTF_8)).path("task_id").asString("");
            AtomicLongArray counts = perTask.computeIfAbsent(taskId, id -> new AtomicLongArray(2));
            counts.incrementAndGet(0);
            counts.addAndGet(1, delivery.getBody().length);
        }, tag -> { });
    }

    long messages(String taskId) {
        AtomicLongArray counts = perTask.get(taskId);
        return counts == null ? 0 : counts.get(0);
    }

    long bytes(String taskId) {
        AtomicLongArray counts = perTask.get(taskId);
        return counts == null ? 0 : counts.get(1);
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
