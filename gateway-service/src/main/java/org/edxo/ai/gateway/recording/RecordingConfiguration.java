package org.edxo.ai.gateway.recording;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.edxo.ai.gateway.streaming.RecorderBacklog;
import org.edxo.ai.gateway.tasks.TaskEventLog;
import org.edxo.ai.gateway.tasks.TaskRepository;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.stream.config.BindingProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The recorder: queue {@code <destination>.recorder}, declared (quorum, dead-letter queue) by the
 * {@code taskEventRecorder-in-0} binding, consumed by a plain listener container without the binding's
 * per-message function machinery (BENCHMARKS.md): the binding itself never starts (application.yml).
 */
@Configuration
public class RecordingConfiguration {

    @Bean
    TaskEventBatchWriter taskEventBatchWriter(TaskRepository tasks, TaskEventLog eventLog,
                                              ReactiveTransactionManager transactionManager,
                                              @Value("${edxo.gateway.recorder.max-batch:500}") int maxBatch,
                                              @Value("${edxo.gateway.recorder.linger:20ms}") Duration linger,
                                              @Value("${edxo.gateway.recorder.linger-below:64}") int lingerBelow,
                                              MeterRegistry meters) {
        TaskEventBatchWriter writer = new TaskEventBatchWriter(tasks, eventLog, TransactionalOperator.create(transactionManager),
                maxBatch, linger, lingerBelow, Schedulers.parallel(), TaskEventBatchWriter.defaultRetry());
        Gauge.builder("edxo.gateway.recorder.backlog", writer, TaskEventBatchWriter::backlog)
                .description("Task events received by the recorder and not yet committed")
                .register(meters);
        return writer;
    }

    /** Streams wait for a gap while this instance's recorder still has events to store (TaskEventStream). */
    @Bean
    RecorderBacklog recorderBacklog(TaskEventBatchWriter writer) {
        return () -> writer.backlog() > 0;
    }

    @Bean
    DirectMessageListenerContainer taskEventRecorderContainer(
            ConnectionFactory connectionFactory, TaskEventBatchWriter writer,
            BindingServiceProperties bindings,
            @Value("${edxo.gateway.recorder.prefetch:1000}") int prefetch) {
        DirectMessageListenerContainer container = new DirectMessageListenerContainer(connectionFactory);
        // The group as the binding resolved it (the live one holds a random instance id).
        BindingProperties binding = bindings.getBindingProperties("taskEventRecorder-in-0");
        container.setQueueNames(binding.getDestination() + "." + binding.getGroup());
        // One consumer: events are written in arrival order (per-task seq order in the log).
        container.setConsumersPerQueue(1);
        container.setPrefetchCount(prefetch);
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        // The binding declares the queue (and declares it again after a broker restart); wait for it.
        container.setMissingQueuesFatal(false);
        container.setMessageListener(new TaskEventRecorder(writer));
        return container;
    }

    /**
     * Binding {@code taskEventRecorder-in-0} exists only to declare the recorder queue and its dead-letter
     * queue; it never starts ({@code auto-startup: false}), {@link #taskEventRecorderContainer} consumes.
     */
    @Bean
    Consumer<Message<byte[]>> taskEventRecorder() {
        return message -> {
            throw new IllegalStateException("the recorder queue is consumed by taskEventRecorderContainer");
        };
    }
}
