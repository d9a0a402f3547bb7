package org.edxo.ai.gateway.streaming;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.TaskEventType;
import org.edxo.ai.gateway.tasks.RecordedTaskEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;

import java.util.Map;
import java.util.UUID;

/**
 * The live consumer of {@code edxo.task.events}: one non-durable queue per gateway instance
 * ({@code edxo.task.events.gateway-<instance-id>}, declared by {@link StreamingConfiguration}, expiring 30 s after
 * the instance is gone), so every instance relays every event to its own SSE clients whichever instance recorded it.
 * Nothing is stored here: losing this queue loses nothing, clients resume from the replay log. Reads only
 * what a stream needs from each event.
 */
public class LiveTaskEventRelay implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(LiveTaskEventRelay.class);

    private final TaskEventHub hub;

    public LiveTaskEventRelay(TaskEventHub hub) {
        this.hub = hub;
    }

    /** The fields of a task event the live relay uses; the rest of the envelope is skipped unread. */
    record LiveEvent(@JsonProperty("task_id") UUID taskId, @JsonProperty("seq") long seq,
                     @JsonProperty("type") TaskEventType type, @JsonProperty("data") Map<String, Object> data) {
    }

    @Override
    public void onMessage(Message message) {
        LiveEvent event;
        try {
            event = Json.read(message.getBody(), LiveEvent.class);
        } catch (RuntimeException e) {
            // The recorder dead-letters it; the live relay just skips it.
            log.debug("unreadable task event skipped by the live relay: {}", e.toString());
            return;
        }
        if (event.taskId() != null && event.type() != null) {
            hub.publish(new RecordedTaskEvent(event.taskId(), event.seq(), event.type(), event.data()));
        }
    }
}
