package org.edxo.ai.gateway.streaming;

import org.edxo.ai.gateway.tasks.RecordedTaskEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One multicast sink per task that has live subscribers, created by the first subscriber and removed with
 * the last one, so a finished task leaves nothing behind. Subscribers request without bound (each SSE
 * stream buffers and bounds on its own side), so the best-effort sink never has to drop.
 */
public class InMemoryTaskEventHub implements TaskEventHub {

    private final Map<UUID, Channel> channels = new ConcurrentHashMap<>();

    private static final class Channel {
        final Sinks.Many<RecordedTaskEvent> sink = Sinks.many().multicast().directBestEffort();
        int subscribers;
    }

    @Override
    public void publish(RecordedTaskEvent event) {
        Channel channel = channels.get(event.taskId());
        if (channel != null) {
            // Recorder threads may publish concurrently; a sink must be fed serially.
            synchronized (channel) {
                channel.sink.tryEmitNext(event);
            }
        }
    }

    @Override
    public Flux<RecordedTaskEvent> events(UUID taskId) {
        return Flux.defer(() -> {
            Channel channel = channels.compute(taskId, (id, existing) -> {
                Channel c = existing == null ? new Channel() : existing;
                c.subscribers++;
                return c;
            });
            return channel.sink.asFlux().doFinally(signal -> release(taskId));
        });
    }

    /** Number of tasks with live subscribers on this instance (a gauge, and a test hook). */
    public int liveTasks() {
        return channels.size();
    }

    private void release(UUID taskId) {
        channels.computeIfPresent(taskId, (id, channel) -> --channel.subscribers == 0 ? null : channel);
    }
}
