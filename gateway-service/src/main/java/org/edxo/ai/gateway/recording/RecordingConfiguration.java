package org.edxo.ai.gateway.recording;

import org.edxo.ai.gateway.tasks.TaskEventLog;
import org.edxo.ai.gateway.tasks.TaskRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/** The {@code taskEventRecorder} function bound to {@code taskEventRecorder-in-0}. */
@Configuration
public class RecordingConfiguration {

    @Bean
    TaskEventRecorder taskEventRecorder(TaskRepository tasks, TaskEventLog eventLog,
                                        ReactiveTransactionManager transactionManager) {
        return new TaskEventRecorder(tasks, eventLog, TransactionalOperator.create(transactionManager));
    }
}
