package org.edxo.ai.worker.messaging;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.TaskEventType;
import org.edxo.ai.worker.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.MessageHeaders;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TaskEventSequenceTest {

    @Test
    void seqStartsAtOneAndAnAttemptStartsAMillionFurther() {
        var command = Fixtures.analyseCommand(UUID.randomUUID(), null);
        TaskEventSequence first = new TaskEventSequence(command, 1);
        assertThat(first.next(TaskEventType.STARTED, "a").seq()).isEqualTo(1);
        assertThat(first.next(TaskEventType.PROGRESS, "b").seq()).isEqualTo(2);

        TaskEventSequence third = new TaskEventSequence(command, 3);
        var reset = third.next(TaskEventType.RESET, "Nouvelle tentative : le contenu recommence.");
        assertThat(reset.seq()).isEqualTo(2_000_001);
        assertThat(reset.routingKey()).isEqualTo("analyse_plan_de_cours.reset");
        assertThat(ContractValidator.validate("schemas/messages/task-event.v1.schema.json",
                Json.mapper().valueToTree(reset))).isEmpty();
    }

    @Test
    void attemptComesFromTheQuorumDeliveryCountOrTheRedeliveredFlag() {
        assertThat(Delivery.attempt(new MessageHeaders(Map.of()))).isEqualTo(1);
        assertThat(Delivery.attempt(new MessageHeaders(Map.of(Delivery.DELIVERY_COUNT_HEADER, 2L)))).isEqualTo(3);
        assertThat(Delivery.attempt(new MessageHeaders(Map.of(AmqpHeaders.REDELIVERED, true)))).isEqualTo(2);
        // Replayed from the dead-letter queue: a fresh block, past every attempt made before.
        assertThat(Delivery.attempt(new MessageHeaders(Map.of(Delivery.REPLAYED_HEADER, 1)))).isEqualTo(101);
        assertThat(Delivery.attempt(new MessageHeaders(Map.of(Delivery.REPLAYED_HEADER, 2, Delivery.DELIVERY_COUNT_HEADER, 3L))))
                .isEqualTo(204);
        assertThat(Delivery.attempt(new MessageHeaders(Map.of(AmqpHeaders.REDELIVERED, false)))).isEqualTo(1);
    }
}
