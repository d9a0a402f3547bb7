package org.edxo.ai.gateway.streaming;

import org.edxo.ai.gateway.tasks.RecordedTaskEvent;
import reactor.core.publisher.Flux;

import java.util.UUID;

/**
 * Live relay of recorded events to the SSE clients of this instance. Events are handed over only after
 * they are committed to the replay log, which is what makes "subscribe live first, then replay" gap-free.
 */
public interface TaskEventHub {

    /** Relays an event to the current subscribers of its task; without subscribers it is dropped. */
    void publish(RecordedTaskEvent event);

    /**
     * The live events of one task, from the moment of subscription on. Hot: subscribing registers the
     * subscriber before {@code subscribe} returns; cancelling unregisters it.
     */
    Flux<RecordedTaskEvent> events(UUID taskId);
}
