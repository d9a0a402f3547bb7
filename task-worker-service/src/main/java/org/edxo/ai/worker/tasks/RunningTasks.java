package org.edxo.ai.worker.tasks;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tasks this instance runs, each one subscription that can be disposed (the hook for cancel
 * and graceful shutdown).
 */
@Component
public class RunningTasks {

    private final Map<UUID, Disposable> running = new ConcurrentHashMap<>();

    public RunningTasks(ObjectProvider<MeterRegistry> meterRegistry) {
        meterRegistry.ifAvailable(registry -> Gauge.builder("edxo.worker.tasks.active", running, Map::size)
                .description("Tasks running on this worker instance")
                .register(registry));
    }

    public void start(UUID taskId, Mono<Void> task) {
        Disposable.Swap slot = Disposables.swap();
        running.put(taskId, slot);
        slot.update(task.doFinally(signal -> running.remove(taskId, slot)).subscribe());
    }

    public int count() {
        return running.size();
    }
}
