package org.edxo.ai.worker.kinds;

import org.edxo.ai.contracts.kinds.TaskKinds;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The kinds this worker can run: known to the contracts AND implemented here. */
@Component
public class KindHandlers {

    private final Map<String, KindHandler> byId;

    public KindHandlers(List<KindHandler> handlers) {
        this.byId = handlers.stream().collect(Collectors.toUnmodifiableMap(h -> h.kind().id(), Function.identity()));
    }

    public Optional<KindHandler> find(String kindId) {
        return TaskKinds.find(kindId).map(kind -> byId.get(kind.id()));
    }
}
