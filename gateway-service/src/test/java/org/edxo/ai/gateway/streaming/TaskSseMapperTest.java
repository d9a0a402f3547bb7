package org.edxo.ai.gateway.streaming;

import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.TaskEventType;
import org.edxo.ai.gateway.tasks.RecordedTaskEvent;
import org.edxo.ai.gateway.tasks.TaskRow;
import org.edxo.ai.gateway.tasks.TaskState;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TaskSseMapperTest {

    private static final UUID TASK = UUID.randomUUID();

    private static ServerSentEvent<String> map(TaskEventType type, long seq, Map<String, Object> data) {
        return TaskSseMapper.toSse(new RecordedTaskEvent(TASK, seq, type, data));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(ServerSentEvent<String> event) {
        return Json.read(event.data(), Map.class);
    }

    @Test
    void startedIsAProgressEventWithStateStartedAndTheMessage() {
        var sse = map(TaskEventType.STARTED, 1, Map.of("message", "Analyse démarrée."));
        assertThat(sse.event()).isEqualTo("progress");
        assertThat(sse.id()).isEqualTo("1");
        assertThat(data(sse)).isEqualTo(Map.of("state", "STARTED", "meta", Map.of("message", "Analyse démarrée.")));
    }

    @Test
    void progressCarriesMessageAndReasoningSummary() {
        var sse = map(TaskEventType.PROGRESS, 2, Map.of("message", "Appel du modèle…", "reasoning_summary", "Je compare."));
        assertThat(sse.event()).isEqualTo("progress");
        assertThat(data(sse)).isEqualTo(Map.of("state", "PROGRESS",
                "meta", Map.of("message", "Appel du modèle…", "reasoning_summary", "Je compare.")));
    }

    @Test
    void outputDeltaBecomesStreamChunk() {
        var sse = map(TaskEventType.OUTPUT_DELTA, 3, Map.of("delta", "{\"compat"));
        assertThat(sse.id()).isEqualTo("3");
        assertThat(data(sse)).isEqualTo(Map.of("state", "PROGRESS", "meta", Map.of("stream_chunk", "{\"compat")));
    }

    @Test
    void theStartOfANextModelCallEmptiesTheClientsOutputBuffer() {
        var sse = map(TaskEventType.PROGRESS, 40, Map.of("message", "Génération des évaluations…", "output_restart", true));
        assertThat(data(sse)).isEqualTo(Map.of("state", "PROGRESS",
                "meta", Map.of("message", "Génération des évaluations…", "stream_buffer", "")));
    }

    @Test
    void reasoningDeltaBecomesReasoningChunk() {
        var sse = map(TaskEventType.REASONING_DELTA, 4, Map.of("delta", "**Plan**"));
        assertThat(data(sse)).isEqualTo(Map.of("state", "PROGRESS", "meta", Map.of("reasoning_chunk", "**Plan**")));
    }

    @Test
    void resetTellsClientsToDropWhatTheyStreamed() {
        var sse = map(TaskEventType.RESET, 5, Map.of("message", "Nouvelle tentative."));
        assertThat(data(sse)).isEqualTo(Map.of("state", "PROGRESS",
                "meta", Map.of("reset", true, "message", "Nouvelle tentative.")));
    }

    @Test
    void succeededIsDoneWithTheResult() {
        Map<String, Object> result = Map.of("status", "success", "compatibility_percentage", 87.5);
        var sse = map(TaskEventType.SUCCEEDED, 6, Map.of("result", result, "reasoning_summary", "Résumé."));
        assertThat(sse.event()).isEqualTo("done");
        assertThat(sse.id()).isEqualTo("6");
        assertThat(data(sse)).isEqualTo(Map.of("state", "SUCCESS", "result", result,
                "meta", Map.of("reasoning_summary", "Résumé.")));
    }

    @Test
    void failedAndRejectedAreDoneFailureWithoutResult() {
        for (TaskEventType type : new TaskEventType[]{TaskEventType.FAILED, TaskEventType.REJECTED}) {
            var sse = map(type, 7, Map.of("message", "Crédits insuffisants.", "error_code", "insufficient_credits"));
            assertThat(sse.event()).isEqualTo("done");
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("state", "FAILURE");
            expected.put("result", null);
            expected.put("meta", Map.of("message", "Crédits insuffisants.", "error_code", "insufficient_credits"));
            assertThat(data(sse)).isEqualTo(expected);
        }
    }

    @Test
    void revokedIsDoneRevoked() {
        var sse = map(TaskEventType.REVOKED, 8, Map.of("message", "Tâche annulée."));
        assertThat(sse.event()).isEqualTo("done");
        assertThat(data(sse)).containsEntry("state", "REVOKED").containsEntry("result", null)
                .containsEntry("meta", Map.of("message", "Tâche annulée."));
    }

    @Test
    void everyEventTypeMapsToProgressOrDoneWithItsSeqAsId() {
        for (TaskEventType type : TaskEventType.values()) {
            var sse = map(type, 42, Map.of("message", "m", "delta", "d", "result", Map.of()));
            assertThat(sse.id()).isEqualTo("42");
            assertThat(sse.event()).isEqualTo(type.terminal() ? "done" : "progress");
        }
    }

    @Test
    void controlEventsCarryNoId() {
        ServerSentEvent<String> open = TaskSseMapper.open(Duration.ofSeconds(3));
        assertThat(open.event()).isEqualTo("open");
        assertThat(open.data()).isEqualTo("{}");
        assertThat(open.retry()).isEqualTo(Duration.ofSeconds(3));
        assertThat(open.id()).isNull();
        assertThat(TaskSseMapper.ping().id()).isNull();
        assertThat(TaskSseMapper.ping().data()).isEqualTo("{}");
        ServerSentEvent<String> error = TaskSseMapper.error("Oups.");
        assertThat(error.id()).isNull();
        assertThat(data(error)).isEqualTo(Map.of("error", "Oups."));
        assertThat(TaskSseMapper.ends(error)).isTrue();
        assertThat(TaskSseMapper.ends(TaskSseMapper.ping())).isFalse();
    }

    @Test
    void doneFromRowClosesAFinishedTaskThatHasNoTerminalEvent() {
        var row = new TaskRow(TASK, "analyse_plan_de_cours", "u1", TaskState.FAILURE, "Indisponible.",
                Map.of("message", "Indisponible."), null, 0);
        var sse = TaskSseMapper.doneFromRow(row);
        assertThat(sse.event()).isEqualTo("done");
        assertThat(sse.id()).isNull();
        assertThat(data(sse)).containsEntry("state", "FAILURE").containsEntry("result", null)
                .containsEntry("meta", Map.of("message", "Indisponible."));
    }
}
