package org.edxo.ai.worker.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.kinds.TaskKinds;
import org.edxo.ai.contracts.messages.TaskCommand;
import org.edxo.ai.worker.Fixtures;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

/**
 * The test's own view of the broker, through the plain RabbitMQ client: publishes commands and
 * listens to everything the worker publishes on the events and usage exchanges of this run's prefix.
 */
final class BrokerProbe implements AutoCloseable {

    /** One message as it arrived. */
    record Received(String routingKey, Map<String, Object> headers, JsonNode body, String raw) {
        String header(String name) {
            Object value = headers == null ? null : headers.get(name);
            return value == null ? null : value.toString();
        }
    }

    private final String prefix;
    private final Connection connection;
    private final Channel channel;
    private final List<Received> events = new CopyOnWriteArrayList<>();
    private final List<Received> usages = new CopyOnWriteArrayList<>();

    BrokerProbe(String prefix) throws IOException, TimeoutException {
        this.prefix = prefix;
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        connection = factory.newConnection("task-worker-it-probe");
        channel = connection.createChannel();
        listen(prefix + "edxo.task.events", events);
        listen(prefix + "edxo.usage", usages);
    }

    private void listen(String exchange, List<Received> sink) throws IOException {
        // Same declaration as the binder's, so whichever side comes first is fine.
        channel.exchangeDeclare(exchange, "topic", true, false, null);
        String queue = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(queue, exchange, "#");
        channel.basicConsume(queue, true, (tag, delivery) -> {
            String raw = new String(delivery.getBody(), StandardCharsets.UTF_8);
            sink.add(new Received(delivery.getEnvelope().getRoutingKey(), delivery.getProperties().getHeaders(),
                    Json.tree(raw), raw));
        }, tag -> { });
    }

    String commandsExchange() {
        return prefix + "edxo.task.commands";
    }

    String commandsQueue() {
        return commandsExchange() + ".workers";
    }

    String deadLetterQueue() {
        return commandsQueue() + ".dlq";
    }

    void publishCommand(String routingKey, byte[] body, Map<String, Object> headers) throws IOException {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .deliveryMode(2)
                .headers(headers)
                .build();
        synchronized (channel) {
            channel.basicPublish(commandsExchange(), routingKey, properties, body);
        }
    }

    /** Publishes the fixture analysis command of a new task, as the gateway does; returns its task id. */
    UUID sendAnalyse(TaskCommand.Options options) throws IOException {
        UUID taskId = UUID.randomUUID();
        String kind = TaskKinds.ANALYSE_PLAN_DE_COURS.id();
        publishCommand(kind, Json.write(Fixtures.analyseCommand(taskId, options)),
                Map.of("edxo_task_id", taskId.toString(), "edxo_kind", kind, "edxo_type", TaskCommand.TYPE));
        return taskId;
    }

    void publishSettingsChanged(byte[] body) throws IOException {
        synchronized (channel) {
            channel.basicPublish(prefix + "edxo.settings", "changed",
                    new AMQP.BasicProperties.Builder().contentType("application/json").build(), body);
        }
    }

    List<Received> eventsOf(String taskId) {
        return events.stream().filter(e -> Objects.equals(taskId, e.header("edxo_task_id"))).toList();
    }

    List<Received> usagesOf(String taskId) {
        return usages.stream().filter(u -> Objects.equals(taskId, u.header("edxo_task_id"))).toList();
    }

    /** Takes every message waiting in the dead-letter queue. */
    List<String> drainDeadLetters() throws IOException {
        List<String> bodies = new ArrayList<>();
        synchronized (channel) {
            GetResponse response;
            while ((response = channel.basicGet(deadLetterQueue(), true)) != null) {
                bodies.add(new String(response.getBody(), StandardCharsets.UTF_8));
            }
        }
        return bodies;
    }

    /**
     * Takes the next ready command and hands it back ({@code basic.nack}, requeue), as a consumer that can
     * never finish it would; false when the queue had none.
     */
    boolean bounceCommand() throws IOException {
        synchronized (channel) {
            GetResponse response = channel.basicGet(commandsQueue(), false);
            if (response == null) {
                return false;
            }
            channel.basicNack(response.getEnvelope().getDeliveryTag(), false, true);
            return true;
        }
    }

    /** The next dead letter, taken off the queue, or null. */
    GetResponse takeDeadLetter() throws IOException {
        synchronized (channel) {
            return channel.basicGet(deadLetterQueue(), true);
        }
    }

    long readyCommands() throws IOException {
        synchronized (channel) {
            return channel.queueDeclarePassive(commandsQueue()).getMessageCount();
        }
    }

    /** Removes what this run declared on the shared broker (each in its own channel: a miss closes it). */
    void deleteRunTopology() {
        for (String queue : List.of(commandsQueue(), deadLetterQueue(),
                prefix + "edxo.task.events.recorder", prefix + "edxo.task.events.recorder.dlq",
                prefix + "edxo.usage.billing", prefix + "edxo.usage.billing.dlq")) {
            quietly(c -> c.queueDelete(queue));
        }
        for (String exchange : List.of(commandsExchange(), prefix + "edxo.task.events", prefix + "edxo.usage",
                prefix + "edxo.settings")) {
            quietly(c -> c.exchangeDelete(exchange));
        }
    }

    private interface ChannelAction {
        void run(Channel channel) throws IOException;
    }

    private void quietly(ChannelAction action) {
        try (Channel own = connection.createChannel()) {
            action.run(own);
        } catch (IOException | TimeoutException | RuntimeException e) {
            // Already gone: nothing to clean.
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
