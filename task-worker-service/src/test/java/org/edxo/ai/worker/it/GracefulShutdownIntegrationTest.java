package org.edxo.ai.worker.it;

import org.edxo.ai.simulator.Fault;
import org.edxo.ai.simulator.ResponsesSimulator;
import org.edxo.ai.simulator.SimulatorConfig;
import org.edxo.ai.support.testing.TestInfrastructure;
import org.edxo.ai.worker.TaskWorkerApplication;
import org.edxo.ai.worker.tasks.CommandIntake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker asked to stop (its application context closes, as on SIGTERM): it takes no new command, lets
 * the task it runs finish and ack within the grace period, and leaves a task still running past the grace
 * unacked, so the broker gives it to another worker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GracefulShutdownIntegrationTest {

    private static final String PREFIX = TestInfrastructure.brokerPrefix();
    private static final Duration GRACE = Duration.ofSeconds(6);

    private ResponsesSimulator simulator;
    private FakeInternalServices internal;
    private BrokerProbe broker;
    /** Started here rather than by the Spring test framework, which must not see it closed. */
    private ConfigurableApplicationContext context;
    private CommandIntake intake;

    @BeforeAll
    void startWorker() throws Exception {
        // About 2 s of output per task: slow enough to stop the worker in the middle of one.
        simulator = ResponsesSimulator.start(SimulatorConfig.fast().withTokensPerSecond(100).withOutputTokens(200));
        internal = new FakeInternalServices();
        broker = new BrokerProbe(PREFIX);
        Map<String, String> properties = new HashMap<>(WorkerTestProperties.map(PREFIX, simulator, internal));
        properties.put("server.port", "0");
        properties.put("edxo.worker.commands.shutdown-grace", GRACE.toString());
        // As command-line arguments: they win over application.yml (default properties would not).
        context = new SpringApplicationBuilder(TaskWorkerApplication.class).run(properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue()).toArray(String[]::new));
        intake = context.getBean(CommandIntake.class);
    }

    @AfterAll
    void tearDown() throws Exception {
        context.close();
        broker.deleteRunTopology();
        broker.close();
        simulator.close();
        internal.close();
    }

    private UUID send() throws Exception {
        return broker.sendAnalyse(null);
    }

    private List<String> types(UUID taskId) {
        return broker.eventsOf(taskId.toString()).stream().map(e -> e.header("edxo_type")).toList();
    }

    @Test
    void aStoppingWorkerFinishesWhatRunsWithinTheGraceTakesNothingNewAndLeavesTheRestToTheBroker() throws Exception {
        // A task whose model stalls (it would never end) and a normal one, both mid-stream.
        simulator.enqueueFault(Fault.stall(6));
        UUID stalled = send();
        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.stats().requests() == 1);
        UUID finishing = send();
        await().atMost(Duration.ofSeconds(20)).until(() -> types(finishing).contains("task.output.delta"));

        long stopAt = System.nanoTime();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(context::close);
        await().atMost(Duration.ofSeconds(5)).until(intake::draining);
        // Published while the worker drains: it must stay in the queue for another worker.
        UUID later = send();

        stopping.get(GRACE.toSeconds() + 30, TimeUnit.SECONDS);
        long stoppedMs = (System.nanoTime() - stopAt) / 1_000_000;

        // The running task finished as usual: no reset, succeeded, billed, and acked (not back in the queue).
        List<String> finished = types(finishing);
        assertThat(finished).last().isEqualTo("task.succeeded");
        assertThat(finished).doesNotContain("task.reset");
        assertThat(broker.usagesOf(finishing.toString())).hasSize(1);
        // The stalled one was stopped at the end of the grace period, without an outcome.
        assertThat(stoppedMs).isGreaterThanOrEqualTo(GRACE.toMillis());
        assertThat(types(stalled)).doesNotContain("task.succeeded", "task.failed");
        // Nothing new was started.
        assertThat(types(later)).isEmpty();
        // Left for another worker: the command published during the drain and the stalled one, ready again.
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.readyCommands() == 2);
        assertThat(broker.drainDeadLetters()).isEmpty();
        System.out.printf("worker drain: 1 task finished, 1 left to the broker, 1 not taken; stopped in %d ms (grace %d ms)%n",
                stoppedMs, GRACE.toMillis());
    }
}
