package org.edxo.ai.gateway.attempts;

import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.contracts.messages.TaskEventType;
import org.edxo.ai.gateway.attempts.RelayedOutput.AttemptRelayed;
import org.edxo.ai.gateway.attempts.RelayedOutput.CallRelayed;
import org.edxo.ai.gateway.tasks.RecordedTaskEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RelayedOutputTest {

    private static final UUID TASK = UUID.randomUUID();

    @Test
    void eachAttemptsStartedCallsWithTheBytesTheirDeltasStreamed() {
        long second = TaskEvent.firstSeq(2);
        List<AttemptRelayed> relayed = RelayedOutput.of(List.of(
                event(1, TaskEventType.STARTED, Map.of(TaskEvent.MESSAGE, "Tâche démarrée.")),
                event(2, TaskEventType.PROGRESS, Map.of(TaskEvent.MESSAGE, "Génération…", TaskEvent.CALL, 1)),
                event(3, TaskEventType.REASONING_DELTA, Map.of(TaskEvent.DELTA, "Je lis")),
                event(4, TaskEventType.OUTPUT_DELTA, Map.of(TaskEvent.DELTA, "{\"a\":")),
                event(5, TaskEventType.OUTPUT_DELTA, Map.of(TaskEvent.DELTA, "\"é\"}")),
                event(6, TaskEventType.PROGRESS, Map.of(TaskEvent.MESSAGE, "Évaluations…", TaskEvent.CALL, 2,
                        TaskEvent.OUTPUT_RESTART, true)),
                event(second, TaskEventType.RESET, Map.of(TaskEvent.MESSAGE, "Nouvelle tentative")),
                event(second + 1, TaskEventType.STARTED, Map.of()),
                event(second + 2, TaskEventType.OUTPUT_DELTA, Map.of(TaskEvent.DELTA, "abc"))));

        assertThat(relayed).containsExactly(
                // "é" is two bytes in UTF-8; call 2 started and streamed nothing yet.
                new AttemptRelayed(1, List.of(new CallRelayed(1, 10, 6), new CallRelayed(2, 0, 0))),
                // Deltas before any call marker (a worker of an older version) belong to call 1.
                new AttemptRelayed(2, List.of(new CallRelayed(1, 3, 0))));
    }

    @Test
    void anAttemptThatDiedBeforeItsFirstCallStartedNoCall() {
        assertThat(RelayedOutput.of(List.of(event(1, TaskEventType.STARTED, Map.of()))))
                .containsExactly(new AttemptRelayed(1, List.of()));
        assertThat(RelayedOutput.of(List.of())).isEmpty();
    }

    private static RecordedTaskEvent event(long seq, TaskEventType type, Map<String, Object> data) {
        return new RecordedTaskEvent(TASK, seq, type, data);
    }
}
