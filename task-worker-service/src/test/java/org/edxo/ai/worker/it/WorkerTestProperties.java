package org.edxo.ai.worker.it;

import org.edxo.ai.simulator.ResponsesSimulator;
import org.edxo.ai.support.testing.TestInfrastructure;
import org.springframework.test.context.DynamicPropertyRegistry;

/** What every worker integration test wires the same way: its broker prefix, the simulator, the fakes. */
final class WorkerTestProperties {

    private WorkerTestProperties() {
    }

    static void register(DynamicPropertyRegistry registry, String brokerPrefix, ResponsesSimulator simulator,
                         FakeInternalServices internal) {
        registry.add("EDXO_BROKER_PREFIX", () -> brokerPrefix);
        registry.add("edxo.security.jwt-secret", () -> TestInfrastructure.JWT_SECRET);
        registry.add("edxo.openai.base-url", simulator::baseUrl);
        registry.add("edxo.openai.api-key", () -> "sk-test");
        registry.add("edxo.worker.settings-url", internal::baseUrl);
        registry.add("edxo.worker.billing-url", internal::baseUrl);
    }
}
