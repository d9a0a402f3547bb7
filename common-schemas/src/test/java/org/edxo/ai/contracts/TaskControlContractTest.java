package org.edxo.ai.contracts;

import org.edxo.ai.contracts.json.ContractValidator;
import org.edxo.ai.contracts.json.Json;
import org.edxo.ai.contracts.messages.TaskControl;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TaskControlContractTest {

    private static final String SCHEMA = "schemas/messages/task-control.v1.schema.json";

    @Test
    void aCancelMatchesTheSchemaAndRoundTrips() {
        TaskControl cancel = TaskControl.cancel(UUID.randomUUID(), "42");
        assertThat(ContractValidator.validate(SCHEMA, Json.tree(Json.write(cancel)))).isEmpty();
        assertThat(Json.read(Json.write(cancel), TaskControl.class)).isEqualTo(cancel);
        assertThat(ContractValidator.validate(SCHEMA, Json.tree("{\"type\":\"task.cancel\"}".getBytes()))).isNotEmpty();
    }
}
