package org.edxo.ai.gateway.recording;

import com.rabbitmq.client.Channel;
import org.edxo.ai.contracts.messages.TaskEvent;
import org.edxo.ai.contracts.messages.TaskEventType;
import org.edxo.ai.gateway.tasks.TaskEventLog;
import org.edxo.ai.gateway.tasks.TaskRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.util.retry.Retry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Batching of the replay log: small batches wait a little for company, large ones go at once, all get acked. */
class TaskEventBatchWriterTest {

    private static final Duration LINGER = Duration.ofMillis(20);
    private static final int LINGER_BELOW = 4;

    private final TaskRepository tasks = mock(TaskRepository.class);
    private final TaskEventLog eventLog = mock(TaskEventLog.class);
    private final TransactionalOperator transaction = mock(TransactionalOperator.class);
    private final Channel channel = mock(Channel.class);
    private final VirtualTimeScheduler timer = VirtualTimeScheduler.create();
    private final UUID taskId = UUID.randomUUID();
    private final TaskEventBatchWriter writer = new TaskEventBatchWriter(tasks, eventLog, transaction, 500, LINGER, LINGER_BELOW,
            timer, Retry.max(0));

    @BeforeEach
    @SuppressWarnings("unchecked")
    void everyStatementSucceeds() {
        when(transaction.transactional(any(Mono.class))).thenAnswer(call -> call.getArgument(0));
        when(tasks.insertAllIfAbsent(any())).thenReturn(Mono.empty());
        when(tasks.advanceOnDeltas(anyMap())).thenReturn(Mono.empty());
        // Every row is new: answer the "task:seq" keys of what was appended.
        when(eventLog.appendAll(anyList())).thenAnswer(call -> Mono.just(((List<TaskEventLog.NewEvent>) call.getArgument(0)).stream()
                .map(row -> row.taskId() + ":" + row.seq()).collect(Collectors.toSet())));
    }

    @Test
    void aFewEventsWaitTheLingerAndGoInOneTransaction() throws Exception {
        submit(1);
        timer.advanceTimeBy(Duration.ofMillis(10));
        submit(2);
        submit(3);
        verify(eventLog, never()).appendAll(anyList());
        assertThat(writer.backlog()).isEqualTo(3);

        timer.advanceTimeBy(Duration.ofMillis(10));

        assertThat(appendedBatches()).containsExactly(List.of(1L, 2L, 3L));
        verify(tasks).advanceOnDeltas(Map.of(taskId, 3L));
        verify(channel).basicAck(3, true);
        assertThat(writer.backlog()).isZero();
    }

    @Test
    void aBacklogThatBuiltUpDuringATransactionIsWrittenWithoutLingering() throws Exception {
        Sinks.Empty<Void> firstCommit = Sinks.empty();
        when(tasks.insertAllIfAbsent(any())).thenReturn(firstCommit.asMono(), Mono.empty());
        submit(1);
        timer.advanceTimeBy(LINGER);
        for (long seq = 2; seq <= 1 + LINGER_BELOW; seq++) {
            submit(seq); // while the first transaction runs
        }
        assertThat(writer.backlog()).isEqualTo(LINGER_BELOW);

        firstCommit.tryEmitEmpty();

        assertThat(appendedBatches()).containsExactly(List.of(1L), List.of(2L, 3L, 4L, 5L));
        verify(channel).basicAck(1, true);
        verify(channel).basicAck(5, true);
    }

    @Test
    void withoutLingerEachEventIsWrittenAtOnce() throws Exception {
        TaskEventBatchWriter eager = new TaskEventBatchWriter(tasks, eventLog, transaction, 500, Duration.ZERO, LINGER_BELOW,
                timer, Retry.max(0));
        eager.submit(pending(1));
        eager.submit(pending(2));

        assertThat(appendedBatches()).containsExactly(List.of(1L), List.of(2L));
        verify(channel, times(1)).basicAck(1, true);
        verify(channel, times(1)).basicAck(2, true);
    }

    @Test
    void aBatchThatCannotBeStoredIsRequeued() throws Exception {
        when(eventLog.appendAll(anyList())).thenReturn(Mono.error(new IllegalStateException("database down")));
        submit(1);
        submit(2);
        timer.advanceTimeBy(LINGER);

        verify(channel).basicNack(2, true, true);
        verify(channel, never()).basicAck(anyLong(), eq(true));
        assertThat(writer.backlog()).isZero();
    }

    private void submit(long seq) {
        writer.submit(pending(seq));
    }

    private TaskEventBatchWriter.Pending pending(long seq) {
        TaskEvent event = new TaskEvent(UUID.randomUUID(), TaskEventType.OUTPUT_DELTA, taskId, "analyse_plan_de_cours", "u-1", seq,
                Instant.parse("2026-12-02T10:00:00Z"), TaskEvent.SCHEMA_VERSION, null, Map.of(TaskEvent.DELTA, "abcd"));
        return new TaskEventBatchWriter.Pending(event, "{\"delta\":\"abcd\"}", channel, seq);
    }

    /** The seqs of each appendAll call, in order. */
    @SuppressWarnings("unchecked")
    private List<List<Long>> appendedBatches() {
        ArgumentCaptor<List<TaskEventLog.NewEvent>> rows = ArgumentCaptor.forClass(List.class);
        verify(eventLog, atLeast(0)).appendAll(rows.capture());
        return rows.getAllValues().stream().map(batch -> batch.stream().map(TaskEventLog.NewEvent::seq).toList()).toList();
    }
}
