package org.edxo.ai.worker.tasks;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tasks this instance runs, each one subscription that can be disposed (graceful shutdown) and a
 * cancel signal: a {@code task.cancel} order fires it, and the task's model stream, which listens to it,
 * stops, so the task can still bill what was sent, publish {@code task.revoked} and ack its command.
 */
@Component
public class RunningTasks {

    private record Running(Disposable.Swap slot, Sinks.One<Boolean> cancel) {
    }

    private final Map<UUID, Running> running = new ConcurrentHashMap<>();

    public RunningTasks(ObjectProvider<MeterRegistry> meterRegistry) {
        meterRegistry.ifAvailable(registry -> Gauge.builder("edxo.worker.tasks.active", running, Map::size)
                .description("Tasks running on this worker instance")
                .register(registry));
    }

    public void start(UUID taskId, Mono<Void> task) {
        Running entry = new Running(Disposables.swap(), Sinks.one());
        running.put(taskId, entry);
        entry.slot().update(task.doFinally(signal -> running.remove(taskId, entry)).subscribe());
    }

    /** Fires the cancel signal of a task running here; false when it does not run here. */
    public boolean cancel(UUID taskId) {
        Running entry = running.get(taskId);
        return entry != null && entry.cancel().tryEmitValue(true).isSuccess();
    }

    /**
     * Emits once the task is cancelled (at once if it already was); never for a task not started
     * through {@link #start}.
     */
    public Mono<Boolean> cancellation(UUID taskId) {
        return Mono.defer(() -> {
            Running entry = running.get(taskId);
            return entry == null ? Mono.<Boolean>never() : entry.cancel().asMono();
        });
    }

    public int count() {
        return running.size();
    }

    /**
     * Stops every running task at once (shutdown, after the grace period): their model streams close and
     * nothing settles their commands, so the broker redelivers them when this instance's channel closes.
     */
    public void stopAll() {
        running.values().forEach(entry -> entry.slot().dispose());
    }
}
