package org.edxo.ai.gateway.streaming;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.gateway.tasks.RecordedTaskEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;

import java.util.function.Consumer;

/**
 * The live consumer of {@code edxo.task.events} (binding {@code taskEventLive-in-0}): one non-durable queue
 * per gateway instance (group {@code gateway-<instance-id>}, expiring 30 s after the instance is gone), so
 * every instance relays every event to its own SSE clients whichever instance recorded it. Nothing is
 * stored here: losing this queue loses nothing, clients resume from the replay log.
 */
public class LiveTaskEventRelay implements Consumer<Message<byte[]>> {

    private static final Logger log = LoggerFactory.getLogger(LiveTaskEventRelay.class);

    private final TaskEventHub hub;

    public LiveTaskEventRelay(TaskEventHub hub) {
        this.hub = hub;
    }

    @Override
    public void accept(Message<byte[]> message) {
        TaskEvent event;
        try {
            event = Json.read(message.getPayload(), TaskEvent.class);
        } catch (RuntimeException e) {
            // The recorder dead-letters it; the live relay just skips it.
            log.debug("unreadable task event skipped by the live relay: {}", e.toString());
            return;
        }
        if (event.taskId() != null && event.type() != null) {
            hub.publish(RecordedTaskEvent.of(event));
        }
    }
}
