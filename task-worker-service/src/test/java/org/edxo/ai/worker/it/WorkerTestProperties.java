package org.edxo.ai.worker.it;

import org.edxo.ai.simulator.ResponsesSimulator;
import org.edxo.ai.support.testing.TestInfrastructure;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.util.LinkedHashMap;
import java.util.Map;

/** What every worker integration test wires the same way: its broker prefix, the simulator, the fakes. */
final class WorkerTestProperties {

    private WorkerTestProperties() {
    }

    static void register(DynamicPropertyRegistry registry, String brokerPrefix, ResponsesSimulator simulator,
                         FakeInternalServices internal) {
        map(brokerPrefix, simulator, internal).forEach((name, value) -> registry.add(name, () -> value));
    }

    /** The same properties, for a worker started by hand. */
    static Map<String, String> map(String brokerPrefix, ResponsesSimulator simulator, FakeInternalServices internal) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("EDXO_BROKER_PREFIX", brokerPrefix);
        properties.put("edxo.security.jwt-secret", TestInfrastructure.JWT_SECRET);
        properties.put("edxo.openai.base-url", simulator.baseUrl());
        properties.put("edxo.openai.api-key", "sk-test");
        properties.put("edxo.worker.settings-url", internal.baseUrl());
        properties.put("edxo.worker.billing-url", internal.baseUrl());
        // A context closing with tasks still running (a stalled model) does not hold the suite for a minute.
        properties.put("edxo.worker.commands.shutdown-grace", "5s");
        return properties;
    }
}
