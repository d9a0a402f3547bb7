package org.edxo.ai.gateway.recording;

import com.rabbitmq.client.Channel;
import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.TaskEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.List;

/**
 * The durable consumer of {@code edxo.task.events} (queue {@code <destination>.recorder}, declared by the
 * {@code taskEventRecorder-in-0} binding): checks each event against its contract and hands it to the
 * {@link TaskEventBatchWriter}, which stores events by batches, one transaction each, and acks them only
 * after the commit, so a crash redelivers instead of losing. An invalid event is rejected at once and the
 * queue dead-letters it to {@code <queue>.dlq}. Runs with one consumer: events are written in the order
 * they arrive, which keeps each task's events in seq order in the log.
 */
public class TaskEventRecorder implements ChannelAwareMessageListener {

    private static final Logger log = LoggerFactory.getLogger(TaskEventRecorder.class);
    private static final String EVENT_SCHEMA = "schemas/messages/task-event.v1.schema.json";

    private final TaskEventBatchWriter writer;

    public TaskEventRecorder(TaskEventBatchWriter writer) {
        this.writer = writer;
    }

    @Override
    public void onMessage(Message message, Channel channel) throws IOException {
        long deliveryTag = message.getMessageProperties().getDeliveryTag();
        TaskEventBatchWriter.Pending pending;
        try {
            pending = parse(message.getBody(), channel, deliveryTag);
        } catch (InvalidTaskEventException e) {
            log.warn("task event dead-lettered: {}", e.getMessage());
            channel.basicReject(deliveryTag, false);
            return;
        }
        writer.submit(pending);
    }

    static TaskEventBatchWriter.Pending parse(byte[] payload, Channel channel, long deliveryTag) {
        try {
            JsonNode tree = Json.tree(payload);
            List<ContractValidator.Violation> violations = ContractValidator.validate(EVENT_SCHEMA, tree);
            if (!violations.isEmpty()) {
                throw new InvalidTaskEventException(violations.toString());
            }
            TaskEvent event = Json.mapper().treeToValue(tree, TaskEvent.class);
            JsonNode data = tree.get("data");
            return new TaskEventBatchWriter.Pending(event, data == null || data.isNull() ? "{}" : data.toString(),
                    channel, deliveryTag);
        } catch (InvalidTaskEventException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidTaskEventException(e.getMessage());
        }
    }
}
