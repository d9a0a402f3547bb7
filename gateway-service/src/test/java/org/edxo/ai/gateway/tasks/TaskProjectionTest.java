package org.edxo.ai.gateway.tasks;

import org.edxo.ai.contracts.messages.TaskEventType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TaskProjectionTest {

    private static final UUID TASK = UUID.randomUUID();
    private static final TaskProjection.Snapshot PENDING =
            new TaskProjection.Snapshot(TaskState.PENDING, "Tâche en file d'attente.",
                    Map.of("message", "Tâche en file d'attente."), null, 0);

    private static TaskProjection.Snapshot apply(TaskProjection.Snapshot current, TaskEventType type, long seq,
                                                 Map<String, Object> data) {
        return TaskProjection.apply(current, new RecordedTaskEvent(TASK, seq, type, data));
    }

    @Test
    void eachEventTypeLeadsToItsState() {
        assertThat(apply(PENDING, TaskEventType.STARTED, 1, Map.of()).state()).isEqualTo(TaskState.STARTED);
        assertThat(apply(PENDING, TaskEventType.PROGRESS, 1, Map.of()).state()).isEqualTo(TaskState.PROGRESS);
        assertThat(apply(PENDING, TaskEventType.OUTPUT_DELTA, 1, Map.of("delta", "x")).state()).isEqualTo(TaskState.PROGRESS);
        assertThat(apply(PENDING, TaskEventType.REASONING_DELTA, 1, Map.of("delta", "x")).state()).isEqualTo(TaskState.PROGRESS);
        assertThat(apply(PENDING, TaskEventType.RESET, 1, Map.of()).state()).isEqualTo(TaskState.PROGRESS);
        assertThat(apply(PENDING, TaskEventType.SUCCEEDED, 1, Map.of("result", Map.of())).state()).isEqualTo(TaskState.SUCCESS);
        assertThat(apply(PENDING, TaskEventType.FAILED, 1, Map.of("message", "x")).state()).isEqualTo(TaskState.FAILURE);
        assertThat(apply(PENDING, TaskEventType.REJECTED, 1, Map.of("message", "x")).state()).isEqualTo(TaskState.FAILURE);
        assertThat(apply(PENDING, TaskEventType.REVOKED, 1, Map.of("message", "x")).state()).isEqualTo(TaskState.REVOKED);
    }

    @Test
    void aTerminalStateNeverReverts() {
        for (TaskEventType terminal : new TaskEventType[]{TaskEventType.SUCCEEDED, TaskEventType.FAILED, TaskEventType.REVOKED}) {
            var finished = apply(PENDING, terminal, 5, Map.of("message", "fin", "result", Map.of("ok", true)));
            for (TaskEventType later : TaskEventType.values()) {
                var after = apply(finished, later, 6, Map.of("message", "plus tard", "result", Map.of("other", 1)));
                assertThat(after.state()).isEqualTo(finished.state());
                assertThat(after.message()).isEqualTo("fin");
                assertThat(after.result()).isEqualTo(finished.result());
                assertThat(after.lastSeq()).isEqualTo(6);
            }
        }
    }

    @Test
    void successKeepsTheResultAndFailureKeepsNone() {
        var success = apply(PENDING, TaskEventType.SUCCEEDED, 3, Map.of("result", Map.of("status", "success")));
        assertThat(success.result()).isEqualTo(Map.of("status", "success"));
        var failure = apply(PENDING, TaskEventType.FAILED, 3, Map.of("message", "Erreur.", "error_code", "model_error"));
        assertThat(failure.result()).isNull();
        assertThat(failure.message()).isEqualTo("Erreur.");
        assertThat(failure.meta()).containsEntry("error_code", "model_error");
    }

    @Test
    void metaKeepsMessageAndReasoningSummaryButNeverDeltas() {
        var started = apply(PENDING, TaskEventType.STARTED, 1, Map.of("message", "Démarrée."));
        var progress = apply(started, TaskEventType.PROGRESS, 2, Map.of("reasoning_summary", "Je lis le plan."));
        var delta = apply(progress, TaskEventType.OUTPUT_DELTA, 3, Map.of("delta", "{\"a\":"));
        var reasoning = apply(delta, TaskEventType.REASONING_DELTA, 4, Map.of("delta", " encore"));
        assertThat(reasoning.meta()).isEqualTo(Map.of("message", "Démarrée.", "reasoning_summary", "Je lis le plan."));
        assertThat(reasoning.message()).isEqualTo("Démarrée.");
        assertThat(reasoning.lastSeq()).isEqualTo(4);
    }

    @Test
    void resetDropsTheReasoningSummary() {
        var progress = apply(PENDING, TaskEventType.PROGRESS, 2, Map.of("reasoning_summary", "Première tentative."));
        var reset = apply(progress, TaskEventType.RESET, 3, Map.of("message", "Nouvelle tentative."));
        assertThat(reset.meta()).isEqualTo(Map.of("message", "Nouvelle tentative."));
        assertThat(reset.state()).isEqualTo(TaskState.PROGRESS);
    }

    @Test
    void anOlderNonTerminalEventArrivingLateChangesNothingButIsCounted() {
        var progress = apply(PENDING, TaskEventType.PROGRESS, 5, Map.of("message", "Étape 5."));
        var late = apply(progress, TaskEventType.STARTED, 1, Map.of("message", "Démarrée."));
        assertThat(late.state()).isEqualTo(TaskState.PROGRESS);
        assertThat(late.message()).isEqualTo("Étape 5.");
        assertThat(late.lastSeq()).isEqualTo(5);
    }

    @Test
    void aTerminalEventAlwaysApplies() {
        var progress = apply(PENDING, TaskEventType.PROGRESS, 9, Map.of());
        var done = apply(progress, TaskEventType.SUCCEEDED, 8, Map.of("result", Map.of("ok", true)));
        assertThat(done.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(done.lastSeq()).isEqualTo(9);
    }
}
